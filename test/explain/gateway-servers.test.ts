import { expect } from 'chai';
import { explain, type ExplainResult } from '../../constructs/index.js';
import { baseMesh, call, policy, route, virtualService } from './support.js';

const GW = 'https://istio.io/latest/docs/reference/config/networking/gateway/';
const INGRESS = { source: { kind: 'ingress' as const } };
type Obj = Record<string, unknown>;

const istioGateway = (servers: unknown[], name = 'gw', selector: Obj = { istio: 'ingressgateway' }): Obj => ({ apiVersion: 'networking.istio.io/v1', kind: 'Gateway', metadata: { name, namespace: 'shop' }, spec: { selector, servers } });
const ingressVs = (gateways: string[] = ['gw']): Obj => ({ ...virtualService([]), metadata: { name: 'web-ingress', namespace: 'shop' }, spec: { hosts: ['*'], gateways, http: [{ route: [route('v1')] }] } });
const HTTP80 = { port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['*'] };
/** A request with no host at all: only `*` servers take it. */
const hostless = (objects: Obj[]): ExplainResult => explain(objects, { source: { kind: 'ingress' }, method: 'GET', target: '/' });
const gatewayStep = (r: ExplainResult) => r.steps.find((s) => s.stage === 'gateway');

describe('explain: Istio Gateway servers', () => {
  it(`a * server takes a request without a host; the step names the server, its port and hosts, and the gateway identity (${GW}#Server)`, () => {
    const r = hostless([...baseMesh(), istioGateway([HTTP80]), ingressVs()]);
    expect(r.verdict).to.equal('allowed');
    expect(gatewayStep(r)).to.deep.equal({
      stage: 'gateway',
      outcome: 'ok',
      object: 'Gateway shop/gw',
      text: `Gateway shop/gw server 0 (http 80/HTTP, hosts *) accepts host (any); gateway pods: the install's default gateway for {"istio":"ingressgateway"}`,
      details: { server: 0, principal: 'cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account' },
    });
    const named = hostless([...baseMesh(), istioGateway([{ ...HTTP80, hosts: ['shop.example.com'] }]), ingressVs()]);
    expect(named).to.include({ verdict: 'failed', status: 404, flag: 'NR' });
    expect(named.summary).to.equal('failed (404 NR): no Gateway server accepts host (none given) on port 80 (offered: Gateway shop/gw 80: shop.example.com): 404 (NR)');
  });

  it(`a server takes the request only on its port and when one of its hosts covers it; the namespace part of a host is not matched (${GW}#Server)`, () => {
    const servers = [{ port: { number: 8080, name: 'alt', protocol: 'HTTP' }, hosts: ['*'] }, { port: { number: 80 }, hosts: ['blog.example.com', 'shop.example.com'] }];
    const r = call([...baseMesh(), istioGateway(servers), ingressVs()], 'GET', 'http://shop.example.com/', INGRESS);
    expect(r.verdict).to.equal('allowed');
    expect(gatewayStep(r)?.text).to.match(/^Gateway shop\/gw server 1 \(HTTP 80\/HTTP, hosts blog\.example\.com, shop\.example\.com\) accepts host shop\.example\.com;/);
    for (const hosts of [['./shop.example.com'], ['shop/shop.example.com'], ['*/*.example.com'], [7, 'shop.example.com']]) {
      const prefixed = call([...baseMesh(), istioGateway([{ ...HTTP80, hosts }]), ingressVs()], 'GET', 'http://shop.example.com/', INGRESS);
      expect(prefixed.verdict, JSON.stringify(hosts)).to.equal('allowed');
    }
  });

  it('with no server for the host, the 404 lists what every Gateway offers', () => {
    const gatewayApi = { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: { name: 'api', namespace: 'shop' }, spec: { gatewayClassName: 'istio', listeners: [{ name: 'api', port: 80, protocol: 'HTTP', hostname: 'api.example.com' }, { name: 'any', port: 8080, protocol: 'HTTP' }] } };
    const r = call([...baseMesh(), istioGateway([{ ...HTTP80, hosts: ['shop.example.com', 'blog.example.com'] }]), gatewayApi, ingressVs()], 'GET', 'http://other.example.com/', INGRESS);
    expect(r).to.include({ verdict: 'failed', status: 404, flag: 'NR' });
    expect(r.steps.at(-1)).to.deep.equal({ stage: 'gateway', outcome: 'fail', text: 'no Gateway server accepts host other.example.com on port 80 (offered: Gateway shop/gw 80: shop.example.com, blog.example.com; Gateway shop/api 80: api.example.com; Gateway shop/api 8080: *): 404 (NR)' });
    expect(call([...baseMesh(), istioGateway([{ ...HTTP80, hosts: ['shop.example.com'] }]), gatewayApi, ingressVs()], 'GET', 'http://api.example.com/', INGRESS).steps[1]?.object, 'one of each kind of Gateway').to.equal('Gateway shop/api');
  });

  it('without any ingress Gateway nothing accepts traffic from outside; waypoints and east-west gateways are not ingress', () => {
    const none = { stage: 'gateway', outcome: 'fail', text: 'no Istio Gateway or Gateway API Gateway among the objects: nothing accepts traffic from outside' };
    const r = call(baseMesh(), 'GET', 'http://shop.example.com/', INGRESS);
    expect(r.verdict).to.equal('failed');
    expect(r.status).to.equal(undefined);
    expect(r.steps.slice(1)).to.deep.equal([none]);
    for (const gatewayClassName of ['istio-waypoint', 'istio-east-west']) {
      const other = { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: { name: 'wp', namespace: 'shop' }, spec: { gatewayClassName, listeners: [{ name: 'mesh', port: 80, protocol: 'HTTP' }] } };
      expect(call([...baseMesh(), other], 'GET', 'http://shop.example.com/', INGRESS).steps.slice(1), gatewayClassName).to.deep.equal([none]);
    }
  });

  it(`TLS: plaintext to an HTTPS server fails the handshake; httpsRedirect answers plaintext only (${GW}#ServerTLSSettings)`, () => {
    const https = { port: { number: 443, name: 'https', protocol: 'HTTPS' }, hosts: ['*'], tls: { mode: 'SIMPLE', credentialName: 'cert', httpsRedirect: true } };
    const objects = [...baseMesh(), istioGateway([{ ...HTTP80, tls: { httpsRedirect: true } }, https]), ingressVs()];
    const plain = call(objects, 'GET', 'http://shop.example.com:443/', INGRESS);
    expect(plain.steps.slice(1)).to.deep.equal([{ stage: 'gateway', outcome: 'fail', object: 'Gateway shop/gw', text: `Gateway shop/gw server 1 (https 443/HTTPS, hosts *) accepts host shop.example.com; gateway pods: the install's default gateway for {"istio":"ingressgateway"}, but it expects TLS and the request is plaintext: the TLS handshake fails` }]);
    const secure = call(objects, 'GET', 'https://shop.example.com/', INGRESS);
    expect(secure.verdict).to.equal('allowed');
    expect(secure.status, 'a TLS request is not redirected').to.equal(undefined);
    const redirected = call(objects, 'GET', 'http://shop.example.com/', INGRESS);
    expect(redirected).to.include({ verdict: 'allowed', status: 301 });
    expect(redirected.steps.slice(1)).to.deep.equal([{ stage: 'gateway', outcome: 'ok', object: 'Gateway shop/gw', text: `Gateway shop/gw server 0 (http 80/HTTP, hosts *) accepts host shop.example.com; gateway pods: the install's default gateway for {"istio":"ingressgateway"}; httpsRedirect answers 301 to https` }]);
  });
});

