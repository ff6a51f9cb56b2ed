/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-return -- these assertions walk synthesized JSON */
import { expect } from 'chai';
import { Duration } from 'cdk8s';
import type { DogAppMeshProps, ProgressiveDeliveryOptions } from '../../constructs/index.js';
import { errorOf, synthMesh } from '../constructs/support.js';

type Options = Omit<ProgressiveDeliveryOptions, 'engine'>;
const argo = (options: Options = {}, extra: Partial<DogAppMeshProps> = {}): DogAppMeshProps => ({ versions: [{ name: 'v2', image: 'dog-app-mesh:0.2.0' }], progressiveDelivery: { engine: 'argo-rollouts', ...options }, ...extra });
const flagger = (options: Options = {}, extra: Partial<DogAppMeshProps> = {}): DogAppMeshProps => ({ versions: [{ name: 'v2', image: 'dog-app-mesh:0.2.0' }], ingress: { hosts: ['dog.example.com'] }, progressiveDelivery: { engine: 'flagger', ...options }, ...extra });
/** The whole error message: one line per bad prop, nothing else. */
const problems = (props: DogAppMeshProps) => errorOf(() => synthMesh(props)).split('\n');
const only = (line: string) => ['[test/mesh] invalid props:', `  - ${line}`];
const DNS_LABEL = "expected a DNS label: lowercase letters, digits and '-', starting and ending with a letter or digit";
const GO_DURATION = 'expected a Go duration such as "250ms", "5s" or "1m30s" (units h, m, s, ms) or a cdk8s Duration';
const loadgenRps = (props: DogAppMeshProps): string => {
  const args: string[] = synthMesh(props).find('Deployment', 'dog-app-loadgen').spec.template.spec.containers[0].args;
  return args[args.indexOf('--rps') + 1];
};

