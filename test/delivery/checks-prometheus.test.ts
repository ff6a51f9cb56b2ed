/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-return -- these assertions walk synthesized JSON */
import { expect } from 'chai';
import type { DogAppMeshProps, ProgressiveDeliveryOptions } from '../../constructs/index.js';
import { synthMesh } from '../constructs/support.js';
import { requireProgram } from '../observability/support/programs.js';
import { startBackfilledPrometheus, type BackfilledPrometheus } from './support/backfilled-prometheus.js';
import { istioSeries, type WorkloadTraffic } from './support/istio-series.js';

/** A check as an engine would run it: the rendered query and its bounds. */
interface RenderedCheck {
  readonly name: string;
  readonly query: string;
  readonly min?: number;
  readonly max?: number;
}

const END = Math.floor(Date.now() / 1000 / 60) * 60 - 60;
const START = END - 15 * 60;

const props = (namespace: string, delivery: ProgressiveDeliveryOptions): DogAppMeshProps => ({
  namespace,
  versions: [{ name: 'v2' }],
  ingress: { hosts: ['dog.example.com'] },
  progressiveDelivery: delivery,
});

/** Flagger renders `{{ namespace }}`, `{{ target }}` and `{{ interval }}` (the metric's interval) into each MetricTemplate query. */
function flaggerChecks(namespace: string, delivery: Omit<ProgressiveDeliveryOptions, 'engine'> = {}): RenderedCheck[] {
  const { find, all } = synthMesh(props(namespace, { ...delivery, engine: 'flagger' }));
  const canary = find('Canary', 'dog-app');
  return canary.spec.analysis.metrics.map((m: { name: string; templateRef: { name: string }; interval: string; thresholdRange: { min?: number; max?: number } }) => {
    const template = all('MetricTemplate').find((t) => t.metadata.name === m.templateRef.name)!;
    const query = (template.spec.query as string)
      .replaceAll('{{ namespace }}', namespace)
      .replaceAll('{{ target }}', 'dog-app')
      .replaceAll('{{ interval }}', m.interval);
    return { name: m.name, query, ...m.thresholdRange };
  });
}

/** Argo Rollouts renders `{{args.version}}` from the Rollout's analysis args; bounds are read back from successCondition. */
function argoChecks(namespace: string, delivery: Omit<ProgressiveDeliveryOptions, 'engine'> = {}): RenderedCheck[] {
  const { find } = synthMesh(props(namespace, { ...delivery, engine: 'argo-rollouts' }));
  const args = find('Rollout', 'dog-app').spec.strategy.canary.analysis.args as { name: string; value: string }[];
  return find('AnalysisTemplate', 'dog-app').spec.metrics.map((m: { name: string; successCondition: string; provider: { prometheus: { query: string } } }) => {
    let query = m.provider.prometheus.query;
    for (const a of args) query = query.replaceAll(`{{args.${a.name}}}`, a.value);
    const min = /result\[0\] >= ([\d.]+)/.exec(m.successCondition)?.[1];
    const max = /result\[0\] <= ([\d.]+)/.exec(m.successCondition)?.[1];
    expect(m.successCondition).to.match(/^len\(result\) > 0 && result\[0\] [<>]= [\d.]+$/);
    return { name: m.name, query, min: min === undefined ? undefined : Number(min), max: max === undefined ? undefined : Number(max) };
  });
}

const healthy = { rps: 10, errorShare: 0.002, latencyMs: 20 };
/** The stable version misbehaves in every scenario and the callers' proxies report canary failures: a check must see neither. */
const badStable = { rps: 30, errorShare: 0.5, latencyMs: 3000 };

function scenario(namespace: string, shape: 'flagger' | 'argo', canary: Pick<WorkloadTraffic, 'rps' | 'errorShare' | 'latencyMs'>): WorkloadTraffic[] {
  const workload = (flaggerName: string) => (shape === 'flagger' ? flaggerName : 'dog-app');
  return [
    { namespace, app: 'dog-app', workload: workload('dog-app-primary'), version: 'v1', ...badStable },
    { namespace, app: 'dog-app', workload: workload('dog-app'), version: 'v2', ...canary, sourceErrorShare: 1 },
  ];
}

