import { expect } from 'chai';
import type { ExplainResult } from '../../constructs/index.js';
import { baseMesh, call, policy } from './support.js';

const AP = 'https://istio.io/latest/docs/reference/config/security/authorization-policy/';
const L4 = 'https://istio.io/latest/docs/ambient/usage/l4-policy/';
const FRONTEND = 'cluster.local/ns/front/sa/frontend';
type Obj = Record<string, unknown>;
const denyAll = (extra: Obj = {}, namespace = 'shop') => policy('deny', { action: 'DENY', rules: [{}], ...extra }, namespace);
const gatewayRef = (name: string) => ({ group: 'gateway.networking.k8s.io', kind: 'Gateway', name });
const authSteps = (r: ExplainResult) => [...r.steps, ...r.destinations.flatMap((d) => d.steps)].filter((s) => s.stage === 'authorization');

/** A Gateway API gateway `public` in shop whose HTTPRoute sends shop.example.com to web. */
function gatewayApi(): Obj[] {
  return [
    { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: { name: 'public', namespace: 'shop' }, spec: { gatewayClassName: 'istio', listeners: [{ name: 'http', port: 80, protocol: 'HTTP' }] } },
    { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name: 'web', namespace: 'shop' }, spec: { parentRefs: [{ name: 'public' }], hostnames: ['shop.example.com'], rules: [{ backendRefs: [{ name: 'web', port: 80 }] }] } },
  ];
}
const throughGateway = (objects: Obj[]) => call([...baseMesh(), ...gatewayApi(), ...objects], 'GET', 'http://shop.example.com/', { source: { kind: 'ingress' } });

/** The shop namespace in ambient mode, optionally with its waypoint `waypoint` for every Service. */
function ambient(waypoint = false): Obj[] {
  const objects = baseMesh({ 'istio.io/dataplane-mode': 'ambient', ...(waypoint ? { 'istio.io/use-waypoint': 'waypoint' } : {}) });
  if (waypoint) objects.push({ apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: { name: 'waypoint', namespace: 'shop' }, spec: { gatewayClassName: 'istio-waypoint', listeners: [{ name: 'mesh', port: 15008, protocol: 'HBONE' }] } });
  return objects;
}

describe('explain: which AuthorizationPolicies apply where', () => {
  it(`a selector applies only to pods with every one of its labels (${AP}#AuthorizationPolicy)`, () => {
    expect(call([...baseMesh(), denyAll({ selector: { matchLabels: { app: 'web', version: 'v3' } } })], 'GET', '/').verdict).to.equal('allowed');
    expect(call([...baseMesh(), denyAll({ selector: { matchLabels: { app: 'web' } } })], 'GET', '/').verdict).to.equal('denied');
  });

  it(`targetRefs bind a policy to a gateway or a waypoint, never to a sidecar (${AP}#AuthorizationPolicy)`, () => {
    for (const ref of [gatewayRef('web'), { group: '', kind: 'Service', name: 'web' }, { group: 'gateway.networking.k8s.io', kind: 'GatewayClass', name: 'istio' }]) {
      expect(call([...baseMesh(), denyAll({ targetRefs: [ref] })], 'GET', '/').verdict, ref.kind).to.equal('allowed');
    }
  });

  it(`a Gateway API gateway enforces the policies whose targetRefs name it (${AP}#AuthorizationPolicy)`, () => {
    const r = throughGateway([denyAll({ targetRefs: [gatewayRef('public')] })]);
    expect(r).to.include({ verdict: 'denied', status: 403 });
    expect(authSteps(r)[0].text).to.equal('at the gateway shop/public: denied by AuthorizationPolicy shop/deny rule 0 (DENY): 403 "RBAC: access denied"');
    expect(throughGateway([denyAll({ targetRefs: [gatewayRef('other'), gatewayRef('public')] })]).verdict, 'any of its targetRefs').to.equal('denied');
    expect(throughGateway([denyAll({ targetRefs: [gatewayRef('other')] })]).verdict, 'another gateway').to.equal('allowed');
  });

  it(`a root-namespace policy's targetRefs name objects of the root namespace only (${AP}#AuthorizationPolicy)`, () => {
    expect(throughGateway([denyAll({ targetRefs: [gatewayRef('public')] }, 'istio-system')]).verdict).to.equal('allowed');
    expect(throughGateway([denyAll({}, 'istio-system')]).verdict, 'without targetRefs it applies mesh-wide').to.equal('denied');
  });

  it(`a root-namespace policy whose targetRefs name a GatewayClass applies to every gateway of that class (${AP}#AuthorizationPolicy)`, () => {
    const classRef = (name: string) => ({ group: 'gateway.networking.k8s.io', kind: 'GatewayClass', name });
    const r = throughGateway([denyAll({ targetRefs: [classRef('istio')] }, 'istio-system')]);
    expect(r.verdict).to.equal('denied');
    expect(authSteps(r)[0].text).to.equal('at the gateway shop/public: denied by AuthorizationPolicy istio-system/deny rule 0 (DENY): 403 "RBAC: access denied"');
    expect(throughGateway([denyAll({ targetRefs: [classRef('other')] }, 'istio-system')]).verdict, 'another class').to.equal('allowed');
    expect(throughGateway([denyAll({ targetRefs: [classRef('istio')] })]).verdict, 'outside the root namespace').to.equal('allowed');
    const waypoints = call([...ambient(true), denyAll({ targetRefs: [classRef('istio-waypoint')] }, 'istio-system')], 'GET', '/');
    expect(waypoints.verdict, 'the waypoints class').to.equal('denied');
    expect(authSteps(waypoints)[0].text).to.match(/^at the waypoint shop\/waypoint: denied by AuthorizationPolicy istio-system\/deny/);
  });

  it(`a waypoint enforces the policies whose targetRefs name it or the Service, and no others (https://istio.io/latest/docs/ambient/usage/l7-features/)`, () => {
    const adminOnly = { action: 'DENY', rules: [{ to: [{ operation: { paths: ['/admin'] } }] }] };
    const at = (spec: Obj) => call([...ambient(true), policy('deny', spec)], 'GET', '/admin');
    for (const ref of [gatewayRef('waypoint'), { group: '', kind: 'Service', name: 'web' }]) {
      const r = at({ ...adminOnly, targetRefs: [ref] });
      expect(r.verdict, ref.kind).to.equal('denied');
      expect(authSteps(r)[0].text).to.equal('at the waypoint shop/waypoint: denied by AuthorizationPolicy shop/deny rule 0 (DENY): 403 "RBAC: access denied"');
    }
    for (const ref of [{ group: '', kind: 'Service', name: 'other' }, { group: 'networking.istio.io', kind: 'ServiceEntry', name: 'web' }, gatewayRef('other')]) {
      expect(at({ ...adminOnly, targetRefs: [ref] }).verdict, `${ref.kind} ${ref.name}`).to.equal('allowed');
    }
    const selected = at({ ...adminOnly, selector: { matchLabels: { 'gateway.networking.k8s.io/gateway-name': 'waypoint' } } });
    expect(selected.verdict, 'a selector does not bind to the waypoint').to.equal('allowed');
    const namespaceWide = at(adminOnly);
    expect(namespaceWide.verdict, 'a namespace-wide L7 DENY goes to ztunnel, which cannot read paths').to.equal('unknown');
    expect(authSteps(namespaceWide).map((s) => s.text)).to.deep.equal([
      'at the waypoint shop/waypoint: allowed, no ALLOW AuthorizationPolicy applies (https://istio.io/latest/docs/reference/config/security/authorization-policy/)',
      'at the ztunnel for Deployment shop/web-v1 (L4 only): whether DENY AuthorizationPolicy shop/deny matches is not known (a field or condition is not modelled)',
      'at the waypoint shop/waypoint: allowed, no ALLOW AuthorizationPolicy applies (https://istio.io/latest/docs/reference/config/security/authorization-policy/)',
      'at the ztunnel for Deployment shop/web-v2 (L4 only): whether DENY AuthorizationPolicy shop/deny matches is not known (a field or condition is not modelled)',
    ]);
  });
});