describe('explain: the identity and namespace of Istio gateway pods', () => {
  it('gateway pods among the objects give their namespace and service account; policies of that namespace apply there', () => {
    const edge = [
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'edge' } },
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'edge-gw', namespace: 'edge' }, spec: { selector: { matchLabels: { app: 'edge-gw' } }, template: { metadata: { labels: { app: 'edge-gw' } }, spec: { serviceAccountName: 'edge-gw', containers: [{ name: 'istio-proxy', image: 'proxyv2' }] } } } },
    ];
    const objects = [...baseMesh(), ...edge, istioGateway([HTTP80], 'gw', { app: 'edge-gw' }), ingressVs()];
    const allow = policy('allow', { selector: { matchLabels: { app: 'web' } }, rules: [{ from: [{ source: { principals: ['cluster.local/ns/edge/sa/edge-gw'] } }] }] });
    const r = call([...objects, allow], 'GET', 'http://shop.example.com/', INGRESS);
    expect(r.verdict).to.equal('allowed');
    expect(gatewayStep(r)).to.deep.include({ outcome: 'ok', details: { server: 0, principal: 'cluster.local/ns/edge/sa/edge-gw' } });
    expect(gatewayStep(r)?.text).to.match(/; gateway pods: Deployment edge\/edge-gw$/);
    const denyAtEdge = policy('deny', { action: 'DENY', rules: [{}] }, 'edge');
    const denied = call([...objects, denyAtEdge], 'GET', 'http://shop.example.com/', INGRESS);
    expect(denied.verdict).to.equal('denied');
    expect(denied.summary).to.match(/at the gateway shop\/gw/);
  });

  it('an empty selector, or labels matching no pods and no install default, leave the identity unknown', () => {
    const unknownNote = (selector: Obj) => `gateway pods: pods with ${JSON.stringify(selector)}, not among the objects and no known install default: identity and namespace unknown (only root-namespace policies are checked there)`;
    for (const selector of [{}, { istio: 'ingressgateway', team: 'edge' }]) {
      const r = call([...baseMesh(), istioGateway([HTTP80], 'gw', selector), ingressVs()], 'GET', 'http://shop.example.com/', INGRESS);
      const step = gatewayStep(r);
      expect(step?.outcome, JSON.stringify(selector)).to.equal('unknown');
      expect(step?.details, JSON.stringify(selector)).to.deep.equal({ server: 0, principal: 'unknown' });
      expect(step?.text.endsWith(unknownNote(selector)), step?.text).to.equal(true);
    }
  });
});

