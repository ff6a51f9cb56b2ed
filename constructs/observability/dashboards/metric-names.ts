/**
 * Every metric the dashboards query, in one place, so that a rename in the service or in Istio is one edit.
 * The `ISTIO_*` names are Istio's standard metrics; `SERVICE_*` are the dog-image service's own (prom-client,
 * served on its `/metrics` and merged by the sidecar).
 */
export const METRICS = {
  /** Istio: requests seen by a proxy; labels `reporter`, `destination_*`, `source_*`, `response_code`. */
  istioRequests: 'istio_requests_total',
  /** Istio: request duration histogram in milliseconds (`_bucket`, `_sum`, `_count`). */
  istioRequestDuration: 'istio_request_duration_milliseconds',
  /** istiod: proxies connected over xDS. */
  pilotXdsConnections: 'pilot_xds',
  /** istiod: xDS pushes, by `type`. */
  pilotXdsPushes: 'pilot_xds_pushes',

  /** Service: HTTP requests answered; labels `method`, `route`, `status_code`. */
  serviceRequests: 'http_requests_total',
  /** Service: time to answer, histogram in seconds. */
  serviceRequestDuration: 'http_request_duration_seconds',
  /** Service: requests being answered now. */
  serviceInFlight: 'http_requests_in_flight',
  /** Service: Dog API calls, retries included; labels `endpoint`, `outcome`. */
  dogApiRequests: 'dogapp_upstream_requests_total',
  /** Service: duration of a Dog API call within its time budget, histogram in seconds. */
  dogApiRequestDuration: 'dogapp_upstream_request_duration_seconds',
  /** Service: retries of Dog API calls; labels `endpoint`, `reason`. */
  dogApiRetries: 'dogapp_upstream_retries_total',
  /** Service: circuit breaker state, 1 for the current one; label `state` (closed, open, half_open). */
  circuitBreakerState: 'dogapp_circuit_breaker_state',
  /** Service: calls refused at once by the open circuit breaker. */
  circuitBreakerRejections: 'dogapp_circuit_breaker_rejections_total',
  /** Service: cache lookups; labels `cache`, `result` (hit, miss). */
  cacheLookups: 'dogapp_cache_lookups_total',
  /** Service: expired entries served because the Dog API failed (stale-if-error); label `cache`. */
  cacheStaleServed: 'dogapp_cache_stale_served_total',
  /** Service: entries held by each cache; label `cache`. */
  cacheEntries: 'dogapp_cache_entries',
} as const;
