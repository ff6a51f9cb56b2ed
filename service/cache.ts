import { LRUCache } from 'lru-cache';
import { LABEL_SEPARATOR, type ServiceMetrics } from './metrics.js';

/** Where a cached value came from. */
export type CacheSource = 'hit' | 'miss' | 'stale';

/** A value and where it came from; `error` is the failed refresh when a stale value was served. */
export interface Cached<V> {
  readonly value: V;
  readonly source: CacheSource;
  readonly error?: unknown;
}

interface Entry<V> {
  readonly value: V;
  readonly freshUntil: number;
}

export interface ResourceCacheOptions<V> {
  /** Metric label: `breeds` or `images`. */
  readonly name: 'breeds' | 'images';
  /** How long a loaded value is fresh, in ms. After that it is reloaded, and kept for stale-if-error. */
  readonly ttlMs: number;
  /** Most entries kept (least recently used evicted first). */
  readonly maxEntries: number;
  /** Optional memory bound: the sum of `sizeOf` over all entries. */
  readonly maxSize?: number;
  readonly sizeOf?: (value: V) => number;
  readonly metrics: ServiceMetrics;
  /** Clock, for tests. @default Date.now */
  readonly now?: () => number;
}

/**
 * A bounded cache in front of an upstream resource:
 * fresh entries are answered locally; concurrent loads of one key share a single call (single-flight);
 * when a reload fails, the expired entry is served instead (stale-if-error) and kept until evicted.
 * A caller giving up never cancels the shared load.
 */
export class ResourceCache<V extends object> {
  private readonly lru: LRUCache<string, Entry<V>>;
  private readonly inFlight = new Map<string, Promise<V>>();
  private readonly now: () => number;
  /** This cache's `cacheLookupCounts` keys, by result. */
  private readonly lookupKeys: Readonly<Record<CacheSource, string>>;

  constructor(private readonly options: ResourceCacheOptions<V>) {
    this.now = options.now ?? Date.now;
    const key = (result: CacheSource) => `${options.name}${LABEL_SEPARATOR}${result}`;
    this.lookupKeys = { hit: key('hit'), miss: key('miss'), stale: key('stale') };
    const sizeOf = options.sizeOf;
    this.lru = new LRUCache<string, Entry<V>>({
      max: options.maxEntries,
      ...(options.maxSize && sizeOf ? { maxSize: options.maxSize, sizeCalculation: (e: Entry<V>) => Math.max(1, sizeOf(e.value)) } : {}),
    });
  }

  /**
   * The value for `key`: fresh from the cache, loaded with `load` (shared by concurrent callers), or stale on
   * failure. With `staleWhileRevalidate` an expired entry is answered at once while it is reloaded in the
   * background, so no caller waits for that reload.
   */
  async get(key: string, load: () => Promise<V>, options: { staleWhileRevalidate?: boolean } = {}): Promise<Cached<V>> {
    const { metrics, name } = this.options;
    const entry = this.lru.get(key);
    if (entry && entry.freshUntil > this.now()) {
      metrics.cacheLookupCounts.add(this.lookupKeys.hit);
      return { value: entry.value, source: 'hit' };
    }
    if (entry && options.staleWhileRevalidate) {
      metrics.cacheLookupCounts.add(this.lookupKeys.stale);
      if (!this.inFlight.has(key)) void this.startLoad(key, load);
      return { value: entry.value, source: 'stale' };
    }
    metrics.cacheLookupCounts.add(this.lookupKeys.miss);
    let pending = this.inFlight.get(key);
    if (pending) {
      metrics.singleFlightJoins.inc({ cache: name });
    } else {
      pending = this.startLoad(key, load);
    }
    try {
      return { value: await pending, source: 'miss' };
    } catch (error) {
      const stale = this.lru.get(key);
      if (stale) {
        metrics.cacheStaleServed.inc({ cache: name });
        return { value: stale.value, source: 'stale', error };
      }
      throw error;
    }
  }

  /** The value held for `key`, fresh or stale, without loading anything or counting a lookup. */
  peek(key: string): V | undefined {
    return this.lru.peek(key)?.value;
  }

  /** A random value among the entries held, fresh or stale; for degrading when nothing else can be had. */
  any(): V | undefined {
    const values = [...this.lru.values()];
    return values.length ? values[Math.floor(Math.random() * values.length)].value : undefined;
  }

  get size(): number {
    return this.lru.size;
  }

  private startLoad(key: string, load: () => Promise<V>): Promise<V> {
    const pending = (async () => {
      try {
        const value = await Promise.resolve().then(load);
        this.lru.set(key, { value, freshUntil: this.now() + this.options.ttlMs });
        return value;
      } finally {
        this.inFlight.delete(key);
      }
    })();
    this.inFlight.set(key, pending);
    // Every caller awaits it; this only keeps an unawaited rejection from being reported as unhandled.
    pending.catch(() => undefined);
    return pending;
  }
}
