import { expect } from 'chai';
import type { ExplainResult, ExplainSource } from '../../constructs/index.js';
import { baseMesh, call, peerAuth } from './support.js';

const PA = 'https://istio.io/latest/docs/reference/config/security/peer_authentication/';
type Obj = Record<string, unknown>;
const PLAINTEXT: ExplainSource = { kind: 'workload', namespace: 'legacy', serviceAccount: 'x' };
const legacy: () => Obj[] = () => [
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'legacy' } },
  { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'x', namespace: 'legacy' }, spec: { template: { metadata: { labels: { app: 'x' } }, spec: { serviceAccountName: 'x', containers: [{ name: 'x', image: 'x' }] } } } },
];
const strict = (spec: Obj = {}, name = 'default') => peerAuth({ mtls: { mode: 'STRICT' }, ...spec }, name);
const paStep = (r: ExplainResult) => r.destinations[0].steps.find((s) => s.stage === 'peer-authentication');
const plaintext = (objects: Obj[]) => call([...baseMesh(), ...legacy(), ...objects], 'GET', '/', { source: PLAINTEXT });

describe('explain: which PeerAuthentication sets the mTLS mode', () => {
  it(`a workload's PeerAuthentication with DISABLE overrides the namespace's STRICT (${PA})`, () => {
    const r = plaintext([strict(), peerAuth({ selector: { matchLabels: { app: 'web' } }, mtls: { mode: 'DISABLE' } }, 'web')]);
    expect(r.verdict).to.equal('allowed');
    expect(paStep(r)).to.deep.include({ outcome: 'ok', object: 'PeerAuthentication shop/web', text: 'PeerAuthentication at Deployment shop/web-v1 port 8080: DISABLE (PeerAuthentication shop/web); the client sends plaintext', details: { mode: 'DISABLE', mtls: false } });
  });

  it(`a workload's STRICT applies to the pods its selector selects, every label of it (${PA}#PeerAuthentication)`, () => {
    expect(plaintext([strict({ selector: { matchLabels: { app: 'web' } } }, 'web')]).verdict).to.equal('failed');
    expect(plaintext([strict({ selector: { matchLabels: { app: 'db' } } }, 'db')]).verdict, 'other pods').to.equal('allowed');
    expect(plaintext([strict({ selector: { matchLabels: { app: 'web', version: 'v3' } } }, 'web')]).verdict, 'one label differs').to.equal('allowed');
    const elsewhere = { ...strict({ selector: { matchLabels: { app: 'web' } } }, 'web'), metadata: { name: 'web', namespace: 'other' } };
    expect(plaintext([elsewhere]).verdict, 'a PeerAuthentication of another namespace').to.equal('allowed');
  });

  it(`a workload's mode and its port-level mode are named in the step (${PA})`, () => {
    const workload = plaintext([strict({ selector: { matchLabels: { app: 'web' } } }, 'web')]);
    expect(paStep(workload)?.text).to.equal('PeerAuthentication at Deployment shop/web-v1 port 8080: STRICT (PeerAuthentication shop/web); the client sends plaintext: STRICT refuses plaintext, the connection is reset');
    const port = plaintext([strict({ selector: { matchLabels: { app: 'web' } }, portLevelMtls: { '8080': { mode: 'PERMISSIVE' } } }, 'web')]);
    expect(paStep(port)?.text).to.equal('PeerAuthentication at Deployment shop/web-v1 port 8080: PERMISSIVE (port 8080 of PeerAuthentication shop/web); the client sends plaintext');
  });

  it(`the namespace's and the mesh-wide one are told apart (${PA})`, () => {
    const mesh = { ...strict(), metadata: { name: 'default', namespace: 'istio-system' } };
    expect(paStep(call([...baseMesh(), mesh], 'GET', '/'))?.text).to.equal('PeerAuthentication at Deployment shop/web-v1 port 8080: STRICT (PeerAuthentication istio-system/default, mesh-wide); the client sends mTLS');
    expect(paStep(call([...baseMesh(), mesh, strict()], 'GET', '/'))?.text).to.equal('PeerAuthentication at Deployment shop/web-v1 port 8080: STRICT (PeerAuthentication shop/default); the client sends mTLS');
  });
});

describe("explain: a client's auto mTLS follows the destination namespace's PeerAuthentication", () => {
  const AUTO = 'https://istio.io/latest/docs/tasks/security/authentication/authn-policy/#auto-mutual-tls';
  const allowFrontend = { apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy', metadata: { name: 'allow', namespace: 'shop' }, spec: { rules: [{ from: [{ source: { principals: ['cluster.local/ns/front/sa/frontend'] } }] }] } };

  it(`a namespace-wide DISABLE: the client sends plaintext, so it has no principal (${AUTO})`, () => {
    const r = call([...baseMesh(), peerAuth({ mtls: { mode: 'DISABLE' } }), allowFrontend], 'GET', '/');
    expect(paStep(r)?.text).to.equal('PeerAuthentication at Deployment shop/web-v1 port 8080: DISABLE (PeerAuthentication shop/default); the client sends plaintext');
    expect(r).to.include({ verdict: 'denied', status: 403 });
    expect(r.summary).to.match(/no rule matches a plaintext caller \(no principal\)/);
  });

  it(`the mesh-wide DISABLE too, unless the namespace sets another mode (${AUTO})`, () => {
    const meshDisable = { ...peerAuth({ mtls: { mode: 'DISABLE' } }), metadata: { name: 'default', namespace: 'istio-system' } };
    expect(call([...baseMesh(), meshDisable, allowFrontend], 'GET', '/').verdict).to.equal('denied');
    expect(call([...baseMesh(), meshDisable, peerAuth({ mtls: { mode: 'PERMISSIVE' } }), allowFrontend], 'GET', '/').verdict).to.equal('allowed');
  });

  it(`a workload's DISABLE is not seen by the client, which still sends mTLS (${AUTO})`, () => {
    const r = call([...baseMesh(), peerAuth({ selector: { matchLabels: { app: 'web' } }, mtls: { mode: 'DISABLE' } }, 'web'), allowFrontend], 'GET', '/');
    expect(paStep(r)?.details).to.deep.equal({ mode: 'DISABLE', mtls: true });
  });

  it(`a DestinationRule that sets ISTIO_MUTUAL is not auto mTLS: the client sends mTLS (${AUTO})`, () => {
    const objects = baseMesh().map((o) => (o.kind === 'DestinationRule' ? { ...o, spec: { ...(o.spec as Obj), trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } } } } : o));
    const r = call([...objects, peerAuth({ mtls: { mode: 'DISABLE' } })], 'GET', '/');
    expect(paStep(r)?.details).to.deep.equal({ mode: 'DISABLE', mtls: true });
  });

  it('ambient pods always get mTLS from ztunnel: DISABLE does not apply there (https://istio.io/latest/docs/ambient/usage/l4-policy/)', () => {
    const r = call([...baseMesh({ 'istio.io/dataplane-mode': 'ambient' }), peerAuth({ mtls: { mode: 'DISABLE' } }), allowFrontend], 'GET', '/');
    expect(r.verdict).to.equal('allowed');
  });
});
