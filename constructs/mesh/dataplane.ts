import type { PropChecker } from '../prop-errors.js';

/** How the app's pods join the mesh. */
export type DataplaneMode = 'sidecar' | 'ambient';

/** The namespace's mesh enrolment. Exactly one injection label is ever written. */
export interface DataplaneOptions {
  /**
   * `sidecar`: an Envoy sidecar is injected into every pod. `ambient`: ztunnel carries L4 traffic and a
   * waypoint proxy (a Gateway of class `istio-waypoint`) does L7 routing and authorization.
   * @default 'sidecar'
   */
  readonly mode?: DataplaneMode;

  /**
   * Sidecar mode only: label the namespace `istio.io/rev=<revision>` (a revisioned control plane)
   * instead of `istio-injection=enabled`.
   * @default - no revision: `istio-injection=enabled`
   */
  readonly revision?: string;

  /**
   * Ambient mode only: name of the waypoint Gateway, also written as `istio.io/use-waypoint` on the namespace.
   * @default 'waypoint'
   */
  readonly waypointName?: string;

  /**
   * Sidecar mode only: start the app container only once its proxy is ready (pod annotation
   * `proxy.istio.io/config`), so the app's first outbound calls do not fail.
   * @default true
   */
  readonly holdApplicationUntilProxyStarts?: boolean;
}

/** The dataplane with every default filled in. */
export interface ResolvedDataplane {
  readonly mode: DataplaneMode;
  readonly revision?: string;
  readonly waypointName: string;
  /** Whether the pods carry the annotation (never in ambient mode, where there is no sidecar). */
  readonly holdApplicationUntilProxyStarts: boolean;
}

/** The namespace labels through which Istio enrols a namespace; only the dataplane part writes them. */
export const INJECTION_LABELS = ['istio-injection', 'istio.io/rev', 'istio.io/dataplane-mode', 'istio.io/use-waypoint'];

/** Validates the extra namespace labels: valid labels, and none of the mesh enrolment labels. */
export function resolveNamespaceLabels(check: PropChecker, labels: Readonly<Record<string, string>> | undefined): Readonly<Record<string, string>> {
  const namespaceLabels = labels ?? {};
  check.labels('namespaceLabels', namespaceLabels);
  for (const key of INJECTION_LABELS) {
    check.expect(!(key in namespaceLabels), `namespaceLabels[${JSON.stringify(key)}]`, namespaceLabels[key], 'expected no mesh enrolment label here: set it through the dataplane prop, which writes exactly one');
  }
  return namespaceLabels;
}

/** Validates the dataplane (revision only with sidecars, a waypoint name only in ambient mode) and fills in the defaults. */
export function resolveDataplane(check: PropChecker, props: DataplaneOptions | undefined): ResolvedDataplane {
  const mode = props?.mode ?? 'sidecar';
  check.oneOf('dataplane.mode', mode, ['sidecar', 'ambient'] as const);
  const ambient = mode === 'ambient';
  const revision = props?.revision;
  if (revision !== undefined) {
    check.dnsLabel('dataplane.revision', revision);
    check.expect(!ambient, 'dataplane.revision', revision, "expected no revision in ambient mode: the namespace gets istio.io/dataplane-mode=ambient, and a second enrolment label would conflict (IST0123)");
  }
  const waypointName = props?.waypointName ?? 'waypoint';
  check.dnsLabel('dataplane.waypointName', waypointName);
  if (props?.waypointName !== undefined) {
    check.expect(ambient, 'dataplane.waypointName', waypointName, "expected only with dataplane.mode 'ambient'");
  }
  return { mode, revision, waypointName, holdApplicationUntilProxyStarts: !ambient && (props?.holdApplicationUntilProxyStarts ?? true) };
}
