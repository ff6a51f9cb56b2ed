import { expect } from 'chai';
import { explain, formatExplain, type ExplainResult } from '../../constructs/index.js';
import { baseMesh, call, peerAuth, policy, route, virtualService } from './support.js';

// The text `dog-app-mesh explain` prints, line by line: the verdict, each step with its mark, each destination
// with its weight, verdict and pods, then the count of what is not modelled.

const lines = (r: ExplainResult) => formatExplain(r).split('\n');
const AP_DOC = 'https://istio.io/latest/docs/reference/config/security/authorization-policy/';
const ISTIO_RETRIES = "Istio's default (2 on connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes)";
const FROM_FRONTEND = '  ✓ request: caller cluster.local/ns/front/sa/frontend: no workload among the objects, taken as in the mesh (mTLS with this identity)';
const DEFAULT_POLICY = 'TLS auto mTLS (ISTIO_MUTUAL to pods with a proxy, plaintext otherwise); load balancer ROUND_ROBIN (default); outlier detection none; connection pool unlimited (default)';
const request = (target: string, path: string, from = 'front/frontend') => `  ✓ request: GET ${target} from ${from}; path as matched: ${path}`;
const catchAll = (rule = 'rule 0') => [`  ✓ route: VirtualService shop/web ${rule}, no match conditions (catch-all)`, `  ✓ route: timeout none (disabled); retries ${ISTIO_RETRIES}`];
const destination = (subset: string | undefined, weight: number) => `      ✓ destination: Service shop/web port 80 (http)${subset ? `, subset ${subset}` : ''}, weight ${weight}%`;
const trafficPolicy = (text = DEFAULT_POLICY) => `      ✓ traffic-policy: DestinationRule shop/web: ${text}`;
/** The pods of web-<version>, admitted under PERMISSIVE with no ALLOW policy. */
const admitted = (version: string, sends = 'mTLS') => [
  `      ✓ workload: pods of Deployment shop/web-${version} (version ${version}), container web port 8080`,
  `      ✓ peer-authentication: PeerAuthentication at Deployment shop/web-${version} port 8080: PERMISSIVE (no PeerAuthentication applies: Istio's default); the client sends ${sends}`,
  `      ✓ authorization: at the sidecar of Deployment shop/web-${version}: allowed, no ALLOW AuthorizationPolicy applies (${AP_DOC})`,
];
const withDestinationRule = (trafficPolicyOf: Record<string, unknown>) => baseMesh().map((o) => (o.kind === 'DestinationRule' ? { ...o, spec: { ...(o.spec as object), trafficPolicy: trafficPolicyOf } } : o));
const withServicePorts = (ports: unknown[], extra: Record<string, unknown> = {}) => baseMesh().map((o) => (o.kind === 'Service' ? { ...o, spec: { selector: { app: 'web' }, ports, ...extra } } : o));

