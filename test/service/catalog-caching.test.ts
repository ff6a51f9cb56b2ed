import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'chai';
import { startDogApiStub } from '../support/dog-api-stub.js';
import { imageSources, metric, startTestService, type TestService } from './support.js';

const HOUR = 3600 * 1000;

describe('catalog: what the service asks the Dog API again, and when', () => {
  let t: TestService;
  afterEach(() => t.close());

  it('the breed list and the image lists expire on their own TTLs', async () => {
    t = await startTestService({ breedListTtlMs: HOUR, imageCacheTtlMs: 6 * HOUR });
    expect((await t.get('/?breed=husky')).status).to.equal(200);
    t.clock.advance(HOUR + 1);
    expect((await t.get('/?breed=husky')).status).to.equal(200);
    for (let i = 0; i < 100 && t.stub.callCount('/api/breeds/list/all') < 2; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(t.stub.callCount('/api/breeds/list/all'), 'list reloaded').to.equal(2);
    expect(t.stub.callCount('/api/breed/husky/images'), 'images still fresh').to.equal(1);
    t.clock.advance(5 * HOUR);
    expect((await t.get('/?breed=husky')).status).to.equal(200);
    expect(t.stub.callCount('/api/breed/husky/images'), 'images expired').to.equal(2);
  });

  it('an expired breed list is answered at once while it reloads: a hung reload keeps no visitor waiting', async () => {
    t = await startTestService();
    expect((await t.get('/api/breeds')).status).to.equal(200);
    t.clock.advance(2 * HOUR);
    t.stub.setFault('hang', { paths: /^\/api\/breeds\/list\/all$/ });
    const res = await t.get('/api/breeds');
    expect(res.status).to.equal(200);
    expect(JSON.parse(res.text)).to.deep.equal({ breeds: t.stub.breeds });
    for (let i = 0; i < 100 && t.stub.callCount('/api/breeds/list/all') < 2; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(t.stub.callCount('/api/breeds/list/all'), 'reloading in the background').to.equal(2);
    expect(metric(await t.metrics(), 'dogapp_cache_lookups_total', { cache: 'breeds', result: 'stale' })).to.equal(1);
  });

  it('image lists beyond imageCacheMaxChars are evicted, the oldest first', async () => {
    const one = await startDogApiStub();
    const chars = one.imagesOf('husky').join('').length;
    await one.close();
    t = await startTestService({ imageCacheMaxChars: Math.round(chars * 1.5) });
    for (const breed of ['husky', 'pug', 'husky']) expect((await t.get(`/?breed=${breed}`)).status).to.equal(200);
    expect(t.stub.callCount('/api/breed/husky/images'), 'husky was evicted by pug').to.equal(2);
    expect(metric(await t.metrics(), 'dogapp_cache_entries', { cache: 'images' })).to.equal(1);
  });

  it('image lists within the bounds are all kept', async () => {
    t = await startTestService({ imageCacheMaxEntries: 3 });
    for (const breed of ['husky', 'pug', 'boxer', 'husky', 'pug']) expect((await t.get(`/?breed=${breed}`)).status).to.equal(200);
    expect(t.stub.callCount(/\/images$/)).to.equal(3);
    const text = await t.metrics();
    expect(metric(text, 'dogapp_cache_entries', { cache: 'images' })).to.equal(3);
    expect(metric(text, 'dogapp_cache_entries', { cache: 'breeds' })).to.equal(1);
    expect((await t.get('/?breed=chow')).status).to.equal(200);
    expect((await t.get('/?breed=pug')).status).to.equal(200);
    expect((await t.get('/?breed=boxer')).status).to.equal(200);
    expect(t.stub.callCount('/api/breed/boxer/images'), 'the fourth breed evicted the least recently used').to.equal(2);
    expect(t.stub.callCount('/api/breed/pug/images')).to.equal(1);
  });

  it('any dog, with the picked breed failing, is a cached picture of another breed, marked as from earlier visits', async () => {
    t = await startTestService({}, { breeds: { husky: [], pug: [] } });
    expect((await t.get('/?breed=husky')).status).to.equal(200);
    t.stub.setFault('500', { paths: /^\/api\/breed\/pug\/images$/ });
    let stale = 0;
    for (let i = 0; i < 12; i++) {
      const res = await t.get('/');
      expect(res.status).to.equal(200);
      expect(t.stub.imagesOf('husky')).to.include(imageSources(res.text)[0]);
      if (res.text.includes('comes from earlier visits')) stale++;
    }
    expect(stale, 'the pug picks').to.be.greaterThan(0);
    expect(stale, 'the husky picks are fresh').to.be.below(12);
  });
});

/** A Dog API at a wrong path: every call 404s until `fix()`, then it serves a breed list of one breed. */
async function dogApiFixedLater() {
  let missing = true;
  let listCalls = 0;
  const server = http.createServer((req, res) => {
    if (req.url === '/api/breeds/list/all') listCalls++;
    if (missing || req.url !== '/api/breeds/list/all') {
      res.writeHead(404, { 'content-type': 'application/json' });
      return void res.end(JSON.stringify({ status: 'error', code: 404 }));
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ status: 'success', message: { husky: [] } }));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    listCalls: () => listCalls,
    fix: () => void (missing = false),
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}

/** Asks `/readyz` (as the kubelet does, every few seconds) until it answers `status`, for at most `budgetMs`. */
async function probeUntil(t: TestService, status: number, budgetMs: number): Promise<number> {
  const deadline = Date.now() + budgetMs;
  for (;;) {
    const answered = (await t.get('/readyz')).status;
    if (answered === status || Date.now() >= deadline) return answered;
    await sleep(20);
  }
}

describe('catalog: readiness after a wrong DOG_API_URL is fixed', () => {
  it('turns ready again once the breed list is served', async () => {
    const api = await dogApiFixedLater();
    const t = await startTestService({ dogApiUrl: api.url });
    try {
      expect((await t.get('/api/breeds')).status).to.equal(502);
      const ready = await t.get('/readyz');
      expect([ready.status, ready.text]).to.deep.equal([503, 'the Dog API has no breed list at DOG_API_URL\n']);
      api.fix();
      expect((await t.get('/api/breeds')).status).to.equal(200);
      expect((await t.get('/readyz')).status).to.equal(200);
    } finally {
      await t.close();
      await api.close();
    }
  });

  // While no breed list was ever loaded, each probe starts loading one in the background: no visitor reaches a pod
  // the Service does not route to, so the probes are all that can load the list.
  it('is made ready by the probes alone: each starts the warm-up load again once one has failed', async () => {
    const api = await dogApiFixedLater();
    const t = await startTestService({ dogApiUrl: api.url });
    try {
      expect(await probeUntil(t, 503, 10_000), 'the first warm-up found no breed list').to.equal(503);
      const failedLoads = api.listCalls();
      api.fix();
      expect(await probeUntil(t, 200, 10_000), 'ready again with no visitor request').to.equal(200);
      expect(api.listCalls(), 'a probe loaded the list again').to.be.greaterThan(failedLoads);
      expect(t.service.app.catalog.knownBreeds()).to.deep.equal(new Map([['husky', []]]));
    } finally {
      await t.close();
      await api.close();
    }
  });
});