describe('progressiveDelivery: each bad prop named with what is allowed', () => {
  it('the schedule: stepWeight, maxWeight, the number of steps, interval and threshold', () => {
    expect(problems(flagger({ stepWeight: 0 }))).to.deep.equal(only('progressiveDelivery.stepWeight: got 0; expected an integer from 1 to 100'));
    expect(problems(flagger({ maxWeight: 101 }))).to.deep.equal(only('progressiveDelivery.maxWeight: got 101; expected an integer from 1 to 100'));
    expect(problems(flagger({ stepWeight: 40, maxWeight: 30 }))).to.deep.equal(only('progressiveDelivery.maxWeight: got 30; expected at least stepWeight (40)'));
    expect(problems(flagger({ stepWeight: 10, stepWeights: [10] }))).to.deep.equal(only('progressiveDelivery.stepWeights: got [10]; expected either stepWeights or stepWeight/maxWeight, not both'));
    expect(problems(argo({ stepWeights: [] }))).to.deep.equal(only('progressiveDelivery.stepWeights: got []; expected 1 to 50 steps'));
    const many = Array.from({ length: 51 }, (_, i) => i + 1);
    expect(problems(argo({ stepWeights: many }))).to.deep.equal(only(`progressiveDelivery.stepWeights: got ${JSON.stringify(many)}; expected 1 to 50 steps`));
    expect(problems(argo({ stepWeights: [0, 50] }))).to.deep.equal(only('progressiveDelivery.stepWeights[0]: got 0; expected an integer from 1 to 100'));
    expect(problems(argo({ stepWeights: [10, 10] }))).to.deep.equal(only('progressiveDelivery.stepWeights: got [10,10]; expected strictly increasing weights, e.g. [10, 25, 50]'));
    expect(problems(argo({ interval: '500ms', checks: { window: '1m' } }))).to.deep.equal(only('progressiveDelivery.interval: got "500ms"; expected at least 1s'));
    expect(problems(argo({ threshold: 0 }))).to.deep.equal(only('progressiveDelivery.threshold: got 0; expected an integer from 1 to 100'));
    expect(problems(argo({ threshold: 101 }))).to.deep.equal(only('progressiveDelivery.threshold: got 101; expected an integer from 1 to 100'));
  });

  it('the bounds hold at their limits', () => {
    const steps = (props: DogAppMeshProps) => synthMesh(props).find('Rollout', 'dog-app').spec.strategy.canary.steps.filter((s: { setWeight?: number }) => s.setWeight !== undefined).map((s: { setWeight: number }) => s.setWeight);
    expect(steps(argo({ stepWeights: [1, 100] }))).to.deep.equal([1, 100]);
    expect(steps(argo({ stepWeights: Array.from({ length: 50 }, (_, i) => i + 1) }))).to.have.length(50);
    expect(steps(argo({ stepWeight: 100, maxWeight: 100 }))).to.deep.equal([100]);
    expect(synthMesh(argo({ threshold: 1, interval: '1s' })).find('AnalysisTemplate', 'dog-app').spec.metrics[0]).to.include({ failureLimit: 0, interval: '1s' });
    expect(synthMesh(argo({ threshold: 100 })).find('AnalysisTemplate', 'dog-app').spec.metrics[0].failureLimit).to.equal(99);
  });

  it('A/B testing: iterations only with Flagger and a header route, from 1 to 1000', () => {
    const abOnly = only("progressiveDelivery.iterations: got 3; expected only with engine 'flagger' and a headerRoute (A/B testing)");
    expect(problems(argo({ iterations: 3 }, { headerRoute: { version: 'v2' } }))).to.deep.equal(abOnly);
    expect(problems(flagger({ iterations: 3 }))).to.deep.equal(abOnly);
    expect(problems(flagger({ iterations: 0 }, { headerRoute: { version: 'v2' } }))).to.deep.equal(only('progressiveDelivery.iterations: got 0; expected an integer from 1 to 1000'));
    expect(problems(flagger({ iterations: 1001 }, { headerRoute: { version: 'v2' } }))).to.deep.equal(only('progressiveDelivery.iterations: got 1001; expected an integer from 1 to 1000'));
    expect(problems(flagger({ maxWeight: 30 }, { headerRoute: { version: 'v2' } }))[1]).to.match(/^ {2}- progressiveDelivery\.stepWeights: got 30; expected no weights with engine 'flagger' and a headerRoute/);
    expect(synthMesh(flagger({ iterations: 4 }, { headerRoute: { version: 'v2' } })).find('Canary', 'dog-app').spec.analysis.iterations).to.equal(4);
  });

  it('the checks: success rate, latency, window and each extra check', () => {
    expect(problems(argo({ checks: { successRate: -1 } }))).to.deep.equal(only('progressiveDelivery.checks.successRate: got -1; expected a number from 0 to 100'));
    expect(problems(argo({ checks: { latencyP99: 'fast' } }))).to.deep.equal(only(`progressiveDelivery.checks.latencyP99: got "fast"; ${GO_DURATION}`));
    expect(problems(argo({ checks: { window: '10' } }))).to.deep.equal(only(`progressiveDelivery.checks.window: got "10"; ${GO_DURATION}`));
    expect(problems(argo({ checks: { window: '999ms' } }))).to.deep.equal(only('progressiveDelivery.checks.window: got "999ms"; expected at least 1s'));
    const extra = (e: object) => argo({ checks: { extra: [e as never] } });
    expect(problems(extra({ name: 'Bad_Name', query: 'up', min: 1 }))).to.deep.equal(only(`progressiveDelivery.checks.extra[0].name: got "Bad_Name"; ${DNS_LABEL}, at most 40 characters`));
    expect(problems(extra({ name: 'a'.repeat(41), query: 'up', min: 1 }))[1]).to.match(/extra\[0\]\.name: got "a{41}"; expected a DNS label/);
    for (const name of ['success-rate', 'latency-p99']) {
      expect(problems(extra({ name, query: 'up', min: 1 }))).to.deep.equal(only(`progressiveDelivery.checks.extra[0].name: got "${name}"; expected a name other than the built-in checks success-rate and latency-p99`));
    }
    expect(problems(extra({ name: 'x', query: 'up' }))).to.deep.equal(only('progressiveDelivery.checks.extra[0]: got {"name":"x","query":"up"}; expected min, max or both'));
    expect(problems(extra({ name: 'x', query: 'up', min: 2, max: 1 }))).to.deep.equal(only('progressiveDelivery.checks.extra[0].max: got 1; expected at least min (2)'));
    expect(problems(extra({ name: 'x', query: 'up', min: Number.NaN }))).to.deep.equal(only(`progressiveDelivery.checks.extra[0].min: got NaN; expected a number from ${-Number.MAX_VALUE} to ${Number.MAX_VALUE}`));
    expect(problems(extra({ name: 'x', query: 'up', max: Number.POSITIVE_INFINITY }))[1]).to.match(/^ {2}- progressiveDelivery\.checks\.extra\[0\]\.max: got Infinity/);
    expect(problems(extra({ name: 'x', query: '  ', min: 1 }))).to.deep.equal(only('progressiveDelivery.checks.extra[0].query: got "  "; expected PromQL that parses (empty query)'));
    expect(problems(extra({ name: 'x', query: 5, min: 1 }))).to.deep.equal(only('progressiveDelivery.checks.extra[0].query: got 5; expected PromQL that parses (not a string)'));
    expect(problems(extra({ name: 'x', query: 'up{a="{{ target }}",b="{{ pod }}"}', min: 1 }))).to.deep.equal(only('progressiveDelivery.checks.extra[0].query: got "up{a=\\"{{ target }}\\",b=\\"{{ pod }}\\"}"; expected only the placeholders {{ namespace }}, {{ app }}, {{ canary }}, {{ window }}; unknown: target, pod'));
    expect(problems(argo({ checks: { extra: [{ name: 'x', query: 'up', min: 1 }, { name: 'x', query: 'up', min: 1 }] } }))).to.deep.equal(only('progressiveDelivery.checks.extra[*].name: got ["x","x"]; expected unique values; repeated: "x"'));
  });

  it('an extra check may use every placeholder, {{ canary }} inside a selector, and equal bounds', () => {
    const query = 'sum(rate(istio_requests_total{ {{ canary }}, destination_app="{{ app }}", namespace="{{ namespace }}" }[{{ window }}]))';
    const { find } = synthMesh(argo({ checks: { extra: [{ name: 'rate', query, min: 1, max: 1 }] } }));
    const metric = find('AnalysisTemplate', 'dog-app').spec.metrics[2];
    expect(metric.name).to.equal('rate');
    expect(metric.successCondition).to.equal('len(result) > 0 && result[0] >= 1 && result[0] <= 1');
    expect(metric.provider.prometheus.query).to.equal('sum(rate(istio_requests_total{ reporter="destination", destination_workload_namespace="dog-app", destination_app="dog-app", destination_version="{{args.version}}", destination_app="dog-app", namespace="dog-app" }[1m]))');
  });

  it('Prometheus, the engine options, alerts and the load tester', () => {
    expect(problems(argo({ prometheusAddress: 'prometheus:9090' }))).to.deep.equal(only('progressiveDelivery.prometheusAddress: got "prometheus:9090"; expected an http(s) URL, e.g. http://prometheus.istio-system:9090'));
    expect(synthMesh(argo({ prometheusAddress: 'https://prom.example.com/prometheus' })).find('AnalysisTemplate', 'dog-app').spec.metrics[0].provider.prometheus.address).to.equal('https://prom.example.com/prometheus');
    expect(problems(flagger({ argoRollouts: {} }))).to.deep.equal(only("progressiveDelivery.argoRollouts: got {}; expected only with engine 'argo-rollouts'"));
    expect(problems(flagger({ flagger: { alertProvider: { type: 'email' as never, secretName: 's' } } }))).to.deep.equal(only('progressiveDelivery.flagger.alertProvider.type: got "email"; expected one of "slack", "msteams", "discord", "rocket", "gchat"'));
    expect(problems(flagger({ flagger: { alertProvider: { type: 'slack', secretName: 'Bad' } } }))).to.deep.equal(only(`progressiveDelivery.flagger.alertProvider.secretName: got "Bad"; ${DNS_LABEL}, at most 63 characters`));
    expect(problems(flagger({ flagger: { loadtesterUrl: 'http://x/y' } }))).to.deep.equal(only('progressiveDelivery.flagger.loadtesterUrl: got "http://x/y"; expected an http(s) base URL without a path, e.g. http://flagger-loadtester.flagger-system'));
    const webhooks = synthMesh(flagger({ manualPromotion: true, flagger: { loadtesterUrl: 'https://lt.tools' } })).find('Canary', 'dog-app').spec.analysis.webhooks;
    expect(webhooks.map((w: { url: string }) => w.url)).to.deep.equal(['https://lt.tools/gate/check', 'https://lt.tools/rollback/check']);
  });

  it('reports every problem at once', () => {
    expect(problems(argo({ threshold: 0, checks: { successRate: 101 }, flagger: {} }))).to.deep.equal([
      '[test/mesh] invalid props:',
      '  - progressiveDelivery.threshold: got 0; expected an integer from 1 to 100',
      '  - progressiveDelivery.checks.successRate: got 101; expected a number from 0 to 100',
      "  - progressiveDelivery.flagger: got {}; expected only with engine 'flagger'",
    ]);
  });
});

