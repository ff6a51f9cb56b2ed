import { expect } from 'chai';
import { Chart, Duration, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { DogAppMesh, InvalidPropsError, IstioOperator, type DogAppMeshProps } from '../../constructs/index.js';
import { errorOf, synthMesh } from './support.js';

interface Case {
  /** The rule, as the test title. */
  rule: string;
  props: DogAppMeshProps;
  /** The prop the error names. */
  prop: string;
  /** The value as the error shows it. */
  got: string;
  /** A part of what the error says is allowed. */
  allowed: string;
}

const two = (a: number, b: number) => [{ name: 'v1', weight: a }, { name: 'v2', weight: b }];

const CASES: Case[] = [
  { rule: 'the app name is a DNS label', props: { name: 'Dog_App' }, prop: 'name', got: '"Dog_App"', allowed: 'expected a DNS label' },
  { rule: 'the app name leaves room for suffixes', props: { name: 'a'.repeat(41) }, prop: 'name', got: `"${'a'.repeat(41)}"`, allowed: 'at most 40 characters' },
  { rule: 'the namespace is a DNS label', props: { namespace: 'dogs.app' }, prop: 'namespace', got: '"dogs.app"', allowed: 'expected a DNS label' },
  { rule: 'version names are DNS labels', props: { versions: [{ name: 'V1' }] }, prop: 'versions[0].name', got: '"V1"', allowed: 'expected a DNS label' },
  { rule: 'version names are unique', props: { versions: [{ name: 'v1', weight: 50 }, { name: 'v1', weight: 50 }] }, prop: 'versions', got: '["v1","v1"]', allowed: 'expected unique values; repeated: "v1"' },
  { rule: 'there is at least one version', props: { versions: [] }, prop: 'versions', got: '[]', allowed: 'expected 1 to 16 versions' },
  { rule: 'weights are not negative', props: { versions: two(-10, 110) }, prop: 'versions[0].weight', got: '-10', allowed: 'expected an integer from 0 to 100' },
  { rule: 'weights are whole percentages', props: { versions: two(90.5, 9.5) }, prop: 'versions[0].weight', got: '90.5', allowed: 'expected an integer from 0 to 100' },
  { rule: 'weights add up to 100', props: { versions: two(90, 20) }, prop: 'versions[*].weight', got: '[90,20]', allowed: 'add up to 100 (at least one positive)' },
  { rule: 'at least one weight is positive', props: { versions: two(0, 0) }, prop: 'versions[*].weight', got: '[0,0]', allowed: 'add up to 100 (at least one positive)' },
  { rule: 'durations are Go durations', props: { resilience: { timeout: '10 seconds' } }, prop: 'resilience.timeout', got: '"10 seconds"', allowed: 'expected a Go duration such as "250ms"' },
  { rule: 'durations are at least 1ms', props: { resilience: { outlierDetection: { interval: '500us' } } }, prop: 'resilience.outlierDetection.interval', got: '"500us"', allowed: 'expected at least 1ms' },
  { rule: 'durations are whole milliseconds', props: { resilience: { connectionPool: { connectTimeout: '1.5ms' } } }, prop: 'resilience.connectionPool.connectTimeout', got: '"1.5ms"', allowed: 'expected a whole number of milliseconds' },
  { rule: 'cdk8s Durations are checked too', props: { faultInjection: { delay: { fixedDelay: Duration.millis(0), percentage: 1 } } }, prop: 'faultInjection.delay.fixedDelay', got: '', allowed: 'expected at least 1ms' },
  { rule: 'the route timeout leaves room for every retry', props: { resilience: { timeout: '5s', retries: { attempts: 2, perTryTimeout: '2s' } } }, prop: 'resilience.timeout', got: '"5s"', allowed: 'expected at least perTryTimeout × (attempts + 1) = 6s' },
  { rule: 'the Dog API timeout leaves room for every retry', props: { egress: { tlsOrigination: true, timeout: '1s', retries: { attempts: 1, perTryTimeout: '1s' } } }, prop: 'egress.timeout', got: '"1s"', allowed: '= 2s' },
  { rule: 'shutdown durations are durations', props: { shutdown: { grace: '10 seconds' } }, prop: 'shutdown.grace', got: '"10 seconds"', allowed: 'Go duration' },
  { rule: 'the drain delay stays within what the service accepts', props: { shutdown: { drainDelay: '11m' } }, prop: 'shutdown.drainDelay', got: '"11m"', allowed: 'expected at most 10m' },
  { rule: 'DogAppMesh owns the shutdown variables', props: { versions: [{ name: 'v1', env: { SHUTDOWN_GRACE_MS: '1' } }] }, prop: 'versions[0].env', got: '"SHUTDOWN_GRACE_MS"', allowed: 'set by DogAppMesh' },
  { rule: 'retry conditions are Envoy conditions', props: { resilience: { retries: { retryOn: '5xx, timeout' } } }, prop: 'resilience.retries.retryOn', got: '"5xx, timeout"', allowed: 'comma-separated list of Envoy retry conditions' },
  { rule: 'retry attempts are bounded', props: { resilience: { retries: { attempts: 11 } } }, prop: 'resilience.retries.attempts', got: '11', allowed: 'expected an integer from 0 to 10' },
  { rule: 'ports are within 1..65535', props: { servicePort: 70000 }, prop: 'servicePort', got: '70000', allowed: 'expected an integer port from 1 to 65535' },
  { rule: "ports avoid Istio's reserved 15000-15090", props: { containerPort: 15020 }, prop: 'containerPort', got: '15020', allowed: 'outside 15000-15090 which Istio reserves' },
  { rule: 'the ingress port avoids the reserved range too', props: { ingress: { port: 15008 } }, prop: 'ingress.port', got: '15008', allowed: 'outside 15000-15090' },
  { rule: 'replicas are at least 1', props: { replicas: 0 }, prop: 'replicas', got: '0', allowed: 'expected an integer from 1 to 1000' },
  { rule: 'per-version replicas are at least 1', props: { versions: [{ name: 'v1', replicas: 2.5 }] }, prop: 'versions[0].replicas', got: '2.5', allowed: 'expected an integer from 1 to 1000' },
  { rule: "the app never runs as Istio's proxy uid 1337", props: { runAsUser: 1337 }, prop: 'runAsUser', got: '1337', allowed: 'other than 1337, which Istio reserves for its proxy' },
  { rule: 'the app never runs as root', props: { runAsUser: 0 }, prop: 'runAsUser', got: '0', allowed: 'expected an id from 1 to 2147483647' },
  { rule: "the app's gid is not 1337 either", props: { runAsGroup: 1337 }, prop: 'runAsGroup', got: '1337', allowed: 'other than 1337' },
  { rule: 'header names are lowercase tokens', props: { versions: two(90, 10), headerRoute: { version: 'v2', header: 'X-Canary' } }, prop: 'headerRoute.header', got: '"X-Canary"', allowed: 'expected a lowercase HTTP header name' },
  { rule: 'header values have no control characters', props: { versions: two(90, 10), headerRoute: { version: 'v2', value: 'a\nb' } }, prop: 'headerRoute.value', got: '"a\\nb"', allowed: 'without control characters' },
  { rule: 'the header route names an existing version', props: { headerRoute: { version: 'v3' } }, prop: 'headerRoute.version', got: '"v3"', allowed: 'expected one of "v1"' },
  { rule: 'images are references', props: { image: 'dog app:1' }, prop: 'image', got: '"dog app:1"', allowed: 'expected an image reference' },
  { rule: 'images are pinned, not latest', props: { image: 'dog-app-mesh:latest' }, prop: 'image', got: '"dog-app-mesh:latest"', allowed: 'pinned to a tag other than "latest"' },
  { rule: 'images carry a tag or digest', props: { versions: [{ name: 'v1', image: 'ghcr.io/dogs/app' }] }, prop: 'versions[0].image', got: '"ghcr.io/dogs/app"', allowed: 'or to an @sha256 digest' },
  { rule: 'autoscaling min is at most max', props: { versions: [{ name: 'v1', autoscaling: { minReplicas: 5, maxReplicas: 3 } }] }, prop: 'versions[0].autoscaling.maxReplicas', got: '3', allowed: 'expected at least minReplicas (5)' },
  { rule: 'autoscaling and fixed replicas exclude each other', props: { versions: [{ name: 'v1', replicas: 3, autoscaling: { maxReplicas: 5 } }] }, prop: 'versions[0].replicas', got: '3', allowed: 'the autoscaler owns the count' },
  { rule: 'DogAppMesh owns PORT, APP_VERSION and DOG_API_URL', props: { versions: [{ name: 'v1', env: { PORT: '9090' } }] }, prop: 'versions[0].env', got: '"PORT"', allowed: 'set by DogAppMesh' },
  { rule: 'requests do not exceed limits', props: { resources: { cpuRequestMillis: 800, cpuLimitMillis: 500 } }, prop: 'resources.cpuLimitMillis', got: '500', allowed: 'expected at least the CPU request (800)' },
  { rule: 'the namespace never gets a second enrolment label', props: { namespaceLabels: { 'istio.io/rev': 'stable' } }, prop: 'namespaceLabels["istio.io/rev"]', got: '"stable"', allowed: 'expected no mesh enrolment label here' },
  { rule: 'a revision is for sidecar mode only', props: { dataplane: { mode: 'ambient', revision: 'stable' } }, prop: 'dataplane.revision', got: '"stable"', allowed: 'expected no revision in ambient mode' },
  { rule: 'the waypoint name is for ambient mode only', props: { dataplane: { waypointName: 'wp' } }, prop: 'dataplane.waypointName', got: '"wp"', allowed: "expected only with dataplane.mode 'ambient'" },
  { rule: 'a Sidecar resource is pointless in ambient mode', props: { dataplane: { mode: 'ambient' }, egress: { restrictOutbound: true } }, prop: 'egress.restrictOutbound', got: 'true', allowed: 'IST0167' },
  { rule: 'an exposed Service bypasses the waypoint in ambient mode', props: { dataplane: { mode: 'ambient' }, serviceType: kplus.ServiceType.LOAD_BALANCER }, prop: 'serviceType', got: '"LoadBalancer"', allowed: 'expected ClusterIP in ambient mode' },
  { rule: 'the Gateway API has no fault injection', props: { ingress: { api: 'gateway-api' }, faultInjection: { abort: { httpStatus: 503, percentage: 1 } } }, prop: 'faultInjection', got: '"set"', allowed: 'HTTPRoute has no fault injection' },
  { rule: 'the Gateway API has no retry policy', props: { ingress: { api: 'gateway-api' }, resilience: { retries: { attempts: 1 } } }, prop: 'resilience.retries', got: '{"attempts":1}', allowed: 'the standard-channel HTTPRoute has no retry policy' },
  { rule: 'Istio-gateway options need the Istio ingress', props: { ingress: { api: 'gateway-api', gatewaySelector: { istio: 'ingress' } } }, prop: 'ingress.gatewaySelector', got: '{"istio":"ingress"}', allowed: "expected only with ingress.api 'istio'" },
  { rule: 'a fault needs a delay or an abort', props: { faultInjection: {} }, prop: 'faultInjection', got: '{}', allowed: 'expected a delay, an abort or both' },
  { rule: 'fault percentages are 0..100', props: { faultInjection: { delay: { fixedDelay: '1s', percentage: 150 } } }, prop: 'faultInjection.delay.percentage', got: '150', allowed: 'expected a number from 0 to 100' },
  { rule: 'abort statuses are HTTP statuses', props: { faultInjection: { abort: { httpStatus: 99, percentage: 10 } } }, prop: 'faultInjection.abort.httpStatus', got: '99', allowed: 'expected an integer from 200 to 599' },
  { rule: 'a fault rule never hides the header route', props: { versions: two(90, 10), headerRoute: { version: 'v2' }, faultInjection: { abort: { httpStatus: 503, percentage: 1 }, match: { header: 'x-canary', value: 'always' } } }, prop: 'faultInjection.match', got: '{"header":"x-canary","value":"always"}', allowed: 'would make the header route unreachable' },
  { rule: 'ingress hosts are DNS names or wildcards', props: { ingress: { hosts: ['dogs example.com'] } }, prop: 'ingress.hosts[0]', got: '"dogs example.com"', allowed: "or '*' / '*.<domain>'" },
  { rule: 'egress hosts are DNS names', props: { egress: { extraHosts: ['*.dog.ceo'] } }, prop: 'egress.extraHosts[0]', got: '"*.dog.ceo"', allowed: 'expected a DNS name' },
  { rule: 'allowed paths are paths', props: { security: { allowedPaths: ['api/*'] } }, prop: 'security.allowedPaths[0]', got: '"api/*"', allowed: "expected a path starting with '/'" },
  { rule: 'allowed methods are HTTP methods', props: { security: { allowedMethods: ['get'] } }, prop: 'security.allowedMethods[0]', got: '"get"', allowed: 'expected one of "GET"' },
  { rule: 'allowed principals are SPIFFE principals', props: { security: { allowedPrincipals: ['dog-app/sleep'] } }, prop: 'security.allowedPrincipals[0]', got: '"dog-app/sleep"', allowed: '<trust-domain>/ns/<namespace>/sa/<service-account>' },
  { rule: 'the load generator rate is positive', props: { loadgen: { rps: 0 } }, prop: 'loadgen.rps', got: '0', allowed: 'expected a number from 0.01 to 1000' },
  { rule: 'TLS origination needs the ServiceEntry', props: { egress: { enabled: false, tlsOrigination: true } }, prop: 'egress.tlsOrigination', got: 'true', allowed: 'TLS origination needs the ServiceEntry' },
  { rule: 'analysis thresholds are severities', props: { analysis: { failureThreshold: 'error' as never } }, prop: 'analysis.failureThreshold', got: '"error"', allowed: 'expected one of "Error", "Warning", "Info"' },
  { rule: 'the PodDisruptionBudget allows some disruption', props: { maxUnavailable: 0 }, prop: 'maxUnavailable', got: '0', allowed: 'expected an integer from 1 to 1000' },
];

describe('DogAppMesh validation', () => {
  for (const c of CASES) {
    it(c.rule, () => {
      const message = errorOf(() => synthMesh(c.props));
      expect(message).to.match(/^\[test\/mesh\] invalid props:\n/);
      const line = message.split('\n').find((l) => l.startsWith(`  - ${c.prop}: got `));
      expect(line, message).to.exist;
      if (c.got) expect(line).to.include(`got ${c.got};`);
      expect(line).to.include(c.allowed);
    });
  }

  it('reports every problem at once as an InvalidPropsError', () => {
    const app = Testing.app();
    try {
      new DogAppMesh(new Chart(app, 'test'), 'mesh', { name: 'Bad', replicas: 0, runAsUser: 1337 });
      expect.fail('expected an error');
    } catch (err) {
      expect(err).to.be.instanceOf(InvalidPropsError);
      expect((err as InvalidPropsError).problems.map((p) => p.prop)).to.deep.equal(['name', 'replicas', 'runAsUser']);
    }
  });

  describe('of the IstioOperator', () => {
    const operator = (props: DogAppMeshProps) => synthMesh(props, { operator: true });

    it('installs the ambient profile in ambient mode', () => {
      const message = errorOf(() => operator({ dataplane: { mode: 'ambient' }, istioOperator: { scope: undefined as never, profile: 'demo' } }));
      expect(message).to.include('  - istioOperator.profile: got "demo"; expected \'ambient\' in ambient mode');
    });

    it('installs an ingress gateway when the Istio ingress API needs one', () => {
      const message = errorOf(() => operator({ istioOperator: { scope: undefined as never, profile: 'minimal' } }));
      expect(message).to.include('  - istioOperator.profile: got "minimal"; expected \'demo\' or \'default\' with ingress.api \'istio\'');
    });

    it('takes exactly one backend per extension provider, and a default provider it knows', () => {
      const chart = new Chart(Testing.app(), 'istio');
      const message = errorOf(
        () =>
          new IstioOperator(chart, 'operator', {
            extensionProviders: [{ name: 'jaeger', opentelemetry: { service: 'jaeger-collector.istio-system.svc.cluster.local', port: 4317 }, zipkin: { service: 'zipkin', port: 9411 } }],
            defaultTracingProvider: 'zipkin',
          }),
      );
      expect(message).to.match(/^\[istio\/operator\] invalid props:/);
      expect(message).to.include('  - extensionProviders[0]: got ["opentelemetry","zipkin"]; expected exactly one backend');
      expect(message).to.include('  - defaultTracingProvider: got "zipkin"; expected one of "jaeger"');
    });
  });
});
