import { DashboardBuilder, type DashboardJson, type DatasourceRef } from './builder.js';
import { METRICS } from './metric-names.js';
import { errorRatio, latencyQuantile, requestRate, type MeshSelector } from '../mesh-queries.js';

/** Uid of the dog-app dashboard. */
export const DOG_APP_DASHBOARD_UID = 'dog-app';

/** Which app the dog-app dashboard opens on; both stay selectable in the dashboard. */
export interface DogAppDashboardOptions {
  /** The app's `app` label (and Istio's `destination_app`). */
  readonly app: string;
  /** The app's namespace. */
  readonly namespace: string;
}

const RATE = '[$__rate_interval]';
const WINDOW = '$__rate_interval';

/**
 * The dog-image service: the golden signals per version as the mesh sees them (Envoy's `istio_*` metrics at
 * the destination), then the service's own view: its HTTP routes, its calls to the Dog API with the circuit
 * breaker and retries, and its caches.
 */
export function dogAppDashboard(datasource: DatasourceRef, options: DogAppDashboardOptions): DashboardJson {
  // The same definitions as the progressive delivery checks (constructs/delivery/checks.ts).
  const mesh: MeshSelector = { namespace: '$namespace', app: '$app' };
  const byVersion = ['destination_version'];
  const own = `namespace="$namespace", app="$app"`;
  // Probes and scrapes poll these routes; the route panels show what visitors ask for.
  const visited = `${own}, route!~"/healthz|/readyz|/metrics"`;
  const requests = METRICS.istioRequests;
  const quantile = (q: number) => ({
    expr: latencyQuantile(q, mesh, WINDOW, byVersion),
    legend: `p${Math.round(q * 100)} {{destination_version}}`,
  });
  return new DashboardBuilder({
    uid: DOG_APP_DASHBOARD_UID,
    title: 'Dog app',
    description: 'Golden signals of the dog-image service per version, its Dog API calls and its caches.',
    tags: ['dog-app-mesh', 'dog-app'],
    datasource,
  })
    .variable({ name: 'namespace', label: 'Namespace', series: requests, labelName: 'destination_workload_namespace', default: options.namespace })
    .variable({ name: 'app', label: 'App', series: `${requests}{destination_workload_namespace="$namespace"}`, labelName: 'destination_app', default: options.app })
    .row('Golden signals per version (mesh)')
    .panel({
      title: 'Requests per second by version',
      unit: 'reqps',
      min: 0,
      width: 8,
      queries: [{ expr: requestRate(mesh, WINDOW, byVersion), legend: '{{destination_version}}' }],
    })
    .panel({
      title: 'Error rate (5xx share) by version',
      unit: 'percentunit',
      min: 0,
      width: 8,
      queries: [
        { expr: errorRatio(mesh, WINDOW, byVersion), legend: '{{destination_version}}' },
      ],
    })
    .panel({
      title: 'Latency p50 / p90 / p99 by version',
      unit: 'ms',
      min: 0,
      width: 8,
      queries: [quantile(0.5), quantile(0.9), quantile(0.99)],
    })
    .panel({
      title: 'Requests per second by response code and version',
      unit: 'reqps',
      min: 0,
      width: 12,
      queries: [{ expr: requestRate(mesh, WINDOW, [...byVersion, 'response_code']), legend: '{{destination_version}} {{response_code}}' }],
    })
    .panel({
      title: 'Requests in flight by version',
      unit: 'short',
      min: 0,
      width: 12,
      queries: [{ expr: `sum by (version) (${METRICS.serviceInFlight}{${own}})`, legend: '{{version}}' }],
    })
    .row('Service routes')
    .panel({
      title: 'Requests per second by route and status',
      unit: 'reqps',
      min: 0,
      queries: [{ expr: `sum by (route, status_code) (rate(${METRICS.serviceRequests}{${visited}}${RATE}))`, legend: '{{route}} {{status_code}}' }],
    })
    .panel({
      title: 'P99 response time by route',
      unit: 's',
      min: 0,
      queries: [
        {
          expr: `histogram_quantile(0.99, sum by (route, le) (rate(${METRICS.serviceRequestDuration}_bucket{${visited}}${RATE})))`,
          legend: '{{route}}',
        },
      ],
    })
    .row('Dog API')
    .panel({
      title: 'Dog API calls per second by outcome',
      unit: 'reqps',
      min: 0,
      width: 8,
      queries: [{ expr: `sum by (outcome) (rate(${METRICS.dogApiRequests}{${own}}${RATE}))`, legend: '{{outcome}}' }],
    })
    .panel({
      title: 'Dog API p50 / p99 by endpoint',
      unit: 's',
      min: 0,
      width: 8,
      queries: [0.5, 0.99].map((q) => ({
        expr: `histogram_quantile(${q}, sum by (endpoint, le) (rate(${METRICS.dogApiRequestDuration}_bucket{${own}}${RATE})))`,
        legend: `p${Math.round(q * 100)} {{endpoint}}`,
      })),
    })
    .panel({
      title: 'Retries and breaker rejections per second',
      unit: 'reqps',
      min: 0,
      width: 8,
      queries: [
        { expr: `sum by (reason) (rate(${METRICS.dogApiRetries}{${own}}${RATE}))`, legend: 'retry {{reason}}' },
        { expr: `sum(rate(${METRICS.circuitBreakerRejections}{${own}}${RATE}))`, legend: 'rejected by breaker' },
      ],
    })
    .panel({
      title: 'Circuit breaker state (pods per state)',
      unit: 'short',
      min: 0,
      width: 24,
      height: 6,
      queries: [{ expr: `sum by (state) (${METRICS.circuitBreakerState}{${own}})`, legend: '{{state}}' }],
    })
    .row('Caches')
    .panel({
      title: 'Cache hit ratio',
      unit: 'percentunit',
      min: 0,
      max: 1,
      width: 8,
      queries: [
        {
          expr: `sum by (cache) (rate(${METRICS.cacheLookups}{${own}, result="hit"}${RATE})) / sum by (cache) (rate(${METRICS.cacheLookups}{${own}}${RATE}))`,
          legend: '{{cache}}',
        },
      ],
    })
    .panel({
      title: 'Stale entries served per second',
      unit: 'reqps',
      min: 0,
      width: 8,
      queries: [{ expr: `sum by (cache) (rate(${METRICS.cacheStaleServed}{${own}}${RATE}))`, legend: '{{cache}}' }],
    })
    .panel({
      title: 'Cache entries',
      unit: 'short',
      min: 0,
      width: 8,
      queries: [{ expr: `sum by (cache) (${METRICS.cacheEntries}{${own}})`, legend: '{{cache}}' }],
    })
    .build();
}
