import { bodyParser } from '@koa/bodyparser';
import Router from '@koa/router';
import type { Context } from 'koa';
import { breedKey, displayName, parseBreedInput, resolveBreed, suggestBreeds, type Breed } from './breeds.js';
import type { Catalog, Picture } from './catalog.js';
import type { ServiceConfig } from './config.js';
import { BadInput, UnknownBreed } from './errors.js';
import type { ServiceMetrics } from './metrics.js';
import type { RequestContext } from './request-context.js';
import { FAVICON, STYLESHEET } from './views/assets.js';
import { picturePage, type PageFrame } from './views/pages.js';

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
async function lookup(catalog: Catalog, raw: unknown, request: RequestContext | undefined): Promise<Lookup> {
  const input = single(raw);
  if (input === undefined) return {};
  const parsed = parseBreedInput(input);
  if (parsed.kind === 'empty') return {};
  if (parsed.kind === 'invalid') throw new BadInput(parsed.reason, input.slice(0, 200));
  const list = await catalog.breeds(request);
  const breed = resolveBreed(list, parsed.words);
  if (!breed) throw new UnknownBreed(input.trim(), suggestBreeds(list, parsed.words));
  return { breed, input };
}

async function pictureFor(catalog: Catalog, found: Lookup, request: RequestContext | undefined): Promise<Picture> {
  return found.breed ? catalog.picture(found.breed, request) : catalog.anyPicture(request);
}

/** The request context the app's first middleware put on the Koa context. */
function requestOf(ctx: Context): RequestContext | undefined {
  return (ctx.state as { request?: RequestContext }).request;
}

/** The routes of the service contract. */
export function createRouter(deps: RouteDeps): Router {
  const { catalog, config, metrics, frameOf } = deps;
  const router = new Router();

  const page = async (ctx: Context, raw: unknown) => {
    const request = requestOf(ctx);
    const found = await lookup(catalog, raw, request);
    const picture = await pictureFor(catalog, found, request);
    ctx.set('Cache-Control', 'no-store');
    ctx.type = 'html';
    ctx.body = picturePage(frameOf(ctx, found.breed ? displayName(found.breed) : undefined), picture, !found.breed);
  };

  router.get('/', (ctx) => page(ctx, ctx.query.breed));

  const rejectLargeBodies = async (ctx: Context, next: () => Promise<unknown>) => {
    // Checked for every content type: the form parser only reads form bodies.
    if ((ctx.request.length ?? 0) > config.bodyLimitBytes) ctx.throw(413);
    await next();
  };
  router.post(
    '/',
    rejectLargeBodies,
    bodyParser({ enableTypes: ['form'], formLimit: `${config.bodyLimitBytes}b` }),
    (ctx) => page(ctx, (ctx.request.body as Record<string, unknown> | undefined)?.name),
  );

  router.get('/api/breeds', async (ctx) => {
    const list = await catalog.breeds(requestOf(ctx));
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { breeds: Object.fromEntries(list) };
  });

  router.get('/api/image', async (ctx) => {
    const request = requestOf(ctx);
    const found = await lookup(catalog, ctx.query.breed, request);
    const picture = await pictureFor(catalog, found, request);
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { breed: breedKey(picture.breed), image: picture.image };
  });

  router.get('/healthz', (ctx) => {
    ctx.set('Cache-Control', 'no-store');
    ctx.body = 'ok\n';
  });

  router.get('/readyz', (ctx) => {
    ctx.set('Cache-Control', 'no-store');
    const draining = deps.isDraining();
    ctx.status = draining ? 503 : 200;
    ctx.body = draining ? 'shutting down\n' : 'ready\n';
  });

  router.get('/metrics', async (ctx) => {
    ctx.set('Cache-Control', 'no-store');
    ctx.type = metrics.registry.contentType;
    ctx.body = await metrics.registry.metrics();
  });

  router.get('/static/style.css', (ctx) => {
    ctx.set('Cache-Control', 'public, max-age=3600');
    ctx.type = 'text/css';
    ctx.body = STYLESHEET;
  });

  router.get('/static/favicon.svg', (ctx) => {
    ctx.set('Cache-Control', 'public, max-age=86400');
    ctx.type = 'image/svg+xml';
    ctx.body = FAVICON;
  });

  return router;
}
