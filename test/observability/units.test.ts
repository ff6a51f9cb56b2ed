import { expect } from 'chai';
import { find, synthAddons } from './support/addons-synth.js';
import type { DashboardModel, PanelModel } from './support/dashboards.js';

type Panel = PanelModel & { fieldConfig?: { defaults?: { unit?: string; min?: number; max?: number } } };

/** The provisioned dashboards, synthesized anew by each call. */
function synthDashboards(): DashboardModel[] {
  const { objects } = synthAddons({ dashboardApp: { name: 'dog-app', namespace: 'dog-app' } });
  return Object.values(find(objects, 'ConfigMap', 'grafana-dashboards').data!).map((json) => JSON.parse(json) as DashboardModel);
}
/** The panels of each dashboard (rows left out), one test each; each test reads its own synthesis. */
const PANELS = [
  {
    uid: 'dog-app',
    titles: [
      'Requests per second by version',
      'Error rate (5xx share) by version',
      'Latency p50 / p90 / p99 by version',
      'Requests per second by response code and version',
      'Requests in flight by version',
      'Requests per second by route and status',
      'P99 response time by route',
      'Dog API calls per second by outcome',
      'Dog API p50 / p99 by endpoint',
      'Retries and breaker rejections per second',
      'Circuit breaker state (pods per state)',
      'Cache hit ratio',
      'Stale entries served per second',
      'Cache entries',
    ],
  },
  {
    uid: 'dog-app-mesh-overview',
    titles: [
      'Requests per second',
      'Success rate (non-5xx)',
      '4xx per second',
      '5xx per second',
      'Requests per second by service',
      'Success rate by service',
      'P99 latency by service',
      'Requests per second by response code',
      'Proxies connected to istiod',
      'xDS pushes per second by type',
    ],
  },
];

/**
 * The unit of the numbers a query returns, read from the query itself: a quantile of a `_milliseconds` or
 * `_seconds` histogram is in that unit, a ratio of two sums is a fraction, a rate of a counter is per
 * second, and a gauge is a plain count. Grafana shows the number with the panel's unit, so any other unit
 * misreports it (a latency in ms shown as s reads 1000 times too slow).
 */
function unitOf(expr: string): string {
  const histogram = /^histogram_quantile\([\d.]+, .*\b(\w+)_bucket\{/.exec(expr)?.[1];
  if (histogram) {
    if (histogram.endsWith('_milliseconds')) return 'ms';
    if (histogram.endsWith('_seconds')) return 's';
    throw new Error(`histogram ${histogram} has no unit suffix`);
  }
  if (/\)\s*\/\s*sum\b/.test(expr)) return 'percentunit';
  if (/\brate\(\w+\{/.test(expr)) return 'reqps';
  return 'short';
}

describe('Grafana panel units match the numbers their queries return', () => {
  let dashboards: DashboardModel[];
  beforeEach(() => (dashboards = synthDashboards()));

  it('reads the query rule right on known queries, so the checks below can fail', () => {
    expect(unitOf('histogram_quantile(0.5, sum by (le) (rate(istio_request_duration_milliseconds_bucket{a="b"}[1m])))')).to.equal('ms');
    expect(unitOf('histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{a="b"}[1m])))')).to.equal('s');
    expect(unitOf('sum(rate(x_total{code=~"5.."}[1m])) / sum(rate(x_total{}[1m]))')).to.equal('percentunit');
    expect(unitOf('sum by (v) (rate(x_total{a="b"}[1m]))')).to.equal('reqps');
    expect(unitOf('sum by (state) (dogapp_circuit_breaker_state{a="b"})')).to.equal('short');
  });

  for (const { uid, titles } of PANELS) {
    describe(uid, () => {
      for (const title of titles) {
        it(title, () => {
          const panels = (dashboards.find((d) => d.uid === uid)!.panels as Panel[]).filter((p) => p.title === title);
          expect(panels, `one panel titled "${title}"`).to.have.length(1);
          const panel = panels[0];
          const units = new Set(panel.targets!.map((t) => unitOf(t.expr)));
          expect(units.size, `the queries of "${panel.title}" return one unit`).to.equal(1);
          expect(panel.fieldConfig?.defaults?.unit, panel.title).to.equal([...units][0]);
          if (panel.fieldConfig?.defaults?.unit === 'percentunit' && panel.fieldConfig.defaults.max !== undefined) {
            expect(panel.fieldConfig.defaults.max, `${panel.title}: a fraction tops out at 1`).to.equal(1);
          }
        });
      }
    });
  }

  it('shows request latency in milliseconds on both dashboards (Istio records it in ms)', () => {
    const latency = dashboards.flatMap((d) => (d.panels as Panel[]).filter((p) => p.targets?.some((t) => t.expr.includes('istio_request_duration_milliseconds_bucket'))));
    expect(latency.map((p) => p.title)).to.include('Latency p50 / p90 / p99 by version');
    for (const p of latency) expect(p.fieldConfig?.defaults?.unit, p.title).to.equal('ms');
  });
});
