import http from 'node:http';
import https from 'node:https';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import {
  BrokenCircuitError,
  BulkheadRejectedError,
  CircuitState,
  ConsecutiveBreaker,
  bulkhead,
  circuitBreaker,
  handleWhen,
  type BulkheadPolicy,
  type CircuitBreakerPolicy,
} from 'cockatiel';
import got, { HTTPError, ParseError, TimeoutError, type Got, type RequestError, type RetryObject } from 'got';
import type { Logger } from 'pino';
import { BREED_NAME, type Breed, type BreedList } from './breeds.js';
import type { ServiceConfig } from './config.js';
import type { ImageUrlPolicy } from './image-url.js';
import type { BreakerStateName, ServiceMetrics } from './metrics.js';
import type { RequestContext } from './request-context.js';
import { UpstreamError, type UpstreamFailure } from './upstream-error.js';

/** Metric label of a Dog API endpoint. */
export type Endpoint = 'breeds_list' | 'breed_images';

interface CallContext extends Record<string, unknown> {
  endpoint: Endpoint;
  deadline: number;
  /** The request the call serves, when there is one. */
  request?: RequestContext;
}

/** A retry must leave at least this much of the budget for its attempt, else it only adds load. */
export const MIN_ATTEMPT_MS = 50;
/**
 * Answers decompressed at once; the others wait their turn (up to `DECODE_QUEUE`, then the call fails). With gzip's
 * 32 KiB window and output capped at `upstreamMaxBodyBytes`, this bounds decompression memory to a few MiB.
 */
const DECODERS = 4;
const DECODE_QUEUE = 64;
const gunzipAsync = promisify(gunzip);
/** Most image URLs kept from one answer (dog.ceo's largest breed has about 800). */
const MAX_IMAGES = 5000;
/** Status codes worth retrying: timeouts, rate limiting and gateway-type failures; a 500 is more likely a bug. */
const RETRY_STATUS_CODES = [408, 429, 502, 503, 504, 521, 522, 524];

const STATE_NAMES: Record<CircuitState, BreakerStateName> = {
  [CircuitState.Closed]: 'closed',
  [CircuitState.Open]: 'open',
  [CircuitState.HalfOpen]: 'half_open',
  [CircuitState.Isolated]: 'open',
};

export interface DogApiClientOptions {
  readonly config: ServiceConfig;
  readonly metrics: ServiceMetrics;
  readonly logger: Logger;
  readonly imagePolicy: ImageUrlPolicy;
}

/**
 * The Dog API, called defensively. Each call has one time budget (`upstreamTimeoutMs`) covering every attempt;
 * retryable failures are retried with full-jitter exponential backoff while the budget allows; a circuit breaker
 * fails fast while the API is down and lets one probe through after `breakerHalfOpenMs`; bodies are size-capped
 * and checked for shape; paths are built only from names that match `BREED_NAME`.
 */
export class DogApiClient {
  private readonly http: Got;
  private readonly breaker: CircuitBreakerPolicy;
  private readonly decoders: BulkheadPolicy = bulkhead(DECODERS, DECODE_QUEUE);
  private readonly shutdown = new AbortController();
  private readonly agents: { http: http.Agent; https: https.Agent };
  private openedAt = 0;

