import { expect } from 'chai';
import { explain, type ExplainResult } from '../../constructs/index.js';
import { baseMesh, call, policy } from './support.js';

const LISTENER = 'https://gateway-api.sigs.k8s.io/reference/spec/#listener';
const PARENT = 'https://gateway-api.sigs.k8s.io/reference/spec/#parentreference';
const INGRESS = { source: { kind: 'ingress' as const } };
type Obj = Record<string, unknown>;

const gateway = (listeners: Obj[], gatewayClassName = 'istio'): Obj => ({ apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: { name: 'gw', namespace: 'shop' }, spec: { gatewayClassName, listeners } });
const HTTP = { name: 'http', port: 80, protocol: 'HTTP' };
const v1Service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web-v1', namespace: 'shop' }, spec: { selector: { app: 'web', version: 'v1' }, ports: [{ name: 'http', port: 80, targetPort: 8080 }] } };
const httpRoute = (spec: Obj, namespace = 'shop', name = 'web'): Obj => ({ apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name, namespace }, spec: { parentRefs: [{ name: 'gw' }], rules: [{ backendRefs: [{ name: 'web-v1', namespace: 'shop', port: 80 }] }], ...spec } });
const mesh = (gw: Obj, ...routes: Obj[]): Obj[] => [...baseMesh(), v1Service, gw, ...routes];
const get = (objects: Obj[], url: string): ExplainResult => call(objects, 'GET', url, INGRESS);
const gatewayStep = (r: ExplainResult) => r.steps.find((s) => s.stage === 'gateway');

describe('explain: Gateway API listeners', () => {
  it(`a listener takes the request on its port; one without hostname takes any host, or none (${LISTENER})`, () => {
    expect(get(mesh(gateway([{ ...HTTP, port: 8080 }]), httpRoute({})), 'http://shop.example.com/')).to.include({ verdict: 'failed', status: 404, flag: 'NR' });
    expect(get(mesh(gateway([HTTP]), httpRoute({})), 'http://shop.example.com/').verdict).to.equal('allowed');
    const r = explain(mesh(gateway([HTTP]), httpRoute({})), { source: { kind: 'ingress' }, method: 'GET', target: '/' });
    expect(r.verdict).to.equal('allowed');
    expect(gatewayStep(r)).to.deep.equal({ stage: 'gateway', outcome: 'ok', object: 'Gateway shop/gw', text: 'Gateway shop/gw listener http (80/HTTP, hostname *) accepts host (any); gateway pods: Deployment shop/gw-istio (service account gw-istio)', details: { listener: 'http' } });
  });

  it(`an HTTPS listener takes https; plaintext to it fails the TLS handshake, it is no 404 (${LISTENER})`, () => {
    const objects = mesh(gateway([{ name: 'https', port: 443, protocol: 'HTTPS', hostname: 'shop.example.com', tls: { mode: 'Terminate', certificateRefs: [{ name: 'cert' }] } }]), httpRoute({}));
    expect(get(objects, 'https://shop.example.com/').verdict).to.equal('allowed');
    const plain = get(objects, 'http://shop.example.com:443/');
    expect(plain.verdict).to.equal('failed');
    expect(plain.status).to.equal(undefined);
    expect(plain.steps.slice(1)).to.deep.equal([{ stage: 'gateway', outcome: 'fail', object: 'Gateway shop/gw', text: 'Gateway shop/gw listener https (443/HTTPS, hostname shop.example.com) accepts host shop.example.com; gateway pods: Deployment shop/gw-istio (service account gw-istio), but it expects TLS and the request is plaintext: the TLS handshake fails' }]);
  });

  it(`of the listeners on a port, the most specific hostname takes the request: exact, then the longest wildcard, then none (${LISTENER})`, () => {
    const listeners = [
      { name: 'any', port: 80, protocol: 'HTTP' },
      { name: 'wild', port: 80, protocol: 'HTTP', hostname: '*.example.com' },
      { name: 'deep', port: 80, protocol: 'HTTP', hostname: '*.shop.example.com' },
      { name: 'shop', port: 80, protocol: 'HTTP', hostname: 'shop.example.com' },
    ];
    const objects = mesh(gateway(listeners), httpRoute({}));
    const listenerOf = (host: string) => gatewayStep(get(objects, `http://${host}/`))?.details?.listener;
    expect(listenerOf('shop.example.com')).to.equal('shop');
    expect(listenerOf('a.shop.example.com')).to.equal('deep');
    expect(listenerOf('blog.example.com')).to.equal('wild');
    expect(listenerOf('example.com'), '*.example.com does not cover example.com').to.equal('any');
    expect(listenerOf('example.org')).to.equal('any');
    const routeTo = (sectionName: string) => httpRoute({ parentRefs: [{ name: 'gw', sectionName }] });
    expect(get(mesh(gateway(listeners), routeTo('shop')), 'http://shop.example.com/').verdict, 'a route on the chosen listener').to.equal('allowed');
    expect(get(mesh(gateway(listeners), routeTo('wild')), 'http://shop.example.com/').status, 'a route on a less specific listener').to.equal(404);
  });

  it("the gateway's pods are <gateway>-<class>, labelled with the gateway name, which policies select", () => {
    const allow = (principal: string) => policy('allow', { selector: { matchLabels: { app: 'web' } }, rules: [{ from: [{ source: { principals: [principal] } }] }] });
    const custom = mesh(gateway([HTTP], 'edge'), httpRoute({}));
    expect(get([...custom, allow('cluster.local/ns/shop/sa/gw-edge')], 'http://shop.example.com/').verdict).to.equal('allowed');
    expect(get([...custom, allow('cluster.local/ns/shop/sa/gw-istio')], 'http://shop.example.com/').verdict).to.equal('denied');
    const deny = policy('deny-gw', { selector: { matchLabels: { 'gateway.networking.k8s.io/gateway-name': 'gw' } }, action: 'DENY', rules: [{}] });
    const denied = get([...mesh(gateway([HTTP]), httpRoute({})), deny], 'http://shop.example.com/');
    expect(denied.verdict).to.equal('denied');
    expect(denied.summary).to.match(/at the gateway shop\/gw/);
  });
});

