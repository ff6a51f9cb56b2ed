import { expect } from 'chai';
import type { ExplainResult } from '../../constructs/index.js';
import { baseMesh, call, policy } from './support.js';

const AP = 'https://istio.io/latest/docs/reference/config/security/authorization-policy/';
const AT = 'at the sidecar of Deployment shop/web-v1';
const authStep = (r: ExplainResult) => r.destinations[0].steps.find((s) => s.stage === 'authorization');

describe('explain: what the authorization step says', () => {
  it(`no ALLOW policy: allowed, with the action "none" (${AP})`, () => {
    expect(authStep(call(baseMesh(), 'GET', '/'))).to.deep.equal({ stage: 'authorization', outcome: 'ok', text: `${AT}: allowed, no ALLOW AuthorizationPolicy applies (${AP})`, details: { action: 'none' } });
  });

  it('an ALLOW rule that matches: the policy and the rule', () => {
    const objects = [...baseMesh(), policy('allow', { rules: [{ to: [{ operation: { paths: ['/admin'] } }] }, { to: [{ operation: { paths: ['/'] } }] }] })];
    expect(authStep(call(objects, 'GET', '/'))).to.deep.equal({
      stage: 'authorization',
      outcome: 'ok',
      object: 'AuthorizationPolicy shop/allow',
      text: `${AT}: allowed by AuthorizationPolicy shop/allow rule 1 (ALLOW)`,
      details: { policy: 'shop/allow', action: 'ALLOW', rule: 1 },
    });
  });

  it('a DENY rule that matches: the policy and the rule, 403', () => {
    const r = call([...baseMesh(), policy('no-post', { action: 'DENY', rules: [{ to: [{ operation: { methods: ['POST'] } }] }] })], 'POST', '/');
    expect(authStep(r)).to.deep.equal({
      stage: 'authorization',
      outcome: 'fail',
      object: 'AuthorizationPolicy shop/no-post',
      text: `${AT}: denied by AuthorizationPolicy shop/no-post rule 0 (DENY): 403 "RBAC: access denied"`,
      details: { policy: 'shop/no-post', action: 'DENY', rule: 0 },
    });
  });

  it(`no ALLOW rule matches: an implicit deny naming every ALLOW policy and the request (${AP})`, () => {
    const objects = [...baseMesh(), policy('a', { rules: [{ to: [{ operation: { paths: ['/a'] } }] }] }), policy('b', { rules: [{ to: [{ operation: { paths: ['/b'] } }] }] })];
    const r = call(objects, 'GET', '/c?x=1');
    expect(r).to.include({ verdict: 'denied', status: 403 });
    expect(authStep(r)).to.deep.equal({
      stage: 'authorization',
      outcome: 'fail',
      text: `${AT}: denied, implicitly: ALLOW policies apply (shop/a, shop/b) and no rule matches cluster.local/ns/front/sa/frontend GET /c (the query string is not matched): 403 "RBAC: access denied"`,
      details: { action: 'implicit-deny', policies: ['shop/a', 'shop/b'] },
    });
  });

  it('the implicit deny of a plaintext caller says it has no principal', () => {
    const legacy = [
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'legacy' } },
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'old', namespace: 'legacy' }, spec: { template: { metadata: { labels: { app: 'old' } }, spec: { serviceAccountName: 'old', containers: [{ name: 'o', image: 'o' }] } } } },
    ];
    const r = call([...baseMesh(), ...legacy, policy('a', { rules: [{ from: [{ source: { principals: ['*'] } }] }] })], 'GET', '/', { source: { kind: 'workload', namespace: 'legacy', serviceAccount: 'old' } });
    expect(authStep(r)?.text).to.equal(`${AT}: denied, implicitly: ALLOW policies apply (shop/a) and no rule matches a plaintext caller (no principal) GET /: 403 "RBAC: access denied"`);
  });

  it('a DENY policy whose match is not known stops the evaluation: unknown, naming the first such policy', () => {
    const unknownDeny = (name: string) => policy(name, { action: 'DENY', rules: [{ from: [{ source: { ipBlocks: ['10.0.0.0/8'] } }] }] });
    const r = call([...baseMesh(), unknownDeny('ip-a'), unknownDeny('ip-b'), policy('all', { rules: [{}] })], 'GET', '/');
    expect(r.verdict).to.equal('unknown');
    expect(authStep(r)).to.deep.equal({ stage: 'authorization', outcome: 'unknown', object: 'AuthorizationPolicy shop/ip-a', text: `${AT}: whether DENY AuthorizationPolicy shop/ip-a matches is not known (a field or condition is not modelled)` });
  });

  it('a DENY policy that matches wins over one whose match is not known', () => {
    const r = call([...baseMesh(), policy('ip', { action: 'DENY', rules: [{ from: [{ source: { ipBlocks: ['10.0.0.0/8'] } }] }] }), policy('all', { action: 'DENY', rules: [{}] })], 'GET', '/');
    expect(r.verdict).to.equal('denied');
  });

  it(`CUSTOM: only when a rule matches, the request goes to the provider, which is not modelled (${AP})`, () => {
    const custom = (provider: unknown) => [...baseMesh(), policy('ext', { action: 'CUSTOM', ...(provider ? { provider } : {}), rules: [{ to: [{ operation: { paths: ['/login'] } }] }] })];
    expect(call(custom({ name: 'oauth2' }), 'GET', '/').verdict, 'no rule matches: not sent').to.equal('allowed');
    expect(authStep(call(custom({ name: 'oauth2' }), 'GET', '/login'))).to.deep.equal({ stage: 'authorization', outcome: 'unknown', object: 'AuthorizationPolicy shop/ext', text: `${AT}: CUSTOM AuthorizationPolicy shop/ext sends the request to provider oauth2, whose answer is not modelled` });
    expect(authStep(call(custom(undefined), 'GET', '/login'))?.text, 'no provider named').to.equal(`${AT}: CUSTOM AuthorizationPolicy shop/ext sends the request to provider ?, whose answer is not modelled`);
  });
});
