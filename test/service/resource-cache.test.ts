import { expect } from 'chai';
import { ResourceCache } from '../../service/cache.js';
import { createMetrics, type ServiceMetrics } from '../../service/metrics.js';
import { metric } from './support.js';

type Box = { readonly n: number; readonly text?: string };

function setup(options: { ttlMs?: number; maxEntries?: number; maxSize?: number; sizeOf?: (v: Box) => number } = {}) {
  const metrics: ServiceMetrics = createMetrics({ appVersion: 't', defaultMetrics: false, inFlight: () => 0 });
  const clock = { now: 1_000_000 };
  const cache = new ResourceCache<Box>({ name: 'images', ttlMs: options.ttlMs ?? 1000, maxEntries: options.maxEntries ?? 10, maxSize: options.maxSize, sizeOf: options.sizeOf, metrics, now: () => clock.now });
  let loads = 0;
  const loader = (n: number) => () => {
    loads++;
    return Promise.resolve({ n });
  };
  return { metrics, clock, cache, loader, loads: () => loads, text: () => metrics.registry.metrics() };
}

const failing = (message: string) => () => Promise.reject(new Error(message));
const deferred = <T>() => {
  let resolve!: (value: T) => void;
  let reject!: (err: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
};

describe('resource cache: fresh, shared, stale', () => {
  it('answers a fresh entry without loading, until exactly its TTL has passed', async () => {
    const s = setup({ ttlMs: 1000 });
    expect(await s.cache.get('a', s.loader(1))).to.deep.equal({ value: { n: 1 }, source: 'miss' });
    s.clock.now += 999;
    expect(await s.cache.get('a', s.loader(2))).to.deep.equal({ value: { n: 1 }, source: 'hit' });
    s.clock.now += 1;
    expect(await s.cache.get('a', s.loader(3))).to.deep.equal({ value: { n: 3 }, source: 'miss' });
    expect(s.loads()).to.equal(2);
    const text = await s.text();
    expect(metric(text, 'dogapp_cache_lookups_total', { cache: 'images', result: 'hit' })).to.equal(1);
    expect(metric(text, 'dogapp_cache_lookups_total', { cache: 'images', result: 'miss' })).to.equal(2);
  });

  it('callers asking while a load is in flight share it, and are counted as joins', async () => {
    const s = setup();
    const d = deferred<Box>();
    let calls = 0;
    const load = () => (calls++, d.promise);
    const all = Promise.all([s.cache.get('a', load), s.cache.get('a', load), s.cache.get('a', load)]);
    d.resolve({ n: 7 });
    expect((await all).map((r) => [r.value.n, r.source])).to.deep.equal([[7, 'miss'], [7, 'miss'], [7, 'miss']]);
    expect(calls).to.equal(1);
    expect(metric(await s.text(), 'dogapp_singleflight_joins_total', { cache: 'images' })).to.equal(2);
  });

  it('a failed load is not kept: the next caller loads again', async () => {
    const s = setup();
    let err: unknown;
    await s.cache.get('a', failing('down')).catch((e: unknown) => (err = e));
    expect((err as Error).message).to.equal('down');
    expect(await s.cache.get('a', s.loader(2))).to.deep.equal({ value: { n: 2 }, source: 'miss' });
  });

  it('a load that throws before its first await fails the callers, like one that rejects', async () => {
    const s = setup();
    const load = () => {
      throw new Error('at once');
    };
    const results = await Promise.allSettled([s.cache.get('a', load), s.cache.get('a', load)]);
    expect(results.map((r) => r.status)).to.deep.equal(['rejected', 'rejected']);
    expect(s.cache.size).to.equal(0);
  });

  it('when a reload fails, the expired value is served as stale with the error, and counted', async () => {
    const s = setup();
    await s.cache.get('a', s.loader(1));
    s.clock.now += 5000;
    const stale = await s.cache.get('a', failing('refresh failed'));
    expect(stale.value).to.deep.equal({ n: 1 });
    expect(stale.source).to.equal('stale');
    expect((stale.error as Error).message).to.equal('refresh failed');
    expect(metric(await s.text(), 'dogapp_cache_stale_served_total', { cache: 'images' })).to.equal(1);
    expect(await s.cache.get('b', failing('nothing cached')).catch((e: unknown) => (e as Error).message)).to.equal('nothing cached');
  });

  it('with stale-while-revalidate an expired value is answered at once while one reload runs in the background', async () => {
    const s = setup();
    await s.cache.get('a', s.loader(1));
    s.clock.now += 5000;
    const d = deferred<Box>();
    let calls = 0;
    const load = () => (calls++, d.promise);
    expect(await s.cache.get('a', load, { staleWhileRevalidate: true })).to.deep.equal({ value: { n: 1 }, source: 'stale' });
    expect(await s.cache.get('a', load, { staleWhileRevalidate: true })).to.deep.equal({ value: { n: 1 }, source: 'stale' });
    expect(calls, 'one reload for both').to.equal(1);
    d.resolve({ n: 2 });
    await d.promise;
    await new Promise((resolve) => setImmediate(resolve));
    expect(await s.cache.get('a', load, { staleWhileRevalidate: true })).to.deep.equal({ value: { n: 2 }, source: 'hit' });
    expect(metric(await s.text(), 'dogapp_cache_lookups_total', { cache: 'images', result: 'stale' })).to.equal(2);
  });

  it('stale-while-revalidate on a missing key waits for the load like any miss', async () => {
    const s = setup();
    expect(await s.cache.get('a', s.loader(1), { staleWhileRevalidate: true })).to.deep.equal({ value: { n: 1 }, source: 'miss' });
  });

  it('a background reload that fails keeps the stale value for the next caller', async () => {
    const s = setup();
    await s.cache.get('a', s.loader(1));
    s.clock.now += 5000;
    expect((await s.cache.get('a', failing('down'), { staleWhileRevalidate: true })).source).to.equal('stale');
    await new Promise((resolve) => setImmediate(resolve));
    expect(await s.cache.get('a', failing('down'), { staleWhileRevalidate: true })).to.deep.equal({ value: { n: 1 }, source: 'stale' });
  });

  it('peek gives what is held, fresh or stale, without loading or counting', async () => {
    const s = setup();
    expect(s.cache.peek('a')).to.equal(undefined);
    await s.cache.get('a', s.loader(1));
    s.clock.now += 5000;
    expect(s.cache.peek('a')).to.deep.equal({ n: 1 });
    const text = await s.text();
    expect(metric(text, 'dogapp_cache_lookups_total', { cache: 'images' })).to.equal(1);
  });

  it('any gives one of the values held, each of them in turn, or nothing when empty', async () => {
    const s = setup();
    expect(s.cache.any()).to.equal(undefined);
    for (const n of [1, 2, 3]) await s.cache.get(`k${n}`, s.loader(n));
    const seen = new Set<number>();
    for (let i = 0; i < 200; i++) seen.add(s.cache.any()!.n);
    expect([...seen].sort()).to.deep.equal([1, 2, 3]);
  });

  it('holds at most maxEntries, evicting the least recently used', async () => {
    const s = setup({ maxEntries: 2 });
    await s.cache.get('a', s.loader(1));
    await s.cache.get('b', s.loader(2));
    await s.cache.get('a', s.loader(9));
    await s.cache.get('c', s.loader(3));
    expect(s.cache.size).to.equal(2);
    expect(s.cache.peek('b')).to.equal(undefined);
    expect(s.cache.peek('a')).to.deep.equal({ n: 1 });
  });

  it('with a size bound, holds at most maxSize of sizeOf, counting an empty value as 1', async () => {
    const s = setup({ maxEntries: 100, maxSize: 10, sizeOf: (v) => v.text?.length ?? 0 });
    await s.cache.get('a', () => Promise.resolve({ n: 1, text: 'x'.repeat(6) }));
    await s.cache.get('b', () => Promise.resolve({ n: 2, text: 'x'.repeat(6) }));
    expect(s.cache.peek('a')).to.equal(undefined);
    expect(s.cache.peek('b')).to.deep.equal({ n: 2, text: 'xxxxxx' });
    for (const k of ['c', 'd', 'e', 'f']) await s.cache.get(k, () => Promise.resolve({ n: 0, text: '' }));
    expect(s.cache.size).to.equal(5);
    await s.cache.get('g', () => Promise.resolve({ n: 0 }));
    expect(s.cache.size, '6 + 5 × 1 is over 10').to.equal(5);
  });

  it('a size bound without sizeOf bounds nothing but the entry count', async () => {
    const s = setup({ maxEntries: 3, maxSize: 1 });
    for (const k of ['a', 'b', 'c']) await s.cache.get(k, s.loader(1));
    expect(s.cache.size).to.equal(3);
  });
});
