import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The service's Prometheus metrics, on a registry of its own (one per app, so tests never share counters). */
export interface ServiceMetrics {
  readonly registry: Registry;
  /** `http_requests_total{method,route,status_code}`, counted per request in `requestCounts`. */
  readonly httpRequests: Counter<'method' | 'route' | 'status_code'>;
  /** The answers, handed to `http_requests_total` at scrape time. */
  readonly requestCounts: PlainCounts<'method' | 'route' | 'status_code'>;
  /** `http_request_duration_seconds{method,route,status_code}` */
  readonly httpDuration: Histogram<'method' | 'route' | 'status_code'>;
  /** `http_requests_in_flight`, read at scrape time from `inFlight`. */
  readonly httpInFlight: Gauge;
  /** `dogapp_upstream_requests_total{endpoint,outcome}`: one per logical Dog API call, retries included. */
  readonly upstreamRequests: Counter<'endpoint' | 'outcome'>;
  /** `dogapp_upstream_request_duration_seconds{endpoint,outcome}`: the whole call, within the time budget. */
  readonly upstreamDuration: Histogram<'endpoint' | 'outcome'>;
  /** `dogapp_upstream_retries_total{endpoint,reason}` */
  readonly upstreamRetries: Counter<'endpoint' | 'reason'>;
  /** `dogapp_upstream_images_rejected_total`: image URLs from the Dog API that were not safe to render. */
  readonly imagesRejected: Counter;
  /** `dogapp_circuit_breaker_state{state}`: 1 for the current state, 0 for the others. */
  readonly breakerState: Gauge<'state'>;
  /** `dogapp_circuit_breaker_transitions_total{state}` */
  readonly breakerTransitions: Counter<'state'>;
  /** `dogapp_circuit_breaker_rejections_total`: calls refused without touching the Dog API. */
  readonly breakerRejections: Counter;
  /** `dogapp_singleflight_joins_total{cache}`: requests that waited on a call already in flight. */
  readonly singleFlightJoins: Counter<'cache'>;
  /** `dogapp_cache_lookups_total{cache,result}`: `hit` (fresh), `miss` (absent or expired: caller waits for a load), `stale` (expired, answered while reloading in the background); counted in `cacheLookupCounts`. */
  readonly cacheLookups: Counter<'cache' | 'result'>;
  /** The cache lookups, handed to `dogapp_cache_lookups_total` at scrape time. */
  readonly cacheLookupCounts: PlainCounts<'cache' | 'result'>;
  /** `dogapp_cache_stale_served_total{cache}`: expired entries served because the refresh failed. */
  readonly cacheStaleServed: Counter<'cache'>;
  /** `dogapp_cache_entries{cache}`, read at scrape time from `cacheSizes`. */
  readonly cacheEntries: Gauge<'cache'>;
  /** Entry counters of the caches, by cache name; filled by the caches' owner. */
  readonly cacheSizes: Map<string, () => number>;
}

/** Joins label values into a `PlainCounts` key; no HTTP method, route, status or cache name holds a NUL. */
export const LABEL_SEPARATOR = '\u0000';

/**
 * A counter's counts kept in plain fields, one map lookup per event; the counter takes the new counts at each
 * scrape through prom-client's public `inc` (call `handOver` from its `collect` hook). prom-client's own `inc`
 * validates and hashes the labels on every call, which every request would pay for; a scrape every few seconds
 * does not.
 */
export class PlainCounts<L extends string> {
  private readonly counts = new Map<string, { count: number; handedOver: number }>();

  constructor(private readonly labelNames: readonly L[]) {}

  /** Counts one event of the label values `values`, given in `labelNames` order joined by `LABEL_SEPARATOR`. */
  add(values: string): void {
    const entry = this.counts.get(values);
    if (entry) entry.count++;
    else this.counts.set(values, { count: 1, handedOver: 0 });
  }

  /** Hands the events counted since the last call to `counter`. */
  handOver(counter: Counter<L>): void {
    for (const [values, entry] of this.counts) {
      if (entry.count === entry.handedOver) continue;
      const parts = values.split(LABEL_SEPARATOR);
      const labels = Object.fromEntries(this.labelNames.map((name, i) => [name, parts[i] ?? ''])) as Partial<Record<L, string>>;
      counter.inc(labels, entry.count - entry.handedOver);
      entry.handedOver = entry.count;
    }
  }
}

export const BREAKER_STATES = ['closed', 'open', 'half_open'] as const;
export type BreakerStateName = (typeof BREAKER_STATES)[number];

/**
 * Creates the metrics; `defaultMetrics` adds Node's process metrics (CPU, memory, event loop lag, GC), `inFlight`
 * says how many requests are being answered.
 */
