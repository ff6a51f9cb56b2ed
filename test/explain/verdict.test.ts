import { expect } from 'chai';
import { baseMesh, call, policy, route, virtualService } from './support.js';

const DENY_V1 = policy('deny-v1', { action: 'DENY', selector: { matchLabels: { version: 'v1' } }, rules: [{}] });
const DENIED_AT_V1 = 'at the sidecar of Deployment shop/web-v1: denied by AuthorizationPolicy shop/deny-v1 rule 0 (DENY): 403 "RBAC: access denied"';
const CUSTOM_V2 = policy('ext', { action: 'CUSTOM', provider: { name: 'ext-authz' }, selector: { matchLabels: { version: 'v2' } }, rules: [{}] });

describe('explain: the verdict over the destinations of a split', () => {
  it('the worst destination decides: unknown over denied over failed over allowed, with its status', () => {
    const deniedAndFailed = call([...baseMesh(), DENY_V1, virtualService([{ route: [route('v9', 50), route('v1', 50)] }])], 'GET', '/');
    expect(deniedAndFailed).to.include({ verdict: 'denied', status: 403, flag: undefined });
    const unknownAndDenied = call([...baseMesh(), DENY_V1, CUSTOM_V2, virtualService([{ route: [route('v1', 50), route('v2', 50)] }])], 'GET', '/');
    expect(unknownAndDenied).to.include({ verdict: 'unknown', status: undefined });
    const failedAndAllowed = call([...baseMesh(), virtualService([{ route: [route('v1', 50), route('v9', 50)] }])], 'GET', '/');
    expect(failedAndAllowed).to.include({ verdict: 'failed', status: 503, flag: 'NR' });
  });

  it("the summary gives the reason of a destination with that verdict, not another destination's", () => {
    const deniedAndFailed = call([...baseMesh(), DENY_V1, virtualService([{ route: [route('v9', 50), route('v1', 50)] }])], 'GET', '/');
    expect(deniedAndFailed.summary).to.equal(`denied (403): ${DENIED_AT_V1}`);
    const unknownAndDenied = call([...baseMesh(), DENY_V1, CUSTOM_V2, virtualService([{ route: [route('v1', 50), route('v2', 50)] }])], 'GET', '/');
    expect(unknownAndDenied.summary).to.match(/^unknown: at the sidecar of Deployment shop\/web-v2: /);
  });

  it('a destination without traffic decides nothing', () => {
    const r = call([...baseMesh(), virtualService([{ route: [route('v1', 100), route('v9', 0)] }])], 'GET', '/');
    expect(r).to.include({ verdict: 'allowed', status: undefined, summary: 'allowed: reaches version v1' });
    expect(r.destinations.map((d) => [d.subset, d.weight, d.verdict])).to.deep.equal([['v1', 100, 'allowed'], ['v9', 0, 'failed']]);
  });

  it('part of the traffic denied: the versions still reached are named', () => {
    const r = call([...baseMesh(), DENY_V1, virtualService([{ route: [route('v1', 50), route('v2', 50)] }])], 'GET', '/');
    expect(r.summary).to.equal(`denied (403) for part of the traffic (reaches v2 otherwise): ${DENIED_AT_V1}`);
    expect(r.versions).to.deep.equal(['v2']);
  });

  it('part of the traffic failing, the rest leaving the mesh: the hosts it leaves for are named, not pods', () => {
    const entry = { apiVersion: 'networking.istio.io/v1', kind: 'ServiceEntry', metadata: { name: 'ext', namespace: 'shop' }, spec: { hosts: ['api.example.com'], ports: [{ number: 80, name: 'http', protocol: 'HTTP' }] } };
    const r = call([...baseMesh(), entry, virtualService([{ route: [route('v9', 50), { destination: { host: 'api.example.com' }, weight: 50 }] }])], 'GET', '/');
    expect(r.versions).to.deep.equal([]);
    expect(r.summary).to.match(/^failed \(503 NR\) for part of the traffic \(leaves for api\.example\.com otherwise\): .*subset v9/);
  });

  it('names pods without a version label by their workload, and shares of one version add up', () => {
    const unversioned = baseMesh().map((o) => (o.kind === 'Deployment' ? (JSON.parse(JSON.stringify(o).replace(/,"version":"v[12]"/g, '')) as Record<string, unknown>) : o));
    const r = call(unversioned, 'GET', '/');
    expect(r.summary).to.equal('allowed: reaches versions web-v1, web-v2');
    expect(r.versions).to.deep.equal(['web-v1', 'web-v2']);
    expect(call([...baseMesh(), virtualService([{ route: [route('v1', 50), route('v1', 50)] }])], 'GET', '/').summary).to.equal('allowed: reaches version v1 (100%)');
    expect(call([...baseMesh(), virtualService([{ route: [route('v1', 1), route('v2', 2)] }])], 'GET', '/').summary).to.equal('allowed: reaches versions v1 (33.33%), v2 (66.67%)');
  });
});
