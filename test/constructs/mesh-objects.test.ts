/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-return -- these assertions walk synthesized JSON */
import { expect } from 'chai';
import { Chart, Testing } from 'cdk8s';
import { IstioOperator } from '../../constructs/index.js';
import { expectMeshInvariants, synthMesh, type K8sObject } from './support.js';

// Fields of the objects constructs/mesh/ writes that the other construct tests leave unchecked: each is what
// Istio, istioctl or Kubernetes acts on.

const zipkin = { name: 'zipkin', zipkin: { service: 'zipkin.istio-system.svc.cluster.local', port: 9411 } };
const otel = { name: 'jaeger', opentelemetry: { service: 'jaeger-collector.istio-system.svc.cluster.local', port: 4317 } };
const defaultRule = (vs: K8sObject) => vs.spec.http.find((r: { name: string }) => r.name === 'default');

describe('the IstioOperator a DogAppMesh emits', () => {
  it('by default: the demo profile, merged metrics, held apps, access logs and ALLOW_ANY, in istio-system', () => {
    const { operatorObjects } = synthMesh({}, { operator: true });
    expect(operatorObjects).to.deep.equal([
      {
        apiVersion: 'install.istio.io/v1alpha1',
        kind: 'IstioOperator',
        metadata: { name: 'istio-control-plane', namespace: 'istio-system' },
        spec: {
          profile: 'demo',
          meshConfig: {
            accessLogFile: '/dev/stdout',
            enablePrometheusMerge: true,
            defaultConfig: { holdApplicationUntilProxyStarts: true },
            outboundTrafficPolicy: { mode: 'ALLOW_ANY' },
          },
        },
      },
    ]);
  });

  it("follows the app's revision and hold setting, and takes its name, providers, access log and outbound policy", () => {
    const { operatorObjects } = synthMesh(
      {
        dataplane: { revision: 'canary', holdApplicationUntilProxyStarts: false },
        istioOperator: { scope: undefined as never, name: 'mesh', extensionProviders: [zipkin, otel], defaultTracingProvider: 'jaeger', accessLogFile: '', outboundTrafficPolicy: 'REGISTRY_ONLY', profile: 'default' },
      },
      { operator: true },
    );
    expect(operatorObjects[0].metadata).to.deep.equal({ name: 'mesh', namespace: 'istio-system' });
    expect(operatorObjects[0].spec).to.deep.equal({
      profile: 'default',
      revision: 'canary',
      meshConfig: {
        accessLogFile: '',
        enablePrometheusMerge: true,
        defaultConfig: { holdApplicationUntilProxyStarts: false },
        outboundTrafficPolicy: { mode: 'REGISTRY_ONLY' },
        extensionProviders: [
          { name: 'zipkin', zipkin: { service: 'zipkin.istio-system.svc.cluster.local', port: 9411 } },
          { name: 'jaeger', opentelemetry: { service: 'jaeger-collector.istio-system.svc.cluster.local', port: 4317 } },
        ],
        defaultProviders: { tracing: ['jaeger'] },
      },
    });
  });

  it('installs the ambient profile in ambient mode, and is added under the id asked for', () => {
    const app = Testing.app();
    const scope = new Chart(app, 'istio');
    const { mesh } = synthMesh({ dataplane: { mode: 'ambient' }, istioOperator: { scope, id: 'control-plane' } });
    expect(mesh.istioOperator?.node.path).to.equal('istio/control-plane');
    expect(mesh.istioOperator?.apiObject.toJson().spec.profile).to.equal('ambient');
  });

  it('standalone: the first provider traces by default; its namespace and revision are its own', () => {
    const operator = new IstioOperator(new Chart(Testing.app(), 'istio'), 'operator', { namespace: 'istio-cp', revision: 'stable', extensionProviders: [otel, zipkin] });
    const json = operator.apiObject.toJson();
    expect(json.metadata).to.deep.equal({ name: 'istio-control-plane', namespace: 'istio-cp' });
    expect(json.spec.revision).to.equal('stable');
    expect(json.spec.meshConfig.defaultProviders).to.deep.equal({ tracing: ['jaeger'] });
  });
});

