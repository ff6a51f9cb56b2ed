import { expect } from 'chai';
import type { ExplainResult } from '../../constructs/index.js';
import { baseMesh, call } from './support.js';

const RULE = 'https://gateway-api.sigs.k8s.io/reference/spec/#httprouterule';
const MATCH = 'https://gateway-api.sigs.k8s.io/reference/spec/#httproutematch';
type Obj = Record<string, unknown>;

const gateway = (): Obj => ({ apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: { name: 'gw', namespace: 'shop' }, spec: { gatewayClassName: 'istio', listeners: [{ name: 'http', port: 80, protocol: 'HTTP' }] } });
const versionService = (v: string): Obj => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: `web-${v}`, namespace: 'shop' }, spec: { selector: { app: 'web', version: v }, ports: [{ name: 'http', port: 80, targetPort: 8080 }] } });
const httpRoute = (rules: unknown[], name = 'web', metadata: Obj = {}): Obj => ({ apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name, namespace: 'shop', ...metadata }, spec: { parentRefs: [{ name: 'gw' }], rules } });
const to = (v: string, weight?: number): Obj => ({ name: `web-${v}`, port: 80, ...(weight === undefined ? {} : { weight }) });
const mesh = (...routes: Obj[]): Obj[] => [...baseMesh(), gateway(), versionService('v1'), versionService('v2'), ...routes];
/** One HTTPRoute: `match` goes to v2, the rest (a rule without matches) to v1. */
const matching = (match: Obj): Obj[] => mesh(httpRoute([{ matches: [match], backendRefs: [to('v2')] }, { backendRefs: [to('v1')] }]));
const get = (objects: Obj[], path: string, headers?: Record<string, string>, method = 'GET'): ExplainResult => call(objects, method, `http://shop.example.com${path}`, { source: { kind: 'ingress' }, headers });
const versions = (objects: Obj[], path: string, headers?: Record<string, string>, method = 'GET'): readonly string[] => get(objects, path, headers, method).versions;
const routeStep = (r: ExplainResult) => r.steps.find((s) => s.stage === 'route');

describe('explain: HTTPRoute matches', () => {
  it(`PathPrefix matches whole path elements and ignores a trailing slash; Exact matches the path only (${MATCH})`, () => {
    const prefix = matching({ path: { type: 'PathPrefix', value: '/api/' } });
    expect(versions(prefix, '/api')).to.deep.equal(['v2']);
    expect(versions(prefix, '/api/x')).to.deep.equal(['v2']);
    expect(versions(prefix, '/apix')).to.deep.equal(['v1']);
    expect(versions(prefix, '/other')).to.deep.equal(['v1']);
    expect(versions(matching({ path: { type: 'PathPrefix', value: '/api' } }), '/api'), 'the prefix itself').to.deep.equal(['v2']);
    const exact = matching({ path: { type: 'Exact', value: '/api' } });
    expect(versions(exact, '/api')).to.deep.equal(['v2']);
    expect(versions(exact, '/api/')).to.deep.equal(['v1']);
    expect(versions(exact, '/api?x=1'), 'the query is not part of the path').to.deep.equal(['v2']);
    const root = matching({ path: { type: 'Exact' } });
    expect(versions(root, '/'), 'the value defaults to /').to.deep.equal(['v2']);
    expect(versions(root, '/x')).to.deep.equal(['v1']);
  });

  it(`RegularExpression matches the whole path, case-sensitively; a path type or a regex it cannot run is unknown (${MATCH})`, () => {
    const regex = mesh(httpRoute([{ matches: [{ path: { type: 'RegularExpression', value: '/img/[a-z0-9]+' } }], backendRefs: [to('v2')] }]));
    expect(versions(regex, '/img/42')).to.deep.equal(['v2']);
    expect(get(regex, '/img/42/x')).to.include({ verdict: 'failed', status: 404, flag: 'NR' });
    expect(get(regex, '/img/ABC')).to.include({ verdict: 'failed', status: 404, flag: 'NR' });
    expect(get(matching({ path: { type: 'Glob', value: '/img/*' } }), '/img/1').verdict).to.equal('unknown');
    const r = get(matching({ path: { type: 'RegularExpression', value: '/img(?=/)' } }), '/img/1');
    expect(r.verdict).to.equal('unknown');
    expect(r.steps.at(-1)).to.deep.equal({ stage: 'route', outcome: 'unknown', object: 'HTTPRoute shop/web', text: 'HTTPRoute shop/web rule 0 match 0 {"path":{"type":"RegularExpression","value":"/img(?=/)"}} is not modelled' });
    expect(r.unknowns).to.have.length(1);
  });

  it(`header matches: names are case-insensitive, Exact by default, RegularExpression on the whole value; a missing header does not match (${MATCH})`, () => {
    const exact = matching({ headers: [{ name: 'X-Canary', value: 'on' }] });
    expect(versions(exact, '/', { 'x-canary': 'on' })).to.deep.equal(['v2']);
    expect(versions(exact, '/', { 'X-CANARY': 'on' })).to.deep.equal(['v2']);
    expect(versions(exact, '/', { 'x-canary': 'off' })).to.deep.equal(['v1']);
    expect(versions(exact, '/')).to.deep.equal(['v1']);
    const typed = matching({ headers: [{ name: 'x-canary', type: 'Exact', value: 'on' }] });
    expect(versions(typed, '/', { 'x-canary': 'on' })).to.deep.equal(['v2']);
    expect(versions(typed, '/', { 'x-canary': 'onx' })).to.deep.equal(['v1']);
    const regex = matching({ headers: [{ name: 'x-canary', type: 'RegularExpression', value: 'o[nf]+' }] });
    expect(versions(regex, '/', { 'x-canary': 'onf' })).to.deep.equal(['v2']);
    expect(versions(regex, '/', { 'x-canary': 'xon' })).to.deep.equal(['v1']);
    expect(versions(regex, '/')).to.deep.equal(['v1']);
    expect(get(matching({ headers: [{ name: 'x-canary', type: 'Prefix', value: 'o' }] }), '/', { 'x-canary': 'on' }).verdict, 'a type it does not know').to.equal('unknown');
  });

  it(`query parameter and method matches (${MATCH})`, () => {
    const query = matching({ queryParams: [{ name: 'beta', value: '1' }] });
    expect(versions(query, '/?beta=1')).to.deep.equal(['v2']);
    expect(versions(query, '/?beta=2')).to.deep.equal(['v1']);
    expect(versions(query, '/?alpha=1')).to.deep.equal(['v1']);
    expect(versions(matching({ queryParams: [{ name: 'id', type: 'RegularExpression', value: '[0-9]+' }] }), '/?id=42')).to.deep.equal(['v2']);
    const post = matching({ method: 'POST' });
    expect(versions(post, '/', undefined, 'POST')).to.deep.equal(['v2']);
    expect(versions(post, '/', undefined, 'GET')).to.deep.equal(['v1']);
  });
});

