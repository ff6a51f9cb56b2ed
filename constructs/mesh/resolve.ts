import type { IConstruct } from 'constructs';
import type * as kplus from 'cdk8s-plus-27';
import { PropChecker } from '../prop-errors.js';
import { resolveDataplane, resolveNamespaceLabels, type ResolvedDataplane } from './dataplane.js';
import { resolveEgress, type ResolvedEgress } from './egress.js';
import { resolveIngress, resolveServiceType, type ResolvedIngress } from './ingress.js';
import { resolveIstioOperator, type ResolvedIstioOperator } from './istio-operator.js';
import { resolveLoadGenerator, type ResolvedLoadGenerator } from './load-generator.js';
import type { MeshServiceProps } from './props.js';
import { resolveResilience, type ResolvedResilience } from './resilience.js';
import { resolveFault, resolveHeaderRoute, resolveMirror, type ResolvedFault, type ResolvedHeaderRoute, type ResolvedMirror } from './routing.js';
import { principalOf, resolveSecurity, type ResolvedSecurity } from './security.js';
import { resolveShutdown, type ResolvedShutdown } from './shutdown.js';
import { resolveVersions, type ResolvedVersion } from './versions.js';
import { checkRunAs, resolveEnv, resolveMetrics, resolveProbes, resolveWorkload, type ResolvedEnv, type ResolvedProbes, type ResolvedWorkload } from './workload.js';

export type { ResolvedRetries } from './resilience.js';
export type { ResolvedVersion } from './versions.js';

/** MeshService props validated, with every default filled in: what the parts build from. */
export interface MeshConfig extends ResolvedWorkload {
  readonly env: ResolvedEnv;
  readonly probes: ResolvedProbes;
  /** Where Prometheus scrapes the app; undefined for an app without metrics. */
  readonly metrics?: { readonly path: string; readonly port: number };
  readonly namespaceLabels: Readonly<Record<string, string>>;
  readonly serviceType: kplus.ServiceType;
  /** The Service takes traffic from outside the mesh (LoadBalancer or NodePort). */
  readonly exposedDirectly: boolean;
  readonly shutdown: ResolvedShutdown;
  readonly versions: readonly ResolvedVersion[];
  readonly dataplane: ResolvedDataplane;
  readonly ingress: ResolvedIngress & {
    /** SPIFFE principal of the ingress gateway's proxy. */
    readonly principal: string;
  };
  readonly headerRoute?: ResolvedHeaderRoute;
  readonly resilience: ResolvedResilience;
  readonly fault?: ResolvedFault;
  readonly mirror?: ResolvedMirror;
  readonly security: ResolvedSecurity;
  readonly egress: ResolvedEgress;
  readonly loadgen?: ResolvedLoadGenerator;
  readonly istioOperator?: ResolvedIstioOperator;
  /** The SPIFFE principal of a service account. */
  principal(serviceAccount: string, namespace?: string): string;
}

const SEVERITIES = ['Error', 'Warning', 'Info'] as const;

/** How a construct built on MeshService resolves its props. */
export interface ResolveProfile {
  /** The construct's name, for messages. */
  readonly construct: string;
  /** Environment variables the construct sets beyond `portEnv`, `versionEnv` and the shutdown ones. */
  readonly managedEnv?: readonly string[];
  /** Maps MeshService prop names to the construct's own (see PropCheckerOptions.rename). */
  readonly rename?: (prop: string) => string;
}

/** How a construct built on MeshService resolves the props it passes on; set by that construct, never by users. */
export const RESOLVE_OPTIONS = new WeakMap<MeshServiceProps, ResolveProfile>();

/**
 * Validates MeshService props (every problem at once, as one InvalidPropsError) and fills in the defaults:
 * each part's resolver checks its own props, then the rules across parts.
 */