export function createMetrics(options: { appVersion: string; defaultMetrics: boolean; inFlight: () => number }): ServiceMetrics {
  const registry = new Registry();
  if (options.defaultMetrics) collectDefaultMetrics({ register: registry });
  const registers = [registry];

  new Gauge({
    name: 'dogapp_build_info',
    help: 'Always 1; labelled with the running version (APP_VERSION).',
    labelNames: ['version'],
    registers,
  }).set({ version: options.appVersion }, 1);

  const cacheSizes = new Map<string, () => number>();
  const requestCounts = new PlainCounts(['method', 'route', 'status_code'] as const);
  const cacheLookupCounts = new PlainCounts(['cache', 'result'] as const);
  const upstreamBuckets = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 1.5, 2, 2.5, 3, 5];
  const metrics: ServiceMetrics = {
    registry,
    cacheSizes,
    requestCounts,
    cacheLookupCounts,
    httpRequests: new Counter({
      name: 'http_requests_total',
      help: 'HTTP requests answered, by method, route template and status code.',
      labelNames: ['method', 'route', 'status_code'],
      registers,
      collect() {
        requestCounts.handOver(this);
      },
    }),
    httpDuration: new Histogram({
      name: 'http_request_duration_seconds',
      help: 'Time to answer an HTTP request, by method, route template and status code.',
      labelNames: ['method', 'route', 'status_code'],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    httpInFlight: new Gauge({
      name: 'http_requests_in_flight',
      help: 'HTTP requests being answered.',
      registers,
      collect() {
        this.set(options.inFlight());
      },
    }),
    upstreamRequests: new Counter({
      name: 'dogapp_upstream_requests_total',
      help: 'Dog API calls (one per call, retries included), by endpoint and outcome.',
      labelNames: ['endpoint', 'outcome'],
      registers,
    }),
    upstreamDuration: new Histogram({
      name: 'dogapp_upstream_request_duration_seconds',
      help: 'Duration of a Dog API call including retries and backoff, by endpoint and outcome.',
      labelNames: ['endpoint', 'outcome'],
      buckets: upstreamBuckets,
      registers,
    }),
    upstreamRetries: new Counter({
      name: 'dogapp_upstream_retries_total',
      help: 'Retries of Dog API calls inside their time budget, by endpoint and the failure retried.',
      labelNames: ['endpoint', 'reason'],
      registers,
    }),
    imagesRejected: new Counter({
      name: 'dogapp_upstream_images_rejected_total',
      help: 'Image URLs from the Dog API dropped as unsafe (not http(s), or not an allowed image origin).',
      registers,
    }),
    breakerState: new Gauge({
      name: 'dogapp_circuit_breaker_state',
      help: 'Circuit breaker around the Dog API: 1 for the current state (closed, open, half_open).',
      labelNames: ['state'],
      registers,
    }),
    breakerTransitions: new Counter({
      name: 'dogapp_circuit_breaker_transitions_total',
      help: 'Circuit breaker state changes, by the state entered.',
      labelNames: ['state'],
      registers,
    }),
    breakerRejections: new Counter({
      name: 'dogapp_circuit_breaker_rejections_total',
      help: 'Dog API calls refused at once because the circuit breaker was open.',
      registers,
    }),
    singleFlightJoins: new Counter({
      name: 'dogapp_singleflight_joins_total',
      help: 'Requests that shared a Dog API call already in flight for the same resource instead of making their own.',
      labelNames: ['cache'],
      registers,
    }),
    cacheLookups: new Counter({
      name: 'dogapp_cache_lookups_total',
      help: 'Cache lookups, by cache (breeds, images) and result (hit = fresh, miss = absent or expired and loaded, stale = expired and reloaded in the background).',
      labelNames: ['cache', 'result'],
      registers,
      collect() {
        cacheLookupCounts.handOver(this);
      },
    }),
    cacheStaleServed: new Counter({
      name: 'dogapp_cache_stale_served_total',
      help: 'Expired cache entries served because refreshing them from the Dog API failed (stale-if-error).',
      labelNames: ['cache'],
      registers,
    }),
    cacheEntries: new Gauge({
      name: 'dogapp_cache_entries',
      help: 'Entries held by each cache.',
      labelNames: ['cache'],
      registers,
      collect() {
        for (const [cache, size] of cacheSizes) this.set({ cache }, size());
      },
    }),
  };
  for (const state of BREAKER_STATES) metrics.breakerState.set({ state }, state === 'closed' ? 1 : 0);
  for (const cache of ['breeds', 'images']) {
    metrics.cacheStaleServed.inc({ cache }, 0);
    metrics.singleFlightJoins.inc({ cache }, 0);
    for (const result of ['hit', 'miss']) metrics.cacheLookups.inc({ cache, result }, 0);
  }
  metrics.breakerRejections.inc(0);
  return metrics;
}
