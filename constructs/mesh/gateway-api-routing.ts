import type { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import {
  Gateway,
  GatewaySpecListenersAllowedRoutesNamespacesFrom,
  GatewaySpecListenersTlsMode,
  HttpRoute,
  HttpRouteSpecRulesFiltersRequestRedirectScheme,
  HttpRouteSpecRulesFiltersRequestRedirectStatusCode,
  HttpRouteSpecRulesFiltersType,
  HttpRouteSpecRulesMatchesHeadersType,
  type HttpRouteSpecRules,
} from '../imports/gateway-gateway.networking.k8s.io.js';
import type { MeshConfig } from './resolve.js';
import { routeRules, strippedRequestHeaders, type RouteAudience } from './route-rules.js';

/**
 * Routing with the Kubernetes Gateway API: a Gateway of class `istio` (Istio deploys its proxy and a
 * LoadBalancer Service `<gateway>-istio`), an HTTPRoute attached to it and one attached to the app's
 * Service for in-mesh callers (GAMMA), both splitting traffic across the per-version Services. With
 * `ingress.tls` the Gateway also has an HTTPS listener, and an HTTPRoute on the HTTP one redirects to it.
 */
export class GatewayApiRouting extends Construct {
  /** The ingress Gateway, listener `http` on `ingress.port`. */
  public readonly gateway: Gateway;
  /** The HTTPRoute attached to the Gateway. */
  public readonly httpRoute: HttpRoute;
  /** The HTTPRoute attached to the app's Service: the canary split for callers inside the mesh. */
  public readonly meshHttpRoute: HttpRoute;
  /** The HTTPRoute on the `http` listener that redirects to HTTPS, with `ingress.tls` and its redirect. */
  public readonly httpsRedirectRoute?: HttpRoute;

  /**
   * @param after objects to apply before the HTTPRoutes (such as the DestinationRules of the app), as explicit
   * dependencies. DogAppMesh passes none: it creates its DestinationRules first, and cdk8s keeps creation order
   * between objects without dependencies.
   */
  constructor(scope: Construct, id: string, config: MeshConfig, after: readonly ApiObject[] = []) {
    super(scope, id);
    const hostnames = config.ingress.hosts.filter((h) => h !== '*');
    const { tls } = config.ingress;
    const gatewayName = config.ingress.gatewayName;
    const allowedRoutes = { namespaces: { from: GatewaySpecListenersAllowedRoutesNamespacesFrom.SAME } };

    this.gateway = new Gateway(this, 'Resource', {
      metadata: { name: gatewayName, namespace: config.namespace, labels: config.labels },
      spec: {
        gatewayClassName: 'istio',
        listeners: [
          { name: 'http', port: config.ingress.port, protocol: 'HTTP', allowedRoutes },
          ...(tls
            ? [
                {
                  name: 'https',
                  port: tls.port,
                  protocol: 'HTTPS',
                  tls: { mode: GatewaySpecListenersTlsMode.TERMINATE, certificateRefs: [{ group: '', kind: 'Secret', name: tls.secretName }] },
                  allowedRoutes,
                },
              ]
            : []),
        ],
      },
    });

    this.httpRoute = new HttpRoute(this, 'route', {
      metadata: { name: config.name, namespace: config.namespace, labels: config.labels },
      spec: {
        // With a redirect, the app is served on the HTTPS listener only; the HTTP one has the redirect route.
        parentRefs: [tls?.httpsRedirect ? { name: gatewayName, sectionName: 'https' } : { name: gatewayName }],
        hostnames: hostnames.length > 0 ? hostnames : undefined,
        rules: httpRouteRules(config, 'ingress'),
      },
    });

    if (tls?.httpsRedirect) {
      this.httpsRedirectRoute = new HttpRoute(this, 'https-redirect', {
        metadata: { name: `${config.name}-https-redirect`, namespace: config.namespace, labels: config.labels },
        spec: {
          parentRefs: [{ name: gatewayName, sectionName: 'http' }],
          hostnames: hostnames.length > 0 ? hostnames : undefined,
          rules: [
            {
              name: 'https-redirect',
              filters: [
                {
                  type: HttpRouteSpecRulesFiltersType.REQUEST_REDIRECT,
                  requestRedirect: {
                    scheme: HttpRouteSpecRulesFiltersRequestRedirectScheme.HTTPS,
                    // Without a port the redirect goes to 443, the https scheme's well-known port.
                    port: tls.port === 443 ? undefined : tls.port,
                    statusCode: HttpRouteSpecRulesFiltersRequestRedirectStatusCode.VALUE_301,
                  },
                },
              ],
            },
          ],
        },
      });
    }

    this.meshHttpRoute = new HttpRoute(this, 'mesh-route', {
      metadata: { name: `${config.name}-mesh`, namespace: config.namespace, labels: config.labels },
      spec: {
        parentRefs: [{ group: '', kind: 'Service', name: config.name, port: config.servicePort }],
        rules: httpRouteRules(config, 'mesh'),
      },
    });
    for (const route of [this.httpRoute, this.meshHttpRoute]) after.forEach((o) => route.addDependency(o));
  }
}

function httpRouteRules(config: MeshConfig, audience: RouteAudience): HttpRouteSpecRules[] {
  const remove = strippedRequestHeaders(config, audience);
  return routeRules(config, audience).map((rule) => ({
    name: rule.name,
    filters: remove.length > 0 ? [{ type: HttpRouteSpecRulesFiltersType.REQUEST_HEADER_MODIFIER, requestHeaderModifier: { remove } }] : undefined,
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