export function resolveMeshProps(scope: IConstruct, props: MeshServiceProps, options: ResolveProfile = { construct: 'MeshService' }): MeshConfig {
  const check = new PropChecker(scope, { rename: options.rename });

  const workload = resolveWorkload(check, props);
  const env = resolveEnv(check, props);
  const probes = resolveProbes(check, props.probes);
  const metrics = resolveMetrics(check, props.metrics, workload.containerPort);
  const namespaceLabels = resolveNamespaceLabels(check, props.namespaceLabels);
  const shutdown = resolveShutdown(check, props.shutdown);
  checkRunAs(check, workload);
  checkAnalysisOptions(check, props.analysis);

  const dataplane = resolveDataplane(check, props.dataplane);
  const ambient = dataplane.mode === 'ambient';
  const managedEnv = [env.portEnv, env.versionEnv, ...(options.managedEnv ?? []), shutdown.drainDelayEnv, shutdown.graceEnv].filter((n): n is string => n !== undefined);
  const versions = resolveVersions(check, props.versions, { ...workload, managedEnv, construct: options.construct });
  const ingress = resolveIngress(check, props.ingress, { name: workload.name, ambient, istioOperator: props.istioOperator !== undefined });
  const { serviceType, exposedDirectly } = resolveServiceType(check, props.serviceType, { ingressApi: ingress.api, ambient });
  const closedPaths = [probes.readiness.path, probes.liveness.path, probes.startup.path, ...(metrics ? [metrics.path] : [])];
  const security = resolveSecurity(check, props.security, { allowedMethods: ['GET', 'HEAD', 'POST'], allowedPaths: ['/*'], closedPaths });
  // A retiring version is in no route, so neither the header route nor the mirror may name it.
  const routedVersions = versions.filter((v) => !v.retiring).map((v) => v.name);
  const headerRoute = resolveHeaderRoute(check, props.headerRoute, routedVersions);
  const gatewayApi = ingress.api === 'gateway-api';
  const resilience = resolveResilience(check, props.resilience, { gatewayApi });
  const fault = resolveFault(check, props.faultInjection, { gatewayApi, headerRoute });
  const mirror = resolveMirror(check, props.mirror, { gatewayApi, versionNames: routedVersions });
  const egress = resolveEgress(check, props.egress, { ambient });
  const loadgen = resolveLoadGenerator(check, props.loadgen, workload);
  const istioOperator = resolveIstioOperator(check, props.istioOperator, {
    dataplane,
    holdApplicationUntilProxyStarts: props.dataplane?.holdApplicationUntilProxyStarts ?? true,
    ingressApi: ingress.api,
  });

  check.throwIfAny();

  const principal = (serviceAccount: string, ns = workload.namespace) => principalOf(security.trustDomain, ns, serviceAccount);
  return {
    ...workload,
    env,
    probes,
    metrics,
    namespaceLabels,
    serviceType,
    exposedDirectly,
    shutdown,
    versions,
    dataplane,
    ingress: {
      ...ingress,
      principal: gatewayApi
        ? principal(`${workload.name}-gateway-istio`)
        : principal(ingress.gatewayServiceAccount.name, ingress.gatewayServiceAccount.namespace),
    },
    headerRoute,
    resilience,
    fault,
    mirror,
    security,
    egress,
    loadgen,
    istioOperator,
    principal,
  };
}

/** The synth-time analysis options: known severities, or `false`. */
function checkAnalysisOptions(check: PropChecker, analysis: MeshServiceProps['analysis']): void {
  if (typeof analysis === 'object' && analysis !== null) {
    if (analysis.failureThreshold !== undefined) check.oneOf('analysis.failureThreshold', analysis.failureThreshold, SEVERITIES);
    if (analysis.printThreshold !== undefined) check.oneOf('analysis.printThreshold', analysis.printThreshold, SEVERITIES);
  } else {
    check.expect(analysis === undefined || analysis === false, 'analysis', analysis, 'expected analysis options or false');
  }
}
