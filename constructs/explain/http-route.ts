import { num, record, records, str, type JsonRecord } from '../analysis/json.js';
import type { IndexedObject, ObjectIndex } from '../analysis/object-index.js';
import type { ParsedRequest } from './request.js';
import type { RouteDecision, RouteTarget } from './route-types.js';
import { fullRegexMatch } from './string-match.js';
import { allOf, type Tri } from './tri.js';
import type { ExplainStep } from './types.js';

const SPEC = 'https://gateway-api.sigs.k8s.io/reference/spec/#httprouterule';

/** `PathPrefix` matches whole path elements: `/api` matches `/api` and `/api/x`, not `/apix` (Gateway API HTTPPathMatch). */
export function pathPrefixMatches(prefix: string, path: string): boolean {
  const p = prefix.length > 1 && prefix.endsWith('/') ? prefix.slice(0, -1) : prefix;
  if (p === '/') return true;
  return path === p || path.startsWith(`${p}/`);
}

function valueMatch(type: string | undefined, expected: string, value: string | undefined): Tri {
  if (value === undefined) return false;
  if ((type ?? 'Exact') === 'Exact') return value === expected;
  if (type === 'RegularExpression') return fullRegexMatch(expected, value);
  return 'unknown';
}

/** One HTTPRouteMatch: path (default PathPrefix `/`), headers, query params and method, ANDed. */
export function matchHttpRoute(m: JsonRecord, request: ParsedRequest): Tri {
  const results: Tri[] = [];
  const path = record(m.path);
  const type = str(path.type) ?? 'PathPrefix';
  const value = str(path.value) ?? '/';
  if (type === 'Exact') results.push(request.path === value);
  else if (type === 'PathPrefix') results.push(pathPrefixMatches(value, request.path));
  else if (type === 'RegularExpression') results.push(fullRegexMatch(value, request.path));
  else results.push('unknown');
  for (const h of records(m.headers)) results.push(valueMatch(str(h.type), str(h.value) ?? '', request.headers[(str(h.name) ?? '').toLowerCase()]));
  for (const q of records(m.queryParams)) results.push(valueMatch(str(q.type), str(q.value) ?? '', request.queryParams.get(str(q.name) ?? '')));
  if (m.method !== undefined) results.push(str(m.method) === request.method);
  return allOf(results);
}

/** Istio ranks path match types Exact, then PathPrefix, then RegularExpression, the Gateway API leaving regex to implementations. */
const PATH_RANK: Readonly<Record<string, number>> = { Exact: 3, PathPrefix: 2, RegularExpression: 1 };

/**
 * Precedence across matching rules (Gateway API HTTPRouteRule), as Istio sorts them (pilot/pkg/config/kube/gateway,
 * sortHTTPRoutes): path type, longer path value, method, most headers, most query params.
 */
function precedence(m: JsonRecord): number[] {
  const path = record(m.path);
  const type = str(path.type) ?? 'PathPrefix';
  return [PATH_RANK[type] ?? 0, (str(path.value) ?? '/').length, m.method === undefined ? 0 : 1, records(m.headers).length, records(m.queryParams).length];
}

function compare(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return b[i] - a[i];
  return 0;
}

/**
 * Of routes whose matches tie, the oldest wins, then the first by `namespace/name` (Gateway API HTTPRouteRule): undefined
 * when the manifests do not give every such route's `metadata.creationTimestamp`.
 */
function oldestRoute(routes: readonly IndexedObject[]): IndexedObject | undefined {
  const dated = routes.map((route) => ({ route, created: Date.parse(str(record(route.raw.metadata).creationTimestamp) ?? '') }));
  if (dated.some((d) => Number.isNaN(d.created))) return undefined;
  dated.sort((a, b) => a.created - b.created || (`${a.route.namespace}/${a.route.name}` < `${b.route.namespace}/${b.route.name}` ? -1 : 1));
  return dated[0].route;
}

const FILTERS_MODELLED = new Set(['RequestHeaderModifier', 'ResponseHeaderModifier', 'URLRewrite', 'RequestMirror', 'RequestRedirect', 'CORS']);

