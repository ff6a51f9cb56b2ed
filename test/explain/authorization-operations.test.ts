import { expect } from 'chai';
import { explain, type ExplainResult } from '../../constructs/index.js';
import { baseMesh, call, policy, virtualService } from './support.js';

const AP = 'https://istio.io/latest/docs/reference/config/security/authorization-policy/';
const CONDITIONS = 'https://istio.io/latest/docs/reference/config/security/conditions/';
const FRONTEND = 'cluster.local/ns/front/sa/frontend';
const to = (operation: Record<string, unknown>) => [...baseMesh(), policy('allow', { rules: [{ to: [{ operation }] }] })];
const when = (...conditions: Record<string, unknown>[]) => [...baseMesh(), policy('allow', { rules: [{ when: conditions }] })];
const authStep = (r: ExplainResult) => r.destinations[0].steps.find((s) => s.stage === 'authorization');

/** An Istio Gateway whose pods are not among the objects and match no known install: the caller's identity is unknown. */
function unknownGateway(): Record<string, unknown>[] {
  return [
    { apiVersion: 'networking.istio.io/v1', kind: 'Gateway', metadata: { name: 'edge', namespace: 'shop' }, spec: { selector: { istio: 'edge' }, servers: [{ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['*'] }] } },
    virtualService([{ route: [{ destination: { host: 'web' } }] }], { hosts: ['*'], gateways: ['edge'] }),
  ];
}
const viaUnknownGateway = (objects: Record<string, unknown>[]) => call([...objects, ...unknownGateway()], 'GET', 'http://web.example/', { source: { kind: 'ingress' } });

describe('explain: AuthorizationPolicy operations (to)', () => {
  it(`hosts match the whole Host header, its port included: "web.shop" does not match "web.shop:80" (${AP}#Operation)`, () => {
    expect(call(to({ hosts: ['web.shop'] }), 'GET', 'http://web.shop/').verdict, 'no port').to.equal('allowed');
    expect(call(to({ hosts: ['web.shop'] }), 'GET', 'http://web.shop:80/').verdict, 'the port is part of the header').to.equal('denied');
    expect(call(to({ hosts: ['web.shop', 'web.shop:*'] }), 'GET', 'http://web.shop:80/').verdict, 'the documented host:* form').to.equal('allowed');
    expect(call(to({ hosts: ['web.shop:80'] }), 'GET', 'http://web.shop:80/').verdict, 'port in the pattern').to.equal('allowed');
    expect(call(to({ hosts: ['web.shop:8'] }), 'GET', 'http://web.shop:80/').verdict, 'another port').to.equal('denied');
    expect(call(to({ hosts: ['api.example'] }), 'GET', 'http://web.shop/').verdict, 'another host').to.equal('denied');
  });

  it(`a DENY on hosts does not catch the same host with a port, as Istio warns (${AP}#Operation)`, () => {
    const objects = [...baseMesh(), policy('deny', { action: 'DENY', rules: [{ to: [{ operation: { hosts: ['web.shop'] } }] }] })];
    expect(call(objects, 'GET', 'http://web.shop/').verdict).to.equal('denied');
    expect(call(objects, 'GET', 'http://web.shop:80/').verdict).to.equal('allowed');
  });

  it(`hosts match case-insensitively (${AP}#Operation)`, () => {
    expect(call(to({ hosts: ['web.shop:80'] }), 'GET', 'http://Web.Shop:80/').verdict).to.equal('allowed');
    expect(call(to({ hosts: ['WEB.shop'] }), 'GET', 'http://web.shop/').verdict).to.equal('allowed');
    expect(call(to({ hosts: ['web.*'] }), 'GET', 'http://WEB.shop/').verdict).to.equal('allowed');
  });

  it(`notHosts matches a request to none of them, the port included (${AP}#Operation)`, () => {
    expect(call(to({ notHosts: ['web.shop'] }), 'GET', 'http://web.shop/').verdict).to.equal('denied');
    expect(call(to({ notHosts: ['web.shop'] }), 'GET', 'http://web.shop:80/').verdict).to.equal('allowed');
    expect(call(to({ notHosts: ['web.shop:*'] }), 'GET', 'http://web.shop:80/').verdict).to.equal('denied');
    expect(call(to({ notHosts: ['api.example'] }), 'GET', 'http://web.shop:80/').verdict).to.equal('allowed');
  });

  it('a host rule at the gateway with a request that names no host: the rule is evaluated, nothing crashes', () => {
    const gateway = { apiVersion: 'networking.istio.io/v1', kind: 'Gateway', metadata: { name: 'public', namespace: 'shop' }, spec: { selector: { istio: 'ingressgateway' }, servers: [{ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['*'] }] } };
    const atGateway = policy('gw', { selector: { matchLabels: { istio: 'ingressgateway' } }, rules: [{ to: [{ operation: { notHosts: ['admin.example'] } }] }] }, 'istio-system');
    const r = explain([...baseMesh(), gateway, atGateway], { source: { kind: 'ingress' }, method: 'GET', target: '/' });
    expect(r.steps.find((s) => s.stage === 'authorization')?.text).to.equal('at the gateway shop/public: allowed by AuthorizationPolicy istio-system/gw rule 0 (ALLOW)');
  });

  it(`methods, ports and paths: any entry of a list, and their not* forms (${AP}#Operation)`, () => {
    expect(call(to({ methods: ['POST', 'GET'] }), 'GET', '/').verdict).to.equal('allowed');
    expect(call(to({ notMethods: ['POST', 'GET'] }), 'GET', '/').verdict).to.equal('denied');
    expect(call(to({ notMethods: ['POST'] }), 'GET', '/').verdict).to.equal('allowed');
    expect(call(to({ ports: ['8080'] }), 'GET', '/').verdict, 'the container port').to.equal('allowed');
    expect(call(to({ ports: ['80'] }), 'GET', '/').verdict, 'not the Service port').to.equal('denied');
    expect(call(to({ notPorts: ['8080'] }), 'GET', '/').verdict).to.equal('denied');
    expect(call(to({ paths: ['/a', '/b'] }), 'GET', '/b').verdict).to.equal('allowed');
    expect(call(to({ paths: ['/a', '/b'] }), 'GET', '/c').verdict).to.equal('denied');
  });
});

