/**
 * OpenMetrics text of the series Istio's sidecars export for an app's versions: `istio_requests_total`
 * and the `istio_request_duration_milliseconds` histogram with Istio's default buckets and its full
 * standard label set, reported by the destination's proxy and by the caller's (`reporter="source"`).
 */

/** Istio's default buckets of istio_request_duration_milliseconds. */
export const ISTIO_DURATION_BUCKETS = [0.5, 1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000, 300000, 600000, 1800000, 3600000];

/** Traffic to one workload of the app. */
export interface WorkloadTraffic {
  readonly namespace: string;
  readonly app: string;
  /** `destination_workload`: the Deployment (Flagger: `<app>` and `<app>-primary`) or the Rollout. */
  readonly workload: string;
  /** `destination_version` (from `app.kubernetes.io/version`). */
  readonly version: string;
  /** Requests per second. */
  readonly rps: number;
  /** Share of requests answered 503, 0..1. */
  readonly errorShare: number;
  /** Every request takes this long, milliseconds. */
  readonly latencyMs: number;
  /**
   * What the caller's proxy reports (`reporter="source"`): the same counts unless given; the checks must
   * ignore it.
   * @default - the same as the destination's
   */
  readonly sourceErrorShare?: number;
}

function labels(t: WorkloadTraffic, reporter: string, code: string): string {
  const pairs: Record<string, string> = {
    reporter,
    source_workload: 'dog-app-loadgen',
    source_workload_namespace: t.namespace,
    source_principal: `spiffe://cluster.local/ns/${t.namespace}/sa/dog-app-loadgen`,
    source_app: 'dog-app-loadgen',
    source_version: 'unknown',
    source_canonical_service: 'dog-app-loadgen',
    source_canonical_revision: 'latest',
    source_cluster: 'Kubernetes',
    destination_workload: t.workload,
    destination_workload_namespace: t.namespace,
    destination_principal: `spiffe://cluster.local/ns/${t.namespace}/sa/${t.app}`,
    destination_app: t.app,
    destination_version: t.version,
    destination_service: `${t.app}.${t.namespace}.svc.cluster.local`,
    destination_service_name: t.app,
    destination_service_namespace: t.namespace,
    destination_canonical_service: t.app,
    destination_canonical_revision: t.version,
    destination_cluster: 'Kubernetes',
    request_protocol: 'http',
    response_code: code,
    grpc_response_status: '',
    response_flags: '-',
    connection_security_policy: reporter === 'destination' ? 'mutual_tls' : 'unknown',
  };
  return Object.entries(pairs).map(([k, v]) => `${k}="${v}"`).join(',');
}

/**
 * Series over `[start, end]` (Unix seconds) sampled every `step` seconds, counters growing at the rates
 * given from zero at `start`.
 */
export function istioSeries(traffic: readonly WorkloadTraffic[], start: number, end: number, step = 15): string {
  const times: number[] = [];
  for (let t = start; t <= end; t += step) times.push(t);
  const requests: string[] = ['# TYPE istio_requests counter'];
  const durations: string[] = ['# TYPE istio_request_duration_milliseconds histogram'];
  for (const t of traffic) {
    for (const reporter of ['destination', 'source']) {
      const errorShare = reporter === 'source' ? (t.sourceErrorShare ?? t.errorShare) : t.errorShare;
      for (const [code, share] of [['200', 1 - errorShare], ['503', errorShare]] as const) {
        if (share === 0) continue;
        const l = labels(t, reporter, code);
        const count = (time: number) => t.rps * share * (time - start);
        for (const time of times) requests.push(`istio_requests_total{${l}} ${count(time)} ${time}`);
        for (const le of [...ISTIO_DURATION_BUCKETS.map(String), '+Inf']) {
          const inBucket = le === '+Inf' || Number(le) >= t.latencyMs;
          for (const time of times) durations.push(`istio_request_duration_milliseconds_bucket{${l},le="${le}"} ${inBucket ? count(time) : 0} ${time}`);
        }
        for (const time of times) durations.push(`istio_request_duration_milliseconds_sum{${l}} ${count(time) * t.latencyMs} ${time}`);
        for (const time of times) durations.push(`istio_request_duration_milliseconds_count{${l}} ${count(time)} ${time}`);
      }
    }
  }
  return [...requests, ...durations, '# EOF', ''].join('\n');
}
