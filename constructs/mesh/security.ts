import type { PropChecker } from '../prop-errors.js';
import { policyMatch } from '../validation/paths.js';

/** Mutual TLS mode of the namespace. */
export type MtlsMode = 'STRICT' | 'PERMISSIVE';

/** Mutual TLS and authorization. */
export interface SecurityOptions {
  /**
   * Namespace-wide PeerAuthentication mode. PERMISSIVE accepts plaintext too (for migrations only).
   * @default 'STRICT'
   */
  readonly mtlsMode?: MtlsMode;
  /**
   * Deny-by-default authorization: an empty AuthorizationPolicy for the namespace plus narrow ALLOW
   * policies for the ingress gateway, the load generator and `allowedPrincipals`.
   * @default true
   */
  readonly authorization?: boolean;
  /**
   * HTTP methods the allowed callers may use.
   * @default ['GET', 'HEAD', 'POST']
   */
  readonly allowedMethods?: readonly string[];
  /**
   * Paths the visitors may request through the ingress, and the allowed workloads from inside the mesh
   * (Istio path syntax: exact, `prefix*`, `*suffix` or `*`). The probe and metrics paths stay closed to
   * them whatever these match (as `notPaths`): kubelet probes and Prometheus' merged-metrics scrape reach
   * the pod through the sidecar agent on port 15020, not through the app port.
   * @default - MeshService: ['/*']; DogAppMesh: the service's visitor routes
   */
  readonly allowedPaths?: readonly string[];
  /**
   * Further callers allowed like the ingress gateway, as SPIFFE principals
   * (`cluster.local/ns/<namespace>/sa/<service-account>`).
   * @default []
   */
  readonly allowedPrincipals?: readonly string[];
  /**
   * Ambient mode only: principals allowed to reach the app port at L4 to scrape `/metrics` (there is
   * no sidecar to merge metrics; Prometheus itself must be in the ambient mesh).
   * @default ['cluster.local/ns/istio-system/sa/prometheus']
   */
  readonly metricsPrincipals?: readonly string[];
  /**
   * Trust domain of the mesh, the first part of every principal.
   * @default 'cluster.local'
   */
  readonly trustDomain?: string;
}

/** Security with every default filled in. */
export interface ResolvedSecurity {
  readonly mtlsMode: MtlsMode;
  readonly authorization: boolean;
  readonly allowedMethods: readonly string[];
  readonly allowedPaths: readonly string[];
  /** The probe and metrics paths that `allowedPaths` would otherwise open. */
  readonly notPaths: readonly string[];
  readonly allowedPrincipals: readonly string[];
  readonly metricsPrincipals: readonly string[];
  readonly trustDomain: string;
}

/** The defaults that differ between apps. */
export interface SecurityDefaults {
  readonly allowedMethods: readonly string[];
  readonly allowedPaths: readonly string[];
  /** Paths no allowed caller may reach on the app port: the probes' and the metrics'. */
  readonly closedPaths: readonly string[];
}

const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'CONNECT', 'TRACE'];
const PRINCIPAL = /^[^\s/]+\/ns\/[^\s/]+\/sa\/[^\s/]+$/;

/** The SPIFFE principal of a service account: `<trust-domain>/ns/<namespace>/sa/<name>`. */
export function principalOf(trustDomain: string, namespace: string, serviceAccount: string): string {
  return `${trustDomain}/ns/${namespace}/sa/${serviceAccount}`;
}

/** Validates mTLS and authorization (methods, Istio paths, principals) and fills in the defaults. */
export function resolveSecurity(check: PropChecker, props: SecurityOptions | undefined, defaults: SecurityDefaults): ResolvedSecurity {
  const trustDomain = props?.trustDomain ?? 'cluster.local';
  check.hostname('security.trustDomain', trustDomain);
  const mtlsMode = props?.mtlsMode ?? 'STRICT';
  check.oneOf('security.mtlsMode', mtlsMode, ['STRICT', 'PERMISSIVE'] as const);
  const allowedMethods = props?.allowedMethods ?? defaults.allowedMethods;
  check.expect(allowedMethods.length > 0, 'security.allowedMethods', allowedMethods, 'expected at least one method');
  allowedMethods.forEach((m, i) => check.oneOf(`security.allowedMethods[${i}]`, m, HTTP_METHODS));
  const allowedPaths = props?.allowedPaths ?? defaults.allowedPaths;
  check.expect(allowedPaths.length > 0, 'security.allowedPaths', allowedPaths, 'expected at least one path');
  allowedPaths.forEach((p, i) =>
    check.expect(typeof p === 'string' && /^[/*]\S*$/.test(p), `security.allowedPaths[${i}]`, p, "expected a path starting with '/' (or '*'), without whitespace"),
  );
  const allowedPrincipals = props?.allowedPrincipals ?? [];
  allowedPrincipals.forEach((p, i) => check.expect(PRINCIPAL.test(p), `security.allowedPrincipals[${i}]`, p, 'expected <trust-domain>/ns/<namespace>/sa/<service-account>'));
  const metricsPrincipals = props?.metricsPrincipals ?? [principalOf(trustDomain, 'istio-system', 'prometheus')];
  metricsPrincipals.forEach((p, i) => check.expect(PRINCIPAL.test(p), `security.metricsPrincipals[${i}]`, p, 'expected <trust-domain>/ns/<namespace>/sa/<service-account>'));
  const notPaths = [...new Set(defaults.closedPaths)].filter((closed) => allowedPaths.some((p) => typeof p === 'string' && policyMatch(p, closed)));
  return { mtlsMode, authorization: props?.authorization ?? true, allowedMethods, allowedPaths, notPaths, allowedPrincipals, metricsPrincipals, trustDomain };
}