describe('progressive delivery checks against a real Prometheus', function () {
  this.timeout(180_000);
  let prometheus: BackfilledPrometheus | undefined;

  before(async function () {
    const server = requireProgram(this, 'prometheus', 'prometheus');
    const promtool = requireProgram(this, 'promtool', 'prometheus');
    const traffic = (['flagger', 'argo'] as const).flatMap((shape) => [
      ...scenario(`${shape}-healthy`, shape, healthy),
      ...scenario(`${shape}-errors`, shape, { ...healthy, errorShare: 0.2 }),
      ...scenario(`${shape}-slow`, shape, { ...healthy, latencyMs: 800 }),
    ]);
    prometheus = await startBackfilledPrometheus(server, promtool, istioSeries(traffic, START, END));
  });
  after(async () => prometheus?.stop());

  async function evaluate(check: RenderedCheck): Promise<{ value: number; passes: boolean }> {
    const result = await prometheus!.query(check.query, END);
    expect(result, check.query).to.have.length(1);
    const { value } = result[0];
    return { value, passes: !Number.isNaN(value) && (check.min === undefined || value >= check.min) && (check.max === undefined || value <= check.max) };
  }

  for (const [engine, checksOf] of [['flagger', flaggerChecks], ['argo', argoChecks]] as const) {
    describe(engine === 'flagger' ? 'Flagger MetricTemplates' : 'Argo Rollouts AnalysisTemplate', () => {
      it('pass for a healthy canary, whatever the stable version and the callers report', async () => {
        const checks = checksOf(`${engine}-healthy`);
        expect(checks.map((c) => c.name)).to.deep.equal(['success-rate', 'latency-p99']);
        const [success, latency] = await Promise.all(checks.map(evaluate));
        expect(success.value).to.be.closeTo(0.998, 1e-6);
        expect(latency.value).to.be.within(10, 25);
        expect([success.passes, latency.passes]).to.deep.equal([true, true]);
      });

      it('fail the success rate (and only it) when 20 % of the canary\'s requests are 5xx, at the 99 % default', async () => {
        const [success, latency] = await Promise.all(checksOf(`${engine}-errors`).map(evaluate));
        expect(success.value).to.be.closeTo(0.8, 1e-6);
        expect([success.passes, latency.passes]).to.deep.equal([false, true]);
      });

      it('fail the p99 latency (and only it) when the canary takes 800 ms, at the 500 ms default', async () => {
        const [success, latency] = await Promise.all(checksOf(`${engine}-slow`).map(evaluate));
        expect(latency.value).to.be.within(500, 1000);
        expect([success.passes, latency.passes]).to.deep.equal([true, false]);
      });

      it('judge with the thresholds the props set', async () => {
        // Istio's bucket (500, 1000] holds the 800 ms requests: histogram_quantile interpolates p99 to 995 ms.
        const lenient = { checks: { successRate: 75, latencyP99: '1s' } };
        const [errorsSuccess] = await Promise.all(checksOf(`${engine}-errors`, lenient).map(evaluate));
        const [, slowLatency] = await Promise.all(checksOf(`${engine}-slow`, lenient).map(evaluate));
        expect([errorsSuccess.passes, slowLatency.passes]).to.deep.equal([true, true]);
        const strict = { checks: { successRate: 99.9, latencyP99: '15ms' } };
        const results = await Promise.all(checksOf(`${engine}-healthy`, strict).map(evaluate));
        expect(results.map((r) => r.passes)).to.deep.equal([false, false]);
      });

      it('evaluate extra checks with their placeholders filled in', async () => {
        const extra = { checks: { extra: [{ name: 'canary-rps', query: 'sum(rate(istio_requests_total{ {{ canary }} }[{{ window }}]))', min: 5 }] } };
        const checks = checksOf(`${engine}-healthy`, extra);
        const rps = await evaluate(checks[2]);
        expect(rps.value).to.be.closeTo(10, 1e-6);
        expect(rps.passes).to.equal(true);
      });
    });
  }
});