describe('explain: policies enforced by ztunnel (ambient, no waypoint)', () => {
  const allow = (rule: Obj) => [...ambient(), policy('allow', { rules: [rule] })];

  it(`an ALLOW rule with L7 attributes never matches there; an L4 rule does (${L4})`, () => {
    expect(call(allow({ to: [{ operation: { ports: ['8080'] } }] }), 'GET', '/public').verdict, 'ports only').to.equal('allowed');
    expect(call(allow({ to: [{ operation: { ports: ['8080'], paths: ['/public'] } }] }), 'GET', '/public').verdict, 'ports and paths').to.equal('denied');
    expect(call(allow({ from: [{ source: { principals: [FRONTEND] } }] }), 'GET', '/').verdict, 'principals').to.equal('allowed');
    expect(call(allow({ from: [{ source: { principals: [FRONTEND], requestPrincipals: ['*'] } }] }), 'GET', '/').verdict, 'principals and requestPrincipals').to.equal('denied');
    expect(call(allow({ from: [{ source: { requestPrincipals: ['*'] } }] }), 'GET', '/').verdict, 'requestPrincipals').to.equal('denied');
    expect(call(allow({ from: [{ source: { requestPrincipals: ['*'] } }, { source: { principals: [FRONTEND] } }] }), 'GET', '/').verdict, 'one source with L7').to.equal('denied');
    expect(call(allow({ when: [{ key: 'request.headers[x-team]', values: ['dogs'] }] }), 'GET', '/', { headers: { 'x-team': 'dogs' } }).verdict, 'a header condition').to.equal('denied');
    expect(call(allow({ when: [{ key: 'source.namespace', values: ['front'] }] }), 'GET', '/').verdict, 'source.namespace').to.equal('allowed');
  });

  it(`whether a DENY or CUSTOM rule with L7 attributes matches there is not known (${L4})`, () => {
    const deny = call([...ambient(), policy('deny', { action: 'DENY', rules: [{ to: [{ operation: { paths: ['/admin'] } }] }] })], 'GET', '/public');
    expect(deny.verdict).to.equal('unknown');
    const custom = call([...ambient(), policy('ext', { action: 'CUSTOM', provider: { name: 'oauth2' }, rules: [{ to: [{ operation: { paths: ['/admin'] } }] }] })], 'GET', '/public');
    expect(custom.verdict).to.equal('unknown');
    expect(custom.unknowns[0]).to.match(/CUSTOM AuthorizationPolicy shop\/ext sends the request to provider oauth2/);
  });
});
