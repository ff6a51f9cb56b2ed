import type { PropChecker } from '../prop-errors.js';
import { durationMillis, durationText, formatDuration, formatMillis, type DurationInput } from '../validation/durations.js';

/** Retry policy of a route. */
export interface RetryOptions {
  /**
   * Retries after the first try; 0 disables retries.
   * @default 2
   */
  readonly attempts?: number;
  /**
   * Time budget of each try.
   * @default '3s'
   */
  readonly perTryTimeout?: DurationInput;
  /**
   * Envoy retry conditions, comma separated. The default retries connection-level failures only: the
   * service answers 502/503/504 on purpose (breaker open, Dog API down or rate limited) after retrying
   * the Dog API itself, so a mesh retry of those would multiply the load on it.
   * @default 'connect-failure,refused-stream,reset'
   */
  readonly retryOn?: string;
}

/** Outlier detection: eject pods that keep failing from the load-balancing pool. */
export interface OutlierDetectionOptions {
  /**
   * Consecutive 5xx answers that eject a pod; 0 disables. Off by default: every pod answers 5xx while
   * the Dog API is down, and ejecting them for it would only drop pods that can still serve from cache.
   * @default 0
   */
  readonly consecutive5xxErrors?: number;
  /**
   * Consecutive local-origin failures of a pod (connection refused, reset, timeout) that eject it;
   * 0 disables. Counted apart from the 5xx answers (`splitExternalLocalOriginErrors: true`).
   * @default 5
   */
  readonly consecutiveLocalOriginFailures?: number;
  /**
   * Time between ejection sweeps.
   * @default '10s'
   */
  readonly interval?: DurationInput;
  /**
   * Minimum ejection time (multiplied by the number of times the pod was ejected).
   * @default '30s'
   */
  readonly baseEjectionTime?: DurationInput;
  /**
   * Most pods of a version that may be ejected at once, percent.
   * @default 50
   */
  readonly maxEjectionPercent?: number;
}

/** Connection-pool limits (circuit breaking) per pod of the app. */
export interface ConnectionPoolOptions {
  /**
   * Most TCP connections.
   * @default 100
   */
  readonly maxConnections?: number;
  /**
   * TCP connect timeout.
   * @default '2s'
   */
  readonly connectTimeout?: DurationInput;
  /**
   * Most requests queued while waiting for a connection (HTTP/1.1).
   * @default 64
   */
  readonly http1MaxPendingRequests?: number;
  /**
   * Most concurrent requests (HTTP/2, and HTTP/1.1 through Envoy).
   * @default 256
   */
  readonly http2MaxRequests?: number;
  /**
   * Most retries in flight at once across the pool: the retry budget that stops retry storms.
   * @default 10
   */
  readonly maxRetries?: number;
}

/** Load-balancing algorithm across the pods of a version. */
export type LoadBalancerAlgorithm = 'LEAST_REQUEST' | 'ROUND_ROBIN' | 'RANDOM';

/** Timeouts, retries and circuit breaking for calls to the app. */
export interface ResilienceOptions {
  /**
   * Total time budget of a request, retries included. Must be at least
   * `perTryTimeout × (attempts + 1)` so that every retry can run.
   * @default '10s'
   */
  readonly timeout?: DurationInput;
  /**
   * Retry policy. Not expressible in the Gateway API's standard channel: with `ingress.api:
   * 'gateway-api'` it must stay unset (Istio's default of 2 retries on connection failures applies).
   * @default { attempts: 2, perTryTimeout: '3s', retryOn: 'connect-failure,refused-stream,reset' }
   */
  readonly retries?: RetryOptions;
  /**
   * Outlier detection on the DestinationRule.
   * @default { consecutive5xxErrors: 0, consecutiveLocalOriginFailures: 5, interval: '10s', baseEjectionTime: '30s', maxEjectionPercent: 50 }
   */
  readonly outlierDetection?: OutlierDetectionOptions;
  /**
   * Connection-pool limits on the DestinationRule.
   * @default { maxConnections: 100, connectTimeout: '2s', http1MaxPendingRequests: 64, http2MaxRequests: 256, maxRetries: 10 }
   */
  readonly connectionPool?: ConnectionPoolOptions;
  /**
   * Load-balancing algorithm.
   * @default 'LEAST_REQUEST'
   */
  readonly loadBalancer?: LoadBalancerAlgorithm;
}

