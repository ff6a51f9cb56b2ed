import { expect } from 'chai';
import { baseMesh, call, peerAuth, policy } from './support.js';

const AP = 'https://istio.io/latest/docs/reference/config/security/authorization-policy/';
const FRONTEND = 'cluster.local/ns/front/sa/frontend';
const allowFrontend = (to?: unknown) => policy('allow', { action: 'ALLOW', rules: [{ from: [{ source: { principals: [FRONTEND] } }], ...(to ? { to } : {}) }] });

describe('explain: AuthorizationPolicy decisions', () => {
  it(`no ALLOW policy selects the workload: allowed (${AP})`, () => {
    const r = call(baseMesh(), 'GET', '/');
    expect(r.verdict).to.equal('allowed');
    expect(r.destinations[0].steps.at(-1)?.text).to.match(/no ALLOW AuthorizationPolicy applies/);
  });

  it(`with an ALLOW policy the request is denied unless a rule matches (${AP}): implicit deny, 403`, () => {
    const objects = [...baseMesh(), allowFrontend()];
    expect(call(objects, 'GET', '/').verdict).to.equal('allowed');
    const r = call(objects, 'GET', '/', { source: { kind: 'workload', namespace: 'front', serviceAccount: 'other' } });
    expect(r).to.include({ verdict: 'denied', status: 403 });
    expect(r.summary).to.match(/^denied \(403\).*implicitly.*shop\/allow/);
  });

  it(`an ALLOW policy with an empty spec (allow-nothing) matches nothing; rules: [{}] allows everything (${AP})`, () => {
    expect(call([...baseMesh(), policy('allow-nothing', {})], 'GET', '/').verdict).to.equal('denied');
    expect(call([...baseMesh(), policy('allow-nothing', {}), policy('all', { rules: [{}] })], 'GET', '/').verdict).to.equal('allowed');
  });

  it(`DENY is evaluated before ALLOW and any match denies (${AP})`, () => {
    const objects = [...baseMesh(), allowFrontend(), policy('deny-admin', { action: 'DENY', rules: [{ to: [{ operation: { paths: ['/admin*'] } }] }] })];
    const r = call(objects, 'GET', '/admin/users');
    expect(r.verdict).to.equal('denied');
    expect(r.destinations[0].steps.at(-1)?.details).to.include({ policy: 'shop/deny-admin', action: 'DENY', rule: 0 });
    expect(call(objects, 'GET', '/public').verdict).to.equal('allowed');
  });

  it(`CUSTOM goes first and its provider is not modelled: unknown (${AP})`, () => {
    const r = call([...baseMesh(), policy('ext', { action: 'CUSTOM', provider: { name: 'oauth2' }, rules: [{}] })], 'GET', '/');
    expect(r.verdict).to.equal('unknown');
    expect(r.unknowns.join()).to.match(/CUSTOM.*oauth2/);
  });

  it(`string matching is exact, prefix "/x*", suffix "*x" and presence "*" (${AP}#Operation)`, () => {
    const with_ = (paths: string[]) => [...baseMesh(), allowFrontend([{ operation: { paths } }])];
    expect(call(with_(['/']), 'GET', '/').verdict, 'exact').to.equal('allowed');
    expect(call(with_(['/']), 'GET', '/static/style.css').verdict, '"/" is exact, not a prefix').to.equal('denied');
    expect(call(with_(['/api/*']), 'GET', '/api/breeds').verdict, 'prefix').to.equal('allowed');
    expect(call(with_(['/api/*']), 'GET', '/api').verdict, 'prefix needs the slash').to.equal('denied');
    expect(call(with_(['*.css']), 'GET', '/static/style.css').verdict, 'suffix').to.equal('allowed');
    expect(call(with_(['*']), 'GET', '/anything').verdict, 'presence').to.equal('allowed');
  });

  it('paths are matched without the query string (https://istio.io/latest/docs/reference/config/security/normalization/#5-path-with-query-foov1)', () => {
    const objects = [...baseMesh(), allowFrontend([{ operation: { paths: ['/api/image'] } }])];
    expect(call(objects, 'GET', '/api/image?breed=hound').verdict).to.equal('allowed');
  });

  it('paths are normalized before matching (https://istio.io/latest/docs/reference/config/security/normalization/)', () => {
    const objects = [...baseMesh(), allowFrontend([{ operation: { paths: ['/public/*'] } }]), policy('deny', { action: 'DENY', rules: [{ to: [{ operation: { paths: ['/admin'] } }] }] })];
    expect(call(objects, 'GET', '/public/../admin').verdict, 'dot segments').to.equal('denied');
    expect(call(objects, 'GET', '/%61dmin').verdict, 'percent-encoded letters').to.equal('denied');
    expect(call(objects, 'GET', '/public\\data').verdict, 'backslash').to.equal('allowed');
    expect(call(objects, 'GET', '/public/%2e%2e/admin').request.path).to.equal('/admin');
  });

  it('methods, ports, hosts and notPaths are matched; methods must be upper case (https://istio.io/latest/docs/reference/config/security/normalization/#method-related)', () => {
    const objects = [...baseMesh(), allowFrontend([{ operation: { methods: ['GET'], ports: ['8080'], hosts: ['web.shop*'], notPaths: ['/metrics'] } }])];
    expect(call(objects, 'GET', '/').verdict).to.equal('allowed');
    expect(call(objects, 'POST', '/').verdict).to.equal('denied');
    expect(call(objects, 'GET', '/metrics').verdict).to.equal('denied');
    expect(call(objects, 'get', '/')).to.include({ verdict: 'failed', status: 400 });
  });

  it(`principals need mTLS: a plaintext caller has none (${AP}#Source)`, () => {
    const objects = [...baseMesh(), peerAuth({ mtls: { mode: 'PERMISSIVE' } }), allowFrontend(), policy('plain', { rules: [{ from: [{ source: { notPrincipals: ['*'] } }], to: [{ operation: { paths: ['/public'] } }] }] })];
    const outsideMesh = { kind: 'workload' as const, namespace: 'legacy', serviceAccount: 'frontend' };
    const legacy = [...objects, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'legacy' } }, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'old', namespace: 'legacy' }, spec: { template: { metadata: { labels: { app: 'old' } }, spec: { serviceAccountName: 'frontend', containers: [{ name: 'o', image: 'o' }] } } } }];
    expect(call(legacy, 'GET', '/private', { source: outsideMesh }).verdict, 'no principal to match').to.equal('denied');
    expect(call(legacy, 'GET', '/public', { source: outsideMesh }).verdict, 'notPrincipals ["*"] matches plaintext').to.equal('allowed');
  });

  it(`when conditions: request.headers and source.namespace are evaluated, others are unknown (https://istio.io/latest/docs/reference/config/security/conditions/)`, () => {
    const header = [...baseMesh(), policy('h', { rules: [{ when: [{ key: 'request.headers[x-team]', values: ['dogs'] }, { key: 'source.namespace', values: ['front'] }] }] })];
    expect(call(header, 'GET', '/', { headers: { 'x-team': 'dogs' } }).verdict).to.equal('allowed');
    expect(call(header, 'GET', '/').verdict).to.equal('denied');
    const ip = [...baseMesh(), policy('ip', { rules: [{ when: [{ key: 'source.ip', values: ['10.0.0.0/8'] }] }] })];
    expect(call(ip, 'GET', '/').verdict).to.equal('unknown');
  });

  it(`policies in the root namespace apply mesh-wide; a selector limits a policy to matching pods (${AP})`, () => {
    expect(call([...baseMesh(), policy('mesh-deny', {}, 'istio-system')], 'GET', '/').verdict).to.equal('denied');
    expect(call([...baseMesh(), policy('other', { selector: { matchLabels: { app: 'db' } } })], 'GET', '/').verdict).to.equal('allowed');
  });

  it('a policy in dry-run is not enforced (https://istio.io/latest/docs/tasks/security/authorization/authz-dry-run/)', () => {
    const dry = { ...policy('allow-nothing', {}), metadata: { name: 'allow-nothing', namespace: 'shop', annotations: { 'istio.io/dry-run': 'true' } } };
    expect(call([...baseMesh(), dry], 'GET', '/').verdict).to.equal('allowed');
  });
});

