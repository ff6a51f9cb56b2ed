import { Counter, Registry } from 'prom-client';
import { expect } from 'chai';
import { createMetrics, LABEL_SEPARATOR, PlainCounts } from '../../service/metrics.js';

/**
 * What Prometheus, the dashboards and the alerts read: every family's name, help, type, labels and buckets, and the
 * series that exist from the start (so a rate() has a zero to start from). Made with one request observed in each
 * histogram, so that their buckets show.
 */
const EXPOSITION = [
  '# HELP dogapp_build_info Always 1; labelled with the running version (APP_VERSION).',
  '# TYPE dogapp_build_info gauge',
  'dogapp_build_info{version="v1"} 1',
  '',
  '# HELP http_requests_total HTTP requests answered, by method, route template and status code.',
  '# TYPE http_requests_total counter',
  '',
  '# HELP http_request_duration_seconds Time to answer an HTTP request, by method, route template and status code.',
  '# TYPE http_request_duration_seconds histogram',
  'http_request_duration_seconds_bucket{le="0.001",method="GET",route="/",status_code="200"} 0',
  'http_request_duration_seconds_bucket{le="0.005",method="GET",route="/",status_code="200"} 1',
  'http_request_duration_seconds_bucket{le="0.01",method="GET",route="/",status_code="200"} 1',
  'http_request_duration_seconds_bucket{le="0.025",method="GET",route="/",status_code="200"} 1',
  'http_request_duration_seconds_bucket{le="0.05",method="GET",route="/",status_code="200"} 1',
  'http_request_duration_seconds_bucket{le="0.1",method="GET",route="/",status_code="200"} 1',
  'http_request_duration_seconds_bucket{le="0.25",method="GET",route="/",status_code="200"} 1',
  'http_request_duration_seconds_bucket{le="0.5",method="GET",route="/",status_code="200"} 1',
  'http_request_duration_seconds_bucket{le="1",method="GET",route="/",status_code="200"} 1',
  'http_request_duration_seconds_bucket{le="2.5",method="GET",route="/",status_code="200"} 1',
  'http_request_duration_seconds_bucket{le="5",method="GET",route="/",status_code="200"} 1',
  'http_request_duration_seconds_bucket{le="10",method="GET",route="/",status_code="200"} 1',
  'http_request_duration_seconds_bucket{le="+Inf",method="GET",route="/",status_code="200"} 1',
  'http_request_duration_seconds_sum{method="GET",route="/",status_code="200"} 0.003',
  'http_request_duration_seconds_count{method="GET",route="/",status_code="200"} 1',
  '',
  '# HELP http_requests_in_flight HTTP requests being answered.',
  '# TYPE http_requests_in_flight gauge',
  'http_requests_in_flight 4',
  '',
  '# HELP dogapp_upstream_requests_total Dog API calls (one per call, retries included), by endpoint and outcome.',
  '# TYPE dogapp_upstream_requests_total counter',
  '',
  '# HELP dogapp_upstream_request_duration_seconds Duration of a Dog API call including retries and backoff, by endpoint and outcome.',
  '# TYPE dogapp_upstream_request_duration_seconds histogram',
  'dogapp_upstream_request_duration_seconds_bucket{le="0.01",endpoint="breeds_list",outcome="success"} 0',
  'dogapp_upstream_request_duration_seconds_bucket{le="0.025",endpoint="breeds_list",outcome="success"} 0',
  'dogapp_upstream_request_duration_seconds_bucket{le="0.05",endpoint="breeds_list",outcome="success"} 0',
  'dogapp_upstream_request_duration_seconds_bucket{le="0.1",endpoint="breeds_list",outcome="success"} 0',
  'dogapp_upstream_request_duration_seconds_bucket{le="0.25",endpoint="breeds_list",outcome="success"} 1',
  'dogapp_upstream_request_duration_seconds_bucket{le="0.5",endpoint="breeds_list",outcome="success"} 1',
  'dogapp_upstream_request_duration_seconds_bucket{le="1",endpoint="breeds_list",outcome="success"} 1',
  'dogapp_upstream_request_duration_seconds_bucket{le="1.5",endpoint="breeds_list",outcome="success"} 1',
  'dogapp_upstream_request_duration_seconds_bucket{le="2",endpoint="breeds_list",outcome="success"} 1',
  'dogapp_upstream_request_duration_seconds_bucket{le="2.5",endpoint="breeds_list",outcome="success"} 1',
  'dogapp_upstream_request_duration_seconds_bucket{le="3",endpoint="breeds_list",outcome="success"} 1',
  'dogapp_upstream_request_duration_seconds_bucket{le="5",endpoint="breeds_list",outcome="success"} 1',
  'dogapp_upstream_request_duration_seconds_bucket{le="+Inf",endpoint="breeds_list",outcome="success"} 1',
  'dogapp_upstream_request_duration_seconds_sum{endpoint="breeds_list",outcome="success"} 0.2',
  'dogapp_upstream_request_duration_seconds_count{endpoint="breeds_list",outcome="success"} 1',
  '',
  '# HELP dogapp_upstream_retries_total Retries of Dog API calls inside their time budget, by endpoint and the failure retried.',
  '# TYPE dogapp_upstream_retries_total counter',
  '',
  '# HELP dogapp_upstream_images_rejected_total Image URLs from the Dog API dropped as unsafe (not http(s), or not an allowed image origin).',
  '# TYPE dogapp_upstream_images_rejected_total counter',
  'dogapp_upstream_images_rejected_total 0',
  '',
  '# HELP dogapp_circuit_breaker_state Circuit breaker around the Dog API: 1 for the current state (closed, open, half_open).',
  '# TYPE dogapp_circuit_breaker_state gauge',
  'dogapp_circuit_breaker_state{state="closed"} 1',
  'dogapp_circuit_breaker_state{state="open"} 0',
  'dogapp_circuit_breaker_state{state="half_open"} 0',
  '',
  '# HELP dogapp_circuit_breaker_transitions_total Circuit breaker state changes, by the state entered.',
  '# TYPE dogapp_circuit_breaker_transitions_total counter',
  '',
  '# HELP dogapp_circuit_breaker_rejections_total Dog API calls refused at once because the circuit breaker was open.',
  '# TYPE dogapp_circuit_breaker_rejections_total counter',
  'dogapp_circuit_breaker_rejections_total 0',
  '',
  '# HELP dogapp_singleflight_joins_total Requests that shared a Dog API call already in flight for the same resource instead of making their own.',
  '# TYPE dogapp_singleflight_joins_total counter',
  'dogapp_singleflight_joins_total{cache="breeds"} 0',
  'dogapp_singleflight_joins_total{cache="images"} 0',
  '',
  '# HELP dogapp_cache_lookups_total Cache lookups, by cache (breeds, images) and result (hit = fresh, miss = absent or expired and loaded, stale = expired and reloaded in the background).',
  '# TYPE dogapp_cache_lookups_total counter',
  'dogapp_cache_lookups_total{cache="breeds",result="hit"} 0',
  'dogapp_cache_lookups_total{cache="breeds",result="miss"} 0',
  'dogapp_cache_lookups_total{cache="images",result="hit"} 0',
  'dogapp_cache_lookups_total{cache="images",result="miss"} 0',
  '',
  '# HELP dogapp_cache_stale_served_total Expired cache entries served because refreshing them from the Dog API failed (stale-if-error).',
  '# TYPE dogapp_cache_stale_served_total counter',
  'dogapp_cache_stale_served_total{cache="breeds"} 0',
  'dogapp_cache_stale_served_total{cache="images"} 0',
  '',
  '# HELP dogapp_cache_entries Entries held by each cache.',
  '# TYPE dogapp_cache_entries gauge',
];