  constructor(private readonly options: DogApiClientOptions) {
    const { config, metrics, logger } = options;
    this.agents = {
      http: new http.Agent({ keepAlive: true, maxSockets: config.upstreamMaxSockets, maxFreeSockets: 8 }),
      https: new https.Agent({ keepAlive: true, maxSockets: config.upstreamMaxSockets, maxFreeSockets: 8 }),
    };
    this.http = got.extend({
      prefixUrl: `${config.dogApiUrl.replace(/\/+$/, '')}/`,
      // The raw bytes, decompressed here under a memory bound: got would decode brotli (16 MiB window each) unbounded.
      responseType: 'buffer',
      decompress: false,
      followRedirect: false,
      agent: this.agents,
      headers: { accept: 'application/json', 'accept-encoding': 'gzip', 'user-agent': `dog-app-mesh/${config.appVersion}` },
      timeout: { request: config.upstreamAttemptTimeoutMs },
      retry: {
        limit: config.upstreamRetries,
        methods: ['GET'],
        statusCodes: RETRY_STATUS_CODES,
        enforceRetryRules: true,
        maxRetryAfter: config.upstreamTimeoutMs,
        calculateDelay: (retry) => this.retryDelay(retry),
      },
      hooks: {
        beforeRequest: [
          (options) => {
            const { request } = options.context as CallContext;
            if (request) Object.assign(options.headers, request.traceHeaders);
          },
        ],
        beforeRetry: [
          (error, retryCount) => {
            const { endpoint, request } = error.options.context as CallContext;
            const reason = retryReason(error);
            metrics.upstreamRetries.inc({ endpoint, reason });
            (request?.log ?? logger).info({ endpoint, reason, retryCount }, 'retrying Dog API call');
          },
        ],
      },
    });

    this.breaker = circuitBreaker(
      handleWhen((err) => err instanceof UpstreamError && err.countsAgainstUpstream),
      { halfOpenAfter: config.breakerHalfOpenMs, breaker: new ConsecutiveBreaker(config.breakerThreshold) },
    );
    this.breaker.onBreak(() => {
      this.openedAt = Date.now();
    });
    this.breaker.onStateChange((state) => {
      const name = STATE_NAMES[state];
      for (const s of ['closed', 'open', 'half_open'] as const) metrics.breakerState.set({ state: s }, s === name ? 1 : 0);
      metrics.breakerTransitions.inc({ state: name });
      const level = name === 'open' ? 'warn' : 'info';
      logger[level]({ breaker: name }, `Dog API circuit breaker ${name.replace('_', '-')}`);
    });
  }

  /** The breaker's current state, for logs and tests. */
  get breakerState(): BreakerStateName {
    return STATE_NAMES[this.breaker.state];
  }

  /**
   * `GET /api/breeds/list/all`, checked: main → sub-breeds, names that could not be Dog API names dropped.
   * `request` is the visitor's request it serves: its trace headers go upstream, failures are logged with its id.
   */
  async listBreeds(request?: RequestContext): Promise<BreedList> {
    const body = await this.call('breeds_list', 'api/breeds/list/all', request, (message) => {
      if (!isPlainObject(message)) return undefined;
      const list = new Map<string, string[]>();
      for (const [main, subs] of Object.entries(message)) {
        if (!BREED_NAME.test(main) || !Array.isArray(subs)) continue;
        list.set(main, subs.filter((s): s is string => typeof s === 'string' && BREED_NAME.test(s)));
      }
      return list.size ? list : undefined;
    });
    return body;
  }

  /** Every image URL of a breed (a main breed's list includes its sub-breeds), only those safe to render. */
  async breedImages(breed: Breed, request?: RequestContext): Promise<string[]> {
    const parts = breed.sub ? [breed.main, breed.sub] : [breed.main];
    if (!parts.every((p) => BREED_NAME.test(p))) throw new UpstreamError('client_error', `not a Dog API breed name: ${parts.join('/')}`);
    const path = `api/breed/${parts.map(encodeURIComponent).join('/')}/images`;
    return this.call('breed_images', path, request, (message) => {
      if (!Array.isArray(message)) return undefined;
      const images: string[] = [];
      for (const candidate of message.slice(0, MAX_IMAGES)) {
        const url = this.options.imagePolicy.check(candidate);
        if (url) images.push(url);
        else this.options.metrics.imagesRejected.inc();
      }
      return images.length ? images : undefined;
    });
  }

  /** Aborts every call in flight and refuses new ones; for shutdown. */
  close(): void {
    this.shutdown.abort();
    this.agents.http.destroy();
    this.agents.https.destroy();
  }