describe('progressiveDelivery: the defaults filled in', () => {
  it('stepWeight/maxWeight expand to the steps Argo Rollouts takes: maxWeight 50 and stepWeight 10 by default', () => {
    const weights = (options: Options) => synthMesh(argo(options)).find('Rollout', 'dog-app').spec.strategy.canary.steps.flatMap((s: { setWeight?: number }) => (s.setWeight === undefined ? [] : [s.setWeight]));
    expect(weights({ stepWeight: 20 })).to.deep.equal([20, 40]);
    expect(weights({ maxWeight: 30 })).to.deep.equal([10, 20, 30]);
    expect(weights({ stepWeight: 15, maxWeight: 50 })).to.deep.equal([15, 30, 45]);
    expect(weights({})).to.deep.equal([10, 25, 50]);
  });

  it('Flagger takes stepWeight and maxWeight as given, with their defaults', () => {
    expect(synthMesh(flagger({ stepWeight: 5 })).find('Canary', 'dog-app').spec.analysis).to.include({ stepWeight: 5, maxWeight: 50 });
    expect(synthMesh(flagger({ maxWeight: 30 })).find('Canary', 'dog-app').spec.analysis).to.include({ stepWeight: 10, maxWeight: 30 });
  });

  it('the check window defaults to the interval; latency and success rate to 500 ms and 99 %', () => {
    const metrics = (options: Options) => synthMesh(flagger(options)).find('Canary', 'dog-app').spec.analysis.metrics.map((m: { interval: string; thresholdRange: unknown }) => [m.interval, m.thresholdRange]);
    expect(metrics({ interval: '2m' })).to.deep.equal([['2m', { min: 0.99 }], ['2m', { max: 500 }]]);
    expect(metrics({ interval: '2m', checks: { window: '5m', latencyP99: '1s', successRate: 95 } })).to.deep.equal([['5m', { min: 0.95 }], ['5m', { max: 1000 }]]);
    expect(synthMesh(flagger({ interval: Duration.minutes(2) })).find('Canary', 'dog-app').spec.analysis.interval, 'a cdk8s Duration').to.equal('2m');
    expect(synthMesh(flagger({ interval: '120000ms' })).find('Canary', 'dog-app').spec.analysis.interval, 'the canonical text').to.equal('2m');
  });

  it('the load generator gives the canary 30 requests per check window at the first step, from 1 to 1000 rps, rounded up to 0.1', () => {
    expect(loadgenRps(argo({ stepWeights: [5, 50], checks: { window: '2m' } })), '30 / 120 s / 5 %').to.equal('5');
    expect(loadgenRps(argo({ stepWeight: 20 })), '30 / 60 s / 20 %').to.equal('2.5');
    expect(loadgenRps(argo({ interval: '30s' })), '30 / 30 s / 10 %').to.equal('10');
    expect(loadgenRps(argo({ stepWeights: [25], checks: { window: '90s' } })), '30 / 90 s / 25 % = 1.33').to.equal('1.4');
    expect(loadgenRps(argo({ stepWeights: [50], checks: { window: '10m' } })), 'at least 1').to.equal('1');
    expect(loadgenRps(argo({ stepWeights: [1], interval: '1s' })), 'at most 1000').to.equal('1000');
  });
});
