import { isRecord, num, record, records, str, type JsonRecord } from '../json.js';
import type { IndexedObject } from '../object-index.js';
import type { FieldPath } from '../types.js';

/** One place a VirtualService sends (or mirrors) traffic to. */
export interface RouteDestination {
  readonly host: string;
  readonly subset?: string;
  readonly port?: number;
  /** Path of the `destination` (or `mirror`) object. */
  readonly field: FieldPath;
  /** True for `mirror` / `mirrors[]`: a copy of the traffic. */
  readonly mirror: boolean;
}

function destinationOf(value: unknown, field: FieldPath, mirror: boolean): RouteDestination[] {
  if (!isRecord(value)) return [];
  const host = str(value.host);
  if (!host) return [];
  return [{ host, subset: str(value.subset) || undefined, port: num(record(value.port).number), field, mirror }];
}

/** Every destination and mirror of a VirtualService's http, tcp and tls routes. */
export function destinations(vs: IndexedObject): RouteDestination[] {
  const spec = vs.spec;
  const out: RouteDestination[] = [];
  for (const section of ['http', 'tcp', 'tls'] as const) {
    records(spec[section]).forEach((rule, i) => {
      records(rule.route).forEach((route, j) => {
        out.push(...destinationOf(route.destination, ['spec', section, i, 'route', j, 'destination'], false));
      });
      if (section === 'http') {
        out.push(...destinationOf(rule.mirror, ['spec', 'http', i, 'mirror'], true));
        records(rule.mirrors).forEach((m, j) => out.push(...destinationOf(m.destination, ['spec', 'http', i, 'mirrors', j, 'destination'], true)));
      }
    });
  }
  return out;
}

/** The http rules of a VirtualService with their paths. */
export function httpRules(vs: IndexedObject): { rule: JsonRecord; field: FieldPath; name: string }[] {
  return records(vs.spec.http).map((rule, i) => ({ rule, field: ['spec', 'http', i], name: ruleName(rule, i) }));
}

/** How Istio names a rule in messages: its quoted name, else `#index`. */
export function ruleName(rule: JsonRecord, index: number): string {
  return typeof rule.name === 'string' && rule.name ? JSON.stringify(rule.name) : `#${index}`;
}

/** A `namespace/name` reference (or a bare name in `defaultNamespace`) split up. */
export function splitRef(ref: string, defaultNamespace: string): { namespace: string; name: string } {
  const slash = ref.indexOf('/');
  if (slash >= 0) return { namespace: ref.slice(0, slash), name: ref.slice(slash + 1) };
  return { namespace: defaultNamespace, name: ref };
}

/** The gateways a VirtualService binds to (spec.gateways and http match gateways), without `mesh`. */
export function gatewayRefs(vs: IndexedObject): { ref: string; field: FieldPath }[] {
  const out: { ref: string; field: FieldPath }[] = [];
  const spec = vs.spec;
  (Array.isArray(spec.gateways) ? spec.gateways : []).forEach((g, i) => {
    if (typeof g === 'string' && g !== 'mesh') out.push({ ref: g, field: ['spec', 'gateways', i] });
  });
  records(spec.http).forEach((rule, i) =>
    records(rule.match).forEach((m, j) =>
      (Array.isArray(m.gateways) ? m.gateways : []).forEach((g, k) => {
        if (typeof g === 'string' && g !== 'mesh') out.push({ ref: g, field: ['spec', 'http', i, 'match', j, 'gateways', k] });
      }),
    ),
  );
  return out;
}
