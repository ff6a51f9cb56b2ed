import { expect } from 'chai';
import type { ExplainResult, ExplainSource } from '../../constructs/index.js';
import { baseMesh, call, policy } from './support.js';

const AP = 'https://istio.io/latest/docs/reference/config/security/authorization-policy/';
const FRONTEND = 'cluster.local/ns/front/sa/frontend';
const from = (source: Record<string, unknown>, extra: Record<string, unknown> = {}) => [...baseMesh(), policy('allow', { rules: [{ from: [{ source }], ...extra }] })];
const as = (namespace: string, serviceAccount: string): { source: ExplainSource } => ({ source: { kind: 'workload', namespace, serviceAccount } });
const authStep = (r: ExplainResult) => r.destinations[0].steps.find((s) => s.stage === 'authorization');

describe('explain: AuthorizationPolicy sources (from)', () => {
  it(`a list within a field is ORed: any principal of the list matches (${AP}#Source)`, () => {
    const objects = from({ principals: ['cluster.local/ns/front/sa/other', FRONTEND] });
    expect(call(objects, 'GET', '/').verdict).to.equal('allowed');
    expect(call(objects, 'GET', '/', as('front', 'third')).verdict).to.equal('denied');
  });

  it(`principals match case-sensitively, by exact, prefix, suffix or presence (${AP}#Source)`, () => {
    expect(call(from({ principals: ['cluster.local/ns/front/sa/Frontend'] }), 'GET', '/').verdict, 'another case').to.equal('denied');
    expect(call(from({ principals: ['cluster.local/ns/front/*'] }), 'GET', '/').verdict, 'prefix').to.equal('allowed');
    expect(call(from({ principals: ['*/sa/frontend'] }), 'GET', '/').verdict, 'suffix').to.equal('allowed');
    expect(call(from({ principals: ['*/sa/backend'] }), 'GET', '/').verdict, 'another suffix').to.equal('denied');
  });

  it(`notPrincipals matches a caller that is none of them (${AP}#Source)`, () => {
    const objects = from({ notPrincipals: [FRONTEND] });
    expect(call(objects, 'GET', '/').verdict).to.equal('denied');
    expect(call(objects, 'GET', '/', as('front', 'other')).verdict).to.equal('allowed');
  });

  it(`namespaces and notNamespaces match the namespace of the caller's principal (${AP}#Source)`, () => {
    expect(call(from({ namespaces: ['front'] }), 'GET', '/').verdict).to.equal('allowed');
    expect(call(from({ namespaces: ['front'] }), 'GET', '/', as('back', 'frontend')).verdict).to.equal('denied');
    expect(call(from({ namespaces: ['fr*'] }), 'GET', '/').verdict, 'prefix').to.equal('allowed');
    expect(call(from({ notNamespaces: ['front'] }), 'GET', '/').verdict).to.equal('denied');
    expect(call(from({ notNamespaces: ['front'] }), 'GET', '/', as('back', 'frontend')).verdict).to.equal('allowed');
  });

  it(`serviceAccounts name the caller as <namespace>/<service account> (${AP}#Source)`, () => {
    const objects = from({ serviceAccounts: ['front/frontend'] });
    expect(call(objects, 'GET', '/').verdict).to.equal('allowed');
    expect(call(objects, 'GET', '/', as('front', 'other')).verdict, 'another service account').to.equal('denied');
    expect(call(objects, 'GET', '/', as('back', 'frontend')).verdict, 'another namespace').to.equal('denied');
    expect(call(from({ serviceAccounts: ['b/c'] }), 'GET', '/', as('b', 'c')).verdict, 'one-letter names').to.equal('allowed');
    expect(call(from({ notServiceAccounts: ['front/frontend'] }), 'GET', '/').verdict).to.equal('denied');
    expect(call(from({ notServiceAccounts: ['front/frontend'] }), 'GET', '/', as('front', 'other')).verdict).to.equal('allowed');
  });

  it(`every field of a source must match (${AP}#Rule)`, () => {
    expect(call(from({ principals: [FRONTEND], namespaces: ['back'] }), 'GET', '/').verdict).to.equal('denied');
    expect(call(from({ principals: [FRONTEND], notNamespaces: ['back'] }), 'GET', '/').verdict).to.equal('allowed');
  });

  for (const field of ['requestPrincipals', 'notRequestPrincipals', 'ipBlocks', 'notIpBlocks', 'remoteIpBlocks', 'notRemoteIpBlocks']) {
    it(`${field} (a JWT or the client's address) is not known to explain: unknown, not allowed (${AP}#Source)`, () => {
      const value = field.toLowerCase().includes('ip') ? ['10.0.0.0/8'] : ['issuer/subject'];
      const r = call(from({ [field]: value }), 'GET', '/');
      expect(r.verdict).to.equal('unknown');
      expect(authStep(r)).to.include({ stage: 'authorization', outcome: 'unknown', text: 'at the sidecar of Deployment shop/web-v1: whether ALLOW AuthorizationPolicy shop/allow matches is not known (a field or condition is not modelled)' });
    });
  }

  it('an entry that is not a string matches nothing and does not stop the others', () => {
    const objects = [...baseMesh(), policy('allow', { rules: [{ to: [{ operation: { paths: [42, '/public'] } }] }] })];
    expect(call(objects, 'GET', '/public').verdict).to.equal('allowed');
    expect(call(objects, 'GET', '/42').verdict).to.equal('denied');
  });

  it(`paths and methods match case-sensitively (${AP}#Operation)`, () => {
    const objects = [...baseMesh(), policy('allow', { rules: [{ to: [{ operation: { paths: ['/public'] } }] }] })];
    expect(call(objects, 'GET', '/Public').verdict).to.equal('denied');
  });
});
