import * as kplus from 'cdk8s-plus-27';
import type { PropChecker } from '../prop-errors.js';
import { isDnsLabel, isDnsSubdomain } from '../validation/names.js';

/** Which API brings traffic from outside the cluster to the app. */
export type IngressApi = 'istio' | 'gateway-api' | 'none';

/** The entry point from outside the cluster. */
export interface IngressOptions {
  /**
   * `istio`: an Istio `Gateway` on the shared ingress gateway plus a VirtualService bound to it.
   * `gateway-api`: a Kubernetes `Gateway` of class `istio` (Istio deploys its proxy and LoadBalancer
   * Service) plus an HTTPRoute to one Service per version. `none`: no ingress; the app's own Service
   * is the entry point.
   * @default - 'istio' in sidecar mode, 'gateway-api' in ambient mode (Istio's advice for ambient)
   */
  readonly api?: IngressApi;

  /**
   * Host names the ingress answers for.
   * @default ['*']
   */
  readonly hosts?: readonly string[];

  /**
   * Port of the ingress listener: the Istio Gateway server port (80 is the demo ingress gateway's
   * HTTP port) or the Gateway API listener port.
   * @default 80
   */
  readonly port?: number;

  /**
   * `istio` only: labels selecting the ingress gateway pods.
   * @default { istio: 'ingressgateway' }
   */
  readonly gatewaySelector?: Readonly<Record<string, string>>;

  /**
   * `istio` only: the ingress gateway's service account as `<namespace>/<name>`; its identity is allowed
   * to call the app.
   * @default 'istio-system/istio-ingressgateway-service-account'
   */
  readonly gatewayServiceAccount?: string;
}

/** The ingress with every default filled in. */
export interface ResolvedIngress {
  readonly api: IngressApi;
  readonly hosts: readonly string[];
  readonly port: number;
  readonly gatewaySelector: Readonly<Record<string, string>>;
  /** Name of the Istio Gateway or Gateway API Gateway. */
  readonly gatewayName: string;
  /** The service account of the ingress gateway's proxy, whose identity may call the app. */
  readonly gatewayServiceAccount: { readonly namespace: string; readonly name: string };
}

/** The Service in front of the app with every default filled in. */
export interface ResolvedServiceType {
  readonly serviceType: kplus.ServiceType;
  /** The Service takes traffic from outside the mesh (LoadBalancer or NodePort). */
  readonly exposedDirectly: boolean;
}

const SERVICE_TYPES = [kplus.ServiceType.CLUSTER_IP, kplus.ServiceType.LOAD_BALANCER, kplus.ServiceType.NODE_PORT];

/** Validates the ingress (hosts, port, the Istio-only gateway settings) and fills in the defaults. */
export function resolveIngress(check: PropChecker, props: IngressOptions | undefined, ctx: { readonly name: string; readonly ambient: boolean }): ResolvedIngress {
  const api = props?.api ?? (ctx.ambient ? 'gateway-api' : 'istio');
  check.oneOf('ingress.api', api, ['istio', 'gateway-api', 'none'] as const);
  const hosts = props?.hosts ?? ['*'];
  check.expect(hosts.length >= 1, 'ingress.hosts', hosts, 'expected at least one host');
  hosts.forEach((h, i) => check.hostname(`ingress.hosts[${i}]`, h, true));
  const port = props?.port ?? 80;
  check.port('ingress.port', port);
  const gatewaySelector = props?.gatewaySelector ?? { istio: 'ingressgateway' };
  check.labels('ingress.gatewaySelector', gatewaySelector);
  const gatewaySa = props?.gatewayServiceAccount ?? 'istio-system/istio-ingressgateway-service-account';
  const [saNamespace, saName, ...extra] = gatewaySa.split('/');
  check.expect(extra.length === 0 && isDnsLabel(saNamespace) && isDnsSubdomain(saName), 'ingress.gatewayServiceAccount', gatewaySa, 'expected <namespace>/<service-account>');
  if (api !== 'istio') {
    for (const key of ['gatewaySelector', 'gatewayServiceAccount'] as const) {
      if (props?.[key] !== undefined) check.expect(false, `ingress.${key}`, props[key], "expected only with ingress.api 'istio'");
    }
  }
  return {
    api,
    hosts,
    port,
    gatewaySelector,
    gatewayName: `${ctx.name}-gateway`,
    gatewayServiceAccount: { namespace: saNamespace ?? '', name: saName ?? '' },
  };
}

/**
 * Validates the app Service's type and fills in its default: ClusterIP behind an ingress gateway,
 * LoadBalancer without one; never exposed directly in ambient mode.
 */
export function resolveServiceType(check: PropChecker, given: kplus.ServiceType | undefined, ctx: { readonly ingressApi: IngressApi; readonly ambient: boolean }): ResolvedServiceType {
  const serviceType = given ?? (ctx.ingressApi === 'none' ? kplus.ServiceType.LOAD_BALANCER : kplus.ServiceType.CLUSTER_IP);
  check.oneOf('serviceType', serviceType, SERVICE_TYPES);
  const exposedDirectly = serviceType === kplus.ServiceType.LOAD_BALANCER || serviceType === kplus.ServiceType.NODE_PORT;
  if (ctx.ambient) {
    check.expect(
      !exposedDirectly,
      'serviceType',
      serviceType,
      "expected ClusterIP in ambient mode: plaintext traffic from a LoadBalancer or NodePort bypasses the waypoint that enforces L7 policy; use ingress.api 'gateway-api' or 'istio'",
    );
  }
  return { serviceType, exposedDirectly };
}