describe('metrics: the exposition Prometheus scrapes', () => {
  it('names, explains and types every family, with its buckets and its zero series', async () => {
    const m = createMetrics({ appVersion: 'v1', defaultMetrics: false, inFlight: () => 4 });
    m.httpDuration.observe({ method: 'GET', route: '/', status_code: '200' }, 0.003);
    m.upstreamDuration.observe({ endpoint: 'breeds_list', outcome: 'success' }, 0.2);
    expect((await m.registry.metrics()).trimEnd().split('\n')).to.deep.equal(EXPOSITION);
  });

  it('reads the cache sizes and the requests in flight at each scrape', async () => {
    let inFlight = 0;
    const m = createMetrics({ appVersion: 'v1', defaultMetrics: false, inFlight: () => inFlight });
    let images = 3;
    m.cacheSizes.set('images', () => images);
    m.cacheSizes.set('breeds', () => 1);
    const lines = async () => (await m.registry.metrics()).split('\n').filter((l) => /^(dogapp_cache_entries|http_requests_in_flight)/.test(l));
    expect(await lines()).to.deep.equal(['http_requests_in_flight 0', 'dogapp_cache_entries{cache="images"} 3', 'dogapp_cache_entries{cache="breeds"} 1']);
    inFlight = 2;
    images = 5;
    expect(await lines()).to.deep.equal(['http_requests_in_flight 2', 'dogapp_cache_entries{cache="images"} 5', 'dogapp_cache_entries{cache="breeds"} 1']);
  });

  it('hands counts over to the counter once each: only what was added since the last scrape', async () => {
    const registry = new Registry();
    const counts = new PlainCounts(['a', 'b'] as const);
    new Counter({ name: 't_total', help: 'h', labelNames: ['a', 'b'], registers: [registry], collect() { counts.handOver(this); } });
    const series = async () => (await registry.metrics()).split('\n').filter((l) => l.startsWith('t_total'));
    expect(await series()).to.deep.equal([]);
    counts.add(`x${LABEL_SEPARATOR}y`);
    counts.add(`x${LABEL_SEPARATOR}y`);
    counts.add('z');
    expect(await series()).to.deep.equal(['t_total{a="x",b="y"} 2', 't_total{a="z",b=""} 1']);
    expect(await series(), 'nothing new: the same totals').to.deep.equal(['t_total{a="x",b="y"} 2', 't_total{a="z",b=""} 1']);
    counts.add('z');
    expect(await series()).to.deep.equal(['t_total{a="x",b="y"} 2', 't_total{a="z",b=""} 2']);
  });
});