describe('explain: PeerAuthentication', () => {
  const PA = 'https://istio.io/latest/docs/reference/config/security/peer_authentication/';
  const outside = { kind: 'workload' as const, namespace: 'legacy', serviceAccount: 'x' };
  const legacy = [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'legacy' } }, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'x', namespace: 'legacy' }, spec: { template: { metadata: { labels: { app: 'x' } }, spec: { serviceAccountName: 'x', containers: [{ name: 'x', image: 'x' }] } } } }];

  it(`STRICT refuses plaintext; the default is PERMISSIVE (${PA})`, () => {
    expect(call([...baseMesh(), ...legacy], 'GET', '/', { source: outside }).verdict).to.equal('allowed');
    const r = call([...baseMesh(), ...legacy, peerAuth({ mtls: { mode: 'STRICT' } })], 'GET', '/', { source: outside });
    expect(r.verdict).to.equal('failed');
    expect(r.summary).to.match(/STRICT refuses plaintext/);
  });

  it(`a workload's portLevelMtls overrides the namespace mode for that port (${PA}#PeerAuthentication)`, () => {
    const objects = [...baseMesh(), ...legacy, peerAuth({ mtls: { mode: 'STRICT' } }), peerAuth({ selector: { matchLabels: { app: 'web' } }, mtls: { mode: 'STRICT' }, portLevelMtls: { '8080': { mode: 'PERMISSIVE' } } }, 'web')];
    expect(call(objects, 'GET', '/', { source: outside }).verdict).to.equal('allowed');
  });

  it('the mesh-wide PeerAuthentication in the root namespace applies when the namespace sets none', () => {
    const mesh = { ...peerAuth({ mtls: { mode: 'STRICT' } }), metadata: { name: 'default', namespace: 'istio-system' } };
    expect(call([...baseMesh(), ...legacy, mesh], 'GET', '/', { source: outside }).verdict).to.equal('failed');
  });
});
