import { bodyParser } from '@koa/bodyparser';
import type { Context, Middleware } from 'koa';
import compose from 'koa-compose';
import { BreedInputs } from './breed-inputs.js';
import { breedKey, displayName, suggestBreeds, type Breed } from './breeds.js';
import type { Catalog, Picture } from './catalog.js';
import type { ServiceConfig } from './config.js';
import { BadInput, UnknownBreed } from './errors.js';
import type { ServiceMetrics } from './metrics.js';
import type { RequestContext } from './request-context.js';
import { ROUTE_TABLE, type RouteMethod, type RoutePath } from './route-table.js';
import { FAVICON, STYLESHEET } from './views/assets.js';
import { picturePage, type PageFrame } from './views/pages.js';
import { queryParam } from './query.js';

export interface RouteDeps {
  readonly config: ServiceConfig;
  readonly catalog: Catalog;
  readonly metrics: ServiceMetrics;
  readonly frameOf: (ctx: Context, query?: string) => PageFrame;
  readonly isDraining: () => boolean;
}

/** One string from a query or form value, which may be absent or repeated. */
function single(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) throw new BadInput('Give one breed at a time.');
  throw new BadInput('Type a breed name, for example “husky” or “Afghan Hound”.');
}

type Lookup = { readonly breed?: Breed; readonly input?: string };

/** Reads the breed a visitor asked for, or none; checks it against the Dog API's list before any per-breed call. */
async function lookup(catalog: Catalog, inputs: BreedInputs, raw: unknown, request: RequestContext | undefined): Promise<Lookup> {
  const input = single(raw);
  if (input === undefined) return {};
  const parsed = inputs.parse(input);
  if (parsed.kind === 'empty') return {};
  if (parsed.kind === 'invalid') throw new BadInput(parsed.reason, input.slice(0, 200));
  const list = await catalog.breeds(request);
  const breed = inputs.resolve(list, parsed.words);
  if (!breed) throw new UnknownBreed(input.trim(), suggestBreeds(list, parsed.words));
  return { breed, input };
}

async function pictureFor(catalog: Catalog, found: Lookup, request: RequestContext | undefined): Promise<Picture> {
  return found.breed ? catalog.picture(found.breed, request) : catalog.anyPicture(request);
}

/** The `breed` of the query string, as `ctx.query.breed` reads it. */
function breedQuery(ctx: Context): unknown {
  return queryParam(ctx.querystring, 'breed', () => ctx.query);
}

/** The request context the app's first middleware put on the Koa context. */
function requestOf(ctx: Context): RequestContext | undefined {
  return (ctx.state as { request?: RequestContext }).request;
}

type TableRoute = (typeof ROUTE_TABLE)[number];
/** The methods the table lists for a path. */
type MethodsOf<P extends RoutePath> = Extract<TableRoute, { path: P }>['methods'][number];
/**
 * One handler per path and method of the route table, no more and no fewer: a route missing from the table, or a
 * method the table does not list, does not type-check.
 */
export type RouteHandlers = { readonly [P in RoutePath]: { readonly [M in MethodsOf<P>]: Middleware | readonly Middleware[] } };

/** The methods a path answers (`HEAD` wherever `GET`), from the table; undefined for a path outside it. */
export function allowedMethods(path: string): readonly string[] | undefined {
  const route = ROUTE_TABLE.find((r) => r.path === path);
  if (!route) return undefined;
  const methods: string[] = [...route.methods];
  if (methods.includes('GET')) methods.splice(methods.indexOf('GET') + 1, 0, 'HEAD');
  return methods;
}

