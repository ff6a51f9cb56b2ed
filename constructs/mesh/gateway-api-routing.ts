import type { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import {
  Gateway,
  GatewaySpecListenersAllowedRoutesNamespacesFrom,
  HttpRoute,
  HttpRouteSpecRulesMatchesHeadersType,
  type HttpRouteSpecRules,
} from '../imports/gateway-gateway.networking.k8s.io.js';
import type { MeshConfig } from './resolve.js';
import { routeRules } from './route-rules.js';

/**
 * Routing with the Kubernetes Gateway API: a Gateway of class `istio` (Istio deploys its proxy and a
 * LoadBalancer Service `<gateway>-istio`), an HTTPRoute attached to it and one attached to the app's
 * Service for in-mesh callers (GAMMA), both splitting traffic across the per-version Services.
 */
export class GatewayApiRouting extends Construct {
  /** The ingress Gateway, listener `http` on `ingress.port`. */
  public readonly gateway: Gateway;
  /** The HTTPRoute attached to the Gateway. */
  public readonly httpRoute: HttpRoute;
  /** The HTTPRoute attached to the app's Service: the canary split for callers inside the mesh. */
  public readonly meshHttpRoute: HttpRoute;

  /**
   * @param after objects to apply before the HTTPRoutes (such as the DestinationRules of the app), as explicit
   * dependencies. DogAppMesh passes none: it creates its DestinationRules first, and cdk8s keeps creation order
   * between objects without dependencies.
   */
  constructor(scope: Construct, id: string, config: MeshConfig, after: readonly ApiObject[] = []) {
    super(scope, id);
    const rules = httpRouteRules(config);
    const hostnames = config.ingress.hosts.filter((h) => h !== '*');

    this.gateway = new Gateway(this, 'Resource', {
      metadata: { name: config.ingress.gatewayName, namespace: config.namespace, labels: config.labels },
      spec: {
        gatewayClassName: 'istio',
        listeners: [
          {
            name: 'http',
            port: config.ingress.port,
            protocol: 'HTTP',
            allowedRoutes: { namespaces: { from: GatewaySpecListenersAllowedRoutesNamespacesFrom.SAME } },
          },
        ],
      },
    });

    this.httpRoute = new HttpRoute(this, 'route', {
      metadata: { name: config.name, namespace: config.namespace, labels: config.labels },
      spec: {
        parentRefs: [{ name: config.ingress.gatewayName }],
        hostnames: hostnames.length > 0 ? hostnames : undefined,
        rules,
      },
    });

    this.meshHttpRoute = new HttpRoute(this, 'mesh-route', {
      metadata: { name: `${config.name}-mesh`, namespace: config.namespace, labels: config.labels },
      spec: {
        parentRefs: [{ group: '', kind: 'Service', name: config.name, port: config.servicePort }],
        rules,
      },
    });
    for (const route of [this.httpRoute, this.meshHttpRoute]) after.forEach((o) => route.addDependency(o));
  }
}

function httpRouteRules(config: MeshConfig): HttpRouteSpecRules[] {
  return routeRules(config).map((rule) => ({
    name: rule.name,
    matches: rule.match
      ? [{ headers: [{ type: HttpRouteSpecRulesMatchesHeadersType.EXACT, name: rule.match.header, value: rule.match.value }] }]
      : undefined,
    backendRefs: rule.destinations.map((d) => ({
      name: `${config.name}-${d.version}`,
      port: config.servicePort,
      weight: d.weight,
    })),
    timeouts: rule.resilient ? { request: config.resilience.timeout } : undefined,
  }));
}
