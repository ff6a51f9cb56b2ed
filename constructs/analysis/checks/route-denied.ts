import { explainIndexed } from '../../explain/explain.js';
import { array, isRecord, record, records, str, type JsonRecord } from '../json.js';
import type { IndexedObject } from '../object-index.js';
import type { Check } from '../types.js';

/** A request that a VirtualService match entry selects, or undefined when one cannot be built without guessing (regex). */
function requestForVs(m: JsonRecord, host: string | undefined): { method: string; target: string; headers: Record<string, string> } | undefined {
  const value = (sm: unknown): string | undefined => (isRecord(sm) ? (str(sm.exact) ?? str(sm.prefix)) : undefined);
  const path = m.uri === undefined ? '/' : value(m.uri);
  if (path === undefined || !path.startsWith('/')) return undefined;
  const headers: Record<string, string> = {};
  for (const [name, sm] of Object.entries(record(m.headers))) {
    const v = value(sm);
    if (v === undefined) return undefined;
    headers[name] = v;
  }
  const query = Object.entries(record(m.queryParams)).map(([k, sm]) => [k, value(sm)] as const);
  if (query.some(([, v]) => v === undefined)) return undefined;
  const method = m.method === undefined ? 'GET' : value(m.method);
  if (method === undefined) return undefined;
  const qs = query.length ? `?${query.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v!)}`).join('&')}` : '';
  return { method, target: host ? `http://${host}${path}${qs}` : `${path}${qs}`, headers };
}

function requestForHttpRoute(m: JsonRecord, host: string | undefined): { method: string; target: string; headers: Record<string, string> } | undefined {
  const path = record(m.path);
  const type = str(path.type) ?? 'PathPrefix';
  if (type === 'RegularExpression') return undefined;
  const headers: Record<string, string> = {};
  for (const h of records(m.headers)) {
    if ((str(h.type) ?? 'Exact') !== 'Exact') return undefined;
    headers[str(h.name) ?? ''] = str(h.value) ?? '';
  }
  const p = str(path.value) ?? '/';
  return { method: str(m.method) ?? 'GET', target: host ? `http://${host}${p}` : p, headers };
}

export const routeDenied: Check = {
  code: 'DAM0115',
  severity: 'Warning',
  title: 'IngressRouteDenied',
  description: 'A route rule bound to an ingress gateway serves nothing: `dog-app-mesh explain` finds the requests it matches denied (403) at every destination.',
  run({ index, report }) {
    const check = (object: IndexedObject, ruleIndex: number, requests: ({ method: string; target: string; headers: Record<string, string> } | undefined)[], field: (string | number)[]): void => {
      if (requests.length === 0 || requests.some((r) => r === undefined)) return;
      const results = requests.map((r) => explainIndexed(index, { source: { kind: 'ingress' }, ...r! }));
      if (!results.every((r) => r.verdict === 'denied')) return;
      const first = results[0];
      const step = [...first.steps, ...first.destinations.flatMap((d) => d.steps)].find((s) => s.outcome === 'fail');
      report(
        object,
        `Rule ${ruleIndex} of ${object.kind} ${object.namespace}/${object.name} routes requests from the ingress that are then refused with 403: for ${requests[0]!.method} ${requests[0]!.target}, ${step?.text ?? first.summary}. Allow the ingress gateway's principal for these paths in an ALLOW AuthorizationPolicy, or remove the rule. Run 'dog-app-mesh explain <files> --from ingress ${requests[0]!.method} ${requests[0]!.target}' for the whole path.`,
        { field },
      );
    };
    for (const vs of index.ofKind('networking.istio.io', 'VirtualService')) {
      const gateways = array(vs.spec.gateways).filter((g): g is string => typeof g === 'string' && g !== 'mesh');
      if (gateways.length === 0) continue;
      const hosts = array(vs.spec.hosts).filter((h): h is string => typeof h === 'string');
      const host = hosts.find((h) => !h.includes('*'));
      records(vs.spec.http).forEach((rule, i) => {
        const matches = records(rule.match);
        check(vs, i, (matches.length ? matches : [{}]).map((m) => requestForVs(m, host)), ['spec', 'http', i]);
      });
    }
    for (const route of index.ofKind('gateway.networking.k8s.io', 'HTTPRoute')) {
      if (!records(route.spec.parentRefs).some((p) => (str(p.kind) ?? 'Gateway') === 'Gateway')) continue;
      const host = array(route.spec.hostnames).find((h): h is string => typeof h === 'string' && !h.includes('*'));
      records(route.spec.rules).forEach((rule, i) => {
        const matches = records(rule.matches);
        check(route, i, (matches.length ? matches : [{}]).map((m) => requestForHttpRoute(m, host)), ['spec', 'rules', i]);
      });
    }
  },
};