describe('the load generator Deployment', () => {
  it('is labelled as part of the app, holds until its sidecar is up, and is hardened and sized', () => {
    const { find } = synthMesh({ loadgen: {} });
    const d = find('Deployment', 'dog-app-loadgen');
    const labels = { app: 'dog-app-loadgen', 'app.kubernetes.io/name': 'dog-app-loadgen', 'app.kubernetes.io/part-of': 'dog-app' };
    expect(d.metadata.labels).to.deep.equal(labels);
    expect(d.spec.replicas).to.equal(1);
    expect(d.spec.selector).to.deep.equal({ matchLabels: { app: 'dog-app-loadgen' } });
    expect(d.spec.template.metadata).to.deep.equal({ labels, annotations: { 'proxy.istio.io/config': '{"holdApplicationUntilProxyStarts":true}' } });
    const pod = d.spec.template.spec;
    expect(pod.automountServiceAccountToken).to.equal(false);
    expect(pod.securityContext).to.deep.include({ runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, seccompProfile: { type: 'RuntimeDefault' } });
    const [c] = pod.containers;
    expect(c.name).to.equal('loadgen');
    expect(c.imagePullPolicy).to.equal('IfNotPresent');
    expect(c.args).to.deep.equal(['node', 'lib/loadgen/main.js', '--url', 'http://dog-app.dog-app.svc.cluster.local:8000/', '--rps', '1']);
    expect(c.resources).to.deep.equal({ requests: { cpu: '20m', memory: '64Mi' }, limits: { cpu: '200m', memory: '128Mi' } });
    expect(c.securityContext).to.deep.equal({
      runAsNonRoot: true,
      runAsUser: 10001,
      runAsGroup: 10001,
      privileged: false,
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
    });
    expect(find('ServiceAccount', 'dog-app-loadgen')).to.deep.include({ automountServiceAccountToken: false });
  });

  it('runs its own image, and has no hold annotation in ambient mode or when the hold is off', () => {
    const ambient = synthMesh({ dataplane: { mode: 'ambient' }, loadgen: { image: 'registry.example.com/loadgen:2.0.0' } }).find('Deployment', 'dog-app-loadgen');
    expect(ambient.spec.template.spec.containers[0].image).to.equal('registry.example.com/loadgen:2.0.0');
    expect(ambient.spec.template.metadata.annotations).to.equal(undefined);
    const noHold = synthMesh({ dataplane: { holdApplicationUntilProxyStarts: false }, loadgen: {} }).find('Deployment', 'dog-app-loadgen');
    expect(noHold.spec.template.metadata.annotations).to.equal(undefined);
  });
});

describe("the app's pods", () => {
  it('pull their image if not present, spread evenly but schedulable, and carry the version label', () => {
    const d = synthMesh().find('Deployment', 'dog-app-v1');
    const { template } = d.spec;
    expect(template.metadata.labels).to.deep.equal({ app: 'dog-app', 'app.kubernetes.io/name': 'dog-app', version: 'v1', 'app.kubernetes.io/version': 'v1' });
    expect(template.spec.containers[0].imagePullPolicy).to.equal('IfNotPresent');
    expect(template.spec.topologySpreadConstraints).to.deep.equal(
      ['kubernetes.io/hostname', 'topology.kubernetes.io/zone'].map((topologyKey) => ({
        maxSkew: 1,
        topologyKey,
        whenUnsatisfiable: 'ScheduleAnyway',
        labelSelector: { matchLabels: { app: 'dog-app', version: 'v1' } },
      })),
    );
    expect(template.spec.securityContext).to.deep.include({ runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001 });
  });

  it('have no scrape annotations when the app has no metrics', () => {
    const { annotations } = synthMesh({ metrics: false }).find('Deployment', 'dog-app-v1').spec.template.metadata;
    expect(Object.keys(annotations)).to.deep.equal(['proxy.istio.io/config']);
  });
});

