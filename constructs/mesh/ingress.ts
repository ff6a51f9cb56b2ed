import * as kplus from 'cdk8s-plus-27';
import type { PropChecker } from '../prop-errors.js';
import { isDnsLabel, isDnsSubdomain } from '../validation/names.js';
import { resolveIngressTls, type ResolvedIngressTls } from './ingress-tls.js';
import { resolveIstioInstall } from './istio-install.js';

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
   * @default - from `istioInstall`: { istio: 'ingressgateway' } (istioctl) or { istio: 'ingress' } (helm)
   */
  readonly gatewaySelector?: Readonly<Record<string, string>>;

  /**
   * `istio` only: the ingress gateway's service account as `<namespace>/<name>`; its identity is allowed
   * to call the app.
   * @default - from `istioInstall`: 'istio-system/istio-ingressgateway-service-account' (istioctl) or 'istio-ingress/istio-ingress' (helm)
   */
  readonly gatewayServiceAccount?: string;

  /**
   * `istio` only: how Istio's ingress gateway was installed, which gives `gatewaySelector` and
   * `gatewayServiceAccount` their defaults (either one set explicitly wins). `istioctl`: `istioctl
   * install` (and the IstioOperator of `istioOperator`) labels the pods `istio: ingressgateway`, service
   * account `istio-system/istio-ingressgateway-service-account`. `helm`: Istio's Helm `gateway` chart
   * installed as istio.io's Helm guide does (release `istio-ingress` in namespace `istio-ingress`) labels
   * them `istio: ingress`, service account `istio-ingress/istio-ingress`.
   * @default 'istioctl' (the only choice when `istioOperator` is set)
   */
  readonly istioInstall?: IstioInstall;

  /**
   * HTTPS at the ingress, next to HTTP on `port`. With `istio` the Gateway gets an HTTPS server whose
   * `tls.credentialName` names the Secret, looked up in the ingress gateway's namespace (`istio-system`,
   * or `istio-ingress` with Helm); with `gateway-api` the Gateway gets an HTTPS listener whose
   * `certificateRefs` name it, in the app's namespace. Not with `api: 'none'`.
   * @default - HTTP only
   */
  readonly tls?: IngressTlsOptions;
}

/** How Istio's ingress gateway was installed: with `istioctl install`, or with Istio's Helm `gateway` chart. */
export type IstioInstall = 'istioctl' | 'helm';

/** The ingress's HTTPS server: its certificate, port and what its HTTP server does. */
export interface IngressTlsOptions {
  /**
   * Name of a Secret of type `kubernetes.io/tls` (keys `tls.crt` and `tls.key`, as cert-manager's
   * Certificate writes it) with the certificate for `ingress.hosts`. Referenced, never created.
   */
  readonly secretName: string;
  /**
   * Port of the HTTPS server (443 is the ingress gateway Service's HTTPS port).
   * @default 443
   */
  readonly port?: number;
  /**
   * Answer plain HTTP on `ingress.port` with a 301 redirect to HTTPS instead of serving the app there.
   * @default true
   */
  readonly httpsRedirect?: boolean;
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
  /** The HTTPS server, when `ingress.tls` is set. */
  readonly tls?: ResolvedIngressTls;
}

/** The Service in front of the app with every default filled in. */
export interface ResolvedServiceType {
  readonly serviceType: kplus.ServiceType;
  /** The Service takes traffic from outside the mesh (LoadBalancer or NodePort). */
  readonly exposedDirectly: boolean;
}

const SERVICE_TYPES = [kplus.ServiceType.CLUSTER_IP, kplus.ServiceType.LOAD_BALANCER, kplus.ServiceType.NODE_PORT];

/** Validates the ingress (hosts, port, the Istio-only gateway settings) and fills in the defaults. */
export function resolveIngress(
  check: PropChecker,
  props: IngressOptions | undefined,
  ctx: { readonly name: string; readonly ambient: boolean; readonly istioOperator?: boolean },
): ResolvedIngress {
  const api = props?.api ?? (ctx.ambient ? 'gateway-api' : 'istio');
  check.oneOf('ingress.api', api, ['istio', 'gateway-api', 'none'] as const);
  const hosts = props?.hosts ?? ['*'];
  check.expect(hosts.length >= 1, 'ingress.hosts', hosts, 'expected at least one host');
  hosts.forEach((h, i) => check.hostname(`ingress.hosts[${i}]`, h, true));
  const port = props?.port ?? 80;
  check.port('ingress.port', port);
  const tls = resolveIngressTls(check, props?.tls, api, port);
  const ingressGateway = resolveIstioInstall(check, props?.istioInstall, { istioOperator: ctx.istioOperator ?? false });
  const gatewaySelector = props?.gatewaySelector ?? ingressGateway.gatewaySelector;
  check.labels('ingress.gatewaySelector', gatewaySelector);
  const gatewaySa = props?.gatewayServiceAccount ?? ingressGateway.gatewayServiceAccount;
  const [saNamespace, saName, ...extra] = gatewaySa.split('/');
  check.expect(extra.length === 0 && isDnsLabel(saNamespace) && isDnsSubdomain(saName), 'ingress.gatewayServiceAccount', gatewaySa, 'expected <namespace>/<service-account>');
  if (api !== 'istio') {
    for (const key of ['gatewaySelector', 'gatewayServiceAccount', 'istioInstall'] as const) {
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
    tls,
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
