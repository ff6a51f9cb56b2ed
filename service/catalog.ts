import { breedKey, type Breed, type BreedList } from './breeds.js';
import { ResourceCache, type CacheSource } from './cache.js';
import type { ServiceConfig } from './config.js';
import type { DogApiClient } from './dog-api.js';
import type { ServiceMetrics } from './metrics.js';
import type { RequestContext } from './request-context.js';
import { UpstreamError } from './upstream-error.js';

/** A picture to show. `source` says whether it came from a fresh list, a new fetch, or a stale list after a failure. */
export interface Picture {
  readonly breed: Breed;
  readonly image: string;
  readonly source: CacheSource;
}

interface ImageList {
  readonly breed: Breed;
  readonly images: readonly string[];
}

/**
 * The Dog API's content as the pages need it: the breed list and per-breed image lists, each behind a
 * `ResourceCache`, with the random pick made locally.
 */
export class Catalog {
  private readonly breedList: ResourceCache<BreedList>;
  private readonly imageLists: ResourceCache<ImageList>;
  /** The last attempt to load the breed list found none at the configured address (404). */
  private listMissing = false;
  private warming: Promise<unknown> | undefined;

  constructor(
    private readonly client: DogApiClient,
    config: ServiceConfig,
    metrics: ServiceMetrics,
    now?: () => number,
  ) {
    this.breedList = new ResourceCache<BreedList>({ name: 'breeds', ttlMs: config.breedListTtlMs, maxEntries: 1, metrics, now });
    this.imageLists = new ResourceCache<ImageList>({
      name: 'images',
      ttlMs: config.imageCacheTtlMs,
      maxEntries: config.imageCacheMaxEntries,
      maxSize: config.imageCacheMaxChars,
      sizeOf: (list) => list.images.reduce((n, url) => n + url.length, 0),
      metrics,
      now,
    });
    metrics.cacheSizes.set('breeds', () => this.breedList.size);
    metrics.cacheSizes.set('images', () => this.imageLists.size);
  }

  /**
   * The breed list. Once loaded it is always answered from memory: an expired list is reloaded in the background
   * (stale-while-revalidate), since checking names against a slightly old list is fine and no visitor should wait
   * for two time budgets (list and images) in a row. Throws `UpstreamError` only while no list was ever loaded.
   * `request` is the visitor's request that needs it; a Dog API call it starts carries its trace headers.
   */
  async breeds(request?: RequestContext): Promise<BreedList> {
    const load = async () => {
      try {
        const list = await this.client.listBreeds(request);
        this.listMissing = false;
        return list;
      } catch (err) {
        if (err instanceof UpstreamError && err.kind === 'missing_breed_list') this.listMissing = true;
        throw err;
      }
    };
    return (await this.breedList.get('all', load, { staleWhileRevalidate: true })).value;
  }

  /**
   * Why the service cannot serve, for `/readyz`: only when no breed list was ever loaded and the Dog API answered 404
   * for it (a wrong `DOG_API_URL`: no page could work). A Dog API that is down is not a reason: cached pictures and
   * clear error pages still serve. While no list is loaded, each call starts loading one in the background.
   */
  readinessProblem(): string | undefined {
    if (this.knownBreeds()) return undefined;
    this.warming ??= this.breeds()
      .catch(() => undefined)
      .finally(() => (this.warming = undefined));
    return this.listMissing ? 'the Dog API has no breed list at DOG_API_URL' : undefined;
  }

  /** The breed list if one was ever loaded (fresh or stale), without calling the Dog API. */
  knownBreeds(): BreedList | undefined {
    return this.breedList.peek('all');
  }

  /** A random picture of a listed breed. Throws `UpstreamError` when the Dog API fails and nothing is cached. */
  async picture(breed: Breed, request?: RequestContext): Promise<Picture> {
    const key = breedKey(breed);
    const { value, source } = await this.imageLists.get(key, async () => ({ breed, images: await this.client.breedImages(breed, request) }));
    return { breed, image: pick(value.images), source };
  }

  /**
   * A random picture of a random breed. When that breed cannot be had, any cached breed will do (served as
   * `stale`); only with nothing cached does the failure reach the caller.
   */
  async anyPicture(request?: RequestContext): Promise<Picture> {
    const list = await this.breeds(request);
    const mains = [...list.keys()];
    try {
      return await this.picture({ main: pick(mains) }, request);
    } catch (err) {
      const cached = this.imageLists.any();
      if (!cached) throw err;
      return { breed: cached.breed, image: pick(cached.images), source: 'stale' };
    }
  }
}

function pick<T>(items: readonly T[]): T {
  return items[Math.floor(Math.random() * items.length)];
}