describe('explain: the text output', () => {
  it('a weighted split: each destination with its share, pods, policy and admission', () => {
    const r = call([...baseMesh(), virtualService([{ name: 'default', route: [route('v1', 90), route('v2', 10)] }])], 'GET', '/x?y=1');
    expect(lines(r)).to.deep.equal([
      'allowed: reaches versions v1 (90%), v2 (10%)',
      request('http://web.shop/x?y=1', '/x'),
      FROM_FRONTEND,
      ...catchAll('rule 0 "default"'),
      '  → web.shop.svc.cluster.local:80 subset v1 weight 90%: allowed → Deployment shop/web-v1 version v1 port 8080',
      destination('v1', 90),
      trafficPolicy(),
      ...admitted('v1'),
      '  → web.shop.svc.cluster.local:80 subset v2 weight 10%: allowed → Deployment shop/web-v2 version v2 port 8080',
      destination('v2', 10),
      trafficPolicy(),
      ...admitted('v2'),
      '',
    ]);
  });

  it("no VirtualService: Istio's default route to any pod of the Service", () => {
    expect(lines(call(baseMesh(), 'GET', 'http://web.shop:80/'))).to.deep.equal([
      'allowed: reaches versions v1, v2',
      request('http://web.shop:80/', '/'),
      FROM_FRONTEND,
      "  ✓ route: no route for web.shop.svc.cluster.local: Istio's default route to the Service, any pod",
      '  → web.shop.svc.cluster.local:80 weight 100%: allowed → Deployment shop/web-v1 version v1 port 8080, Deployment shop/web-v2 version v2 port 8080',
      destination(undefined, 100),
      trafficPolicy(),
      ...admitted('v1'),
      ...admitted('v2'),
      '',
    ]);
  });

  it('a rule with header operations, a delay, a mirror and retries off reports each', () => {
    const r = call([...baseMesh(), virtualService([{ route: [route('v1')], headers: { request: { set: { a: 'b' } } }, fault: { delay: { fixedDelay: '1s', percentage: { value: 5 } } }, mirror: { host: 'web', subset: 'v2' }, retries: { attempts: 0 } }])], 'GET', '/');
    expect(lines(r).slice(0, 8)).to.deep.equal([
      'allowed: reaches version v1',
      request('http://web.shop/', '/'),
      FROM_FRONTEND,
      '  ✓ route: VirtualService shop/web rule 0, no match conditions (catch-all)',
      '  ✓ route: timeout none (disabled); retries off (attempts 0)',
      '  ✓ route: header operations {"request":{"set":{"a":"b"}}} (applied by the proxy; the request is followed with the headers as sent)',
      '  ✓ route: fault injection delays 5% of these requests by 1s',
      '  ✓ route: mirrors a copy to {"host":"web","subset":"v2"} (the mirror\'s answer is discarded)',
    ]);
    expect(lines(r)[8]).to.equal('  → web.shop.svc.cluster.local:80 subset v1 weight 100%: allowed → Deployment shop/web-v1 version v1 port 8080');
  });

  it('retries as given, with their defaults: 2 attempts, the route timeout, Istio\'s retryOn', () => {
    const text = (retries: unknown) => call([...baseMesh(), virtualService([{ route: [route('v1')], retries, timeout: '9s' }])], 'GET', '/').steps[3].text;
    expect(text({ attempts: 3 })).to.equal("timeout 9s; retries 3 × the route timeout on connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes");
    expect(text({ perTryTimeout: '1s', retryOn: '5xx' })).to.equal('timeout 9s; retries 2 × 1s on 5xx');
  });

  it('answers from the proxy: a direct response, a redirect with its code, a rule with nothing to do (500)', () => {
    expect(lines(call([...baseMesh(), virtualService([{ directResponse: { status: 418 } }])], 'GET', '/'))).to.deep.equal([
      'allowed (418): answered by the proxy, no pod is reached',
      request('http://web.shop/', '/'),
      FROM_FRONTEND,
      ...catchAll(),
      '  ✓ route: direct response 418 from the proxy',
      '',
    ]);
    const direct = call([...baseMesh(), virtualService([{ directResponse: {} }])], 'GET', '/');
    expect(direct).to.include({ verdict: 'allowed', status: 200 });
    const redirect = call([...baseMesh(), virtualService([{ redirect: { uri: '/new', redirectCode: 308 } }])], 'GET', '/');
    expect(redirect.summary).to.equal('allowed (308): answered by the proxy, no pod is reached');
    expect(redirect.steps.at(-1)?.text).to.equal('redirect 308 to {"uri":"/new","redirectCode":308}');
    expect(lines(call([...baseMesh(), virtualService([{ name: 'empty' }])], 'GET', '/'))).to.deep.equal([
      'failed (500): the rule has no route, redirect or direct response',
      request('http://web.shop/', '/'),
      FROM_FRONTEND,
      ...catchAll('rule 0 "empty"'),
      '  ✗ route: the rule has no route, redirect or direct response',
      '',
    ]);
  });

  it('what is not modelled: delegation, an abort, with the count of unknowns', () => {
    expect(lines(call([...baseMesh(), virtualService([{ delegate: { name: 'x' } }])], 'GET', '/'))).to.deep.equal([
      'unknown: delegates to another VirtualService: delegation is not modelled',
      request('http://web.shop/', '/'),
      FROM_FRONTEND,
      ...catchAll(),
      '  ? route: delegates to another VirtualService: delegation is not modelled',
      '  not modelled (unknown): 1; see docs/explain.md',
      '',
    ]);
    const abort = call([...baseMesh(), virtualService([{ route: [route('v1')], fault: { abort: { httpStatus: 503 } } }])], 'GET', '/');
    expect(abort.summary).to.equal('unknown: fault injection aborts 100% of these requests with 503: whether this one is aborted is chance');
    expect(abort.unknowns).to.deep.equal(['fault injection aborts 100% of these requests with 503: whether this one is aborted is chance']);
    const grpc = call([...baseMesh(), virtualService([{ route: [route('v1')], fault: { abort: { grpcStatus: 'UNAVAILABLE', percentage: { value: 2.5 } } } }])], 'GET', '/');
    expect(grpc.summary).to.equal('unknown: fault injection aborts 2.5% of these requests with UNAVAILABLE: whether this one is aborted is chance');
  });

  it('a ServiceEntry: the request leaves the mesh', () => {
    const entry = (location?: string) => ({ apiVersion: 'networking.istio.io/v1', kind: 'ServiceEntry', metadata: { name: 'ext', namespace: 'shop' }, spec: { hosts: ['api.example.com'], ports: [{ number: 443, name: 'https', protocol: 'TLS' }], ...(location ? { location } : {}) } });
    expect(lines(call([...baseMesh(), entry()], 'GET', 'https://api.example.com/'))).to.deep.equal([
      'allowed: leaves for api.example.com',
      request('https://api.example.com/', '/'),
      FROM_FRONTEND,
      "  ✓ route: no route for api.example.com: Istio's default route to the Service, any pod",
      '  → api.example.com:443 weight 100%: allowed',
      '      ✓ egress: api.example.com is ServiceEntry shop/ext (MESH_EXTERNAL): the request leaves for api.example.com',
      '',
    ]);
    const internal = call([...baseMesh(), entry('MESH_INTERNAL')], 'GET', 'https://api.example.com/');
    expect(internal.verdict).to.equal('unknown');
    expect(internal.unknowns).to.deep.equal(['api.example.com is ServiceEntry shop/ext (MESH_INTERNAL): the request leaves for api.example.com; mesh-internal ServiceEntry endpoints are not modelled']);
  });

  it('a host that resolves to nothing is unknown; a route to a host with no Service fails 503 NC', () => {
    expect(lines(call(baseMesh(), 'GET', 'http://nowhere.shop/'))).to.deep.equal([
      'unknown: no Service or ServiceEntry for nowhere.shop among the objects: where it resolves (and whether outbound passthrough lets it out) is not modelled',
      request('http://nowhere.shop/', '/'),
      FROM_FRONTEND,
      '  ? destination: no Service or ServiceEntry for nowhere.shop among the objects: where it resolves (and whether outbound passthrough lets it out) is not modelled',
      '  not modelled (unknown): 1; see docs/explain.md',
      '',
    ]);
    expect(lines(call([...baseMesh(), virtualService([{ route: [{ destination: { host: 'gone' } }] }])], 'GET', '/'))).to.deep.equal([
      'failed (503 NC): no Service or ServiceEntry for gone.shop.svc.cluster.local among the objects: 503 (NC, no cluster)',
      request('http://web.shop/', '/'),
      FROM_FRONTEND,
      ...catchAll(),
      '  → gone.shop.svc.cluster.local weight 100%: failed (503 NC)',
      '      ✗ destination: no Service or ServiceEntry for gone.shop.svc.cluster.local among the objects: 503 (NC, no cluster)',
      '',
    ]);
  });

  it("the Service's ports: none named by the route among several is unknown (IST0112), a port it lacks 503 NC", () => {
    const two = call([...withServicePorts([{ name: 'http', port: 80, targetPort: 8080 }, { name: 'grpc', port: 90, targetPort: 9090 }]), virtualService([{ route: [route('v1')] }])], 'GET', '/');
    expect(two.verdict).to.equal('unknown');
    expect(lines(two).slice(-4)).to.deep.equal([
      '  → web.shop.svc.cluster.local subset v1 weight 100%: unknown',
      '      ? destination: Service shop/web has 2 ports and the route names none (IST0112): which port is used is not known',
      '  not modelled (unknown): 1; see docs/explain.md',
      '',
    ]);
    const missing = call([...baseMesh(), virtualService([{ route: [{ destination: { host: 'web', subset: 'v1', port: { number: 81 } } }] }])], 'GET', '/');
    expect(missing).to.include({ verdict: 'failed', status: 503, flag: 'NC', summary: 'failed (503 NC): Service shop/web has no port 81 (it has 80): 503 (NC)' });
    expect(lines(missing).slice(-3)).to.deep.equal([
      '  → web.shop.svc.cluster.local:81 subset v1 weight 100%: failed (503 NC)',
      '      ✗ destination: Service shop/web has no port 81 (it has 80): 503 (NC)',
      '',
    ]);
  });

  it('a subset no DestinationRule defines fails 503 NR, naming what is defined', () => {
    const none = call([...baseMesh().filter((o) => o.kind !== 'DestinationRule'), virtualService([{ route: [route('v1')] }])], 'GET', '/');
    expect(lines(none).slice(-4)).to.deep.equal([
      '  → web.shop.svc.cluster.local:80 subset v1 weight 100%: failed (503 NR)',
      destination('v1', 100),
      '      ✗ traffic-policy: subset v1 is not defined in any DestinationRule for web.shop.svc.cluster.local: 503 (NR)',
      '',
    ]);
    const other = call([...baseMesh(), virtualService([{ route: [route('v3')] }])], 'GET', '/');
    expect(other.summary).to.equal('failed (503 NR): subset v3 is not defined in DestinationRule shop/web (it defines v1, v2): 503 (NR)');
    const empty = call([...withDestinationRule({}).map((o) => (o.kind === 'DestinationRule' ? { ...o, spec: { host: 'web' } } : o)), virtualService([{ route: [route('v1')] }])], 'GET', '/');
    expect(empty.summary).to.equal('failed (503 NR): subset v1 is not defined in DestinationRule shop/web (it defines none): 503 (NR)');
  });

  it("the DestinationRule's policy line, and TLS SIMPLE to the pods is unknown", () => {
    const policyOf = (r: ExplainResult) => r.destinations[0].steps.find((s) => s.stage === 'traffic-policy')?.text;
    expect(policyOf(call(withDestinationRule({ loadBalancer: { consistentHash: { httpHeaderName: 'x' } }, outlierDetection: { consecutive5xxErrors: 3 }, connectionPool: { tcp: { maxConnections: 5 } } }), 'GET', '/')))
      .to.equal('DestinationRule shop/web: TLS auto mTLS (ISTIO_MUTUAL to pods with a proxy, plaintext otherwise); load balancer {"consistentHash":{"httpHeaderName":"x"}}; outlier detection {"consecutive5xxErrors":3}; connection pool {"tcp":{"maxConnections":5}}');
    for (const mode of ['SIMPLE', 'MUTUAL']) {
      const r = call(withDestinationRule({ tls: { mode }, loadBalancer: { simple: 'LEAST_REQUEST' } }), 'GET', '/');
      expect(r.verdict, mode).to.equal('unknown');
      expect(lines(r).slice(-5), mode).to.deep.equal([
        destination(undefined, 100),
        trafficPolicy(`TLS ${mode}; load balancer LEAST_REQUEST; outlier detection none; connection pool unlimited (default)`),
        `      ? traffic-policy: TLS mode ${mode} to an in-cluster Service: whether the pods accept that TLS is not modelled`,
        '  not modelled (unknown): 1; see docs/explain.md',
        '',
      ]);
    }
    const disabled = call(withDestinationRule({ tls: { mode: 'DISABLE' } }), 'GET', '/');
    expect(disabled.destinations[0].steps.filter((s) => s.stage === 'peer-authentication').map((s) => s.details)).to.deep.equal([{ mode: 'PERMISSIVE', mtls: false }, { mode: 'PERMISSIVE', mtls: false }]);
  });

  it('a targetPort name no container port has: 503', () => {
    const r = call(withServicePorts([{ name: 'http', port: 80, targetPort: 'web-http' }]), 'GET', '/');
    expect(r).to.include({ verdict: 'failed', status: 503, summary: 'failed (503): targetPort web-http names no container port of Deployment web-v1: 503' });
    expect(lines(r).slice(-3)).to.deep.equal([
      '      ✗ workload: targetPort web-http names no container port of Deployment web-v1: 503',
      '      ✗ workload: targetPort web-http names no container port of Deployment web-v2: 503',
      '',
    ]);
  });

  it('a caller without a proxy: kube-proxy routing, plaintext, reset by STRICT with no status', () => {
    const objects = [
      ...baseMesh(),
      peerAuth({ mtls: { mode: 'STRICT' } }),
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'legacy' } },
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'old', namespace: 'legacy' }, spec: { template: { metadata: { labels: { app: 'old' } }, spec: { serviceAccountName: 'old', containers: [{ name: 'o', image: 'o' }] } } } },
    ];
    const strict = (version: string) => `PeerAuthentication at Deployment shop/web-${version} port 8080: STRICT (PeerAuthentication shop/default); the client sends plaintext: STRICT refuses plaintext, the connection is reset`;
    const r = call(objects, 'GET', 'http://web.shop/', { source: { kind: 'workload', namespace: 'legacy', serviceAccount: 'old' } });
    expect(r.status).to.equal(undefined);
    expect(lines(r)).to.deep.equal([
      `failed: ${strict('v1')}`,
      request('http://web.shop/', '/', 'legacy/old'),
      '  ✓ request: caller cluster.local/ns/legacy/sa/old: Deployment legacy/old, without a mesh proxy (plaintext, no identity)',
      '  ✓ route: the caller has no proxy: kube-proxy picks any pod of the Service',
      '  → web.shop.svc.cluster.local:80 weight 100%: failed',
      destination(undefined, 100),
      '      ✓ workload: pods of Deployment shop/web-v1 (version v1), container web port 8080',
      `      ✗ peer-authentication: ${strict('v1')}`,
      '      ✓ workload: pods of Deployment shop/web-v2 (version v2), container web port 8080',
      `      ✗ peer-authentication: ${strict('v2')}`,
      '',
    ]);
    const proxied = call(objects, 'GET', 'http://web.shop/', { source: { kind: 'workload', namespace: 'shop', serviceAccount: 'web' } });
    expect(proxied.verdict).to.equal('allowed');
  });

  it("from outside: the LoadBalancer Service takes the connection, or none is there", () => {
    const lb = withServicePorts([{ name: 'http', port: 80, targetPort: 8080, nodePort: 30080 }], { type: 'LoadBalancer' });
    const outside = (objects: unknown[], target: string) => explain(objects, { source: { kind: 'outside' }, method: 'GET', target });
    expect(lines(outside(lb, 'http://1.2.3.4:80/'))).to.deep.equal([
      'allowed: reaches versions v1, v2',
      request('http://1.2.3.4:80/', '/', 'outside'),
      '  ✓ gateway: Service shop/web (LoadBalancer) port 80 takes the connection; no proxy on the client side, so no VirtualService or DestinationRule applies and any pod of the Service may answer',
      '  → web.shop.svc.cluster.local:80 weight 100%: allowed → Deployment shop/web-v1 version v1 port 8080, Deployment shop/web-v2 version v2 port 8080',
      destination(undefined, 100),
      ...admitted('v1', 'plaintext'),
      ...admitted('v2', 'plaintext'),
      '',
    ]);
    expect(outside(lb, 'http://1.2.3.4:30080/').verdict, 'the node port').to.equal('allowed');
    expect(lines(outside(lb, 'http://1.2.3.4:81/')).slice(0, 3)).to.deep.equal([
      'failed: no LoadBalancer or NodePort Service with port 81 among the objects (Service shop/web): the connection is refused',
      request('http://1.2.3.4:81/', '/', 'outside'),
      '  ✗ gateway: no LoadBalancer or NodePort Service with port 81 among the objects (Service shop/web): the connection is refused',
    ]);
    expect(outside(baseMesh(), 'http://web.shop/').summary).to.equal('failed: no LoadBalancer or NodePort Service among the objects (none): the connection is refused');
    const twoExposed = [...lb, { apiVersion: 'v1', kind: 'Service', metadata: { name: 'api', namespace: 'shop' }, spec: { type: 'NodePort', selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080 }] } }];
    expect(outside(twoExposed, 'http://1.2.3.4/').summary).to.equal('unknown: several exposed Services could receive it (Service shop/web, Service shop/api): name one as the URL host');
    expect(outside(twoExposed, 'http://api.example.com/').steps[1].object, 'the host names one').to.equal('Service shop/api');
  });

  it('addressed to a pod: the workload and port, or the sidecar\'s own ports', () => {
    expect(lines(call(baseMesh(), 'GET', 'http://web-v1.shop.pod:8080/x'))).to.deep.equal([
      'allowed: reaches version v1',
      request('http://web-v1.shop.pod:8080/x', '/x'),
      FROM_FRONTEND,
      '  → web-v1.shop.pod:8080 weight 100%: allowed → Deployment shop/web-v1 version v1 port 8080',
      '      ✓ workload: pods of Deployment shop/web-v1 (version v1), port 8080 (addressed directly, no Service)',
      ...admitted('v1').slice(1),
      '',
    ]);
    const agent = 'port 15020 of Deployment shop/web-v1 is the sidecar\'s own (istio-agent: merged Prometheus metrics, health, probe rewrite), excluded from inbound interception: no PeerAuthentication or AuthorizationPolicy applies; ';
    expect(lines(call(baseMesh(), 'GET', 'http://web-v1.shop.pod:15020/x'))).to.deep.equal([
      `failed (404): ${agent}it serves only /stats/prometheus, /healthz/ready, /app-health/: 404`,
      request('http://web-v1.shop.pod:15020/x', '/x'),
      FROM_FRONTEND,
      '  → web-v1.shop.pod:15020 weight 100%: failed (404)',
      `      ✗ workload: ${agent}it serves only /stats/prometheus, /healthz/ready, /app-health/: 404`,
      '',
    ]);
    for (const path of ['/healthz/ready', '/app-health/web/livez', '/stats/prometheus']) expect(call(baseMesh(), 'GET', `http://web-v1.shop.pod:15020${path}`).verdict, path).to.equal('allowed');
    expect(call(baseMesh(), 'GET', 'http://web-v1.shop.pod:15090/healthz/ready').verdict, 'Envoy serves only its stats').to.equal('failed');
    expect(call(baseMesh(), 'GET', 'http://web-v1.shop.pod:15090/stats/prometheus').destinations[0].steps[0].text).to.include("(Envoy Prometheus stats)").and.include('it serves /stats/prometheus');
    expect(call(baseMesh(), 'GET', 'http://web-v9.shop.pod:8080/x').summary).to.equal('failed: no workload shop/web-v9 among the objects');
    const noSidecar = baseMesh({});
    expect(call(noSidecar, 'GET', 'http://web-v1.shop.pod:15090/stats/prometheus').summary).to.equal('failed: Deployment shop/web-v1 has no sidecar, so nothing listens on 15090');
    const unknownNamespace = baseMesh().filter((o) => o.kind !== 'Namespace');
    const r = call(unknownNamespace, 'GET', 'http://web-v1.shop.pod:15020/stats/prometheus');
    expect(r).to.include({ verdict: 'unknown', summary: 'unknown: Deployment shop/web-v1 has perhaps no sidecar, so nothing listens on 15020' });
  });

  it('a request from a workload without a host, and a rejected request', () => {
    expect(lines(explain(baseMesh(), { source: { kind: 'workload', namespace: 'front', serviceAccount: 'frontend' }, method: 'GET', target: '/' }))).to.deep.equal([
      'failed: a request from a workload needs a URL with the host it calls, e.g. http://dog-app.dog-app.svc.cluster.local:8000/',
      '  ✓ request: GET http://(no host)/ from front/frontend; path as matched: /',
      FROM_FRONTEND,
      '  ✗ request: a request from a workload needs a URL with the host it calls, e.g. http://dog-app.dog-app.svc.cluster.local:8000/',
      '',
    ]);
    expect(lines(call(baseMesh(), 'get', '/'))).to.deep.equal([
      "failed (400): method 'get' is not upper case: Istio rejects it with 400 (https://istio.io/latest/docs/reference/config/security/normalization/#method-related)",
      "  ✗ request: method 'get' is not upper case: Istio rejects it with 400 (https://istio.io/latest/docs/reference/config/security/normalization/#method-related)",
      '',
    ]);
    expect(call(baseMesh(), 'GET', '/a%00b').summary).to.equal('failed (400): the path contains %00: Istio rejects it with 400');
  });

  it('every destination at weight 0: 503', () => {
    const r = call([...baseMesh(), virtualService([{ route: [route('v1', 0), route('v2', 0)] }])], 'GET', '/');
    expect(r).to.include({ verdict: 'failed', status: 503, summary: 'failed (503): every destination of the rule has weight 0: 503' });
    expect(r.versions).to.deep.equal([]);
    expect(r.steps.at(-1)).to.deep.equal({ stage: 'route', outcome: 'fail', text: 'every destination of the rule has weight 0: 503' });
  });

  it('denied at every pod: 403 with the policy named', () => {
    const r = call([...baseMesh(), policy('allow-x', { selector: { matchLabels: { app: 'web' } }, rules: [{ to: [{ operation: { paths: ['/x'] } }] }] })], 'GET', '/y');
    const denial = 'at the sidecar of Deployment shop/web-v1: denied, implicitly: ALLOW policies apply (shop/allow-x) and no rule matches cluster.local/ns/front/sa/frontend GET /y: 403 "RBAC: access denied"';
    expect(r.summary).to.equal(`denied (403): ${denial}`);
    expect(lines(r)[4]).to.equal('  → web.shop.svc.cluster.local:80 weight 100%: denied (403)');
    expect(lines(r)[9]).to.equal(`      ✗ authorization: ${denial}`);
  });
});