/** The handlers of the service contract, by path and method. */
function handlers(deps: RouteDeps): RouteHandlers {
  const { catalog, config, metrics, frameOf } = deps;
  const inputs = new BreedInputs();

  const page = async (ctx: Context, raw: unknown) => {
    const request = requestOf(ctx);
    const found = await lookup(catalog, inputs, raw, request);
    const picture = await pictureFor(catalog, found, request);
    ctx.set('Cache-Control', 'no-store');
    ctx.type = 'html';
    ctx.body = picturePage(frameOf(ctx, found.breed ? displayName(found.breed) : undefined), picture, !found.breed);
  };

  return {
    '/': {
      GET: (ctx) => page(ctx, breedQuery(ctx)),
      POST: [
        limitBody(config.bodyLimitBytes),
        bodyParser({ enableTypes: ['form'], formLimit: `${config.bodyLimitBytes}b` }),
        (ctx) => page(ctx, (ctx.request.body as Record<string, unknown> | undefined)?.name),
      ],
    },
    '/api/breeds': {
      GET: async (ctx) => {
        const list = await catalog.breeds(requestOf(ctx));
        ctx.set('Cache-Control', 'no-store');
        ctx.body = { breeds: Object.fromEntries(list) };
      },
    },
    '/api/image': {
      GET: async (ctx) => {
        const request = requestOf(ctx);
        const found = await lookup(catalog, inputs, breedQuery(ctx), request);
        const picture = await pictureFor(catalog, found, request);
        ctx.set('Cache-Control', 'no-store');
        ctx.body = { breed: breedKey(picture.breed), image: picture.image };
      },
    },
    '/healthz': {
      GET: (ctx) => {
        ctx.set('Cache-Control', 'no-store');
        ctx.body = 'ok\n';
      },
    },
    '/readyz': {
      GET: (ctx) => {
        ctx.set('Cache-Control', 'no-store');
        const problem = deps.isDraining() ? 'shutting down' : catalog.readinessProblem();
        ctx.status = problem ? 503 : 200;
        ctx.body = `${problem ?? 'ready'}\n`;
      },
    },
    '/metrics': {
      GET: async (ctx) => {
        ctx.set('Cache-Control', 'no-store');
        ctx.type = metrics.registry.contentType;
        ctx.body = await metrics.registry.metrics();
      },
    },
    '/static/style.css': {
      GET: (ctx) => {
        ctx.set('Cache-Control', 'public, max-age=3600');
        ctx.type = 'text/css';
        ctx.body = STYLESHEET;
      },
    },
    '/static/favicon.svg': {
      GET: (ctx) => {
        ctx.set('Cache-Control', 'public, max-age=86400');
        ctx.type = 'image/svg+xml';
        ctx.body = FAVICON;
      },
    },
  };
}

/**
 * Reads any request body, however it is framed (`Content-Length` or chunked) and whatever its type, and answers 413
 * as soon as it passes `limit` bytes. Form bodies are left for the form parser, which enforces the same limit.
 */
function limitBody(limit: number): Middleware {
  return async (ctx, next) => {
    if ((ctx.request.length ?? 0) > limit) ctx.throw(413);
    if (!ctx.is('urlencoded') && ctx.request.length !== 0 && ctx.req.readable) {
      let received = 0;
      for await (const chunk of ctx.req) {
        received += (chunk as Buffer).length;
        if (received > limit) ctx.throw(413);
      }
      ctx.request.body = {}; // read and not a form: no name given
    }
    await next();
  };
}

interface TableEntry {
  readonly path: RoutePath;
  /** The `Allow` header of a 405. */
  readonly allow: string;
  readonly byMethod: ReadonlyMap<string, Middleware>;
}

/**
 * The service's routes as one middleware, built from the route table: each path matched exactly (case-sensitive,
 * no trailing-slash or percent-decoding leniency), `HEAD` wherever `GET`. A table path asked with a method it does
 * not list gets 405 with `Allow` (`OPTIONS`, `TRACE`, WebDAV methods alike); other paths fall through (404). Every
 * path is static, so dispatch is one map lookup; the matched path is left in `ctx.state.route`.
 */
export function createRoutes(deps: RouteDeps): Middleware {
  const byPath = handlers(deps);
  const table = new Map<string, TableEntry>();
  for (const route of ROUTE_TABLE) {
    const methods: Partial<Record<RouteMethod, Middleware | readonly Middleware[]>> = byPath[route.path];
    const byMethod = new Map<string, Middleware>();
    for (const method of route.methods) {
      const chain = [methods[method]!].flat();
      const handler = chain.length === 1 ? chain[0] : compose(chain);
      byMethod.set(method, handler);
      if (method === 'GET') byMethod.set('HEAD', handler);
    }
    table.set(route.path, { path: route.path, allow: allowedMethods(route.path)!.join(', '), byMethod });
  }
  return (ctx, next) => {
    const route = table.get(ctx.path);
    if (!route) return next();
    const handler = route.byMethod.get(ctx.method);
    if (!handler) {
      ctx.set('Allow', route.allow);
      return ctx.throw(405);
    }
    (ctx.state as { route?: RoutePath }).route = route.path;
    return handler(ctx, next) as Promise<unknown>;
  };
}