describe('load balancing and mirroring', () => {
  it('maps each load-balancing algorithm to its Istio name', () => {
    for (const [given, simple] of [['ROUND_ROBIN', 'ROUND_ROBIN'], ['RANDOM', 'RANDOM'], ['LEAST_REQUEST', 'LEAST_REQUEST']] as const) {
      const dr = synthMesh({ resilience: { loadBalancer: given } }).find('DestinationRule', 'dog-app');
      expect(dr.spec.trafficPolicy.loadBalancer, given).to.deep.equal({ simple });
    }
  });

  it('mirrors a share of the default route to a version, in the mesh and at the ingress', () => {
    const { objects, find } = synthMesh({ versions: [{ name: 'v1', weight: 100 }, { name: 'v2', weight: 0 }], mirror: { version: 'v2', percentage: 25 } });
    expectMeshInvariants(objects);
    for (const name of ['dog-app', 'dog-app-ingress']) {
      const rule = defaultRule(find('VirtualService', name));
      expect(rule.mirror, name).to.deep.equal({ host: 'dog-app.dog-app.svc.cluster.local', subset: 'v2', port: { number: 8000 } });
      expect(rule.mirrorPercentage, name).to.deep.equal({ value: 25 });
    }
    const whole = defaultRule(synthMesh({ versions: [{ name: 'v1', weight: 100 }, { name: 'v2', weight: 0 }], mirror: { version: 'v2' } }).find('VirtualService', 'dog-app'));
    expect(whole.mirrorPercentage).to.deep.equal({ value: 100 });
  });

  it('writes no mirror without one', () => {
    const rule = defaultRule(synthMesh().find('VirtualService', 'dog-app'));
    expect(rule).to.not.have.any.keys('mirror', 'mirrorPercentage', 'fault', 'headers', 'match');
  });
});

describe('authorization in special cases', () => {
  it('ambient without metrics, or with no metrics principal: only the waypoint reaches the pods', () => {
    for (const props of [{ metrics: false as const }, { security: { metricsPrincipals: [] } }]) {
      const l4 = synthMesh({ dataplane: { mode: 'ambient' }, ...props }).find('AuthorizationPolicy', 'dog-app-l4').spec;
      expect(l4).to.deep.equal({ selector: { matchLabels: { app: 'dog-app' } }, action: 'ALLOW', rules: [{ from: [{ source: { principals: ['cluster.local/ns/dog-app/sa/waypoint'] } }] }] });
    }
  });

  it('ambient with the Istio ingress: the L7 policy targets the app Service only', () => {
    const l7 = synthMesh({ dataplane: { mode: 'ambient' }, ingress: { api: 'istio' } }).find('AuthorizationPolicy', 'dog-app').spec;
    expect(l7.targetRefs).to.deep.equal([{ group: '', kind: 'Service', name: 'dog-app' }]);
    expect(l7.action).to.equal('ALLOW');
    expect(l7.rules[0].from[0].source.principals).to.deep.equal(['cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account']);
  });

  it('ambient with no caller at all: no L7 policy, only the L4 one', () => {
    const { all } = synthMesh({ dataplane: { mode: 'ambient' }, ingress: { api: 'none' }, serviceType: 'ClusterIP' as never });
    expect(all('AuthorizationPolicy').map((p) => p.metadata.name)).to.deep.equal(['allow-nothing', 'dog-app-l4']);
  });

  it('sidecars with no caller at all: no ALLOW policy for the app', () => {
    // The analysis rightly reports that nothing may call the app (DAM0109); the objects are what is checked here.
    const { all } = synthMesh({ ingress: { api: 'none' }, serviceType: 'ClusterIP' as never, analysis: false });
    expect(all('AuthorizationPolicy').map((p) => p.metadata.name)).to.deep.equal(['allow-nothing']);
  });

  it('lets anyone reach the Gateway API gateway on its HTTP and HTTPS listeners', () => {
    const gw = synthMesh({ ingress: { api: 'gateway-api', port: 8080, tls: { secretName: 'dogs-tls', port: 8443 } } }).find('AuthorizationPolicy', 'dog-app-gateway').spec;
    expect(gw).to.deep.equal({
      targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'dog-app-gateway' }],
      action: 'ALLOW',
      rules: [{ to: [{ operation: { ports: ['8080', '8443'] } }] }],
    });
  });

  it('a permissive namespace stays permissive in the exposed exception', () => {
    const { find } = synthMesh({ ingress: { api: 'none' }, security: { mtlsMode: 'PERMISSIVE' } });
    expect(find('PeerAuthentication', 'default').spec).to.deep.equal({ mtls: { mode: 'PERMISSIVE' } });
    expect(find('PeerAuthentication', 'dog-app-exposed').spec.mtls).to.deep.equal({ mode: 'PERMISSIVE' });
  });

  it('opens no notPaths when the allowed paths match no probe or metrics path', () => {
    const { operation } = synthMesh({ security: { allowedPaths: ['/api/*'] }, analysis: false }).find('AuthorizationPolicy', 'dog-app').spec.rules[0].to[0];
    expect(operation).to.deep.equal({ methods: ['GET', 'HEAD', 'POST'], paths: ['/api/*'] });
  });
});
