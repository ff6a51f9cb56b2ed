import { hostCovers, visibleFrom } from '../analysis/hosts.js';
import { array, isRecord, num, record, records, str, type JsonRecord } from '../analysis/json.js';
import type { IndexedObject, ObjectIndex } from '../analysis/object-index.js';
import type { ParsedRequest } from './request.js';
import type { RouteContext, RouteDecision, RouteTarget } from './route-types.js';
import { stringMatch } from './string-match.js';
import { allOf, anyOf, not, type Tri } from './tri.js';
import type { ExplainStep } from './types.js';

const VS_DOC = 'https://istio.io/latest/docs/reference/config/networking/virtual-service/';
const KNOWN_MATCH_FIELDS = new Set(['name', 'uri', 'scheme', 'method', 'authority', 'headers', 'withoutHeaders', 'queryParams', 'port', 'sourceLabels', 'sourceNamespace', 'gateways', 'ignoreUriCase', 'statPrefix']);

/** `name` in a VirtualService's `gateways` means the Gateway of the VirtualService's namespace. */
function gatewayRef(entry: string, namespace: string): string {
  return entry === 'mesh' || entry.includes('/') ? entry : `${namespace}/${entry}`;
}

/** The VirtualServices bound to the routing proxy (`gateways`, default `mesh`) with a host covering the request host. */
export function virtualServicesFor(index: ObjectIndex, context: RouteContext, host: string, from: string): IndexedObject[] {
  return index.ofKind('networking.istio.io', 'VirtualService').filter((vs) => {
    const ns = vs.namespace ?? '';
    const gateways = array(vs.spec.gateways).filter((g): g is string => typeof g === 'string');
    const bound = gateways.length === 0 ? context.gateway === 'mesh' : gateways.some((g) => gatewayRef(g, ns) === context.gateway);
    if (!bound) return false;
    if (context.gateway === 'mesh' && !visibleFrom(array(vs.spec.exportTo).filter((e): e is string => typeof e === 'string'), ns, from)) return false;
    return array(vs.spec.hosts).some((h) => typeof h === 'string' && hostCovers(index.fqdn(h, ns), host));
  });
}

/** One `HTTPMatchRequest`: every condition present must hold (AND); unknown when a condition is not modelled. */
export function matchRequest(m: JsonRecord, request: ParsedRequest, context: RouteContext, vsNamespace: string): Tri {
  const results: Tri[] = [];
  for (const key of Object.keys(m)) if (!KNOWN_MATCH_FIELDS.has(key)) results.push('unknown');
  const ignoreCase = m.ignoreUriCase === true;
  if (m.uri !== undefined) results.push(stringMatch(m.uri, request.path, ignoreCase));
  if (m.scheme !== undefined) results.push(stringMatch(m.scheme, request.scheme));
  if (m.method !== undefined) results.push(stringMatch(m.method, request.method));
  if (m.authority !== undefined) results.push(stringMatch(m.authority, request.headers.host));
  for (const [name, value] of Object.entries(record(m.headers))) results.push(stringMatch(value, request.headers[name.toLowerCase()]));
  for (const [name, value] of Object.entries(record(m.withoutHeaders))) {
    const header = request.headers[name.toLowerCase()];
    results.push(header === undefined ? true : not(stringMatch(value, header)));
  }
  for (const [name, value] of Object.entries(record(m.queryParams))) results.push(stringMatch(value, request.queryParams.get(name)));
  if (m.port !== undefined) results.push(num(m.port) === context.port);
  if (isRecord(m.sourceLabels)) {
    const labels = context.sourceLabels;
    results.push(labels === undefined ? 'unknown' : Object.entries(m.sourceLabels).every(([k, v]) => labels[k] === v));
  }
  if (m.sourceNamespace !== undefined) results.push(context.sourceNamespace === undefined ? 'unknown' : context.sourceNamespace === str(m.sourceNamespace));
  if (Array.isArray(m.gateways)) results.push(m.gateways.some((g) => typeof g === 'string' && gatewayRef(g, vsNamespace) === context.gateway));
  return allOf(results);
}

function describeMatch(m: JsonRecord): string {
  return JSON.stringify(m);
}

function targetsOf(rule: JsonRecord, namespace: string): RouteTarget[] {
  const routes = records(rule.route);
  const raw = routes.map((r) => num(r.weight) ?? (routes.length === 1 ? 100 : 0));
  const total = raw.reduce((a, b) => a + b, 0);
  return routes.map((r, i) => {
    const d = record(r.destination);
    return {
      host: str(d.host) ?? '',
      namespace,
      subset: str(d.subset),
      port: num(record(d.port).number),
      weight: total > 0 ? (raw[i] * 100) / total : 0,
    };
  });
}

