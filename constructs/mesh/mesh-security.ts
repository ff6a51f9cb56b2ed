import { Construct } from 'constructs';
import {
  AuthorizationPolicy,
  AuthorizationPolicySpecAction,
  PeerAuthentication,
  PeerAuthenticationSpecMtlsMode,
  PeerAuthenticationSpecPortLevelMtlsMode,
  type AuthorizationPolicySpec,
  type AuthorizationPolicySpecRules,
} from '../imports/istio-security.istio.io.js';
import type { SharedNamespace } from './namespace-share.js';
import type { MeshConfig } from './resolve.js';

/**
 * Mutual TLS and deny-by-default authorization for the app's namespace.
 *
 * - PeerAuthentication `default`: the namespace's mTLS mode (STRICT unless told otherwise).
 * - AuthorizationPolicy `allow-nothing` (empty spec): denies every request in the namespace that no
 *   ALLOW policy lets through.
 * - AuthorizationPolicy `<name>`: lets the ingress gateway, the load generator and `allowedPrincipals`
 *   call the app with `allowedMethods` on `allowedPaths`. Kubelet probes need no rule (Istio rewrites
 *   them to the sidecar agent on 15020), nor does Prometheus in sidecar mode (it scrapes the merged
 *   metrics on 15020, which the sidecar does not intercept).
 * - Gateway API: AuthorizationPolicy `<gateway>` lets anyone reach the ingress gateway's listeners
 *   (HTTP, and HTTPS with `ingress.tls`), whose pods run in the namespace and would otherwise be denied.
 * - Ambient: ztunnel enforces namespace and selector policies at L4 only, so the L7 policy targets the
 *   app's Services at the waypoint, and `<name>-l4` lets only the waypoint (and `metricsPrincipals`,
 *   on the app port) reach the pods.
 * - A Service exposed directly (LoadBalancer or NodePort) takes plaintext from outside the mesh:
 *   PeerAuthentication `<name>-exposed` makes the app port PERMISSIVE and `<name>` allows any caller on
 *   `allowedPaths` there.
 */
export class MeshSecurity extends Construct {
  /** The namespace-wide PeerAuthentication. */
  public readonly peerAuthentication: PeerAuthentication;
  /** The app-port PERMISSIVE exception, when the Service is exposed directly. */
  public readonly exposedPeerAuthentication?: PeerAuthentication;
  /** Every AuthorizationPolicy, by object name. */
  public readonly authorizationPolicies: Readonly<Record<string, AuthorizationPolicy>>;

  /**
   * @param shared the namespace's shared objects: the PeerAuthentication and deny-all policy are created only
   * when no other app of the namespace created them, and recorded there for the apps after this one.
   */
  constructor(scope: Construct, id: string, config: MeshConfig, shared?: SharedNamespace) {
    super(scope, id);
    const { namespace, labels, security } = config;
    const ambient = config.dataplane.mode === 'ambient';
    const appSelector = { matchLabels: { app: config.name } };

    this.peerAuthentication =
      shared?.peerAuthentication ??
      new PeerAuthentication(this, 'Resource', {
        metadata: { name: 'default', namespace, labels },
        spec: { mtls: { mode: PeerAuthenticationSpecMtlsMode[security.mtlsMode] } },
      });
    if (shared) shared.peerAuthentication = this.peerAuthentication;

    if (config.exposedDirectly) {
      this.exposedPeerAuthentication = new PeerAuthentication(this, 'exposed', {
        metadata: { name: `${config.name}-exposed`, namespace, labels },
        spec: {
          selector: appSelector,
          mtls: { mode: PeerAuthenticationSpecMtlsMode[security.mtlsMode] },
          portLevelMtls: { [String(config.containerPort)]: { mode: PeerAuthenticationSpecPortLevelMtlsMode.PERMISSIVE } },
        },
      });
    }

    const policies: Record<string, AuthorizationPolicy> = {};
    if (security.authorization) {
      const add = (id: string, name: string, spec: AuthorizationPolicySpec) => {
        policies[name] = new AuthorizationPolicy(this, id, { metadata: { name, namespace, labels }, spec });
      };
      if (shared?.denyAll) policies['allow-nothing'] = shared.denyAll;
      else add('allow-nothing', 'allow-nothing', {});
      if (shared) shared.denyAll = policies['allow-nothing'];

      const callers = [
        ...(config.ingress.api === 'none' ? [] : [config.ingress.principal]),
        ...(config.loadgen ? [config.principal(config.loadgen.name)] : []),
        ...security.allowedPrincipals,
      ];
      const operation = {
        methods: [...security.allowedMethods],
        paths: [...security.allowedPaths],
        ...(security.notPaths.length > 0 ? { notPaths: [...security.notPaths] } : {}),
      };
      const rules: AuthorizationPolicySpecRules[] = [];
      if (callers.length > 0) rules.push({ from: [{ source: { principals: callers } }], to: [{ operation }] });
      if (config.exposedDirectly) rules.push({ to: [{ operation: { ...operation, ports: [String(config.containerPort)] } }] });

      if (ambient) {
        const services = [config.name, ...(config.ingress.api === 'gateway-api' ? config.versions.map((v) => v.workloadName) : [])];
        if (rules.length > 0) {
          add('app', config.name, {
            targetRefs: services.map((name) => ({ group: '', kind: 'Service', name })),
            action: AuthorizationPolicySpecAction.ALLOW,
            rules,
          });
        }
        add('l4', `${config.name}-l4`, {
          selector: appSelector,
          action: AuthorizationPolicySpecAction.ALLOW,
          rules: [
            { from: [{ source: { principals: [config.principal(config.dataplane.waypointName)] } }] },
            ...(config.metrics && security.metricsPrincipals.length > 0
              ? [{ from: [{ source: { principals: [...security.metricsPrincipals] } }], to: [{ operation: { ports: [String(config.metrics.port)] } }] }]
              : []),
          ],
        });
      } else if (rules.length > 0) {
        add('app', config.name, { selector: appSelector, action: AuthorizationPolicySpecAction.ALLOW, rules });
      }

      if (config.ingress.api === 'gateway-api') {
        add('gateway', config.ingress.gatewayName, {
          targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: config.ingress.gatewayName }],
          action: AuthorizationPolicySpecAction.ALLOW,
          rules: [{ to: [{ operation: { ports: [config.ingress.port, ...(config.ingress.tls ? [config.ingress.tls.port] : [])].map(String) } }] }],
        });
      }
    }
    this.authorizationPolicies = policies;
  }
}
