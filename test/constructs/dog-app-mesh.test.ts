/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call -- these assertions walk synthesized JSON */
import { expect } from 'chai';
import { ApiObject, Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import type { DogAppMesh } from '../../constructs/index.js';
import { expectMeshInvariants, synthMesh, type K8sObject, type Synthesized } from './support.js';
import { routesFor } from '../../service/route-table.js';

/** The service's visitor routes (service/route-table.ts): what the ingress and allowed workloads may call. */
const VISITOR_PATHS = routesFor('visitor').map((r) => r.path);

const CANARY = {
  versions: [
    { name: 'v1', weight: 90 },
    { name: 'v2', weight: 10, image: 'dog-app-mesh:0.2.0' },
  ],
  headerRoute: { version: 'v2' },
};

describe('DogAppMesh', () => {
  describe('with no props', () => {
    let mesh: DogAppMesh; let objects: K8sObject[]; let find: Synthesized['find']; let all: Synthesized['all'];
    beforeEach(() => ({ mesh, objects, find, all } = synthMesh()));

    it('holds the mesh invariants', () => expectMeshInvariants(objects));

    it('enrols the namespace for sidecar injection', () => {
      expect(find('Namespace', 'dog-app').metadata.labels).to.deep.equal({ 'istio-injection': 'enabled' });
    });

    it('deploys one version v1 with 2 replicas, app/version labels and its version in the environment', () => {
      const d = find('Deployment', 'dog-app-v1');
      expect(all('Deployment')).to.have.lengthOf(1);
      expect(d.spec.replicas).to.equal(2);
      expect(d.spec.selector.matchLabels).to.deep.equal({ app: 'dog-app', version: 'v1' });
      expect(d.spec.template.metadata.labels).to.deep.equal({
        app: 'dog-app',
        version: 'v1',
        'app.kubernetes.io/name': 'dog-app',
        'app.kubernetes.io/version': 'v1',
      });
      const [c] = d.spec.template.spec.containers;
      expect(c.image).to.equal('dog-app-mesh:0.1.0');
      expect(c.env).to.deep.equal([
        { name: 'PORT', value: '8080' },
        { name: 'APP_VERSION', value: 'v1' },
        { name: 'DOG_API_URL', value: 'https://dog.ceo' },
        { name: 'SHUTDOWN_DELAY_MS', value: '5000' },
        { name: 'SHUTDOWN_GRACE_MS', value: '10000' },
      ]);
      expect(c.ports).to.deep.equal([{ containerPort: 8080, name: 'http' }]);
      expect(c.readinessProbe.httpGet).to.include({ path: '/readyz', port: 8080 });
      expect(c.livenessProbe.httpGet).to.include({ path: '/healthz', port: 8080 });
      expect(c.securityContext).to.include({ runAsUser: 10001, runAsGroup: 10001 });
      expect(d.spec.template.spec.volumes).to.deep.equal([{ name: 'tmp', emptyDir: { sizeLimit: '64Mi' } }]);
    });

    it('gives pods time to drain: Kubernetes waits longer than the service drains', () => {
      expect(find('Deployment', 'dog-app-v1').spec.template.spec.terminationGracePeriodSeconds).to.equal(20);
      const custom = synthMesh({ shutdown: { drainDelay: '2s', grace: '30s' } });
      const spec = custom.find('Deployment', 'dog-app-v1').spec.template.spec;
      expect(spec.terminationGracePeriodSeconds).to.equal(37);
      expect(spec.containers[0].env).to.deep.include.members([
        { name: 'SHUTDOWN_DELAY_MS', value: '2000' },
        { name: 'SHUTDOWN_GRACE_MS', value: '30000' },
      ]);
    });

    it('annotates pods for Prometheus and holds the app until its proxy is ready', () => {
      expect(find('Deployment', 'dog-app-v1').spec.template.metadata.annotations).to.deep.equal({
        'prometheus.io/scrape': 'true',
        'prometheus.io/port': '8080',
        'prometheus.io/path': '/metrics',
        'proxy.istio.io/config': '{"holdApplicationUntilProxyStarts":true,"terminationDrainDuration":"15s"}',
      });
    });

    it('spreads pods over nodes and zones and keeps all but one up during drains', () => {
      const spread = find('Deployment', 'dog-app-v1').spec.template.spec.topologySpreadConstraints;
      expect(spread.map((s: { topologyKey: string }) => s.topologyKey)).to.deep.equal(['kubernetes.io/hostname', 'topology.kubernetes.io/zone']);
      expect(find('PodDisruptionBudget', 'dog-app-v1').spec).to.deep.equal({
        maxUnavailable: 1,
        selector: { matchLabels: { app: 'dog-app', version: 'v1' } },
      });
    });

    it('puts a ClusterIP Service on app only, 8000 → 8080 named http, behind the Istio ingress gateway', () => {
      const svc = find('Service', 'dog-app');
      expect(svc.spec.type).to.equal('ClusterIP');
      expect(svc.spec.selector).to.deep.equal({ app: 'dog-app' });
      expect(svc.spec.ports).to.deep.equal([{ name: 'http', port: 8000, targetPort: 8080 }]);
      const gw = find('Gateway', 'dog-app-gateway');
      expect(gw.apiVersion).to.equal('networking.istio.io/v1');
      expect(gw.spec).to.deep.equal({
        selector: { istio: 'ingressgateway' },
        servers: [{ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['*'] }],
      });
      expect(find('VirtualService', 'dog-app-ingress').spec.gateways).to.deep.equal(['dog-app-gateway']);
    });

    it('routes everything to v1 with a timeout and retries that fit in it', () => {
      const vs = find('VirtualService', 'dog-app');
      expect(vs.apiVersion).to.equal('networking.istio.io/v1');
      expect(vs.spec.hosts).to.deep.equal(['dog-app.dog-app.svc.cluster.local']);
      expect(vs.spec.http).to.deep.equal([
        {
          name: 'default',
          route: [{ destination: { host: 'dog-app.dog-app.svc.cluster.local', subset: 'v1', port: { number: 8000 } } }],
          timeout: '10s',
          retries: { attempts: 2, perTryTimeout: '3s', retryOn: 'connect-failure,refused-stream,reset' },
        },
      ]);
    });

    it('limits connections and ejects failing pods', () => {
      expect(find('DestinationRule', 'dog-app').spec.trafficPolicy).to.deep.equal({
        loadBalancer: { simple: 'LEAST_REQUEST' },
        connectionPool: {
          tcp: { maxConnections: 100, connectTimeout: '2s' },
          http: { http1MaxPendingRequests: 64, http2MaxRequests: 256, maxRetries: 10 },
        },
        outlierDetection: { consecutive5xxErrors: 0, splitExternalLocalOriginErrors: true, consecutiveLocalOriginFailures: 5, interval: '10s', baseEjectionTime: '30s', maxEjectionPercent: 50 },
      });
    });

    it('requires mTLS and denies everything but the ingress gateway on the app paths', () => {
      expect(find('PeerAuthentication', 'default').spec).to.deep.equal({ mtls: { mode: 'STRICT' } });
      expect(find('AuthorizationPolicy', 'allow-nothing').spec).to.deep.equal({});
      expect(find('AuthorizationPolicy', 'dog-app').spec).to.deep.equal({
        selector: { matchLabels: { app: 'dog-app' } },
        action: 'ALLOW',
        rules: [
          {
            from: [{ source: { principals: ['cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account'] } }],
            to: [{ operation: { methods: ['GET', 'HEAD', 'POST'], paths: [...VISITOR_PATHS] } }],
          },
        ],
      });
    });

    it('registers the Dog API hosts for egress, visible to this namespace only', () => {
      for (const [name, host] of [['dog-ceo', 'dog.ceo'], ['images-dog-ceo', 'images.dog.ceo']]) {
        expect(find('ServiceEntry', name).spec).to.deep.equal({
          hosts: [host],
          exportTo: ['.'],
          location: 'MESH_EXTERNAL',
          resolution: 'DNS',
          ports: [{ number: 443, name: 'tls', protocol: 'TLS' }],
        });
      }
    });

    it('emits nothing optional', () => {
      for (const kind of ['HorizontalPodAutoscaler', 'Sidecar', 'HTTPRoute']) expect(all(kind), kind).to.be.empty;
      expect(objects.map((o) => o.metadata.name)).to.not.include('dog-app-loadgen');
      expect(mesh.loadGenerator).to.equal(undefined);
      expect(mesh.istioOperator).to.equal(undefined);
    });

    it('applies the namespace first and each DestinationRule before the routes that use it', () => {
      expect(objects[0].kind).to.equal('Namespace');
      const index = (kind: string, name: string) => objects.findIndex((o) => o.kind === kind && o.metadata.name === name);
      expect(index('DestinationRule', 'dog-app')).to.be.lessThan(index('VirtualService', 'dog-app'));
      expect(index('DestinationRule', 'dog-app')).to.be.lessThan(index('VirtualService', 'dog-app-ingress'));
    });

    it('exposes every object it emits through a public property', () => {
      const exposed = [
        mesh.namespace, mesh.serviceAccount, mesh.service, mesh.deployments.v1, mesh.podDisruptionBudgets.v1,
        mesh.destinationRule, mesh.virtualService, mesh.gateway, mesh.ingressVirtualService, mesh.peerAuthentication,
        ...Object.values(mesh.authorizationPolicies), ...Object.values(mesh.serviceEntries),
      ];
      const names = exposed.map((c) => {
        const json = ApiObject.of(c!).toJson() as { kind: string; metadata: { name: string } };
        return `${json.kind}/${json.metadata.name}`;
      });
      expect(names.sort()).to.deep.equal(objects.map((o) => `${o.kind}/${o.metadata.name}`).sort());
    });
  });

  describe('with a 90/10 canary and a header route', () => {
    let mesh: DogAppMesh; let objects: K8sObject[]; let find: Synthesized['find'];
    beforeEach(() => ({ mesh, objects, find } = synthMesh(CANARY)));

    it('holds the mesh invariants', () => expectMeshInvariants(objects));

    it('deploys each version from its own image, with a subset per version', () => {
      expect(find('Deployment', 'dog-app-v2').spec.template.spec.containers[0].image).to.equal('dog-app-mesh:0.2.0');
      expect(find('Deployment', 'dog-app-v2').spec.template.spec.containers[0].env).to.deep.include({ name: 'APP_VERSION', value: 'v2' });
      expect(find('DestinationRule', 'dog-app').spec.subsets).to.deep.equal([
        { name: 'v1', labels: { app: 'dog-app', version: 'v1' } },
        { name: 'v2', labels: { app: 'dog-app', version: 'v2' } },
      ]);
      expect(Object.keys(mesh.deployments)).to.deep.equal(['v1', 'v2']);
    });

    it('sends x-canary: always to v2 ahead of the weighted 90/10 default, in the mesh', () => {
      for (const name of ['dog-app']) {
        const [header, fallback] = find('VirtualService', name).spec.http;
        expect(header.name).to.equal('header-route');
        expect(header.match).to.deep.equal([{ headers: { 'x-canary': { exact: 'always' } } }]);
        expect(header.route.map((r: { destination: { subset: string } }) => r.destination.subset)).to.deep.equal(['v2']);
        expect(fallback.name).to.equal('default');
        expect(fallback.route.map((r: { destination: { subset: string }; weight: number }) => [r.destination.subset, r.weight])).to.deep.equal([
          ['v1', 90],
          ['v2', 10],
        ]);
      }
    });

    it('shifts the whole split by changing the weights only', () => {
      const { find: findAll } = synthMesh({ ...CANARY, versions: [{ name: 'v1', weight: 0 }, { name: 'v2', weight: 100 }] });
      const fallback = findAll('VirtualService', 'dog-app').spec.http[1];
      expect(fallback.route.map((r: { weight: number }) => r.weight)).to.deep.equal([0, 100]);
    });

    it('deploys a second version dark (weight 0) when no weight is given', () => {
      const { find: findDark } = synthMesh({ versions: [{ name: 'v1' }, { name: 'v2' }], headerRoute: { version: 'v2' } });
      const fallback = findDark('VirtualService', 'dog-app').spec.http[1];
      expect(fallback.route.map((r: { weight: number }) => r.weight)).to.deep.equal([100, 0]);
    });
  });

  describe('with the Gateway API', () => {
    let mesh: DogAppMesh; let objects: K8sObject[]; let find: Synthesized['find']; let all: Synthesized['all'];
    beforeEach(() => ({ mesh, objects, find, all } = synthMesh({ ...CANARY, ingress: { api: 'gateway-api', hosts: ['dogs.example.com'] } })));

    it('holds the mesh invariants', () => expectMeshInvariants(objects));

    it('adds a Gateway of class istio and a Service per version', () => {
      const gw = find('Gateway', 'dog-app-gateway');
      expect(gw.apiVersion).to.equal('gateway.networking.k8s.io/v1');
      expect(gw.spec).to.deep.equal({
        gatewayClassName: 'istio',
        listeners: [{ name: 'http', port: 80, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'Same' } } }],
      });
      expect(find('Service', 'dog-app-v1').spec.selector).to.deep.equal({ app: 'dog-app', version: 'v1' });
      expect(find('Service', 'dog-app-v2').spec.selector).to.deep.equal({ app: 'dog-app', version: 'v2' });
      expect(Object.keys(mesh.versionServices)).to.deep.equal(['v1', 'v2']);
    });

    it('splits by relative backend weights, behind the header route in the mesh', () => {
      const route = find('HTTPRoute', 'dog-app');
      expect(route.spec.parentRefs).to.deep.equal([{ name: 'dog-app-gateway' }]);
      expect(route.spec.hostnames).to.deep.equal(['dogs.example.com']);
      const mesh = find('HTTPRoute', 'dog-app-mesh');
      expect(mesh.spec.parentRefs).to.deep.equal([{ group: '', kind: 'Service', name: 'dog-app', port: 8000 }]);
      expect(route.spec.rules.map((r: { name: string }) => r.name), 'the header route is closed to the ingress by default').to.deep.equal(['default']);
      for (const r of [mesh]) {
        expect(r.spec.rules).to.deep.equal([
          {
            name: 'header-route',
            matches: [{ headers: [{ type: 'Exact', name: 'x-canary', value: 'always' }] }],
            backendRefs: [{ name: 'dog-app-v2', port: 8000, weight: 100 }],
            timeouts: { request: '10s' },
          },
          {
            name: 'default',
            backendRefs: [
              { name: 'dog-app-v1', port: 8000, weight: 90 },
              { name: 'dog-app-v2', port: 8000, weight: 10 },
            ],
            timeouts: { request: '10s' },
          },
        ]);
      }
    });

    it('uses no VirtualService or subsets, and puts the traffic policy on every per-version Service', () => {
      expect(all('VirtualService')).to.be.empty;
      expect(find('DestinationRule', 'dog-app').spec.subsets).to.equal(undefined);
      expect(find('DestinationRule', 'dog-app-v2').spec.host).to.equal('dog-app-v2.dog-app.svc.cluster.local');
      expect(find('DestinationRule', 'dog-app-v2').spec.trafficPolicy).to.deep.equal(find('DestinationRule', 'dog-app').spec.trafficPolicy);
    });

    it("allows the gateway's own identity and lets anyone reach its listener", () => {
      expect(find('AuthorizationPolicy', 'dog-app').spec.rules[0].from[0].source.principals).to.deep.equal([
        'cluster.local/ns/dog-app/sa/dog-app-gateway-istio',
      ]);
      expect(find('AuthorizationPolicy', 'dog-app-gateway').spec).to.deep.equal({
        targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'dog-app-gateway' }],
        action: 'ALLOW',
        rules: [{ to: [{ operation: { ports: ['80'] } }] }],
      });
    });
  });

  describe('in ambient mode', () => {
    let mesh: DogAppMesh; let objects: K8sObject[]; let find: Synthesized['find']; let all: Synthesized['all'];
    beforeEach(() => ({ mesh, objects, find, all } = synthMesh({ ...CANARY, dataplane: { mode: 'ambient' }, loadgen: {} })));

    it('holds the mesh invariants', () => expectMeshInvariants(objects));

    it('labels the namespace for ambient and its waypoint, and deploys the waypoint', () => {
      expect(find('Namespace', 'dog-app').metadata.labels).to.deep.equal({
        'istio.io/dataplane-mode': 'ambient',
        'istio.io/use-waypoint': 'waypoint',
      });
      const waypoint = find('Gateway', 'waypoint');
      expect(waypoint.metadata.labels).to.deep.equal({ 'istio.io/waypoint-for': 'service' });
      expect(waypoint.spec).to.deep.equal({
        gatewayClassName: 'istio-waypoint',
        listeners: [{ name: 'mesh', port: 15008, protocol: 'HBONE' }],
      });
      expect(mesh.waypoint).to.exist;
    });

    it('defaults to the Gateway API and sends ingress traffic through the waypoint', () => {
      expect(all('HTTPRoute')).to.have.lengthOf(2);
      for (const svc of all('Service')) expect(svc.metadata.labels?.['istio.io/ingress-use-waypoint'], svc.metadata.name).to.equal('true');
    });

    it('has no sidecar annotation', () => {
      for (const d of all('Deployment')) expect(d.spec.template.metadata.annotations?.['proxy.istio.io/config']).to.equal(undefined);
    });

    it('enforces L7 policy at the waypoint and lets only the waypoint (and Prometheus) reach the pods', () => {
      const l7 = find('AuthorizationPolicy', 'dog-app').spec;
      expect(l7.selector).to.equal(undefined);
      expect(l7.targetRefs).to.deep.equal(['dog-app', 'dog-app-v1', 'dog-app-v2'].map((name) => ({ group: '', kind: 'Service', name })));
      expect(l7.rules[0].from[0].source.principals).to.deep.equal([
        'cluster.local/ns/dog-app/sa/dog-app-gateway-istio',
        'cluster.local/ns/dog-app/sa/dog-app-loadgen',
      ]);
      const l4 = find('AuthorizationPolicy', 'dog-app-l4').spec;
      expect(l4.selector).to.deep.equal({ matchLabels: { app: 'dog-app' } });
      expect(l4.rules).to.deep.equal([
        { from: [{ source: { principals: ['cluster.local/ns/dog-app/sa/waypoint'] } }] },
        { from: [{ source: { principals: ['cluster.local/ns/istio-system/sa/prometheus'] } }], to: [{ operation: { ports: ['8080'] } }] },
      ]);
      const l4Fields = JSON.stringify(l4);
      for (const l7Field of ['methods', 'paths', 'hosts']) expect(l4Fields, 'ztunnel policy stays L4').to.not.include(l7Field);
    });
  });

  describe('with TLS origination', () => {
    let mesh: DogAppMesh; let objects: K8sObject[]; let find: Synthesized['find'];
    beforeEach(() => ({ mesh, objects, find } = synthMesh({ egress: { tlsOrigination: true } })));

    it('holds the mesh invariants', () => expectMeshInvariants(objects));

    it('points the app at http://dog.ceo', () => {
      expect(find('Deployment', 'dog-app-v1').spec.template.spec.containers[0].env).to.deep.include({ name: 'DOG_API_URL', value: 'http://dog.ceo' });
    });

    it('maps port 80 of dog.ceo to 443 and originates TLS there, verifying the certificate', () => {
      expect(find('ServiceEntry', 'dog-ceo').spec.ports).to.deep.equal([
        { number: 80, name: 'http', protocol: 'HTTP', targetPort: 443 },
        { number: 443, name: 'tls', protocol: 'TLS' },
      ]);
      expect(find('ServiceEntry', 'images-dog-ceo').spec.ports).to.deep.equal([{ number: 443, name: 'tls', protocol: 'TLS' }]);
      expect(find('DestinationRule', 'dog-ceo').spec).to.deep.equal({
        host: 'dog.ceo',
        exportTo: ['.'],
        trafficPolicy: {
          portLevelSettings: [
            {
              port: { number: 80 },
              tls: { mode: 'SIMPLE', sni: 'dog.ceo', caCertificates: '/etc/ssl/certs/ca-certificates.crt', subjectAltNames: ['dog.ceo'] },
            },
          ],
        },
      });
    });

    it("puts a timeout above the service's own budget on Dog API calls, and no retries of its own", () => {
      expect(find('VirtualService', 'dog-ceo').spec).to.deep.equal({
        hosts: ['dog.ceo'],
        exportTo: ['.'],
        http: [
          {
            name: 'dog-api',
            route: [{ destination: { host: 'dog.ceo', port: { number: 80 } } }],
            timeout: '3s',
            retries: { attempts: 0 },
          },
        ],
      });
      expect(mesh.egressVirtualService).to.exist;
      expect(mesh.egressDestinationRule).to.exist;
    });
  });

  describe('exposed directly as in the seed (no ingress)', () => {
    let objects: K8sObject[]; let find: Synthesized['find']; let all: Synthesized['all'];
    beforeEach(() => ({ objects, find, all } = synthMesh({ ingress: { api: 'none' } })));

    it('holds the mesh invariants', () => expectMeshInvariants(objects));

    it('makes the Service a LoadBalancer with no gateway', () => {
      expect(find('Service', 'dog-app').spec.type).to.equal('LoadBalancer');
      expect(all('Gateway')).to.be.empty;
      expect(all('VirtualService').map((v) => v.metadata.name)).to.deep.equal(['dog-app']);
    });

    it('accepts plaintext on the app port only, and only for the app paths', () => {
      expect(find('PeerAuthentication', 'default').spec.mtls.mode).to.equal('STRICT');
      expect(find('PeerAuthentication', 'dog-app-exposed').spec).to.deep.equal({
        selector: { matchLabels: { app: 'dog-app' } },
        mtls: { mode: 'STRICT' },
        portLevelMtls: { '8080': { mode: 'PERMISSIVE' } },
      });
      expect(find('AuthorizationPolicy', 'dog-app').spec.rules).to.deep.equal([
        { to: [{ operation: { methods: ['GET', 'HEAD', 'POST'], paths: [...VISITOR_PATHS], ports: ['8080'] } }] },
      ]);
    });

    it('stays a ClusterIP reachable only from the mesh when asked', () => {
      const frontend = 'cluster.local/ns/shop/sa/frontend';
      const internal = synthMesh({ ingress: { api: 'none' }, serviceType: kplus.ServiceType.CLUSTER_IP, security: { allowedPrincipals: [frontend] } });
      expect(internal.find('Service', 'dog-app').spec.type).to.equal('ClusterIP');
      expect(internal.all('PeerAuthentication')).to.have.lengthOf(1);
      const policies = internal.all('AuthorizationPolicy');
      expect(policies.map((p) => p.metadata.name)).to.include('allow-nothing');
      expect(JSON.stringify(policies)).to.include(frontend);
    });
  });

  describe('with fault injection', () => {
    it('limited to a header: a separate first rule without retries or timeout, the default keeps both', () => {
      const { objects, find } = synthMesh({
        ...CANARY,
        faultInjection: {
          delay: { fixedDelay: Duration.seconds(2), percentage: 50 },
          abort: { httpStatus: 503, percentage: 10 },
          match: { header: 'x-chaos', value: 'on' },
        },
      });
      expectMeshInvariants(objects);
      const [fault, header, fallback] = find('VirtualService', 'dog-app').spec.http;
      expect(fault).to.deep.equal({
        name: 'fault-injection',
        match: [{ headers: { 'x-chaos': { exact: 'on' } } }],
        route: [
          { destination: { host: 'dog-app.dog-app.svc.cluster.local', subset: 'v1', port: { number: 8000 } }, weight: 90 },
          { destination: { host: 'dog-app.dog-app.svc.cluster.local', subset: 'v2', port: { number: 8000 } }, weight: 10 },
        ],
        fault: { delay: { fixedDelay: '2s', percentage: { value: 50 } }, abort: { httpStatus: 503, percentage: { value: 10 } } },
      });
      expect(header.name).to.equal('header-route');
      expect(fallback).to.include.keys('retries', 'timeout');
      expect(fallback.fault).to.equal(undefined);
    });

    it('unlimited: carried by the catch-all default route, which then has no retries', () => {
      const { find } = synthMesh({ faultInjection: { abort: { httpStatus: 500, percentage: 5 } } });
      const rules = find('VirtualService', 'dog-app').spec.http;
      expect(rules).to.have.lengthOf(1);
      expect(rules[0].fault).to.deep.equal({ abort: { httpStatus: 500, percentage: { value: 5 } } });
      expect(rules[0]).to.not.have.any.keys('retries', 'timeout');
    });
  });

  describe('other options', () => {
    it('autoscales a version instead of fixing its replicas', () => {
      const { objects, find, mesh } = synthMesh({ versions: [{ name: 'v1', autoscaling: { maxReplicas: 6 } }] });
      expectMeshInvariants(objects);
      const hpa = find('HorizontalPodAutoscaler', 'dog-app-v1');
      expect(hpa.spec).to.include({ minReplicas: 2, maxReplicas: 6 });
      expect(hpa.spec.metrics[0].resource).to.deep.equal({ name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } });
      expect(find('Deployment', 'dog-app-v1').spec.replicas).to.equal(undefined);
      expect(mesh.autoscalers.v1).to.exist;
    });

    it('enrols by revision instead of istio-injection', () => {
      const { find } = synthMesh({ dataplane: { revision: 'canary-1-30' } });
      expect(find('Namespace', 'dog-app').metadata.labels).to.deep.equal({ 'istio.io/rev': 'canary-1-30' });
    });

    it('restricts outbound traffic with a REGISTRY_ONLY Sidecar', () => {
      const { find, mesh } = synthMesh({ egress: { restrictOutbound: true } });
      expect(find('Sidecar', 'default').spec).to.deep.equal({
        egress: [{ hosts: ['./*', 'istio-system/*'] }],
        outboundTrafficPolicy: { mode: 'REGISTRY_ONLY' },
      });
      expect(mesh.sidecar).to.exist;
    });

    it('runs the load generator from the app image against the in-mesh Service, and allows it', () => {
      const { objects, find } = synthMesh({ loadgen: { rps: 2.5 } });
      expectMeshInvariants(objects);
      const d = find('Deployment', 'dog-app-loadgen');
      const [c] = d.spec.template.spec.containers;
      expect(c.image).to.equal('dog-app-mesh:0.1.0');
      expect(c.args).to.deep.equal(['node', 'lib/loadgen/main.js', '--url', 'http://dog-app.dog-app.svc.cluster.local:8000/', '--rps', '2.5']);
      expect(d.spec.template.spec.serviceAccountName).to.equal('dog-app-loadgen');
      expect(find('AuthorizationPolicy', 'dog-app').spec.rules[0].from[0].source.principals).to.include('cluster.local/ns/dog-app/sa/dog-app-loadgen');
    });

    it('can leave authorization and egress out', () => {
      const { all } = synthMesh({ security: { authorization: false }, egress: { enabled: false } });
      expect(all('AuthorizationPolicy')).to.be.empty;
      expect(all('ServiceEntry')).to.be.empty;
      expect(all('PeerAuthentication')).to.have.lengthOf(1);
    });

    it('adds extra namespace labels next to the enrolment label', () => {
      const { find } = synthMesh({ namespaceLabels: { team: 'dogs' } });
      expect(find('Namespace', 'dog-app').metadata.labels).to.deep.equal({ team: 'dogs', 'istio-injection': 'enabled' });
    });
  });
});