describe('explain: AuthorizationPolicy conditions (when)', () => {
  it(`source.principal and destination.port are evaluated (${CONDITIONS})`, () => {
    expect(call(when({ key: 'source.principal', values: [FRONTEND] }), 'GET', '/').verdict).to.equal('allowed');
    expect(call(when({ key: 'source.principal', values: ['cluster.local/ns/front/sa/other'] }), 'GET', '/').verdict).to.equal('denied');
    expect(call(when({ key: 'destination.port', values: ['8080'] }), 'GET', '/').verdict).to.equal('allowed');
    expect(call(when({ key: 'destination.port', values: ['9090'] }), 'GET', '/').verdict).to.equal('denied');
  });

  it(`values: any of them; notValues: none of them; both: a value in one and not in the other (${CONDITIONS})`, () => {
    const team = (t: string) => ({ headers: { 'x-team': t } });
    expect(call(when({ key: 'request.headers[x-team]', values: ['cats', 'dogs'] }), 'GET', '/', team('dogs')).verdict).to.equal('allowed');
    const notPets = when({ key: 'request.headers[x-team]', notValues: ['cats', 'dogs'] });
    expect(call(notPets, 'GET', '/', team('dogs')).verdict).to.equal('denied');
    expect(call(notPets, 'GET', '/', team('birds')).verdict).to.equal('allowed');
    const anyButCats = when({ key: 'request.headers[x-team]', values: ['*'], notValues: ['cats'] });
    expect(call(anyButCats, 'GET', '/', team('cats')).verdict).to.equal('denied');
    expect(call(anyButCats, 'GET', '/', team('birds')).verdict).to.equal('allowed');
  });

  it(`header names in a key are case-insensitive; a key Istio does not define is not modelled (${CONDITIONS})`, () => {
    expect(call(when({ key: 'request.headers[X-Team]', values: ['dogs'] }), 'GET', '/', { headers: { 'x-team': 'dogs' } }).verdict).to.equal('allowed');
    expect(call(when({ key: 'my.request.headers[x-team]', values: ['dogs'] }), 'GET', '/', { headers: { 'x-team': 'dogs' } }).verdict).to.equal('unknown');
    expect(call(when({ key: 'request.headers[x-team].raw', values: ['dogs'] }), 'GET', '/', { headers: { 'x-team': 'dogs' } }).verdict).to.equal('unknown');
  });
});

describe("explain: a caller whose identity is not known", () => {
  it(`through a gateway whose pods are unknown: source.namespace, source.principal and principals are not known (${CONDITIONS})`, () => {
    for (const rule of [{ when: [{ key: 'source.namespace', values: ['istio-system'] }] }, { when: [{ key: 'source.principal', values: ['*'] }] }, { from: [{ source: { principals: ['*'] } }] }]) {
      const r = viaUnknownGateway([...baseMesh(), policy('allow', { rules: [rule] })]);
      expect(r.verdict, JSON.stringify(rule)).to.equal('unknown');
      expect(authStep(r)?.text).to.equal("at the sidecar of Deployment shop/web-v1: whether ALLOW AuthorizationPolicy shop/allow matches is not known (a field or condition is not modelled, or the caller's identity)");
    }
  });

  it('a rule that does not look at the caller is still decided', () => {
    expect(viaUnknownGateway([...baseMesh(), policy('allow', { rules: [{ to: [{ operation: { methods: ['GET'] } }] }] })]).verdict).to.equal('allowed');
    expect(viaUnknownGateway([...baseMesh(), policy('allow', { rules: [{ when: [{ key: 'destination.port', values: ['9090'] }] }] })]).verdict).to.equal('denied');
  });
});
