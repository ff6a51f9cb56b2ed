/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-return -- these assertions walk synthesized JSON */
import { expect } from 'chai';
import * as kplus from 'cdk8s-plus-27';
import { analyze, type DogAppMeshProps } from '../../constructs/index.js';
import { latencyQuantile, successRatio } from '../../constructs/observability/mesh-queries.js';
import { errorOf, synthMesh, type K8sObject } from '../constructs/support.js';
import { schemaErrors } from '../support/schemas.js';

const HOSTS = { hosts: ['dog.example.com'] };
const flagger = (extra: Partial<DogAppMeshProps> = {}): DogAppMeshProps => ({
  versions: [{ name: 'v2', image: 'dog-app-mesh:0.2.0' }],
  ingress: HOSTS,
  progressiveDelivery: { engine: 'flagger' },
  ...extra,
});
const argo = (extra: Partial<DogAppMeshProps> = {}): DogAppMeshProps => ({
  versions: [{ name: 'v2', image: 'dog-app-mesh:0.2.0' }],
  progressiveDelivery: { engine: 'argo-rollouts' },
  ...extra,
});
const kinds = (objects: K8sObject[]) => objects.map((o) => `${o.kind}/${o.metadata.name}`);

/** Schema findings of the offline analysis (structural schema and CEL rules of the pinned CRDs). */
function celAndSchemaFindings(objects: K8sObject[]): string[] {
  return analyze(objects as never).filter((f) => f.code === 'IST0106').map((f) => f.message);
}

