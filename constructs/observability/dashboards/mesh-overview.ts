import { ISTIOD_APP } from '../prometheus-config.js';
import { DashboardBuilder, type DashboardJson, type DatasourceRef } from './builder.js';
import { METRICS } from './metric-names.js';

/** Uid of the mesh overview dashboard. */
export const MESH_OVERVIEW_UID = 'dog-app-mesh-overview';

const RATE = '[$__rate_interval]';
const DEST = 'reporter="destination"';

/**
 * The whole mesh at a glance: traffic, success rate and latency per destination service (from the
 * destination proxies' `istio_*` metrics), and the control plane's view of the proxies.
 */
export function meshOverviewDashboard(datasource: DatasourceRef): DashboardJson {
  const requests = METRICS.istioRequests;
  const buckets = `${METRICS.istioRequestDuration}_bucket`;
  return new DashboardBuilder({
    uid: MESH_OVERVIEW_UID,
    title: 'Mesh overview',
    description: 'Traffic, errors and latency of every service in the Istio mesh, and the state of istiod.',
    tags: ['dog-app-mesh', 'istio'],
    datasource,
  })
    .row('Mesh')
    .panel({ title: 'Requests per second', kind: 'stat', unit: 'reqps', width: 6, height: 4, queries: [{ expr: `sum(rate(${requests}{${DEST}}${RATE}))` }] })
    .panel({
      title: 'Success rate (non-5xx)',
      kind: 'stat',
      unit: 'percentunit',
      width: 6,
      height: 4,
      queries: [{ expr: `sum(rate(${requests}{${DEST}, response_code!~"5.."}${RATE})) / sum(rate(${requests}{${DEST}}${RATE}))` }],
    })
    .panel({ title: '4xx per second', kind: 'stat', unit: 'reqps', width: 6, height: 4, queries: [{ expr: `sum(rate(${requests}{${DEST}, response_code=~"4.."}${RATE}))` }] })
    .panel({ title: '5xx per second', kind: 'stat', unit: 'reqps', width: 6, height: 4, queries: [{ expr: `sum(rate(${requests}{${DEST}, response_code=~"5.."}${RATE}))` }] })
    .row('Services')
    .panel({
      title: 'Requests per second by service',
      unit: 'reqps',
      min: 0,
      queries: [{ expr: `sum by (destination_service) (rate(${requests}{${DEST}}${RATE}))`, legend: '{{destination_service}}' }],
    })
    .panel({
      title: 'Success rate by service',
      unit: 'percentunit',
      min: 0,
      max: 1,
      queries: [
        {
          expr: `sum by (destination_service) (rate(${requests}{${DEST}, response_code!~"5.."}${RATE})) / sum by (destination_service) (rate(${requests}{${DEST}}${RATE}))`,
          legend: '{{destination_service}}',
        },
      ],
    })
    .panel({
      title: 'P99 latency by service',
      unit: 'ms',
      min: 0,
      queries: [
        {
          expr: `histogram_quantile(0.99, sum by (destination_service, le) (rate(${buckets}{${DEST}}${RATE})))`,
          legend: '{{destination_service}}',
        },
      ],
    })
    .panel({
      title: 'Requests per second by response code',
      unit: 'reqps',
      min: 0,
      queries: [{ expr: `sum by (response_code) (rate(${requests}{${DEST}}${RATE}))`, legend: '{{response_code}}' }],
    })
    .row('Control plane')
    .panel({
      title: 'Proxies connected to istiod',
      unit: 'short',
      min: 0,
      queries: [{ expr: `sum(${METRICS.pilotXdsConnections}{app="${ISTIOD_APP}"})`, legend: 'proxies' }],
    })
    .panel({
      title: 'xDS pushes per second by type',
      unit: 'reqps',
      min: 0,
      queries: [{ expr: `sum by (type) (rate(${METRICS.pilotXdsPushes}{app="${ISTIOD_APP}"}${RATE}))`, legend: '{{type}}' }],
    })
    .build();
}
