import { expect } from 'chai';
import { baseMesh, call, policy, route, virtualService } from './support.js';

const GW = 'https://istio.io/latest/docs/reference/config/networking/gateway/';
const HTTPROUTE = 'https://gateway-api.sigs.k8s.io/reference/spec/#httprouterule';
const INGRESS = { source: { kind: 'ingress' as const } };

const istioGateway = (servers: unknown[]) => ({ apiVersion: 'networking.istio.io/v1', kind: 'Gateway', metadata: { name: 'gw', namespace: 'shop' }, spec: { selector: { istio: 'ingressgateway' }, servers } });
const ingressVs = (hosts: string[]): Record<string, unknown> => ({ ...virtualService([{ route: [route('v1')] }]), metadata: { name: 'web-ingress', namespace: 'shop' }, spec: { hosts, gateways: ['gw'], http: [{ route: [route('v1')] }] } });

describe('explain: ingress', () => {
  it(`an Istio Gateway server accepts the request by port and host (${GW}#Server)`, () => {
    const objects = [...baseMesh(), istioGateway([{ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['shop.example.com'] }]), ingressVs(['shop.example.com'])];
    const ok = call(objects, 'GET', 'http://shop.example.com/', INGRESS);
    expect(ok.verdict).to.equal('allowed');
    expect(ok.steps.find((s) => s.stage === 'gateway')?.text).to.match(/Gateway shop\/gw server 0/);
    const other = call(objects, 'GET', 'http://other.example.com/', INGRESS);
    expect(other).to.include({ verdict: 'failed', status: 404 });
    expect(other.summary).to.match(/no Gateway server accepts host other\.example\.com on port 80/);
  });

  it('a VirtualService bound to the gateway must serve the host, else 404', () => {
    const objects = [...baseMesh(), istioGateway([{ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['*'] }]), ingressVs(['shop.example.com'])];
    expect(call(objects, 'GET', 'http://blog.example.com/', INGRESS)).to.include({ verdict: 'failed', status: 404, flag: 'NR' });
  });

  it(`httpsRedirect answers 301 (${GW}#ServerTLSSettings)`, () => {
    const objects = [...baseMesh(), istioGateway([{ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['*'], tls: { httpsRedirect: true } }]), ingressVs(['*'])];
    expect(call(objects, 'GET', 'http://shop.example.com/', INGRESS)).to.include({ verdict: 'allowed', status: 301 });
  });

  it("the ingress identity follows the install's gateway labels (istioctl: istio-ingressgateway-service-account; Helm: istio-ingress)", () => {
    const allow = (principal: string) => policy('allow', { rules: [{ from: [{ source: { principals: [principal] } }] }] });
    const classic = [...baseMesh(), istioGateway([{ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['*'] }]), ingressVs(['*'])];
    expect(call([...classic, allow('cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account')], 'GET', '/', INGRESS).verdict).to.equal('allowed');
    const helm = classic.map((o) => (o.kind === 'Gateway' ? { ...o, spec: { ...(o.spec as object), selector: { istio: 'ingress' } } } : o));
    expect(call([...helm, allow('cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account')], 'GET', '/', INGRESS).verdict).to.equal('denied');
    expect(call([...helm, allow('cluster.local/ns/istio-ingress/sa/istio-ingress')], 'GET', '/', INGRESS).verdict).to.equal('allowed');
    const custom = classic.map((o) => (o.kind === 'Gateway' ? { ...o, spec: { ...(o.spec as object), selector: { team: 'edge' } } } : o));
    expect(call([...custom, allow('cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account')], 'GET', '/', INGRESS).verdict, 'identity not known').to.equal('unknown');
  });

  describe('Gateway API', () => {
    const gateway = { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: { name: 'gw', namespace: 'shop' }, spec: { gatewayClassName: 'istio', listeners: [{ name: 'http', port: 80, protocol: 'HTTP', hostname: 'shop.example.com' }] } };
    const versionService = (v: string) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: `web-${v}`, namespace: 'shop' }, spec: { selector: { app: 'web', version: v }, ports: [{ name: 'http', port: 80, targetPort: 8080 }] } });
    const httpRoute = (rules: unknown[]) => ({ apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name: 'web', namespace: 'shop' }, spec: { parentRefs: [{ name: 'gw' }], rules } });
    const objects = (rules: unknown[]) => [...baseMesh(), gateway, versionService('v1'), versionService('v2'), httpRoute(rules)];

    it(`the most specific match wins, not the first: Exact over PathPrefix, then the longest prefix (${HTTPROUTE})`, () => {
      const rules = [
        { matches: [{ path: { type: 'PathPrefix', value: '/' } }], backendRefs: [{ name: 'web-v1', port: 80 }] },
        { matches: [{ path: { type: 'PathPrefix', value: '/api' } }], backendRefs: [{ name: 'web-v2', port: 80 }] },
      ];
      expect(call(objects(rules), 'GET', 'http://shop.example.com/api/x', INGRESS).versions).to.deep.equal(['v2']);
      expect(call(objects(rules), 'GET', 'http://shop.example.com/apix', INGRESS).versions, 'PathPrefix matches whole path elements').to.deep.equal(['v1']);
    });

    it('backend weights are relative and default to 1 (https://gateway-api.sigs.k8s.io/reference/spec/#httpbackendref)', () => {
      const r = call(objects([{ backendRefs: [{ name: 'web-v1', port: 80, weight: 9 }, { name: 'web-v2', port: 80 }] }]), 'GET', 'http://shop.example.com/', INGRESS);
      expect(r.destinations.map((d) => d.weight)).to.deep.equal([90, 10]);
    });

    it("the listener's hostname filters hosts, and the gateway's own identity is <gateway>-<class>", () => {
      const allow = policy('allow', { selector: { matchLabels: { app: 'web' } }, rules: [{ from: [{ source: { principals: ['cluster.local/ns/shop/sa/gw-istio'] } }] }] });
      const base = objects([{ backendRefs: [{ name: 'web-v1', port: 80 }] }]);
      expect(call([...base, allow], 'GET', 'http://shop.example.com/', INGRESS).verdict).to.equal('allowed');
      expect(call([...base, allow], 'GET', 'http://blog.example.com/', INGRESS).status).to.equal(404);
    });

    it('policies in the gateway namespace apply to the gateway pods too: an allow-nothing there needs an ALLOW targeting the Gateway', () => {
      const base = [...objects([{ backendRefs: [{ name: 'web-v1', port: 80 }] }]), policy('allow-nothing', {}), policy('web', { selector: { matchLabels: { app: 'web' } }, rules: [{}] })];
      const blocked = call(base, 'GET', 'http://shop.example.com/', INGRESS);
      expect(blocked.verdict).to.equal('denied');
      expect(blocked.summary).to.match(/at the gateway shop\/gw/);
      const open = policy('gw', { targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'gw' }], rules: [{ to: [{ operation: { ports: ['80'] } }] }] });
      expect(call([...base, open], 'GET', 'http://shop.example.com/', INGRESS).verdict).to.equal('allowed');
    });
  });

  describe('ambient', () => {
    const ambient = () => [
      ...baseMesh({ 'istio.io/dataplane-mode': 'ambient', 'istio.io/use-waypoint': 'waypoint' }),
      { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: { name: 'waypoint', namespace: 'shop' }, spec: { gatewayClassName: 'istio-waypoint', listeners: [{ name: 'mesh', port: 15008, protocol: 'HBONE' }] } },
    ];

    it('L7 rules are enforced at the waypoint (targetRefs Service); ztunnel sees the waypoint as the caller (https://istio.io/latest/docs/ambient/usage/l7-features/)', () => {
      const l7 = policy('l7', { targetRefs: [{ kind: 'Service', group: '', name: 'web' }], rules: [{ from: [{ source: { principals: ['cluster.local/ns/front/sa/frontend'] } }], to: [{ operation: { paths: ['/'] } }] }] });
      const l4 = policy('l4', { selector: { matchLabels: { app: 'web' } }, rules: [{ from: [{ source: { principals: ['cluster.local/ns/shop/sa/waypoint'] } }] }] });
      expect(call([...ambient(), l7, l4], 'GET', '/').verdict).to.equal('allowed');
      expect(call([...ambient(), l7, l4], 'GET', '/admin').verdict).to.equal('denied');
    });

    it('ztunnel cannot see L7 attributes: an ALLOW rule with paths never matches there (https://istio.io/latest/docs/ambient/usage/l4-policy/)', () => {
      const noWaypoint = ambient().map((o) => (o.kind === 'Namespace' ? { ...o, metadata: { name: 'shop', labels: { 'istio.io/dataplane-mode': 'ambient' } } } : o));
      const l4WithPaths = policy('l4', { selector: { matchLabels: { app: 'web' } }, rules: [{ to: [{ operation: { paths: ['/'] } }] }] });
      expect(call([...noWaypoint, l4WithPaths], 'GET', '/').verdict).to.equal('denied');
    });
  });

  describe('direct to pods', () => {
    it('Prometheus reaches the sidecar agent on 15020 and Envoy on 15090 under STRICT mTLS: those ports bypass inbound policy (https://istio.io/latest/docs/ops/integrations/prometheus/)', () => {
      const objects = [...baseMesh(), { apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name: 'default', namespace: 'shop' }, spec: { mtls: { mode: 'STRICT' } } }, policy('allow-nothing', {})];
      const prometheus = { source: { kind: 'workload' as const, namespace: 'istio-system', serviceAccount: 'prometheus' } };
      const monitoring = [...objects, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'istio-system' } }, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'prometheus', namespace: 'istio-system' }, spec: { template: { metadata: { labels: { app: 'prometheus', 'sidecar.istio.io/inject': 'false' } }, spec: { serviceAccountName: 'prometheus', containers: [{ name: 'p', image: 'p' }] } } } }];
      expect(call(monitoring, 'GET', 'http://web-v1.shop.pod:15020/stats/prometheus', prometheus).verdict).to.equal('allowed');
      expect(call(monitoring, 'GET', 'http://web-v1.shop.pod:15090/stats/prometheus', prometheus).verdict).to.equal('allowed');
      expect(call(monitoring, 'GET', 'http://web-v1.shop.pod:8080/metrics', prometheus).verdict, 'the app port under STRICT').to.equal('failed');
    });
  });
});

describe('explain: conflicting ingress', () => {
  it('two Istio Gateways accepting the same host and port at the same gateway pods are unknown, not a guess (https://istio.io/latest/docs/reference/config/analysis/ist0145/)', () => {
    const gw = (ns: string) => ({ apiVersion: 'networking.istio.io/v1', kind: 'Gateway', metadata: { name: 'gw', namespace: ns }, spec: { selector: { istio: 'ingressgateway' }, servers: [{ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['*'] }] } });
    const objects = [...baseMesh(), gw('shop'), gw('blog'), { ...virtualService([{ route: [route('v1')] }], { gateways: ['gw'], hosts: ['*'] }), metadata: { name: 'web-ingress', namespace: 'shop' } }];
    const r = call(objects, 'GET', '/', { source: { kind: 'ingress' } });
    expect(r.verdict).to.equal('unknown');
    expect(r.summary).to.match(/Gateway shop\/gw, Gateway blog\/gw all accept/);
  });
});