describe('explain: HTTPRoute precedence', () => {
  const rules = (...list: [Obj, string][]) => mesh(httpRoute(list.map(([m, v]) => ({ matches: [m], backendRefs: [to(v)] }))));

  it(`Exact beats a PathPrefix of the same path listed before it (${RULE})`, () => {
    expect(versions(rules([{ path: { type: 'PathPrefix', value: '/a' } }, 'v1'], [{ path: { type: 'Exact', value: '/a' } }, 'v2']), '/a')).to.deep.equal(['v2']);
  });

  it(`a method match beats header matches, which beat a bare path; more query params beat fewer (${RULE})`, () => {
    const byMethod = rules([{ path: { type: 'PathPrefix', value: '/' }, headers: [{ name: 'x-a', value: '1' }] }, 'v1'], [{ path: { type: 'PathPrefix', value: '/' }, method: 'GET' }, 'v2']);
    expect(versions(byMethod, '/', { 'x-a': '1' })).to.deep.equal(['v2']);
    const byHeader = rules([{ path: { type: 'PathPrefix', value: '/' } }, 'v1'], [{ headers: [{ name: 'x-a', value: '1' }] }, 'v2']);
    expect(versions(byHeader, '/', { 'x-a': '1' }), 'a match without path is PathPrefix /').to.deep.equal(['v2']);
    const byQuery = rules([{ queryParams: [{ name: 'a', value: '1' }] }, 'v1'], [{ queryParams: [{ name: 'a', value: '1' }, { name: 'b', value: '2' }] }, 'v2']);
    expect(versions(byQuery, '/?a=1&b=2')).to.deep.equal(['v2']);
  });

  it(`Istio ranks RegularExpression after any PathPrefix, and the longer of two regexes first (pilot sortHTTPRoutes; ${RULE})`, () => {
    expect(versions(rules([{ path: { type: 'RegularExpression', value: '/img/[0-9]+' } }, 'v2'], [{ path: { type: 'PathPrefix', value: '/img' } }, 'v1']), '/img/42')).to.deep.equal(['v1']);
    expect(versions(matching({ path: { type: 'RegularExpression', value: '/img/[0-9]+' } }), '/img/42'), 'a rule without matches is PathPrefix /').to.deep.equal(['v1']);
    expect(versions(rules([{ path: { type: 'RegularExpression', value: '/img/.*' } }, 'v1'], [{ path: { type: 'RegularExpression', value: '/img/[0-9]+' } }, 'v2']), '/img/42')).to.deep.equal(['v2']);
  });

  it(`equal matches in one route: the first rule wins (${RULE})`, () => {
    const r = get(rules([{ path: { type: 'PathPrefix', value: '/a' } }, 'v2'], [{ path: { type: 'PathPrefix', value: '/a' } }, 'v1']), '/a/b');
    expect(r.versions).to.deep.equal(['v2']);
    expect(routeStep(r)?.details).to.deep.include({ rule: 0 });
  });

  it(`equal matches in two routes: the oldest route wins, then namespace/name; unknown when the manifests do not date them (${RULE})`, () => {
    const pair = (a: Obj, b: Obj) => mesh(httpRoute([{ backendRefs: [to('v1')] }], 'b-web', a), httpRoute([{ backendRefs: [to('v2')] }], 'a-web', b));
    const undated = get(pair({}, {}), '/');
    expect(undated.verdict).to.equal('unknown');
    expect(undated.unknowns).to.deep.equal([`HTTPRoute shop/b-web, HTTPRoute shop/a-web have rules matching GET / equally well: the oldest route wins, then the first by namespace/name, and the manifests do not tell their ages (metadata.creationTimestamp) (${RULE})`]);
    expect(get(pair({ creationTimestamp: '2026-01-01T00:00:00Z' }, {}), '/').verdict, 'one date only').to.equal('unknown');
    expect(versions(pair({ creationTimestamp: '2026-01-01T00:00:00Z' }, { creationTimestamp: '2026-01-02T00:00:00Z' }), '/')).to.deep.equal(['v1']);
    expect(versions(pair({ creationTimestamp: '2026-01-03T00:00:00Z' }, { creationTimestamp: '2026-01-02T00:00:00Z' }), '/')).to.deep.equal(['v2']);
    expect(versions(pair({ creationTimestamp: '2026-01-01T00:00:00Z' }, { creationTimestamp: '2026-01-01T00:00:00Z' }), '/'), 'same age: shop/a-web first').to.deep.equal(['v2']);
    const unequal = mesh(httpRoute([{ backendRefs: [to('v1')] }], 'b-web'), httpRoute([{ matches: [{ path: { type: 'PathPrefix', value: '/x' } }], backendRefs: [to('v2')] }], 'a-web'));
    expect(versions(unequal, '/x'), 'no tie: the more specific match').to.deep.equal(['v2']);
    expect(versions(unequal, '/'), 'no tie: the only match').to.deep.equal(['v1']);
  });
});

