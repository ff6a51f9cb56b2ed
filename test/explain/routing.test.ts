import { expect } from 'chai';
import { explain } from '../../constructs/index.js';
import { baseMesh, call, route, virtualService } from './support.js';

const VS = 'https://istio.io/latest/docs/reference/config/networking/virtual-service/';

describe('explain: VirtualService routing', () => {
  it(`rules are evaluated in order and the first match wins (${VS}#VirtualService)`, () => {
    const objects = [...baseMesh(), virtualService([
      { name: 'api', match: [{ uri: { prefix: '/api' } }], route: [route('v2')] },
      { name: 'also-api', match: [{ uri: { prefix: '/api/x' } }], route: [route('v1')] },
      { name: 'default', route: [route('v1')] },
    ])];
    const r = call(objects, 'GET', '/api/x');
    expect(r.verdict).to.equal('allowed');
    expect(r.versions).to.deep.equal(['v2']);
    expect(r.steps.find((s) => s.stage === 'route')?.details).to.include({ rule: 0, name: 'api' });
    expect(call(objects, 'GET', '/other').versions).to.deep.equal(['v1']);
  });

  it(`match entries are ORed and the conditions of one entry ANDed (${VS}#HTTPMatchRequest)`, () => {
    const objects = [...baseMesh(), virtualService([
      { name: 'canary', match: [{ uri: { exact: '/a' }, headers: { 'x-canary': { exact: 'on' } } }, { queryParams: { beta: { exact: '1' } } }], route: [route('v2')] },
      { name: 'default', route: [route('v1')] },
    ])];
    expect(call(objects, 'GET', '/a').versions, 'one condition of the entry only').to.deep.equal(['v1']);
    expect(call(objects, 'GET', '/a', { headers: { 'X-Canary': 'on' } }).versions, 'both conditions; header names are case-insensitive').to.deep.equal(['v2']);
    expect(call(objects, 'GET', '/b?beta=1').versions, 'the second entry').to.deep.equal(['v2']);
  });

  it(`no matching rule: 404 NR (${VS}#HTTPRoute, https://www.envoyproxy.io/docs/envoy/latest/configuration/observability/access_log/usage#config-access-log-format-response-flags)`, () => {
    const r = call([...baseMesh(), virtualService([{ match: [{ uri: { prefix: '/api' } }], route: [route('v1')] }])], 'GET', '/');
    expect(r).to.include({ verdict: 'failed', status: 404, flag: 'NR' });
    expect(r.summary).to.match(/^failed \(404 NR\)/);
  });

  it(`uri matches exact, prefix and RE2 regex against the path without the query (${VS}#StringMatch)`, () => {
    const objects = (uri: unknown) => [...baseMesh(), virtualService([{ match: [{ uri }], route: [route('v2')] }, { route: [route('v1')] }])];
    expect(call(objects({ exact: '/img' }), 'GET', '/img?x=1').versions).to.deep.equal(['v2']);
    expect(call(objects({ exact: '/img' }), 'GET', '/img/1').versions).to.deep.equal(['v1']);
    expect(call(objects({ regex: '/img/[0-9]+' }), 'GET', '/img/42').versions).to.deep.equal(['v2']);
    expect(call(objects({ regex: '/img/[0-9]+' }), 'GET', '/img/42x').versions, 'RE2 matches the whole path').to.deep.equal(['v1']);
  });

  it('a regex it cannot run as RE2 would is unknown, and so is everything after that rule', () => {
    const r = call([...baseMesh(), virtualService([{ match: [{ uri: { regex: '(?P<id>[0-9]+)' } }], route: [route('v2')] }, { route: [route('v1')] }])], 'GET', '/1');
    expect(r.verdict).to.equal('unknown');
    expect(r.unknowns.join('\n')).to.match(/not modelled/);
  });

  it(`a subset missing from the DestinationRule: 503 NR (https://istio.io/latest/docs/reference/config/analysis/ist0101/)`, () => {
    const r = call([...baseMesh(), virtualService([{ route: [route('v3')] }])], 'GET', '/');
    expect(r).to.include({ verdict: 'failed', status: 503, flag: 'NR' });
  });

  it('no pods behind the subset: 503 UH (no healthy upstream)', () => {
    const objects = baseMesh().filter((o) => (o.metadata as { name: string }).name !== 'web-v2');
    const r = call([...objects, virtualService([{ route: [route('v2')] }])], 'GET', '/');
    expect(r).to.include({ verdict: 'failed', status: 503, flag: 'UH' });
  });

  it(`weights are relative: each destination's share is weight / sum (${VS}#HTTPRouteDestination)`, () => {
    const r = call([...baseMesh(), virtualService([{ route: [route('v1', 3), route('v2', 1)] }])], 'GET', '/');
    expect(r.destinations.map((d) => [d.subset, d.weight])).to.deep.equal([['v1', 75], ['v2', 25]]);
    expect(r.summary).to.equal('allowed: reaches versions v1 (75%), v2 (25%)');
  });

  it('one destination of a split failing makes the request fail for its share, and says which versions are still reached', () => {
    const r = call([...baseMesh(), virtualService([{ route: [route('v1', 90), route('v9', 10)] }])], 'GET', '/');
    expect(r.verdict).to.equal('failed');
    expect(r.versions).to.deep.equal(['v1']);
    expect(r.summary).to.match(/^failed \(503 NR\) for part of the traffic \(reaches v1 otherwise\)/);
  });

  it(`timeout and retries of the rule are reported (${VS}#HTTPRetry)`, () => {
    const r = call([...baseMesh(), virtualService([{ route: [route('v1')], timeout: '4s', retries: { attempts: 1, perTryTimeout: '2s', retryOn: 'connect-failure' } }])], 'GET', '/');
    expect(r.steps.map((s) => s.text).join('\n')).to.include('timeout 4s; retries 1 × 2s on connect-failure');
  });

  it('fault injection that aborts is unknown (it is chance), a redirect is answered by the proxy', () => {
    expect(call([...baseMesh(), virtualService([{ route: [route('v1')], fault: { abort: { httpStatus: 500, percentage: { value: 10 } } } }])], 'GET', '/').verdict).to.equal('unknown');
    const redirect = call([...baseMesh(), virtualService([{ redirect: { uri: '/new' } }])], 'GET', '/');
    expect(redirect).to.include({ verdict: 'allowed', status: 301 });
  });

  it('sourceLabels are matched against the caller pods when known', () => {
    const objects = [
      ...baseMesh(),
      virtualService([{ match: [{ sourceLabels: { app: 'front' } }], route: [route('v2')] }, { route: [route('v1')] }]),
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'front', namespace: 'front' }, spec: { template: { metadata: { labels: { app: 'front' } }, spec: { serviceAccountName: 'frontend', containers: [{ name: 'f', image: 'f' }] } } } },
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'front', labels: { 'istio-injection': 'enabled' } } },
    ];
    expect(call(objects, 'GET', '/').versions).to.deep.equal(['v2']);
    expect(call(objects, 'GET', '/', { source: { kind: 'workload', namespace: 'other', serviceAccount: 'x' } }).verdict, 'unknown caller pods').to.equal('unknown');
  });

  it('without a VirtualService the Service routes to any of its pods', () => {
    const r = explain(baseMesh(), { source: { kind: 'workload', namespace: 'front', serviceAccount: 'frontend' }, method: 'GET', target: 'http://web.shop.svc.cluster.local/' });
    expect(r.versions).to.deep.equal(['v1', 'v2']);
  });
});
