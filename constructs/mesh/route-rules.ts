import type { MeshConfig } from './resolve.js';

/** One HTTP rule of the app's routing, independent of the API it is written in. */
export interface RouteRule {
  /** Unique within the route: `fault-injection`, `header-route` or `default`. */
  readonly name: string;
  /** Only requests with this header take the rule; none for the catch-all. */
  readonly match?: { readonly header: string; readonly value: string };
  /** Versions and their weights (percent). */
  readonly destinations: readonly { readonly version: string; readonly weight: number }[];
  /** Faults injected by the rule. */
  readonly fault?: MeshConfig['fault'];
  /** Requests also copied to a version (default route only). */
  readonly mirror?: MeshConfig['mirror'];
  /** Whether the route timeout and retries apply: Istio disables both on a rule that injects faults. */
  readonly resilient: boolean;
}

/** Who a route serves: callers inside the mesh, or the ingress gateway's callers from outside. */
export type RouteAudience = 'mesh' | 'ingress';

/**
 * The app's HTTP rules, first match wins: the header-limited fault rule, the header route, and the
 * always-present catch-all default route with the weighted split (carrying the faults when they are
 * not limited to a header). The ingress's rules leave the header route out unless it is open to the
 * ingress (`headerRoute.fromIngress`).
 */
export function routeRules(config: MeshConfig, audience: RouteAudience = 'mesh'): RouteRule[] {
  // Retiring versions keep their pods and subset for one more apply but take no traffic.
  const weighted = config.versions.filter((v) => !v.retiring).map((v) => ({ version: v.name, weight: v.weight }));
  const { fault, headerRoute } = config;
  const rules: RouteRule[] = [];
  if (fault?.match) {
    rules.push({ name: 'fault-injection', match: fault.match, destinations: weighted, fault, resilient: false });
  }
  if (headerRoute && (audience === 'mesh' || headerRoute.fromIngress)) {
    rules.push({
      name: 'header-route',
      match: { header: headerRoute.header, value: headerRoute.value },
      destinations: [{ version: headerRoute.version, weight: 100 }],
      resilient: true,
    });
  }
  const faultOnDefault = fault !== undefined && fault.match === undefined;
  rules.push({ name: 'default', destinations: weighted, fault: faultOnDefault ? fault : undefined, mirror: config.mirror, resilient: !faultOnDefault });
  return rules;
}

/**
 * Request headers a route removes before forwarding: at the ingress, the header route's header when the
 * route is closed to the ingress, so that nothing behind the gateway (a waypoint applying the mesh's
 * routes, or a service passing headers on) picks a version for an outside caller. Removal happens after
 * the route is chosen, which is why the ingress's rules also leave the header rule out.
 */
export function strippedRequestHeaders(config: MeshConfig, audience: RouteAudience): string[] {
  const { headerRoute } = config;
  return audience === 'ingress' && headerRoute && !headerRoute.fromIngress ? [headerRoute.header] : [];
}
