/**
 * The service's routes as data: the one list that both the router (service/routes.ts) and the mesh
 * constructs (which paths the ingress and other workloads may reach) are built from. This module
 * imports nothing, so the construct library can use it without the service's runtime dependencies.
 */

/**
 * Who calls a route:
 * - `visitor`: a browser or API client, through the ingress (the page, the search form, the JSON API,
 *   the static assets the page links);
 * - `probe`: the kubelet, through the sidecar's probe rewrite (never through the ingress);
 * - `metrics`: Prometheus, through the sidecar's merged-metrics port (never through the ingress).
 */
export type RouteAudience = 'visitor' | 'probe' | 'metrics';

/** An HTTP method the service serves. `HEAD` is served wherever `GET` is. */
export type RouteMethod = 'GET' | 'POST';

/** One route of the service contract. */
export interface RouteSpec {
  /** The exact request path (no query string). */
  readonly path: string;
  /** The methods it answers; `HEAD` is implied by `GET`. */
  readonly methods: readonly RouteMethod[];
  /** Who calls it, and so who the mesh lets reach it. */
  readonly audience: RouteAudience;
}

export const ROUTE_TABLE = [
  { path: '/', methods: ['GET', 'POST'], audience: 'visitor' },
  { path: '/api/breeds', methods: ['GET'], audience: 'visitor' },
  { path: '/api/image', methods: ['GET'], audience: 'visitor' },
  { path: '/static/style.css', methods: ['GET'], audience: 'visitor' },
  { path: '/static/favicon.svg', methods: ['GET'], audience: 'visitor' },
  { path: '/healthz', methods: ['GET'], audience: 'probe' },
  { path: '/readyz', methods: ['GET'], audience: 'probe' },
  { path: '/metrics', methods: ['GET'], audience: 'metrics' },
] as const satisfies readonly RouteSpec[];

/** A path of the service contract. */
export type RoutePath = (typeof ROUTE_TABLE)[number]['path'];

/** The routes for one audience, in table order. */
export function routesFor(audience: RouteAudience): readonly RouteSpec[] {
  return ROUTE_TABLE.filter((route) => route.audience === audience);
}