/** A retry policy, checked, with its per-try timeout as canonical text. */
export interface ResolvedRetries {
  readonly attempts: number;
  readonly perTryTimeout: string;
  readonly retryOn: string;
}

/** Resilience with every default filled in and every duration as canonical text. */
export interface ResolvedResilience {
  readonly timeout: string;
  /** Undefined with the Gateway API, which cannot express retries. */
  readonly retries?: ResolvedRetries;
  readonly outlierDetection: {
    readonly consecutive5xxErrors: number;
    readonly consecutiveLocalOriginFailures: number;
    readonly interval: string;
    readonly baseEjectionTime: string;
    readonly maxEjectionPercent: number;
  };
  readonly connectionPool: {
    readonly maxConnections: number;
    readonly connectTimeout: string;
    readonly http1MaxPendingRequests: number;
    readonly http2MaxRequests: number;
    readonly maxRetries: number;
  };
  readonly loadBalancer: LoadBalancerAlgorithm;
}

const RETRY_ON = /^(5xx|gateway-error|reset|reset-before-request|connect-failure|envoy-ratelimited|retriable-4xx|refused-stream|retriable-status-codes|retriable-headers|http3-post-connect-failure|cancelled|deadline-exceeded|internal|resource-exhausted|unavailable|[1-5][0-9][0-9])$/;

/** The retries of the app's routes when none are given. */
export const DEFAULT_RETRIES: Required<RetryOptions> = {
  attempts: 2,
  perTryTimeout: '3s',
  retryOn: 'connect-failure,refused-stream,reset',
};

/** Validates timeouts, retries, outlier detection, connection pool and load balancer, and fills in the defaults. */
export function resolveResilience(check: PropChecker, props: ResilienceOptions | undefined, ctx: { readonly gatewayApi: boolean }): ResolvedResilience {
  const timeout = props?.timeout ?? '10s';
  check.duration('resilience.timeout', timeout);
  let retries: ResolvedRetries | undefined;
  if (ctx.gatewayApi) {
    check.expect(
      props?.retries === undefined,
      'resilience.retries',
      props?.retries,
      "expected no retries with ingress.api 'gateway-api': the standard-channel HTTPRoute has no retry policy (Istio's default, 2 retries on connection failures, applies)",
    );
  } else {
    retries = resolveRetries(check, 'resilience', props?.retries, DEFAULT_RETRIES, timeout);
  }
  const od = props?.outlierDetection;
  const outlierDetection = {
    consecutive5xxErrors: od?.consecutive5xxErrors ?? 0,
    consecutiveLocalOriginFailures: od?.consecutiveLocalOriginFailures ?? 5,
    interval: durationText(od?.interval ?? '10s'),
    baseEjectionTime: durationText(od?.baseEjectionTime ?? '30s'),
    maxEjectionPercent: od?.maxEjectionPercent ?? 50,
  };
  check
    .integer('resilience.outlierDetection.consecutive5xxErrors', outlierDetection.consecutive5xxErrors, 0, 1000)
    .integer('resilience.outlierDetection.consecutiveLocalOriginFailures', outlierDetection.consecutiveLocalOriginFailures, 0, 1000)
    .duration('resilience.outlierDetection.interval', od?.interval ?? '10s')
    .duration('resilience.outlierDetection.baseEjectionTime', od?.baseEjectionTime ?? '30s')
    .integer('resilience.outlierDetection.maxEjectionPercent', outlierDetection.maxEjectionPercent, 0, 100);
  const cp = props?.connectionPool;
  const connectionPool = {
    maxConnections: cp?.maxConnections ?? 100,
    connectTimeout: durationText(cp?.connectTimeout ?? '2s'),
    http1MaxPendingRequests: cp?.http1MaxPendingRequests ?? 64,
    http2MaxRequests: cp?.http2MaxRequests ?? 256,
    maxRetries: cp?.maxRetries ?? 10,
  };
  check
    .integer('resilience.connectionPool.maxConnections', connectionPool.maxConnections, 1, 2_147_483_647)
    .duration('resilience.connectionPool.connectTimeout', cp?.connectTimeout ?? '2s')
    .integer('resilience.connectionPool.http1MaxPendingRequests', connectionPool.http1MaxPendingRequests, 1, 2_147_483_647)
    .integer('resilience.connectionPool.http2MaxRequests', connectionPool.http2MaxRequests, 1, 2_147_483_647)
    .integer('resilience.connectionPool.maxRetries', connectionPool.maxRetries, 0, 2_147_483_647);
  const loadBalancer = props?.loadBalancer ?? 'LEAST_REQUEST';
  check.oneOf('resilience.loadBalancer', loadBalancer, ['LEAST_REQUEST', 'ROUND_ROBIN', 'RANDOM'] as const);
  return { timeout: durationText(timeout), retries, outlierDetection, connectionPool, loadBalancer };
}

