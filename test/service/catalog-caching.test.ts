import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { once } from 'node:events';
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

describe('catalog: readiness after a wrong DOG_API_URL is fixed', () => {
  it('turns ready again once the breed list is served', async () => {
    let missing = true;
    const server = http.createServer((req, res) => {
      if (missing || req.url !== '/api/breeds/list/all') {
        res.writeHead(404, { 'content-type': 'application/json' });
        return void res.end(JSON.stringify({ status: 'error', code: 404 }));
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status: 'success', message: { husky: [] } }));
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const t = await startTestService({ dogApiUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
    try {
      expect((await t.get('/api/breeds')).status).to.equal(502);
      const ready = await t.get('/readyz');
      expect([ready.status, ready.text]).to.deep.equal([503, 'the Dog API has no breed list at DOG_API_URL\n']);
      missing = false;
      expect((await t.get('/api/breeds')).status).to.equal(200);
      expect((await t.get('/readyz')).status).to.equal(200);
    } finally {
      await t.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
