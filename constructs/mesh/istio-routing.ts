import type { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import {
  Gateway,
  GatewaySpecServersTlsMode,
  VirtualService,
  type GatewaySpecServers,
  type VirtualServiceSpecHttp,
} from '../imports/istio-networking.istio.io.js';
import type { MeshConfig } from './resolve.js';
import { routeRules, strippedRequestHeaders, type RouteAudience } from './route-rules.js';

/**
 * Routing with Istio's own API: a VirtualService for in-mesh callers (bound to `mesh`) and, with
 * `ingress.api: 'istio'`, a Gateway on the shared ingress gateway plus a VirtualService bound to it.
 * Both carry the canary split; the header route is the mesh's, and the ingress's only with
 * `headerRoute.fromIngress` (otherwise the ingress removes the header).
 */
export class IstioRouting extends Construct {
  /** The VirtualService for callers inside the mesh, host `<name>.<namespace>.svc.cluster.local`. */
  public readonly virtualService: VirtualService;
  /** The Istio Gateway (server on `ingress.port`), when `ingress.api` is 'istio'. */
  public readonly gateway?: Gateway;
  /** The VirtualService bound to the Gateway, for `ingress.hosts`. */
  public readonly ingressVirtualService?: VirtualService;

  /**
   * @param after objects to apply before the VirtualServices (such as the DestinationRules whose subsets they
   * name), as explicit dependencies. DogAppMesh passes none: it creates its DestinationRules first, and cdk8s
   * keeps creation order between objects without dependencies.
   */
  constructor(scope: Construct, id: string, config: MeshConfig, after: readonly ApiObject[] = []) {
    super(scope, id);

    this.virtualService = new VirtualService(this, 'Resource', {
      metadata: { name: config.name, namespace: config.namespace, labels: config.labels },
      spec: { hosts: [config.serviceHost], http: httpRules(config, 'mesh') },
    });
    after.forEach((o) => this.virtualService.addDependency(o));

    if (config.ingress.api === 'istio') {
      this.gateway = new Gateway(this, 'gateway', {
        metadata: { name: config.ingress.gatewayName, namespace: config.namespace, labels: config.labels },
        spec: {
          selector: { ...config.ingress.gatewaySelector },
          servers: gatewayServers(config),
        },
      });
      this.ingressVirtualService = new VirtualService(this, 'ingress', {
        metadata: { name: `${config.name}-ingress`, namespace: config.namespace, labels: config.labels },
        spec: { hosts: [...config.ingress.hosts], gateways: [config.ingress.gatewayName], http: httpRules(config, 'ingress') },
      });
      after.forEach((o) => this.ingressVirtualService!.addDependency(o));
    }
  }
}

/**
 * The Gateway's servers: HTTP on `ingress.port` and, with `ingress.tls`, HTTPS terminating with the
 * `credentialName` Secret (in the gateway's namespace); the HTTP server then redirects to HTTPS unless told not to.
 */
function gatewayServers(config: MeshConfig): GatewaySpecServers[] {
  const hosts = [...config.ingress.hosts];
  const { tls } = config.ingress;
  const http: GatewaySpecServers = {
    port: { number: config.ingress.port, name: 'http', protocol: 'HTTP' },
    hosts,
    tls: tls?.httpsRedirect ? { httpsRedirect: true } : undefined,
  };
  if (!tls) return [http];
  return [
    http,
    {
      port: { number: tls.port, name: 'https', protocol: 'HTTPS' },
      hosts,
      tls: { mode: GatewaySpecServersTlsMode.SIMPLE, credentialName: tls.secretName },
    },
  ];
}

function httpRules(config: MeshConfig, audience: RouteAudience): VirtualServiceSpecHttp[] {
  const { retries, timeout } = config.resilience;
  const remove = strippedRequestHeaders(config, audience);
  return routeRules(config, audience).map((rule) => ({
    name: rule.name,
    headers: remove.length > 0 ? { request: { remove } } : undefined,
    match: rule.match ? [{ headers: { [rule.match.header]: { exact: rule.match.value } } }] : undefined,
    route: rule.destinations.map((d) => ({
      destination: { host: config.serviceHost, subset: d.version, port: { number: config.servicePort } },
      weight: rule.destinations.length > 1 ? d.weight : undefined,
    })),
    mirror: rule.mirror ? { host: config.serviceHost, subset: rule.mirror.version, port: { number: config.servicePort } } : undefined,
    mirrorPercentage: rule.mirror ? { value: rule.mirror.percentage } : undefined,
    timeout: rule.resilient ? timeout : undefined,
    retries: rule.resilient && retries
      ? retries.attempts === 0
        ? { attempts: 0 }
        : { attempts: retries.attempts, perTryTimeout: retries.perTryTimeout, retryOn: retries.retryOn }
      : undefined,
    fault: rule.fault
      ? {
          delay: rule.fault.delay
            ? { fixedDelay: rule.fault.delay.fixedDelay, percentage: { value: rule.fault.delay.percentage } }
            : undefined,
          abort: rule.fault.abort
            ? { httpStatus: rule.fault.abort.httpStatus, percentage: { value: rule.fault.abort.percentage } }
            : undefined,
        }
      : undefined,
  }));
}