/**
 * Validates a retry policy under `<at>.retries` and the cross-field rule with `<at>.timeout`: the timeout
 * must leave room for `perTryTimeout × (attempts + 1)`.
 */
export function resolveRetries(
  check: PropChecker,
  at: string,
  given: RetryOptions | undefined,
  defaults: Required<RetryOptions>,
  timeout: DurationInput,
): ResolvedRetries {
  const attempts = given?.attempts ?? defaults.attempts;
  const perTryTimeout = given?.perTryTimeout ?? defaults.perTryTimeout;
  const retryOn = given?.retryOn ?? defaults.retryOn;
  check.integer(`${at}.retries.attempts`, attempts, 0, 10).duration(`${at}.retries.perTryTimeout`, perTryTimeout);
  const conditions = typeof retryOn === 'string' ? retryOn.split(',') : [];
  check.expect(
    conditions.length > 0 && conditions.every((c) => RETRY_ON.test(c)),
    `${at}.retries.retryOn`,
    retryOn,
    'expected a comma-separated list of Envoy retry conditions (5xx, gateway-error, reset, connect-failure, refused-stream, retriable-4xx, retriable-status-codes, cancelled, deadline-exceeded, unavailable, ...) or HTTP status codes, without spaces',
  );
  const timeoutMs = durationMillis(timeout);
  const perTryMs = durationMillis(perTryTimeout);
  if (attempts > 0 && timeoutMs !== undefined && perTryMs !== undefined && !check.hasProblem(`${at}.timeout`) && !check.hasProblem(`${at}.retries`)) {
    const needed = perTryMs * (attempts + 1);
    check.expect(
      timeoutMs >= needed,
      `${at}.timeout`,
      typeof timeout === 'string' ? timeout : formatDuration(timeout),
      `expected at least perTryTimeout × (attempts + 1) = ${formatMillis(needed)} so that every retry can run; raise the timeout or lower attempts/perTryTimeout`,
    );
  }
  const ok = !check.hasProblem(`${at}.retries`);
  return { attempts, perTryTimeout: ok ? durationText(perTryTimeout) : '', retryOn };
}

/**
 * The outlier detection of every DestinationRule the app's traffic meets (its own, or the ones Flagger
 * writes from a Canary): 5xx answers and the pod's own connection failures are counted apart
 * (`splitExternalLocalOriginErrors`), so a failure every pod shares (the Dog API down) ejects none.
 */
export function outlierDetectionPolicy(od: ResolvedResilience['outlierDetection']) {
  return {
    consecutive5XxErrors: od.consecutive5xxErrors,
    splitExternalLocalOriginErrors: true,
    consecutiveLocalOriginFailures: od.consecutiveLocalOriginFailures,
    interval: od.interval,
    baseEjectionTime: od.baseEjectionTime,
    maxEjectionPercent: od.maxEjectionPercent,
  };
}