  private async call<T>(endpoint: Endpoint, path: string, request: RequestContext | undefined, read: (message: unknown) => T | undefined): Promise<T> {
    const { metrics, logger } = this.options;
    const started = performance.now();
    let outcome: UpstreamFailure | 'success' = 'success';
    try {
      return await this.breaker.execute(async () => {
        const body = await this.fetchJson(endpoint, path, request);
        if (!isPlainObject(body) || body.status !== 'success') throw new UpstreamError('invalid_response', 'answer is not a success envelope');
        const value = read(body.message);
        if (value === undefined) throw new UpstreamError('invalid_response', 'answer has the wrong shape or nothing usable');
        return value;
      });
    } catch (err) {
      let failure = err instanceof BrokenCircuitError ? this.circuitOpen() : toUpstreamError(err);
      // dog.ceo always has its breed list: a 404 for it means DOG_API_URL points somewhere else, not an unknown breed.
      if (endpoint === 'breeds_list' && failure.kind === 'not_found') {
        failure = new UpstreamError('missing_breed_list', 'the breed list answered 404: is DOG_API_URL right?', undefined, { cause: err });
      }
      outcome = failure.kind;
      if (failure.kind === 'circuit_open') metrics.breakerRejections.inc();
      (request?.log ?? logger).warn({ endpoint, outcome, err: failure.message }, 'Dog API call failed');
      throw failure;
    } finally {
      const seconds = (performance.now() - started) / 1000;
      metrics.upstreamRequests.inc({ endpoint, outcome });
      metrics.upstreamDuration.observe({ endpoint, outcome }, seconds);
    }
  }

  private async fetchJson(endpoint: Endpoint, path: string, visitor: RequestContext | undefined): Promise<unknown> {
    const { config } = this.options;
    if (this.shutdown.signal.aborted) throw new UpstreamError('shutting_down', 'service is shutting down');
    const tooLarge = new AbortController();
    const signal = AbortSignal.any([AbortSignal.timeout(config.upstreamTimeoutMs), this.shutdown.signal, tooLarge.signal]);
    const context: CallContext = { endpoint, deadline: Date.now() + config.upstreamTimeoutMs, request: visitor };
    const request = this.http.get(path, { signal, context, responseType: 'buffer' });
    void request.on('downloadProgress', ({ transferred, total }) => {
      if (transferred > config.upstreamMaxBodyBytes || (total ?? 0) > config.upstreamMaxBodyBytes) tooLarge.abort();
    });
    try {
      const response = await request;
      if (response.statusCode !== 200) throw new UpstreamError('invalid_response', `unexpected status ${response.statusCode}`);
      return parseJson(await this.decode(response.headers['content-encoding'], response.body));
    } catch (err) {
      if (tooLarge.signal.aborted) throw new UpstreamError('too_large', `answer over ${config.upstreamMaxBodyBytes} bytes`);
      if (this.shutdown.signal.aborted) throw new UpstreamError('shutting_down', 'aborted by shutdown');
      throw toUpstreamError(err);
    }
  }

