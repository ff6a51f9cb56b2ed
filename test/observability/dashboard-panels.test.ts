import { expect } from 'chai';
import { find, synthAddons } from './support/addons-synth.js';
import type { DashboardModel } from './support/dashboards.js';

interface Panel {
  type: string;
  title: string;
  gridPos: { x: number; y: number; w: number; h: number };
  fieldConfig?: { defaults: { unit?: string; min?: number; max?: number } };
  targets?: { refId: string; expr: string; legendFormat: string }[];
}
type Expected =
  | { row: string; at: [number, number, number, number] }
  | { title: string; type: string; unit: string; min?: number; max?: number; at: [number, number, number, number]; queries: [string, string][] };

/**
 * What each provisioned dashboard shows, panel by panel: the title a reader looks for, the visualisation,
 * the unit and axis bounds the numbers are drawn with, where it sits on the grid, and each query with the
 * legend its series get. A changed query is a panel that shows something else (or nothing).
 */
const EXPECTED: Record<string, Expected[]> = {
  'dog-app': [
    { row: 'Golden signals per version (mesh)', at: [0, 0, 24, 1] },
    {
      title: 'Requests per second by version', type: 'timeseries', unit: 'reqps', min: 0, at: [0, 1, 8, 8],
      queries: [
        ['{{destination_version}}', 'sum by (destination_version) (rate(istio_requests_total{reporter="destination", destination_workload_namespace="$namespace", destination_app="$app"}[$__rate_interval]))'],
      ],
    },
    {
      title: 'Error rate (5xx share) by version', type: 'timeseries', unit: 'percentunit', min: 0, at: [8, 1, 8, 8],
      queries: [
        ['{{destination_version}}', '1 - (sum by (destination_version) (rate(istio_requests_total{reporter="destination", destination_workload_namespace="$namespace", destination_app="$app", response_code!~"5.."}[$__rate_interval])) / sum by (destination_version) (rate(istio_requests_total{reporter="destination", destination_workload_namespace="$namespace", destination_app="$app"}[$__rate_interval])))'],
      ],
    },
    {
      title: 'Latency p50 / p90 / p99 by version', type: 'timeseries', unit: 'ms', min: 0, at: [16, 1, 8, 8],
      queries: [
        ['p50 {{destination_version}}', 'histogram_quantile(0.5, sum by (destination_version, le) (rate(istio_request_duration_milliseconds_bucket{reporter="destination", destination_workload_namespace="$namespace", destination_app="$app"}[$__rate_interval])))'],
        ['p90 {{destination_version}}', 'histogram_quantile(0.9, sum by (destination_version, le) (rate(istio_request_duration_milliseconds_bucket{reporter="destination", destination_workload_namespace="$namespace", destination_app="$app"}[$__rate_interval])))'],
        ['p99 {{destination_version}}', 'histogram_quantile(0.99, sum by (destination_version, le) (rate(istio_request_duration_milliseconds_bucket{reporter="destination", destination_workload_namespace="$namespace", destination_app="$app"}[$__rate_interval])))'],
      ],
    },
    {
      title: 'Requests per second by response code and version', type: 'timeseries', unit: 'reqps', min: 0, at: [0, 9, 12, 8],
      queries: [
        ['{{destination_version}} {{response_code}}', 'sum by (destination_version, response_code) (rate(istio_requests_total{reporter="destination", destination_workload_namespace="$namespace", destination_app="$app"}[$__rate_interval]))'],
      ],
    },
    {
      title: 'Requests in flight by version', type: 'timeseries', unit: 'short', min: 0, at: [12, 9, 12, 8],
      queries: [
        ['{{version}}', 'sum by (version) (http_requests_in_flight{namespace="$namespace", app="$app"})'],
      ],
    },
    { row: 'Service routes', at: [0, 17, 24, 1] },
    {
      title: 'Requests per second by route and status', type: 'timeseries', unit: 'reqps', min: 0, at: [0, 18, 12, 8],
      queries: [
        ['{{route}} {{status_code}}', 'sum by (route, status_code) (rate(http_requests_total{namespace="$namespace", app="$app", route!~"/healthz|/readyz|/metrics"}[$__rate_interval]))'],
      ],
    },
    {
      title: 'P99 response time by route', type: 'timeseries', unit: 's', min: 0, at: [12, 18, 12, 8],
      queries: [
        ['{{route}}', 'histogram_quantile(0.99, sum by (route, le) (rate(http_request_duration_seconds_bucket{namespace="$namespace", app="$app", route!~"/healthz|/readyz|/metrics"}[$__rate_interval])))'],
      ],
    },
    { row: 'Dog API', at: [0, 26, 24, 1] },
    {
      title: 'Dog API calls per second by outcome', type: 'timeseries', unit: 'reqps', min: 0, at: [0, 27, 8, 8],
      queries: [
        ['{{outcome}}', 'sum by (outcome) (rate(dogapp_upstream_requests_total{namespace="$namespace", app="$app"}[$__rate_interval]))'],
      ],
    },
    {
      title: 'Dog API p50 / p99 by endpoint', type: 'timeseries', unit: 's', min: 0, at: [8, 27, 8, 8],
      queries: [
        ['p50 {{endpoint}}', 'histogram_quantile(0.5, sum by (endpoint, le) (rate(dogapp_upstream_request_duration_seconds_bucket{namespace="$namespace", app="$app"}[$__rate_interval])))'],
        ['p99 {{endpoint}}', 'histogram_quantile(0.99, sum by (endpoint, le) (rate(dogapp_upstream_request_duration_seconds_bucket{namespace="$namespace", app="$app"}[$__rate_interval])))'],
      ],
    },
    {
      title: 'Retries and breaker rejections per second', type: 'timeseries', unit: 'reqps', min: 0, at: [16, 27, 8, 8],
      queries: [
        ['retry {{reason}}', 'sum by (reason) (rate(dogapp_upstream_retries_total{namespace="$namespace", app="$app"}[$__rate_interval]))'],
        ['rejected by breaker', 'sum(rate(dogapp_circuit_breaker_rejections_total{namespace="$namespace", app="$app"}[$__rate_interval]))'],
      ],
    },
    {
      title: 'Circuit breaker state (pods per state)', type: 'timeseries', unit: 'short', min: 0, at: [0, 35, 24, 6],
      queries: [
        ['{{state}}', 'sum by (state) (dogapp_circuit_breaker_state{namespace="$namespace", app="$app"})'],
      ],
    },
    { row: 'Caches', at: [0, 41, 24, 1] },
    {
      title: 'Cache hit ratio', type: 'timeseries', unit: 'percentunit', min: 0, max: 1, at: [0, 42, 8, 8],
      queries: [
        ['{{cache}}', 'sum by (cache) (rate(dogapp_cache_lookups_total{namespace="$namespace", app="$app", result="hit"}[$__rate_interval])) / sum by (cache) (rate(dogapp_cache_lookups_total{namespace="$namespace", app="$app"}[$__rate_interval]))'],
      ],
    },
    {
      title: 'Stale entries served per second', type: 'timeseries', unit: 'reqps', min: 0, at: [8, 42, 8, 8],
      queries: [
        ['{{cache}}', 'sum by (cache) (rate(dogapp_cache_stale_served_total{namespace="$namespace", app="$app"}[$__rate_interval]))'],
      ],
    },
    {
      title: 'Cache entries', type: 'timeseries', unit: 'short', min: 0, at: [16, 42, 8, 8],
      queries: [
        ['{{cache}}', 'sum by (cache) (dogapp_cache_entries{namespace="$namespace", app="$app"})'],
      ],
    },
  ],
  'dog-app-mesh-overview': [
    { row: 'Mesh', at: [0, 0, 24, 1] },
    {
      title: 'Requests per second', type: 'stat', unit: 'reqps', at: [0, 1, 6, 4],
      queries: [
        ['__auto', 'sum(rate(istio_requests_total{reporter="destination"}[$__rate_interval]))'],
      ],
    },
    {
      title: 'Success rate (non-5xx)', type: 'stat', unit: 'percentunit', at: [6, 1, 6, 4],
      queries: [
        ['__auto', 'sum(rate(istio_requests_total{reporter="destination", response_code!~"5.."}[$__rate_interval])) / sum(rate(istio_requests_total{reporter="destination"}[$__rate_interval]))'],
      ],
    },
    {
      title: '4xx per second', type: 'stat', unit: 'reqps', at: [12, 1, 6, 4],
      queries: [
        ['__auto', 'sum(rate(istio_requests_total{reporter="destination", response_code=~"4.."}[$__rate_interval]))'],
      ],
    },
    {
      title: '5xx per second', type: 'stat', unit: 'reqps', at: [18, 1, 6, 4],
      queries: [
        ['__auto', 'sum(rate(istio_requests_total{reporter="destination", response_code=~"5.."}[$__rate_interval]))'],
      ],
    },
    { row: 'Services', at: [0, 5, 24, 1] },
    {
      title: 'Requests per second by service', type: 'timeseries', unit: 'reqps', min: 0, at: [0, 6, 12, 8],
      queries: [
        ['{{destination_service}}', 'sum by (destination_service) (rate(istio_requests_total{reporter="destination"}[$__rate_interval]))'],
      ],
    },
    {
      title: 'Success rate by service', type: 'timeseries', unit: 'percentunit', min: 0, max: 1, at: [12, 6, 12, 8],
      queries: [
        ['{{destination_service}}', 'sum by (destination_service) (rate(istio_requests_total{reporter="destination", response_code!~"5.."}[$__rate_interval])) / sum by (destination_service) (rate(istio_requests_total{reporter="destination"}[$__rate_interval]))'],
      ],
    },
    {
      title: 'P99 latency by service', type: 'timeseries', unit: 'ms', min: 0, at: [0, 14, 12, 8],
      queries: [
        ['{{destination_service}}', 'histogram_quantile(0.99, sum by (destination_service, le) (rate(istio_request_duration_milliseconds_bucket{reporter="destination"}[$__rate_interval])))'],
      ],
    },
    {
      title: 'Requests per second by response code', type: 'timeseries', unit: 'reqps', min: 0, at: [12, 14, 12, 8],
      queries: [
        ['{{response_code}}', 'sum by (response_code) (rate(istio_requests_total{reporter="destination"}[$__rate_interval]))'],
      ],
    },
    { row: 'Control plane', at: [0, 22, 24, 1] },
    {
      title: 'Proxies connected to istiod', type: 'timeseries', unit: 'short', min: 0, at: [0, 23, 12, 8],
      queries: [
        ['proxies', 'sum(pilot_xds{app="istiod"})'],
      ],
    },
    {
      title: 'xDS pushes per second by type', type: 'timeseries', unit: 'reqps', min: 0, at: [12, 23, 12, 8],
      queries: [
        ['{{type}}', 'sum by (type) (rate(pilot_xds_pushes{app="istiod"}[$__rate_interval]))'],
      ],
    },
  ],
};

