import { expect } from 'chai';
import type { ExplainResult } from '../../constructs/index.js';
import { baseMesh, call, peerAuth, route, virtualService } from './support.js';

const DR = 'https://istio.io/latest/docs/reference/config/networking/destination-rule/';
type Obj = Record<string, unknown>;

const destinationRule = (namespace: string, host: string, spec: Obj = {}, name = 'web'): Obj => ({ apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: { name, namespace }, spec: { host, ...spec } });
/** baseMesh() with its DestinationRule's spec replaced. */
const meshWithRule = (spec: Obj): Obj[] => baseMesh().map((o) => (o.kind === 'DestinationRule' ? destinationRule('shop', 'web.shop.svc.cluster.local', spec) : o));
const policyStep = (r: ExplainResult, i = 0) => r.destinations[i].steps.find((s) => s.stage === 'traffic-policy');
const SUBSETS = [{ name: 'v1', labels: { version: 'v1' } }, { name: 'v2', labels: { version: 'v2' } }];

describe('explain: DestinationRule traffic policy', () => {
  it(`the DestinationRule of the host is looked up in the caller's namespace, then the host's, then the root namespace (${DR})`, () => {
    const objects = (...rules: Obj[]) => [...rules, ...baseMesh(), virtualService([{ route: [route('v1')] }])];
    const otherHost = destinationRule('front', 'db.front.svc.cluster.local', { trafficPolicy: { loadBalancer: { simple: 'RANDOM' } } }, 'db');
    const r = call(objects(otherHost), 'GET', '/');
    expect(r.verdict, "a rule for another host in the caller's namespace is not the host's").to.equal('allowed');
    expect(policyStep(r)?.object).to.equal('DestinationRule shop/web');
    const root = destinationRule('istio-system', 'web.shop.svc.cluster.local', { trafficPolicy: { loadBalancer: { simple: 'RANDOM' } } });
    const fromHostNamespace = call(objects(root), 'GET', '/');
    expect(fromHostNamespace.verdict, "the host's namespace before the root namespace").to.equal('allowed');
    expect(policyStep(fromHostNamespace)?.object).to.equal('DestinationRule shop/web');
    const own = destinationRule('front', 'web.shop.svc.cluster.local', { subsets: [SUBSETS[0]], trafficPolicy: { loadBalancer: { simple: 'LEAST_REQUEST' } } });
    const fromCaller = call(objects(root, own), 'GET', '/');
    expect(fromCaller.verdict).to.equal('allowed');
    expect(policyStep(fromCaller)).to.deep.include({ object: 'DestinationRule front/web', text: 'DestinationRule front/web: TLS auto mTLS (ISTIO_MUTUAL to pods with a proxy, plaintext otherwise); load balancer LEAST_REQUEST; outlier detection none; connection pool unlimited (default)' });
  });

  it(`a rule exported only to its own namespace ('.') is not seen by callers elsewhere (${DR}#DestinationRule)`, () => {
    const objects = [...meshWithRule({ subsets: SUBSETS, exportTo: ['.'] }), virtualService([{ route: [route('v1')] }])];
    const r = call(objects, 'GET', '/');
    expect(r).to.include({ verdict: 'failed', status: 503, flag: 'NR' });
    expect(r.summary).to.match(/subset v1 is not defined in any DestinationRule for web\.shop\.svc\.cluster\.local/);
    expect(call(objects, 'GET', '/', { source: { kind: 'workload', namespace: 'shop', serviceAccount: 'web' } }).verdict, 'from its own namespace').to.equal('allowed');
  });

  it(`a subset's policy overrides the top-level one for traffic routed to that subset (${DR}#Subset)`, () => {
    const spec = {
      trafficPolicy: { loadBalancer: { simple: 'LEAST_REQUEST' }, outlierDetection: { consecutive5xxErrors: 3 } },
      subsets: [{ ...SUBSETS[0], trafficPolicy: { loadBalancer: { simple: 'LEAST_CONN' } } }, { ...SUBSETS[1], trafficPolicy: { loadBalancer: { simple: 'RANDOM' }, tls: { mode: 'DISABLE' } } }],
    };
    const to = (subset: string) => call([...meshWithRule(spec), virtualService([{ route: [route(subset)] }])], 'GET', '/');
    expect(policyStep(to('v2'))?.text).to.equal('DestinationRule shop/web: TLS DISABLE; load balancer RANDOM; outlier detection {"consecutive5xxErrors":3}; connection pool unlimited (default)');
    expect(policyStep(to('v1'))?.text).to.equal('DestinationRule shop/web: TLS auto mTLS (ISTIO_MUTUAL to pods with a proxy, plaintext otherwise); load balancer LEAST_CONN; outlier detection {"consecutive5xxErrors":3}; connection pool unlimited (default)');
    const strict = (subset: string) => call([...meshWithRule(spec), peerAuth({ mtls: { mode: 'STRICT' } }), virtualService([{ route: [route(subset)] }])], 'GET', '/');
    expect(strict('v2'), "v2's TLS DISABLE sends plaintext to STRICT pods").to.include({ verdict: 'failed', status: 503, flag: 'UF' });
    expect(strict('v1').verdict).to.equal('allowed');
  });

  it(`port-level settings apply to their port only and do not inherit the level above: fields they leave out are defaults (${DR}#TrafficPolicy-PortTrafficPolicy)`, () => {
    const spec = (portLevelSettings: Obj[]) => ({ subsets: SUBSETS, trafficPolicy: { tls: { mode: 'DISABLE' }, outlierDetection: { consecutive5xxErrors: 3 }, proxyProtocol: { version: 'V1' }, portLevelSettings } });
    const objects = (portLevelSettings: Obj[]) => [...meshWithRule(spec(portLevelSettings)), peerAuth({ mtls: { mode: 'STRICT' } }), virtualService([{ route: [route('v1')] }])];
    const other = { port: { number: 9090 }, loadBalancer: { simple: 'RANDOM' } };
    const own = { port: { number: 80 }, loadBalancer: { simple: 'LEAST_REQUEST' } };
    const r = call(objects([other, own]), 'GET', '/');
    expect(r.verdict, 'the port-level entry for 80 drops the top-level TLS DISABLE: auto mTLS').to.equal('allowed');
    expect(policyStep(r)?.text).to.equal('DestinationRule shop/web: TLS auto mTLS (ISTIO_MUTUAL to pods with a proxy, plaintext otherwise); load balancer LEAST_REQUEST; outlier detection none; connection pool unlimited (default)');
    expect(policyStep(r)?.details?.policy).to.deep.equal({ loadBalancer: { simple: 'LEAST_REQUEST' }, proxyProtocol: { version: 'V1' } });
    const elsewhere = call(objects([other]), 'GET', '/');
    expect(elsewhere, 'an entry for another port leaves the top-level TLS DISABLE').to.include({ verdict: 'failed', status: 503, flag: 'UF' });
    expect(policyStep(elsewhere)?.text).to.match(/^DestinationRule shop\/web: TLS DISABLE; load balancer ROUND_ROBIN \(default\);/);
    const subsetPort = { subsets: [{ ...SUBSETS[0], trafficPolicy: { portLevelSettings: [{ port: { number: 80 }, tls: { mode: 'DISABLE' } }] } }, SUBSETS[1]] };
    const bySubset = (subset: string) => call([...meshWithRule(subsetPort), peerAuth({ mtls: { mode: 'STRICT' } }), virtualService([{ route: [route(subset)] }])], 'GET', '/');
    expect(bySubset('v1').verdict, "the subset's port-level TLS DISABLE").to.equal('failed');
    expect(bySubset('v2').verdict).to.equal('allowed');
  });
});