/** Follows a VirtualService's `http` rules in order, first match wins. */
export function routeByVirtualService(vs: IndexedObject, request: ParsedRequest, context: RouteContext): RouteDecision {
  const ns = vs.namespace ?? '';
  const rules = records(vs.spec.http);
  for (let i = 0; i < rules.length; i++) {
    const rule = rules[i];
    const matches = records(rule.match);
    let matched: Tri;
    let matchIndex: number | undefined;
    if (matches.length === 0) matched = true;
    else {
      const each = matches.map((m) => matchRequest(m, request, context, ns));
      matched = anyOf(each);
      if (matched === true) matchIndex = each.indexOf(true);
    }
    const name = str(rule.name);
    const label = `rule ${i}${name ? ` "${name}"` : ''}`;
    if (matched === 'unknown') {
      return {
        outcome: 'unknown',
        targets: [],
        steps: [{ stage: 'route', outcome: 'unknown', object: vs.display, text: `${vs.display} ${label}: a match condition is not modelled (${matches.map(describeMatch).join(' or ')}); since rules match first-wins (${VS_DOC}#VirtualService), what routes the request is unknown`, details: { rule: i, name } }],
      };
    }
    if (matched === false) continue;
    const matchText = matchIndex === undefined ? 'no match conditions (catch-all)' : `match ${matchIndex} ${describeMatch(matches[matchIndex])}`;
    const details = { rule: i, name, match: matchIndex === undefined ? undefined : matches[matchIndex], timeout: str(rule.timeout), retries: rule.retries };
    const head: ExplainStep = { stage: 'route', outcome: 'ok', object: vs.display, text: `${vs.display} ${label}, ${matchText}`, details };
    const steps: ExplainStep[] = [head];
    const timeout = str(rule.timeout);
    const retries = record(rule.retries);
    steps.push({
      stage: 'route',
      outcome: 'ok',
      text: `timeout ${timeout ?? 'none (disabled)'}; retries ${rule.retries === undefined ? "Istio's default (2 on connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes)" : num(retries.attempts) === 0 ? 'off (attempts 0)' : `${num(retries.attempts) ?? 2} × ${str(retries.perTryTimeout) ?? 'the route timeout'} on ${str(retries.retryOn) ?? 'connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes'}`}`,
    });
    if (isRecord(rule.headers)) steps.push({ stage: 'route', outcome: 'ok', text: `header operations ${JSON.stringify(rule.headers)} (applied by the proxy; the request is followed with the headers as sent)` });
    const abort = record(record(rule.fault).abort);
    if (Object.keys(abort).length > 0) {
      const pct = num(record(abort.percentage).value) ?? 100;
      return { outcome: 'unknown', targets: [], steps: [...steps, { stage: 'route', outcome: 'unknown', text: `fault injection aborts ${pct}% of these requests with ${num(abort.httpStatus) ?? str(abort.grpcStatus) ?? '?'}: whether this one is aborted is chance` }] };
    }
    if (isRecord(record(rule.fault).delay)) steps.push({ stage: 'route', outcome: 'ok', text: `fault injection delays ${num(record(record(record(rule.fault).delay).percentage).value) ?? 100}% of these requests by ${str(record(record(rule.fault).delay).fixedDelay) ?? '?'}` });
    if (isRecord(rule.redirect)) {
      const code = num(rule.redirect.redirectCode) ?? 301;
      return { outcome: 'respond', targets: [], status: code, steps: [...steps, { stage: 'route', outcome: 'ok', text: `redirect ${code} to ${JSON.stringify(rule.redirect)}` }] };
    }
    if (isRecord(rule.directResponse)) {
      const status = num(rule.directResponse.status) ?? 200;
      return { outcome: 'respond', targets: [], status, steps: [...steps, { stage: 'route', outcome: 'ok', text: `direct response ${status} from the proxy` }] };
    }
    if (rule.delegate !== undefined) return { outcome: 'unknown', targets: [], steps: [...steps, { stage: 'route', outcome: 'unknown', text: 'delegates to another VirtualService: delegation is not modelled' }] };
    if (isRecord(rule.mirror) || Array.isArray(rule.mirrors)) steps.push({ stage: 'route', outcome: 'ok', text: `mirrors a copy to ${JSON.stringify(rule.mirror ?? rule.mirrors)} (the mirror's answer is discarded)` });
    const targets = targetsOf(rule, ns);
    if (targets.length === 0) return { outcome: 'fail', targets, status: 500, steps: [...steps, { stage: 'route', outcome: 'fail', text: 'the rule has no route, redirect or direct response' }] };
    return { outcome: 'route', targets, steps };
  }
  return {
    outcome: 'fail',
    targets: [],
    status: 404,
    flag: 'NR',
    steps: [{ stage: 'route', outcome: 'fail', object: vs.display, text: `no http rule of ${vs.display} matches ${request.method} ${request.path}: 404 (NR, no route)` }],
  };
}