describe('explain: Istio Gateways competing for a host (https://istio.io/latest/docs/reference/config/analysis/ist0145/)', () => {
  const conflict = (other: Obj) => call([...baseMesh(), istioGateway([HTTP80]), other, ingressVs(['gw', 'other'])], 'GET', 'http://shop.example.com/', INGRESS);
  const other = (servers: unknown[], selector: Obj = { istio: 'ingressgateway' }) => istioGateway(servers, 'other', selector);

  it('only Gateways on the same pods that take the same port and host conflict', () => {
    expect(conflict(other([HTTP80], { istio: 'ingress' })).verdict, 'other gateway pods').to.equal('allowed');
    expect(conflict(other([{ ...HTTP80, port: { number: 8080, name: 'alt', protocol: 'HTTP' } }])).verdict, 'another port').to.equal('allowed');
    expect(conflict(other([{ ...HTTP80, hosts: ['blog.example.com'] }])).verdict, 'another host').to.equal('allowed');
    expect(conflict(other([{ port: { number: 443, name: 'https', protocol: 'HTTPS' }, hosts: ['*'] }, HTTP80])).verdict, 'its second server').to.equal('unknown');
    expect(conflict(other([{ ...HTTP80, hosts: ['blog.example.com', 'shop.example.com'] }])).verdict, 'its second host').to.equal('unknown');
  });

  it('the conflict names the Gateways, the host and the port', () => {
    const r = hostless([...baseMesh(), istioGateway([HTTP80]), other([HTTP80]), ingressVs(['gw', 'other'])]);
    expect(r.verdict).to.equal('unknown');
    expect(r.steps.slice(1)).to.deep.equal([{ stage: 'gateway', outcome: 'unknown', object: 'Gateway shop/gw', text: 'Gateway shop/gw, Gateway shop/other all accept host (any) on port 80 at the same gateway pods ({"istio":"ingressgateway"}; IST0145): which of their routes serves the request depends on Istio\'s merge order, which the manifests do not tell. Explain the files one deployment applies (e.g. dist/*.yaml, as kubectl apply -f dist/ does)' }]);
  });
});
