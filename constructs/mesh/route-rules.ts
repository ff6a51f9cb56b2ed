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
  /** Whether the route timeout and retries apply: Istio disables both on a rule that injects faults. */
  readonly resilient: boolean;
}

/**
 * The app's HTTP rules, first match wins: the header-limited fault rule, the header route, and the
 * always-present catch-all default route with the weighted split (carrying the faults when they are
 * not limited to a header).
 */
export function routeRules(config: MeshConfig): RouteRule[] {
  const weighted = config.versions.map((v) => ({ version: v.name, weight: v.weight }));
  const { fault, headerRoute } = config;
  const rules: RouteRule[] = [];
  if (fault?.match) {
    rules.push({ name: 'fault-injection', match: fault.match, destinations: weighted, fault, resilient: false });
  }
  if (headerRoute) {
    rules.push({
      name: 'header-route',
      match: { header: headerRoute.header, value: headerRoute.value },
      destinations: [{ version: headerRoute.version, weight: 100 }],
      resilient: true,
    });
  }
  const faultOnDefault = fault !== undefined && fault.match === undefined;
  rules.push({ name: 'default', destinations: weighted, fault: faultOnDefault ? fault : undefined, resilient: !faultOnDefault });
  return rules;
}