describe('progressiveDelivery', () => {
  describe("engine 'flagger'", () => {
    const { objects, find, all } = synthMesh(flagger());

    it('emits one Deployment <name> selecting app only, and leaves the host\'s Services, DestinationRules and VirtualServices to Flagger', () => {
      const deployment = find('Deployment', 'dog-app');
      expect(deployment.spec.selector).to.deep.equal({ matchLabels: { app: 'dog-app' } });
      // Istio reads the version from app.kubernetes.io/version; a `version` label would be a second selector label.
      expect(deployment.spec.template.metadata.labels).to.include({ app: 'dog-app', 'app.kubernetes.io/version': 'v2' });
      expect(deployment.spec.template.spec.containers[0].image).to.equal('dog-app-mesh:0.2.0');
      expect(all('Deployment').map((d) => d.metadata.name).sort()).to.deep.equal(['dog-app', 'dog-app-loadgen']);
      expect(all('Service')).to.deep.equal([]);
      expect(all('VirtualService')).to.deep.equal([]);
      expect(all('DestinationRule')).to.deep.equal([]);
      expect(kinds(objects)).to.include.members(['Gateway/dog-app-gateway', 'PeerAuthentication/default', 'AuthorizationPolicy/allow-nothing', 'ServiceEntry/dog-ceo', 'Namespace/dog-app']);
    });

    it('gives the Canary the service port, gateways, hosts, retries, timeout and traffic policy of the resilience props, with ISTIO_MUTUAL', () => {
      const canary = find('Canary', 'dog-app');
      expect(canary.apiVersion).to.equal('flagger.app/v1beta1');
      expect(canary.spec.provider).to.equal('istio');
      expect(canary.spec.targetRef).to.deep.equal({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'dog-app' });
      expect(canary.spec.autoscalerRef).to.equal(undefined);
      const service = canary.spec.service;
      expect(service).to.include({ port: 8000, targetPort: 8080, portName: 'http', timeout: '10s' });
      expect(service.gateways).to.deep.equal(['dog-app-gateway', 'mesh']);
      expect(service.hosts).to.deep.equal(['dog.example.com']);
      expect(service.retries).to.deep.equal({ attempts: 2, perTryTimeout: '3s', retryOn: 'connect-failure,refused-stream,reset' });
      expect(service.trafficPolicy.tls).to.deep.equal({ mode: 'ISTIO_MUTUAL' });
      expect(service.trafficPolicy.loadBalancer).to.deep.equal({ simple: 'LEAST_REQUEST' });
      expect(service.trafficPolicy.outlierDetection).to.deep.equal({ consecutive5xxErrors: 0, splitExternalLocalOriginErrors: true, consecutiveLocalOriginFailures: 5, interval: '10s', baseEjectionTime: '30s', maxEjectionPercent: 50 });
      expect(service.trafficPolicy.connectionPool.http).to.deep.equal({ http1MaxPendingRequests: 64, http2MaxRequests: 256, maxRetries: 10 });
    });

    it('schedules the default steps and checks: 10/25/50 % every minute, 5 failed checks abort, success ≥ 99 %, p99 ≤ 500 ms', () => {
      const { analysis } = find('Canary', 'dog-app').spec;
      expect(analysis).to.include({ interval: '1m', threshold: 5 });
      expect(analysis.stepWeights).to.deep.equal([10, 25, 50]);
      expect(analysis.metrics).to.deep.equal([
        { name: 'success-rate', templateRef: { name: 'dog-app-success-rate', namespace: 'dog-app' }, thresholdRange: { min: 0.99 }, interval: '1m' },
        { name: 'latency-p99', templateRef: { name: 'dog-app-latency-p99', namespace: 'dog-app' }, thresholdRange: { max: 500 }, interval: '1m' },
      ]);
      expect(analysis.webhooks).to.equal(undefined);
    });

    it("queries the canary Deployment's mesh metrics with the dashboards' definitions, on the Prometheus given", () => {
      const canary = { namespace: '{{ namespace }}', workload: '{{ target }}' };
      const success = find('MetricTemplate', 'dog-app-success-rate').spec;
      expect(success.provider).to.deep.equal({ type: 'prometheus', address: 'http://prometheus.istio-system:9090' });
      expect(success.query).to.equal(successRatio(canary, '{{ interval }}'));
      expect(success.query).to.include('reporter="destination"').and.include('destination_workload="{{ target }}"');
      expect(find('MetricTemplate', 'dog-app-latency-p99').spec.query).to.equal(latencyQuantile(0.99, canary, '{{ interval }}'));
    });

    it("admits the primary's pods (app: <name>-primary) like the canary's, and keeps a PodDisruptionBudget for each", () => {
      const app = find('AuthorizationPolicy', 'dog-app').spec;
      const primary = find('AuthorizationPolicy', 'dog-app-primary').spec;
      expect(primary.selector).to.deep.equal({ matchLabels: { app: 'dog-app-primary' } });
      expect(primary.rules).to.deep.equal(app.rules);
      expect(primary.rules[0].from[0].source.principals).to.include('cluster.local/ns/dog-app/sa/dog-app-loadgen');
      expect(all('PodDisruptionBudget').map((p) => p.spec.selector.matchLabels)).to.deep.equal([{ app: 'dog-app' }, { app: 'dog-app-primary' }]);
    });

    it('adds a load generator that gives the canary 30 requests per check window at the first step', () => {
      const args: string[] = find('Deployment', 'dog-app-loadgen').spec.template.spec.containers[0].args;
      // 30 requests / 60 s / 10 % = 5 rps
      expect(args.slice(args.indexOf('--rps'), args.indexOf('--rps') + 2)).to.deep.equal(['--rps', '5']);
      const given = synthMesh(flagger({ loadgen: { rps: 2 } })).find('Deployment', 'dog-app-loadgen').spec.template.spec.containers[0].args;
      expect(given).to.include('2');
    });

    it('is valid against the pinned CRDs (schemas and CEL rules) and passes the analysis without findings', () => {
      expect(objects.flatMap(schemaErrors)).to.deep.equal([]);
      expect(celAndSchemaFindings(objects)).to.deep.equal([]);
      expect(analyze(objects as never).map((f) => `${f.code} ${f.message}`)).to.deep.equal([]);
    });

    it('turns stepWeight/maxWeight, threshold, interval, manual promotion, extra checks and alerts into the Canary', () => {
      const { find: f } = synthMesh(flagger({
        progressiveDelivery: {
          engine: 'flagger',
          stepWeight: 20,
          maxWeight: 60,
          interval: '30s',
          threshold: 3,
          manualPromotion: true,
          checks: { successRate: 99.5, latencyP99: '250ms', extra: [{ name: 'cpu', query: 'sum(rate(container_cpu_usage_seconds_total{namespace="{{ namespace }}"}[{{ window }}]))', max: 0.8 }] },
          prometheusAddress: 'http://prom.monitoring:9090',
          flagger: { alertProvider: { type: 'slack', channel: 'deploys', secretName: 'slack-url' } },
        },
      }));
      const { analysis } = f('Canary', 'dog-app').spec;
      expect(analysis).to.include({ interval: '30s', threshold: 3, stepWeight: 20, maxWeight: 60 });
      expect(analysis.stepWeights).to.equal(undefined);
      expect(analysis.metrics.map((m: { thresholdRange: unknown }) => m.thresholdRange)).to.deep.equal([{ min: 0.995 }, { max: 250 }, { max: 0.8 }]);
      expect(analysis.webhooks).to.deep.equal([
        { name: 'manual-promotion', type: 'confirm-promotion', url: 'http://flagger-loadtester.flagger-system/gate/check' },
        { name: 'manual-rollback', type: 'rollback', url: 'http://flagger-loadtester.flagger-system/rollback/check' },
      ]);
      expect(analysis.alerts).to.deep.equal([{ name: 'chat', severity: 'info', providerRef: { name: 'dog-app', namespace: 'dog-app' } }]);
      expect(f('AlertProvider', 'dog-app').spec).to.deep.equal({ type: 'slack', channel: 'deploys', secretRef: { name: 'slack-url' } });
      expect(f('MetricTemplate', 'dog-app-cpu').spec.query).to.equal('sum(rate(container_cpu_usage_seconds_total{namespace="{{ namespace }}"}[{{ interval }}]))');
      expect(f('MetricTemplate', 'dog-app-cpu').spec.provider.address).to.equal('http://prom.monitoring:9090');
    });

    it('makes the header route Flagger A/B testing: analysis.match for `iterations` intervals', () => {
      const { find: f } = synthMesh(flagger({ headerRoute: { version: 'v2' } }));
      const { analysis } = f('Canary', 'dog-app').spec;
      expect(analysis.iterations).to.equal(10);
      expect(analysis.match).to.deep.equal([{ headers: { 'x-canary': { exact: 'always' } } }]);
      expect(analysis.stepWeights).to.equal(undefined);
    });

    it('autoscaled: the HPA targets <name> and the Canary refers to it; the Deployment has no replica count', () => {
      const s = synthMesh(flagger({ versions: [{ name: 'v2', autoscaling: { maxReplicas: 6 } }] }));
      const hpa = s.find('HorizontalPodAutoscaler', 'dog-app');
      expect(hpa.spec.scaleTargetRef).to.include({ kind: 'Deployment', name: 'dog-app' });
      expect(s.find('Canary', 'dog-app').spec.autoscalerRef).to.deep.equal({ apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', name: 'dog-app' });
      expect(s.find('Deployment', 'dog-app').spec.replicas).to.equal(undefined);
      expect(s.objects.flatMap(schemaErrors)).to.deep.equal([]);
      expect(celAndSchemaFindings(s.objects)).to.deep.equal([]);
    });

    it("with ingress.api 'none' binds to the mesh only", () => {
      const s = synthMesh(flagger({ ingress: { api: 'none' }, serviceType: kplus.ServiceType.CLUSTER_IP }));
      expect(s.find('Canary', 'dog-app').spec.service.gateways).to.deep.equal(['mesh']);
      expect(s.all('Gateway')).to.deep.equal([]);
    });
  });

  describe("engine 'argo-rollouts'", () => {
    const { objects, find, all, mesh } = synthMesh(argo({ headerRoute: { version: 'v2' } }));

    it('emits a Rollout with the pod template DogAppMesh gives a version, and no Deployment of the app', () => {
      const rollout = find('Rollout', 'dog-app');
      expect(rollout.apiVersion).to.equal('argoproj.io/v1alpha1');
      expect(rollout.spec.replicas).to.equal(2);
      expect(rollout.spec.selector).to.deep.equal({ matchLabels: { app: 'dog-app' } });
      const template = rollout.spec.template;
      expect(template.metadata.labels).to.include({ app: 'dog-app', 'app.kubernetes.io/version': 'v2' });
      const container = template.spec.containers[0];
      expect(container.image).to.equal('dog-app-mesh:0.2.0');
      expect(container.livenessProbe.httpGet).to.deep.equal({ path: '/healthz', port: 8080, scheme: 'HTTP' });
      expect(container.securityContext.capabilities).to.deep.equal({ drop: ['ALL'] });
      expect(template.spec.serviceAccountName).to.equal('dog-app');
      expect(all('Deployment').map((d) => d.metadata.name)).to.deep.equal(['dog-app-loadgen']);
    });

    it('routes through stable and canary subsets, the weighted route named and at 100/0, and the Rollout names exactly those', () => {
      const { trafficRouting } = find('Rollout', 'dog-app').spec.strategy.canary;
      expect(trafficRouting.istio.virtualServices).to.deep.equal([
        { name: 'dog-app', routes: ['default'] },
        { name: 'dog-app-ingress', routes: ['default'] },
      ]);
      expect(trafficRouting.istio.destinationRule).to.deep.equal({ name: 'dog-app', stableSubsetName: 'stable', canarySubsetName: 'canary' });
      expect(trafficRouting.managedRoutes).to.deep.equal([{ name: 'header-route' }]);
      const dr = find('DestinationRule', 'dog-app');
      expect(dr.spec.subsets).to.deep.equal([{ name: 'stable', labels: { app: 'dog-app' } }, { name: 'canary', labels: { app: 'dog-app' } }]);
      for (const name of ['dog-app', 'dog-app-ingress']) {
        const http = find('VirtualService', name).spec.http;
        expect(http.map((r: { name: string }) => r.name), name).to.deep.equal(['default']);
        expect(http[0].route.map((r: { destination: { subset: string }; weight: number }) => [r.destination.subset, r.weight])).to.deep.equal([['stable', 100], ['canary', 0]]);
        expect(http[0].retries).to.deep.equal({ attempts: 2, perTryTimeout: '3s', retryOn: 'connect-failure,refused-stream,reset' });
      }
      expect(find('Service', 'dog-app').spec.selector).to.deep.equal({ app: 'dog-app' });
      expect(mesh.destinationRule?.name).to.equal('dog-app');
    });

    it('steps: the header route first, then setWeight and a pause per weight; background analysis from the first weight', () => {
      const { steps, analysis } = find('Rollout', 'dog-app').spec.strategy.canary;
      expect(steps).to.deep.equal([
        { setHeaderRoute: { name: 'header-route', match: [{ headerName: 'x-canary', headerValue: { exact: 'always' } }] } },
        { setWeight: 10 }, { pause: { duration: '1m' } },
        { setWeight: 25 }, { pause: { duration: '1m' } },
        { setWeight: 50 }, { pause: { duration: '1m' } },
      ]);
      expect(analysis).to.deep.equal({ templates: [{ templateName: 'dog-app' }], startingStep: 1, args: [{ name: 'version', value: 'v2' }] });
    });

    it('has an AnalysisTemplate with the Prometheus provider and the shared queries on the canary version', () => {
      const template = find('AnalysisTemplate', 'dog-app').spec;
      const canary = { namespace: 'dog-app', app: 'dog-app', version: '{{args.version}}' };
      expect(template.args).to.deep.equal([{ name: 'version' }]);
      expect(template.metrics).to.deep.equal([
        { name: 'success-rate', interval: '1m', failureLimit: 4, successCondition: 'len(result) > 0 && result[0] >= 0.99', provider: { prometheus: { address: 'http://prometheus.istio-system:9090', query: successRatio(canary, '1m') } } },
        { name: 'latency-p99', interval: '1m', failureLimit: 4, successCondition: 'len(result) > 0 && result[0] <= 500', provider: { prometheus: { address: 'http://prometheus.istio-system:9090', query: latencyQuantile(0.99, canary, '1m') } } },
      ]);
    });

    it('is valid against the pinned CRDs (schemas and CEL rules) and passes the analysis without findings', () => {
      expect(objects.flatMap(schemaErrors)).to.deep.equal([]);
      expect(celAndSchemaFindings(objects)).to.deep.equal([]);
      expect(analyze(objects as never).map((f) => `${f.code} ${f.message}`)).to.deep.equal([]);
    });

    it('manual promotion: an indefinite pause after the last step', () => {
      const { steps } = synthMesh(argo({ progressiveDelivery: { engine: 'argo-rollouts', stepWeights: [20, 50], manualPromotion: true } })).find('Rollout', 'dog-app').spec.strategy.canary;
      expect(steps).to.deep.equal([{ setWeight: 20 }, { pause: { duration: '1m' } }, { setWeight: 50 }, { pause: { duration: '1m' } }, { pause: {} }]);
    });

    it('autoscaled: an HPA scales the Rollout, which has no replica count', () => {
      const s = synthMesh(argo({ versions: [{ name: 'v2', autoscaling: { maxReplicas: 5 } }] }));
      expect(s.find('HorizontalPodAutoscaler', 'dog-app').spec.scaleTargetRef).to.deep.equal({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', name: 'dog-app' });
      expect(s.find('Rollout', 'dog-app').spec.replicas).to.equal(undefined);
      expect(s.objects.flatMap(schemaErrors)).to.deep.equal([]);
      expect(celAndSchemaFindings(s.objects)).to.deep.equal([]);
    });

    it('workloadRef: the Rollout points at a Deployment <name> kept at 0 replicas, which holds the template', () => {
      const s = synthMesh(argo({ progressiveDelivery: { engine: 'argo-rollouts', argoRollouts: { workloadRef: true } } }));
      const rollout = s.find('Rollout', 'dog-app');
      expect(rollout.spec.workloadRef).to.deep.equal({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'dog-app', scaleDown: 'progressively' });
      expect(rollout.spec.template).to.equal(undefined);
      expect(s.find('Deployment', 'dog-app').spec.replicas).to.equal(0);
      expect(s.objects.flatMap(schemaErrors)).to.deep.equal([]);
      expect(analyze(s.objects as never).map((f) => `${f.code} ${f.message}`)).to.deep.equal([]);
    });

    it('takes the Prometheus address from the observability add-ons when given', async () => {
      const { Chart, Testing } = await import('cdk8s');
      const { ObservabilityAddons } = await import('../../constructs/index.js');
      const app = Testing.app();
      const addons = new ObservabilityAddons(new Chart(app, 'obs'), 'addons', { namespace: 'observability' });
      const s = synthMesh(argo({ progressiveDelivery: { engine: 'argo-rollouts', observability: addons } }));
      expect(s.find('AnalysisTemplate', 'dog-app').spec.metrics[0].provider.prometheus.address).to.equal(`http://${addons.prometheus.service.name}.observability:9090`);
    });
  });

  describe('bad input', () => {
    const cases: { title: string; props: DogAppMeshProps; prop: string; message: RegExp }[] = [
      { title: 'two versions', props: { ...argo(), versions: [{ name: 'v1' }, { name: 'v2' }] }, prop: 'versions', message: /exactly one version/ },
      { title: 'weights', props: { ...argo(), versions: [{ name: 'v2', weight: 100 }] }, prop: 'versions[*].weight', message: /no weights/ },
      { title: 'weights that do not increase', props: argo({ progressiveDelivery: { engine: 'argo-rollouts', stepWeights: [10, 50, 30] } }), prop: 'progressiveDelivery.stepWeights', message: /strictly increasing/ },
      { title: 'a weight over 100', props: argo({ progressiveDelivery: { engine: 'argo-rollouts', stepWeights: [50, 120] } }), prop: 'progressiveDelivery.stepWeights[1]', message: /from 1 to 100/ },
      { title: 'stepWeight above maxWeight', props: flagger({ progressiveDelivery: { engine: 'flagger', stepWeight: 40, maxWeight: 30 } }), prop: 'progressiveDelivery.maxWeight', message: /at least stepWeight/ },
      { title: 'both schedules', props: flagger({ progressiveDelivery: { engine: 'flagger', stepWeight: 10, stepWeights: [10] } }), prop: 'progressiveDelivery.stepWeights', message: /not both/ },
      { title: 'an unknown engine', props: argo({ progressiveDelivery: { engine: 'spinnaker' as never } }), prop: 'progressiveDelivery.engine', message: /flagger.*argo-rollouts/ },
      { title: 'a query that does not parse', props: argo({ progressiveDelivery: { engine: 'argo-rollouts', checks: { extra: [{ name: 'broken', query: 'sum(rate(x[{{ window }}])', max: 1 }] } } }), prop: 'progressiveDelivery.checks.extra[0].query', message: /PromQL that parses/ },
      { title: 'an unknown placeholder', props: argo({ progressiveDelivery: { engine: 'argo-rollouts', checks: { extra: [{ name: 'x', query: 'up{job="{{ target }}"}', min: 1 }] } } }), prop: 'progressiveDelivery.checks.extra[0].query', message: /unknown: target/ },
      { title: 'a success rate over 100', props: argo({ progressiveDelivery: { engine: 'argo-rollouts', checks: { successRate: 101 } } }), prop: 'progressiveDelivery.checks.successRate', message: /from 0 to 100/ },
      { title: 'Gateway API with Flagger', props: flagger({ ingress: { api: 'gateway-api' } }), prop: 'ingress.api', message: /gatewayapi:v1 provider is not supported/ },
      { title: 'Gateway API with Argo Rollouts', props: argo({ ingress: { api: 'gateway-api' } }), prop: 'ingress.api', message: /Gateway API plugin/ },
      { title: 'ambient with Flagger', props: flagger({ dataplane: { mode: 'ambient' }, ingress: { api: 'istio', ...HOSTS } }), prop: 'dataplane.mode', message: /ambient/ },
      { title: 'ambient with Argo Rollouts', props: argo({ dataplane: { mode: 'ambient' }, ingress: { api: 'istio' } }), prop: 'dataplane.mode', message: /neither Flagger nor Argo Rollouts documents ambient/ },
      { title: "a '*' ingress host with Flagger", props: flagger({ ingress: { hosts: ['*'] } }), prop: 'ingress.hosts[0]', message: /no wildcard host on the mesh gateway/ },
      { title: 'a LoadBalancer Service with Flagger', props: flagger({ ingress: { api: 'none' } }), prop: 'serviceType', message: /Flagger creates the app's Services/ },
      { title: 'weights with a Flagger header route', props: flagger({ headerRoute: { version: 'v2' }, progressiveDelivery: { engine: 'flagger', stepWeights: [10, 20] } }), prop: 'progressiveDelivery.stepWeights', message: /A\/B testing/ },
      { title: 'Flagger options under Argo Rollouts', props: argo({ progressiveDelivery: { engine: 'argo-rollouts', flagger: {} } }), prop: 'progressiveDelivery.flagger', message: /only with engine 'flagger'/ },
      { title: 'both Prometheus sources', props: argo({ progressiveDelivery: { engine: 'argo-rollouts', prometheusAddress: 'http://p:9090', observability: {} as never } }), prop: 'progressiveDelivery.prometheusAddress', message: /not both/ },
    ];
    for (const c of cases) {
      it(`names the prop for ${c.title}`, () => {
        const message = errorOf(() => synthMesh(c.props));
        expect(message).to.include('[test/mesh] invalid props');
        const line = message.split('\n').find((l) => l.startsWith(`  - ${c.prop}: `));
        expect(line, message).to.match(c.message);
      });
    }
  });

  it('leaves static mode as it was when absent', () => {
    const { all } = synthMesh({ versions: [{ name: 'v1', weight: 90 }, { name: 'v2', weight: 10 }] });
    expect(all('Canary')).to.deep.equal([]);
    expect(all('Rollout')).to.deep.equal([]);
    expect(all('Deployment').map((d) => d.metadata.name)).to.deep.equal(['dog-app-v1', 'dog-app-v2']);
  });
});

describe("the checks' queries and the dog-app dashboard", () => {
  it('come from one definition: the per-version panels group the same expressions by destination_version', async () => {
    const { dogAppDashboard } = await import('../../constructs/observability/dashboards/dog-app.js');
    const { errorRatio, requestRate } = await import('../../constructs/observability/mesh-queries.js');
    const model = dogAppDashboard({ type: 'prometheus', uid: 'prometheus' }, { app: 'dog-app', namespace: 'dog-app' }) as unknown as { panels: { targets?: { expr: string }[] }[] };
    const exprs = model.panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr));
    const mesh = { namespace: '$namespace', app: '$app' };
    expect(exprs).to.include.members([
      requestRate(mesh, '$__rate_interval', ['destination_version']),
      errorRatio(mesh, '$__rate_interval', ['destination_version']),
      latencyQuantile(0.99, mesh, '$__rate_interval', ['destination_version']),
    ]);
    expect(errorRatio(mesh, '1m')).to.equal(`1 - (${successRatio(mesh, '1m')})`);
  });
});
