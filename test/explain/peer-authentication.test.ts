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
