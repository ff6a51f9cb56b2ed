import type { RequestListener } from 'node:http';
import { performance } from 'node:perf_hooks';
import Koa, { type Context, type Middleware } from 'koa';
import type { DestinationStream, Logger } from 'pino';
import { Catalog } from './catalog.js';
import type { ServiceConfig } from './config.js';
import { DogApiClient } from './dog-api.js';
import { errorPages } from './errors.js';
import { ImageUrlPolicy } from './image-url.js';
import { createLogger } from './logging.js';
import { createMetrics, type ServiceMetrics } from './metrics.js';
import { isClientGone, isMalformedRequest, logClientError } from './client-errors.js';
import { requestContextOf, type RequestContext } from './request-context.js';
import { createRoutes } from './routes.js';
import { securityHeaders } from './security.js';
import type { PageFrame } from './views/pages.js';

export interface CreateAppOptions {
  /** Where log lines go (a pino destination); default stdout. Ignored when `logger` is given. */
  readonly logStream?: DestinationStream;
  /** A ready logger to use instead of making one. */
  readonly logger?: Logger;
  /** Collect Node's process metrics (CPU, memory, event loop, GC) too. @default true */
  readonly defaultMetrics?: boolean;
  /** Clock for cache freshness, for tests. @default Date.now */
  readonly now?: () => number;
}

/** The service, ready to be served: `callback()` is a Node request listener. */
export interface DogApp {
  readonly koa: Koa;
  readonly config: ServiceConfig;
  readonly logger: Logger;
  readonly metrics: ServiceMetrics;
  readonly dogApi: DogApiClient;
  readonly catalog: Catalog;
  callback(): RequestListener;
  /** Requests being answered right now. */
  readonly inFlight: number;
  /** True once shutdown began: `/readyz` answers 503. */
  readonly draining: boolean;
  beginShutdown(): void;
  /**
   * From now on every response asks the client to close its connection (the listener has closed). Not done at
   * `beginShutdown`: clients would reconnect for each request, and connections still waiting to be accepted when
   * the listener closes are reset.
   */
  closeConnections(): void;
  /** Aborts Dog API calls still running and frees their sockets. */
  close(): void;
}

/** Routes that are polled, not visited: logged only when they fail. */
const QUIET_ROUTES = new Set(['/healthz', '/readyz', '/metrics']);

/** Builds the dog-image service from its configuration. Nothing listens until `callback()` is served. */
export function createApp(config: ServiceConfig, options: CreateAppOptions = {}): DogApp {
  const logger = options.logger ?? createLogger({ level: config.logLevel, version: config.appVersion, stream: options.logStream });
  const metrics = createMetrics({ appVersion: config.appVersion, defaultMetrics: options.defaultMetrics ?? true });
  const imagePolicy = new ImageUrlPolicy(config.imageOrigins);
  const dogApi = new DogApiClient({ config, metrics, logger, imagePolicy });
  const catalog = new Catalog(dogApi, config, metrics, options.now);
  let draining = false;
  let closing = false;
  let inFlight = 0;

  const frameOf = (_ctx: Context, query?: string): PageFrame => ({ version: config.appVersion, breeds: catalog.knownBreeds(), query });

  const observe: Middleware = async (ctx, next) => {
    const started = performance.now();
    const request = requestContextOf(ctx.req.headers, logger);
    ctx.state.request = request;
    ctx.set('X-Request-Id', request.requestId);
    ctx.set('X-App-Version', config.appVersion);
    inFlight++;
    metrics.httpInFlight.inc();
    try {
      await next();
    } finally {
      inFlight--;
      metrics.httpInFlight.dec();
      // Set late so that a request that arrived just before shutdown also closes its connection.
      if (closing && !ctx.res.headersSent) ctx.set('Connection', 'close');
      const matched = (ctx as { _matchedRoute?: string | RegExp })._matchedRoute;
      const labels = { method: ctx.method, route: matched === undefined ? 'unmatched' : String(matched), status_code: String(ctx.status) };
      const seconds = (performance.now() - started) / 1000;
      metrics.httpRequests.inc(labels);
      metrics.httpDuration.observe(labels, seconds);
      if (!QUIET_ROUTES.has(ctx.path) || ctx.status >= 400) {
        const level = ctx.status >= 500 ? 'error' : ctx.status >= 400 ? 'warn' : 'info';
        logger[level](
          { reqId: request.requestId, req: { method: ctx.method, url: ctx.originalUrl.slice(0, 512), userAgent: ctx.get('user-agent').slice(0, 256) }, res: { statusCode: ctx.status }, responseTimeMs: Math.round(seconds * 1e4) / 10 },
          'request completed',
        );
      }
    }
  };

  const koa = new Koa();
  koa.silent = true;
  koa.on('error', (err: unknown, ctx?: Context) => {
    const log = (ctx?.state as { request?: RequestContext } | undefined)?.request?.log ?? logger;
    if (isClientGone(err) || isMalformedRequest(err)) logClientError(log, err);
    else log.error({ err }, 'error outside a request');
  });
  koa.use(observe);
  koa.use(securityHeaders(imagePolicy));
  koa.use(errorPages(frameOf));
  koa.use(createRoutes({ config, catalog, metrics, frameOf, isDraining: () => draining }));

  return {
    koa,
    config,
    logger,
    metrics,
    dogApi,
    catalog,
    callback: () => koa.callback(),
    get inFlight() {
      return inFlight;
    },
    get draining() {
      return draining;
    },
    beginShutdown() {
      draining = true;
    },
    closeConnections() {
      closing = true;
    },
    close() {
      dogApi.close();
    },
  };
}