describe('explain: HTTPRoute rule outcome', () => {
  it('names the rule and match that decide, a rule without matches as the catch-all, and what no rule matches', () => {
    const named = mesh(httpRoute([{ name: 'api', matches: [{ path: { type: 'PathPrefix', value: '/api' } }], backendRefs: [to('v2')] }]), httpRoute([{ matches: [{ path: { type: 'Exact', value: '/' } }], backendRefs: [to('v1')] }], 'home'));
    const api = get(named, '/api/1');
    expect(routeStep(api)).to.deep.equal({
      stage: 'route',
      outcome: 'ok',
      object: 'HTTPRoute shop/web',
      text: `HTTPRoute shop/web rule 0 "api", match 0 {"path":{"type":"PathPrefix","value":"/api"}} (most specific match wins: ${RULE})`,
      details: { rule: 0, name: 'api', match: { path: { type: 'PathPrefix', value: '/api' } }, timeouts: undefined },
    });
    const none = get(named, '/other');
    expect(none).to.include({ verdict: 'failed', status: 404, flag: 'NR' });
    expect(none.steps.at(-1)).to.deep.equal({ stage: 'route', outcome: 'fail', text: 'no rule of the HTTPRoutes attached to Gateway shop/gw (HTTPRoute shop/web, HTTPRoute shop/home) matches GET /other: 404 (NR)' });
    expect(get(mesh(), '/').summary).to.equal('failed (404 NR): no rule of the HTTPRoutes attached to Gateway shop/gw (none) matches GET /: 404 (NR)');
    const catchAll = routeStep(get(mesh(httpRoute([{ backendRefs: [to('v1')] }])), '/x'));
    expect(catchAll?.text).to.equal(`HTTPRoute shop/web rule 0, no matches (catch-all) (most specific match wins: ${RULE})`);
    expect(catchAll?.details).to.deep.equal({ rule: 0, name: undefined, match: undefined, timeouts: undefined });
  });

  it('reports the rule timeouts and retry, or the defaults (https://gateway-api.sigs.k8s.io/reference/spec/#httproutetimeouts)', () => {
    const texts = (rule: Obj) => get(mesh(httpRoute([{ backendRefs: [to('v1')], ...rule }])), '/').steps.filter((s) => s.stage === 'route').map((s) => s.text);
    expect(texts({})[1]).to.equal("timeout none; retries Istio's default (2 on connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes)");
    expect(texts({ timeouts: { request: '5s', backendRequest: '2s' }, retry: { attempts: 3, codes: [503] } })[1]).to.equal('timeout 5s, per backend request 2s; retries {"attempts":3,"codes":[503]}');
    expect(texts({ timeouts: { backendRequest: '2s' } })[1]).to.equal("timeout none, per backend request 2s; retries Istio's default (2 on connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes)");
  });

  it('filters: header modifiers pass on, RequestRedirect answers (302 by default), a filter it does not model is unknown (https://gateway-api.sigs.k8s.io/reference/spec/#httproutefilter)', () => {
    const withFilters = (filters: Obj[]) => get(mesh(httpRoute([{ filters, backendRefs: [to('v1')] }])), '/');
    const modified = withFilters([{ type: 'RequestHeaderModifier', requestHeaderModifier: { set: [{ name: 'x-a', value: '1' }] } }]);
    expect(modified.verdict).to.equal('allowed');
    expect(modified.steps.filter((s) => s.stage === 'route').at(-1)).to.deep.equal({ stage: 'route', outcome: 'ok', text: 'filter RequestHeaderModifier' });
    const found = withFilters([{ type: 'RequestRedirect', requestRedirect: { scheme: 'https' } }]);
    expect(found).to.include({ verdict: 'allowed', status: 302 });
    expect(found.destinations).to.deep.equal([]);
    expect(found.steps.at(-1)).to.deep.equal({ stage: 'route', outcome: 'ok', text: 'redirect 302 {"scheme":"https"}' });
    expect(withFilters([{ type: 'RequestRedirect', requestRedirect: { statusCode: 301 } }])).to.include({ verdict: 'allowed', status: 301 });
    const ext = withFilters([{ type: 'RequestHeaderModifier' }, { type: 'ExtensionRef', extensionRef: { group: 'x.io', kind: 'Auth', name: 'a' } }]);
    expect(ext.verdict).to.equal('unknown');
    expect(ext.steps.at(-1)).to.deep.equal({ stage: 'route', outcome: 'unknown', text: 'filter ExtensionRef is not modelled' });
    expect(ext.steps.filter((s) => s.stage === 'route').map((s) => s.text)[2], 'the steps before it are kept').to.equal('filter RequestHeaderModifier');
  });

  it('backendRefs: Services only (others are unknown), weights relative, none: 500 (https://gateway-api.sigs.k8s.io/reference/spec/#httpbackendref)', () => {
    const backends = (backendRefs: Obj[]) => get(mesh(httpRoute([{ backendRefs }])), '/');
    for (const ref of [{ kind: 'ServiceImport', group: 'multicluster.x-k8s.io', name: 'web-v1' }, { kind: 'Backend', name: 'web-v1' }, { group: 'x.io', name: 'web-v1' }]) {
      const r = backends([to('v2'), ref]);
      expect(r.verdict, JSON.stringify(ref)).to.equal('unknown');
      expect(r.steps.at(-1), JSON.stringify(ref)).to.deep.equal({ stage: 'route', outcome: 'unknown', text: `backendRef kind ${ref.kind ?? 'Service'} is not modelled` });
    }
    expect(backends([{ kind: 'Service', group: '', name: 'web-v1', port: 80 }]).versions, 'the core group spelled out').to.deep.equal(['v1']);
    expect(backends([to('v1', 1), to('v2', 3)]).destinations.map((d) => d.weight)).to.deep.equal([25, 75]);
    const zero = backends([to('v1', 0), to('v2', 0)]);
    expect(zero.verdict).to.equal('failed');
    expect(zero.destinations.map((d) => d.weight)).to.deep.equal([0, 0]);
    const empty = get(mesh(httpRoute([{ matches: [{ path: { type: 'PathPrefix', value: '/' } }] }])), '/');
    expect(empty).to.include({ verdict: 'failed', status: 500 });
    expect(empty.steps.at(-1)).to.deep.equal({ stage: 'route', outcome: 'fail', text: 'the rule has no backendRefs: 500' });
  });
});
