import type { RequestListener } from 'node:http';
import { performance } from 'node:perf_hooks';
import Koa, { type Context, type Middleware } from 'koa';
import type { DestinationStream, Logger } from 'pino';
import { Catalog } from './catalog.js';
import type { ServiceConfig } from './config.js';
import { DogApiClient } from './dog-api.js';
import { answerError } from './errors.js';
import { ImageUrlPolicy } from './image-url.js';
import { createLoggers } from './logging.js';
import { createMetrics, LABEL_SEPARATOR, type ServiceMetrics } from './metrics.js';
import { isClientGone, isMalformedRequest, logClientError } from './client-errors.js';
import { requestContextOf, type RequestContext } from './request-context.js';
import type { RoutePath } from './route-table.js';
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
  const loggers = options.logger
    ? { logger: options.logger, requestLogger: options.logger }
    : createLoggers({ level: config.logLevel, version: config.appVersion, stream: options.logStream });
  const { logger, requestLogger } = loggers;
  let inFlight = 0;
  const metrics = createMetrics({ appVersion: config.appVersion, defaultMetrics: options.defaultMetrics ?? true, inFlight: () => inFlight });
  const imagePolicy = new ImageUrlPolicy(config.imageOrigins);
  const dogApi = new DogApiClient({ config, metrics, logger, imagePolicy });
  const catalog = new Catalog(dogApi, config, metrics, options.now);
  let draining = false;
  let closing = false;

  const frameOf = (_ctx: Context, query?: string): PageFrame => ({ version: config.appVersion, breeds: catalog.knownBreeds(), query });

  const security = securityHeaders(imagePolicy);

  /**
   * The app's one middleware around the routes: the request context, the response headers every answer carries,
   * error pages, then the request's metrics and its log line. One function rather than a chain of them: this runs
   * for every request.
   */
  const serve: Middleware = async (ctx, next) => {
    const started = performance.now();
    const request = requestContextOf(ctx.req.headers, logger);
    const state = ctx.state as { request?: RequestContext; route?: RoutePath };
    state.request = request;
    const res = ctx.res;
    res.setHeader('X-Request-Id', request.requestId);
    res.setHeader('X-App-Version', config.appVersion);
    for (const [name, value] of security) res.setHeader(name, value);
    inFlight++;
    try {
      await next();
      if (ctx.status === 404 && ctx.body == null) ctx.throw(404);
    } catch (err) {
      answerError(ctx, err, frameOf);
    } finally {
      inFlight--;
      // Set late so that a request that arrived just before shutdown also closes its connection.
      if (closing && !res.headersSent) ctx.set('Connection', 'close');
      const status = ctx.status;
      const route = state.route ?? 'unmatched';
      const seconds = (performance.now() - started) / 1000;
      metrics.requestCounts.add(`${ctx.method}${LABEL_SEPARATOR}${route}${LABEL_SEPARATOR}${status}`);
      metrics.httpDuration.observe({ method: ctx.method, route, status_code: String(status) }, seconds);
      if (status >= 400 || !QUIET_ROUTES.has(ctx.path)) {
        const level = status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info';
        requestLogger[level](
          { reqId: request.requestId, req: { method: ctx.method, url: ctx.originalUrl.slice(0, 512), userAgent: ctx.get('user-agent').slice(0, 256) }, res: { statusCode: status }, responseTimeMs: Math.round(seconds * 1e4) / 10 },
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
  koa.use(serve);
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