describe('explain: which HTTPRoutes attach to the listener', () => {
  it(`parentRefs name the Gateway by group, kind, name and namespace, and may narrow to a sectionName or port (${PARENT})`, () => {
    const attached = (ref: Obj) => get(mesh(gateway([HTTP]), httpRoute({ parentRefs: [ref] })), 'http://shop.example.com/');
    for (const ref of [{ name: 'gw', sectionName: 'http' }, { name: 'gw', port: 80 }, { group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'gw', namespace: 'shop' }]) {
      expect(attached(ref).verdict, JSON.stringify(ref)).to.equal('allowed');
    }
    for (const ref of [{ name: 'other' }, { kind: 'Service', name: 'gw' }, { group: 'x.io', name: 'gw' }, { name: 'gw', namespace: 'other' }, { name: 'gw', sectionName: 'https' }, { name: 'gw', port: 8080 }]) {
      const r = attached(ref);
      expect(r, JSON.stringify(ref)).to.include({ verdict: 'failed', status: 404, flag: 'NR' });
      expect(r.summary, JSON.stringify(ref)).to.equal('failed (404 NR): no rule of the HTTPRoutes attached to Gateway shop/gw (none) matches GET /: 404 (NR)');
    }
  });

  it(`a route in another namespace attaches only where the listener's allowedRoutes let it: Same by default, All, Selector unknown (${LISTENER})`, () => {
    const grant = { apiVersion: 'gateway.networking.k8s.io/v1beta1', kind: 'ReferenceGrant', metadata: { name: 'blog-routes', namespace: 'shop' }, spec: { from: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: 'blog' }], to: [{ group: '', kind: 'Service' }] } };
    const blogRoute = httpRoute({ parentRefs: [{ name: 'gw', namespace: 'shop' }] }, 'blog');
    const withFrom = (from?: string) => [...mesh(gateway([{ ...HTTP, ...(from === undefined ? {} : { allowedRoutes: { namespaces: { from } } }) }]), blogRoute), grant];
    expect(get(withFrom(), 'http://shop.example.com/').status).to.equal(404);
    expect(get(withFrom('Same'), 'http://shop.example.com/').status).to.equal(404);
    expect(get(withFrom('All'), 'http://shop.example.com/').verdict).to.equal('allowed');
    const selector = get(withFrom('Selector'), 'http://shop.example.com/');
    expect(selector.verdict).to.equal('unknown');
    expect(selector.unknowns).to.deep.equal(['whether HTTPRoute blog/web may attach to shop/gw (allowedRoutes Selector) is not modelled']);
    const perListener = gateway([{ name: 'a', port: 80, protocol: 'HTTP', hostname: 'a.example.com' }, { name: 'b', port: 80, protocol: 'HTTP', hostname: 'b.example.com', allowedRoutes: { namespaces: { from: 'All' } } }]);
    const objects = [...mesh(perListener, blogRoute), grant];
    expect(get(objects, 'http://b.example.com/').verdict, "the accepting listener's allowedRoutes").to.equal('allowed');
    expect(get(objects, 'http://a.example.com/').status).to.equal(404);
  });

  it(`route hostnames must cover the request host; none means any (https://gateway-api.sigs.k8s.io/reference/spec/#httproutespec)`, () => {
    const withHostnames = (hostnames: unknown[]) => get(mesh(gateway([HTTP]), httpRoute({ hostnames })), 'http://shop.example.com/');
    expect(withHostnames(['blog.example.com']).status).to.equal(404);
    expect(withHostnames(['blog.example.com', 'shop.example.com']).verdict).to.equal('allowed');
    expect(withHostnames(['*.example.com']).verdict).to.equal('allowed');
    expect(withHostnames([7, 'shop.example.com']).verdict).to.equal('allowed');
    expect(get(mesh(gateway([HTTP]), httpRoute({ hostnames: ['*.example.com'] })), 'http://example.com/').status).to.equal(404);
  });
});