/** Picks the HTTPRoute rule for the request among the routes attached to the parent, by the Gateway API's precedence. */
export function routeByHttpRoutes(index: ObjectIndex, routes: readonly IndexedObject[], request: ParsedRequest, parent: string): RouteDecision {
  const candidates: { route: IndexedObject; rule: JsonRecord; ruleIndex: number; matchIndex?: number; key: number[] }[] = [];
  let unknown: ExplainStep | undefined;
  for (const route of routes) {
    records(route.spec.rules).forEach((rule, ruleIndex) => {
      const matches = records(rule.matches);
      const list = matches.length === 0 ? [{}] : matches;
      list.forEach((m, matchIndex) => {
        const result = matchHttpRoute(m, request);
        if (result === 'unknown') unknown ??= { stage: 'route', outcome: 'unknown', object: route.display, text: `${route.display} rule ${ruleIndex} match ${matchIndex} ${JSON.stringify(m)} is not modelled` };
        if (result === true) candidates.push({ route, rule, ruleIndex, matchIndex: matches.length === 0 ? undefined : matchIndex, key: precedence(m) });
      });
    });
  }
  if (unknown) return { outcome: 'unknown', targets: [], steps: [unknown] };
  candidates.sort((a, b) => compare(a.key, b.key));
  const tied = [...new Set(candidates.filter((c) => compare(c.key, candidates[0].key) === 0).map((c) => c.route))];
  const winner = tied.length > 1 ? oldestRoute(tied) : tied[0];
  if (tied.length > 1 && !winner) {
    return { outcome: 'unknown', targets: [], steps: [{ stage: 'route', outcome: 'unknown', text: `${tied.map((r) => r.display).join(', ')} have rules matching ${request.method} ${request.path} equally well: the oldest route wins, then the first by namespace/name, and the manifests do not tell their ages (metadata.creationTimestamp) (${SPEC})` }] };
  }
  const best = candidates.find((c) => c.route === winner);
  if (!best) {
    return {
      outcome: 'fail',
      targets: [],
      status: 404,
      flag: 'NR',
      steps: [{ stage: 'route', outcome: 'fail', text: `no rule of the HTTPRoutes attached to ${parent} (${routes.map((r) => r.display).join(', ') || 'none'}) matches ${request.method} ${request.path}: 404 (NR)` }],
    };
  }
  const { route, rule, ruleIndex, matchIndex } = best;
  const ns = route.namespace ?? '';
  const name = str(rule.name);
  const timeouts = record(rule.timeouts);
  const steps: ExplainStep[] = [
    {
      stage: 'route',
      outcome: 'ok',
      object: route.display,
      text: `${route.display} rule ${ruleIndex}${name ? ` "${name}"` : ''}, ${matchIndex === undefined ? 'no matches (catch-all)' : `match ${matchIndex} ${JSON.stringify(records(rule.matches)[matchIndex])}`} (most specific match wins: ${SPEC})`,
      details: { rule: ruleIndex, name, match: matchIndex === undefined ? undefined : records(rule.matches)[matchIndex], timeouts: rule.timeouts },
    },
    { stage: 'route', outcome: 'ok', text: `timeout ${str(timeouts.request) ?? 'none'}${str(timeouts.backendRequest) ? `, per backend request ${str(timeouts.backendRequest)}` : ''}; retries ${rule.retry === undefined ? "Istio's default (2 on connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes)" : JSON.stringify(rule.retry)}` },
  ];
  for (const f of records(rule.filters)) {
    const type = str(f.type) ?? '';
    if (!FILTERS_MODELLED.has(type)) return { outcome: 'unknown', targets: [], steps: [...steps, { stage: 'route', outcome: 'unknown', text: `filter ${type} is not modelled` }] };
    if (type === 'RequestRedirect') {
      const status = num(record(f.requestRedirect).statusCode) ?? 302;
      return { outcome: 'respond', targets: [], status, steps: [...steps, { stage: 'route', outcome: 'ok', text: `redirect ${status} ${JSON.stringify(f.requestRedirect)}` }] };
    }
    steps.push({ stage: 'route', outcome: 'ok', text: `filter ${type}` });
  }
  const refs = records(rule.backendRefs);
  const raw = refs.map((r) => num(r.weight) ?? 1);
  const total = raw.reduce((a, b) => a + b, 0);
  const targets: RouteTarget[] = [];
  for (let i = 0; i < refs.length; i++) {
    const r = refs[i];
    const kind = str(r.kind) ?? 'Service';
    if (kind !== 'Service' || (str(r.group) ?? '') !== '') return { outcome: 'unknown', targets: [], steps: [...steps, { stage: 'route', outcome: 'unknown', text: `backendRef kind ${kind} is not modelled` }] };
    const namespace = str(r.namespace) ?? ns;
    targets.push({ host: index.fqdn(str(r.name) ?? '', namespace), namespace, port: num(r.port), weight: total > 0 ? (raw[i] * 100) / total : 0 });
  }
  if (targets.length === 0) return { outcome: 'fail', targets, status: 500, steps: [...steps, { stage: 'route', outcome: 'fail', text: 'the rule has no backendRefs: 500' }] };
  return { outcome: 'route', targets, steps };
}