  /** The body as sent (`identity`) or gunzipped, at most `upstreamMaxBodyBytes` either way; other encodings are refused unread. */
  private async decode(encoding: string | undefined, body: Buffer): Promise<Buffer> {
    const { upstreamMaxBodyBytes } = this.options.config;
    const coding = (encoding ?? 'identity').trim().toLowerCase();
    if (coding === 'identity' || coding === '') return body;
    if (coding !== 'gzip' && coding !== 'x-gzip') throw new UpstreamError('invalid_response', `content-encoding ${coding.slice(0, 40)} was not asked for`);
    // gzip's trailer states the decompressed size: an honest bomb is refused without decoding it (a lying one still hits the cap).
    if (body.length >= 18 && body.readUInt32LE(body.length - 4) > upstreamMaxBodyBytes) {
      throw new UpstreamError('too_large', `answer decompresses to over ${upstreamMaxBodyBytes} bytes`);
    }
    try {
      return await this.decoders.execute(() => gunzipAsync(body, { maxOutputLength: upstreamMaxBodyBytes }));
    } catch (err) {
      if (err instanceof BulkheadRejectedError) throw new UpstreamError('unavailable', 'too many answers waiting to be decompressed', undefined, { cause: err });
      if ((err as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') {
        throw new UpstreamError('too_large', `answer decompresses to over ${upstreamMaxBodyBytes} bytes`, undefined, { cause: err });
      }
      throw new UpstreamError('invalid_response', 'answer is not valid gzip', undefined, { cause: err });
    }
  }

  /** Called by got only for a retry its rules allow (`enforceRetryRules`): the limit, the method, the status or error code. */
  private retryDelay({ attemptCount, error, retryAfter }: RetryObject): number {
    const { config } = this.options;
    const deadline = (error.options.context as Partial<CallContext>).deadline ?? Number.POSITIVE_INFINITY;
    return retryWait(Date.now(), deadline, retryAfter ?? backoffWait(attemptCount, config.retryBaseDelayMs, config.retryMaxDelayMs));
  }

  private circuitOpen(): UpstreamError {
    const remaining = this.openedAt + this.options.config.breakerHalfOpenMs - Date.now();
    return new UpstreamError('circuit_open', 'circuit breaker is open', Math.max(1, Math.ceil(remaining / 1000)));
  }
}

/**
 * Full-jitter exponential backoff before retry `attempt` (1 for the first): a wait drawn uniformly from
 * [0, min(maxMs, baseMs · 2^(attempt − 1))); `random` returns a number in [0, 1).
 */
export function backoffWait(attempt: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  return random() * Math.min(maxMs, baseMs * 2 ** (attempt - 1));
}

/**
 * How long to wait before the next attempt, or 0 for no retry: a retry starts only when, after waiting, at least
 * `MIN_ATTEMPT_MS` of the call's budget (ending at `deadline`) is left for it.
 */
export function retryWait(now: number, deadline: number, wait: number): number {
  const delay = Math.max(1, Math.round(wait)); // got treats 0 as "no retry"
  if (now + delay + MIN_ATTEMPT_MS > deadline) return 0;
  return delay;
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch (err) {
    throw new UpstreamError('invalid_response', 'answer is not JSON', undefined, { cause: err });
  }
}

/** Node's HTTP parser refused the answer (bad chunking, endless or malformed headers): an answer, but not a usable one. */
function isParserError(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' && code.startsWith('HPE_');
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function retryReason(error: RequestError): string {
  if (error.response) return `status_${error.response.statusCode}`;
  if (error instanceof TimeoutError) return 'timeout';
  return error.code || 'error';
}

function retryAfterSeconds(error: HTTPError): number | undefined {
  const header = error.response.headers['retry-after'];
  if (!header) return undefined;
  // asctime-date, the one HTTP-date form that ends in its year and names no zone, is UTC too: Date.parse would read it as local time.
  const seconds = /^\d+$/.test(header) ? Number(header) : (Date.parse(/\d$/.test(header) ? `${header} GMT` : header) - Date.now()) / 1000;
  return Number.isFinite(seconds) ? Math.min(3600, Math.max(1, Math.ceil(seconds))) : undefined;
}

/** Classifies anything a got call can throw. */
export function toUpstreamError(err: unknown): UpstreamError {
  if (err instanceof UpstreamError) return err;
  const cause = { cause: err };
  if (err instanceof TimeoutError) return new UpstreamError('timeout', 'time budget exhausted', undefined, cause);
  if (err instanceof HTTPError) {
    const status = err.response.statusCode;
    if (status === 404) return new UpstreamError('not_found', 'Dog API answered 404', undefined, cause);
    if (status === 429) return new UpstreamError('rate_limited', 'Dog API answered 429', retryAfterSeconds(err), cause);
    if (status >= 500) return new UpstreamError('unavailable', `Dog API answered ${status}`, retryAfterSeconds(err), cause);
    return new UpstreamError('client_error', `Dog API answered ${status}`, undefined, cause);
  }
  if (err instanceof ParseError) return new UpstreamError('invalid_response', 'answer is not JSON', undefined, cause);
  if (isParserError(err)) return new UpstreamError('invalid_response', `answer is not valid HTTP (${(err as { code: string }).code})`, undefined, cause);
  const message = err instanceof Error ? err.message : String(err);
  return new UpstreamError('network', message, undefined, cause);
}