/** A panel as the table above writes it. */
function summary(p: Panel): Expected {
  const at: [number, number, number, number] = [p.gridPos.x, p.gridPos.y, p.gridPos.w, p.gridPos.h];
  if (p.type === 'row') return { row: p.title, at };
  const { unit, min, max } = p.fieldConfig!.defaults;
  return {
    title: p.title,
    type: p.type,
    unit: unit!,
    ...(min === undefined ? {} : { min }),
    ...(max === undefined ? {} : { max }),
    at,
    queries: p.targets!.map((t) => [t.legendFormat, t.expr]),
  };
}

describe('Grafana dashboard panels: titles, units, layout, queries and legends', () => {
  let dashboards: Map<string, DashboardModel>;
  beforeEach(() => {
    const { objects } = synthAddons({ dashboardApp: { name: 'dog-app', namespace: 'dog-app' } });
    const models = Object.values(find(objects, 'ConfigMap', 'grafana-dashboards').data!).map((json) => JSON.parse(json) as DashboardModel);
    dashboards = new Map(models.map((d) => [d.uid, d]));
  });

  for (const [uid, expected] of Object.entries(EXPECTED)) {
    it(`${uid}: every panel as listed`, () => {
      const panels = (dashboards.get(uid)!.panels as unknown as Panel[]).map(summary);
      expect(panels.length, uid).to.equal(expected.length);
      expected.forEach((e, i) => expect(panels[i], `${uid} panel ${i}`).to.deep.equal(e));
    });

    it(`${uid}: ids and query refIds in order, from 1 and from A`, () => {
      const panels = dashboards.get(uid)!.panels as unknown as (Panel & { id: number })[];
      expect(panels.map((p) => p.id)).to.deep.equal(panels.map((_p, i) => i + 1));
      for (const p of panels) expect((p.targets ?? []).map((t) => t.refId), p.title).to.deep.equal((p.targets ?? []).map((_t, i) => 'ABCDEFGH'[i]));
    });
  }

  it('opens each dashboard refreshing every 10 s on the last 30 minutes, read-only, linked to the others by the dog-app-mesh tag', () => {
    for (const [uid, d] of dashboards) {
      const model = d as unknown as Record<string, unknown>;
      expect(model, uid).to.deep.include({
        editable: false,
        graphTooltip: 1,
        refresh: '10s',
        schemaVersion: 41,
        timezone: 'browser',
        time: { from: 'now-30m', to: 'now' },
        links: [{ type: 'dashboards', tags: ['dog-app-mesh'], asDropdown: true, title: 'dog-app-mesh', includeVars: false, keepTime: true }],
      });
      expect(model.tags, uid).to.include('dog-app-mesh');
      expect(model.description, `${uid} says what it shows`).to.be.a('string').with.length.above(20);
    }
    expect(dashboards.get('dog-app')!.title).to.equal('Dog app');
    expect(dashboards.get('dog-app-mesh-overview')!.title).to.equal('Mesh overview');
    expect((dashboards.get('dog-app') as unknown as { tags: string[] }).tags).to.deep.equal(['dog-app-mesh', 'dog-app']);
    expect((dashboards.get('dog-app-mesh-overview') as unknown as { tags: string[] }).tags).to.deep.equal(['dog-app-mesh', 'istio']);
  });

  it("fills the dog-app dashboard's namespace and app pickers from Istio's request metric, refreshed with the time range", () => {
    const variables = dashboards.get('dog-app')!.templating.list as unknown as Record<string, unknown>[];
    const common = { type: 'query', datasource: { type: 'prometheus', uid: 'prometheus' }, refresh: 2, sort: 1, includeAll: false, multi: false, hide: 0 };
    expect(variables).to.deep.equal([
      {
        name: 'namespace',
        label: 'Namespace',
        ...common,
        query: { query: 'label_values(istio_requests_total, destination_workload_namespace)', refId: 'PrometheusVariableQueryEditor-VariableQuery' },
        definition: 'label_values(istio_requests_total, destination_workload_namespace)',
        current: { text: 'dog-app', value: 'dog-app' },
      },
      {
        name: 'app',
        label: 'App',
        ...common,
        query: { query: 'label_values(istio_requests_total{destination_workload_namespace="$namespace"}, destination_app)', refId: 'PrometheusVariableQueryEditor-VariableQuery' },
        definition: 'label_values(istio_requests_total{destination_workload_namespace="$namespace"}, destination_app)',
        current: { text: 'dog-app', value: 'dog-app' },
      },
    ]);
    expect(dashboards.get('dog-app-mesh-overview')!.templating.list).to.deep.equal([]);
  });

  it('opens the dog-app dashboard on the app and namespace given as dashboardApp', () => {
    const { objects } = synthAddons({ dashboardApp: { name: 'shop', namespace: 'retail' } });
    const dogApp = JSON.parse(find(objects, 'ConfigMap', 'grafana-dashboards').data!['dog-app.json']) as DashboardModel;
    expect(dogApp.templating.list.map((v) => [v.name, v.current.value])).to.deep.equal([['namespace', 'retail'], ['app', 'shop']]);
  });
});
