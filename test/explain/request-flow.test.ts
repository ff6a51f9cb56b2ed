import { expect } from 'chai';
import { explain } from '../../constructs/index.js';
import { FRONTEND, baseMesh, call, route, virtualService } from './support.js';

const SHOP = { kind: 'workload', namespace: 'shop', serviceAccount: 'web' } as const;
const operator = (normalization: string) => ({ apiVersion: 'install.istio.io/v1alpha1', kind: 'IstioOperator', metadata: { name: 'istio', namespace: 'istio-system' }, spec: { meshConfig: { pathNormalization: { normalization } } } });

describe('explain: how the request is read and where it goes', () => {
  it("resolves a host the way a pod's resolver expands it in the caller's namespace", () => {
    for (const host of ['web.shop', 'web.shop.svc', 'web.shop.svc.cluster.local']) {
      expect(call(baseMesh(), 'GET', `http://${host}/`).destinations.map((d) => d.host), host).to.deep.equal(['web.shop.svc.cluster.local']);
    }
    expect(call(baseMesh(), 'GET', 'http://web/', { source: SHOP }).destinations.map((d) => d.host), 'a bare name, in its own namespace').to.deep.equal(['web.shop.svc.cluster.local']);
    expect(call(baseMesh(), 'GET', 'http://web/').verdict, 'a bare name from another namespace').to.equal('unknown');
    expect(call(baseMesh(), 'GET', 'http://web.other/').verdict).to.equal('unknown');
  });

  it('takes the cluster domain, the default namespace and the root namespace from the options', () => {
    const corp = baseMesh().map((o) => (o.kind === 'DestinationRule' ? { ...o, spec: { ...(o.spec as object), host: 'web.shop.svc.corp.local' } } : o));
    const r = explain(corp, { source: FRONTEND, method: 'GET', target: 'http://web.shop/' }, { clusterDomain: 'corp.local' });
    expect(r.destinations.map((d) => d.host)).to.deep.equal(['web.shop.svc.corp.local']);
    expect(r.steps[1].text).to.match(/^caller corp\.local\/ns\/front\/sa\/frontend:/);
    const unnamespaced = baseMesh().map((o) => (o.kind === 'Namespace' ? o : { ...o, metadata: { name: (o.metadata as { name: string }).name } }));
    const shopAsDefault = [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', labels: { 'istio-injection': 'enabled' } } }, ...unnamespaced.filter((o) => o.kind !== 'Namespace')];
    expect(explain(shopAsDefault, { source: FRONTEND, method: 'GET', target: 'http://web.shop/' }, { defaultNamespace: 'shop' }).verdict).to.equal('allowed');
    expect(explain(shopAsDefault, { source: FRONTEND, method: 'GET', target: 'http://web.shop/' }).verdict, "objects without a namespace are in 'default'").to.equal('unknown');
    const meshWideStrict = { apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name: 'default', namespace: 'mesh-root' }, spec: { mtls: { mode: 'STRICT' } } };
    const plaintext = { kind: 'outside' } as const;
    const exposed = [...baseMesh().map((o) => (o.kind === 'Service' ? { ...o, spec: { ...(o.spec as object), type: 'LoadBalancer' } } : o)), meshWideStrict];
    expect(explain(exposed, { source: plaintext, method: 'GET', target: 'http://web.shop/' }).verdict, 'mesh-root is not the root namespace').to.equal('allowed');
    expect(explain(exposed, { source: plaintext, method: 'GET', target: 'http://web.shop/' }, { rootNamespace: 'mesh-root' }).verdict).to.equal('failed');
  });

  it('reads the objects inside a List', () => {
    const r = explain([{ apiVersion: 'v1', kind: 'List', items: [{ apiVersion: 'v1', kind: 'ConfigMapList', items: baseMesh() }] }], { source: FRONTEND, method: 'GET', target: 'http://web.shop/' });
    expect(r.versions).to.deep.equal(['v1', 'v2']);
    expect(explain([{ apiVersion: 'v1', kind: 'List' }, ...baseMesh()], { source: FRONTEND, method: 'GET', target: 'http://web.shop/' }).verdict, 'a List without items is no object').to.equal('allowed');
  });

  it("normalizes the path as the install's meshConfig.pathNormalization says, BASE by default (https://istio.io/latest/docs/reference/config/security/normalization/)", () => {
    const path = (objects: Record<string, unknown>[]) => call(objects, 'GET', '/a//b/%2Fc/./d').request.path;
    expect(path(baseMesh())).to.equal('/a//b/%2Fc/d');
    expect(path([...baseMesh(), operator('NONE')])).to.equal('/a//b/%2Fc/./d');
    expect(path([...baseMesh(), operator('MERGE_SLASHES')])).to.equal('/a/b/%2Fc/d');
    expect(path([...baseMesh(), operator('DECODE_AND_MERGE_SLASHES')])).to.equal('/a/b/c/d');
    expect(path([...baseMesh(), operator('BOGUS')]), 'an unknown mode is BASE').to.equal('/a//b/%2Fc/d');
  });

  it('describes the request as the proxies see it', () => {
    const r = call(baseMesh(), 'GET', 'http://Web.Shop:80/a/%7Eb?x=1&x=2', { headers: { 'X-Trace': 't' } });
    expect(r.request).to.deep.equal({ source: 'front/frontend', method: 'GET', scheme: 'http', host: 'web.shop', port: 80, path: '/a/~b', query: 'x=1&x=2', headers: { 'x-trace': 't', host: 'Web.Shop:80' } });
    expect(r.steps[0]).to.deep.equal({ stage: 'request', outcome: 'ok', text: 'GET http://web.shop:80/a/~b?x=1&x=2 from front/frontend; path as matched: /a/~b' });
    expect(explain(baseMesh(), { source: { kind: 'ingress' }, method: 'GET', target: '/' }).request.source).to.equal('ingress');
  });

  it('two VirtualServices for one host in the mesh are unknown: Istio uses the oldest', () => {
    const second = { ...virtualService([{ route: [route('v2')] }]), metadata: { name: 'web2', namespace: 'shop' } };
    const r = call([...baseMesh(), virtualService([{ route: [route('v1')] }]), second], 'GET', '/');
    expect(r.verdict).to.equal('unknown');
    expect(r.unknowns).to.deep.equal(['VirtualService shop/web, VirtualService shop/web2 all route web.shop.svc.cluster.local in the mesh: Istio uses the oldest, which the manifests do not tell']);
  });

  it('an HTTPRoute whose parent is the Service (GAMMA) routes in-mesh calls on that port', () => {
    const gamma = (parent: Record<string, unknown>) => ({ apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name: 'web', namespace: 'shop' }, spec: { parentRefs: [parent], rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/v2' } }], backendRefs: [{ name: 'web-v2', port: 80 }] }] } });
    const v2Service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web-v2', namespace: 'shop' }, spec: { selector: { app: 'web', version: 'v2' }, ports: [{ name: 'http', port: 80, targetPort: 8080 }] } };
    const routed = (parent: Record<string, unknown>) => call([...baseMesh(), v2Service, gamma(parent)], 'GET', 'http://web.shop/v2/x');
    expect(routed({ kind: 'Service', name: 'web' }).versions).to.deep.equal(['v2']);
    expect(routed({ kind: 'Service', group: '', name: 'web', port: 80, namespace: 'shop' }).versions).to.deep.equal(['v2']);
    expect(routed({ kind: 'Service', name: 'web' }).steps[2].text).to.match(/^HTTPRoute shop\/web rule 0, match 0/);
    for (const parent of [{ kind: 'Service', name: 'web', port: 8080 }, { kind: 'Service', name: 'other' }, { kind: 'Gateway', name: 'web' }, { kind: 'Service', group: 'x.io', name: 'web' }, { kind: 'Service', name: 'web', namespace: 'other' }]) {
      expect(routed(parent).versions, JSON.stringify(parent)).to.deep.equal(['v1', 'v2']);
    }
    expect(call([...baseMesh(), v2Service, gamma({ kind: 'Service', name: 'web' })], 'GET', 'http://web.shop/other')).to.include({ verdict: 'failed', status: 404, flag: 'NR' });
  });
});
