import { expect } from 'chai';
import { FAVICON, STYLESHEET } from '../../service/views/assets.js';
import { rawRequest } from './raw-http.js';
import { metric, startTestService, type TestService } from './support.js';

const heading = (text: string) => /<h1>([^<]*)<\/h1>/.exec(text)?.[1];
const explanation = (text: string) => /<div class="problem"><p>([^<]*)<\/p>/.exec(text)?.[1];
const form = { 'content-type': 'application/x-www-form-urlencoded' };

/** The headers and bodies of each route, as browsers, probes and Prometheus rely on them. */
describe('route answers: headers and bodies of each route', () => {
  let t: TestService;
  before(async () => {
    t = await startTestService({ bodyLimitBytes: 1024 });
  });
  after(() => t.close());

  it('the stylesheet and the icon are cached by browsers (an hour, a day) and typed for them', async () => {
    const css = await t.get('/static/style.css');
    expect(css.status).to.equal(200);
    expect(css.headers.get('cache-control')).to.equal('public, max-age=3600');
    expect(css.headers.get('content-type')).to.equal('text/css; charset=utf-8');
    expect(css.text).to.equal(STYLESHEET);
    const icon = await t.get('/static/favicon.svg');
    expect(icon.status).to.equal(200);
    expect(icon.headers.get('cache-control')).to.equal('public, max-age=86400');
    expect(icon.headers.get('content-type')).to.equal('image/svg+xml');
    expect(icon.text).to.equal(FAVICON);
  });

  it('probes get plain answers that nothing caches', async () => {
    const health = await t.get('/healthz');
    expect([health.status, health.text, health.headers.get('cache-control')]).to.deep.equal([200, 'ok\n', 'no-store']);
    const ready = await t.get('/readyz');
    expect([ready.status, ready.text, ready.headers.get('cache-control')]).to.deep.equal([200, 'ready\n', 'no-store']);
  });

  it('/metrics is Prometheus text that nothing caches', async () => {
    const res = await t.get('/metrics');
    expect(res.headers.get('cache-control')).to.equal('no-store');
    expect(res.headers.get('content-type')).to.match(/^text\/plain; version=0\.0\.4/);
  });

  it('the JSON API is never cached, and names a sub-breed main/sub', async () => {
    const breeds = await t.get('/api/breeds');
    expect(breeds.headers.get('cache-control')).to.equal('no-store');
    expect(JSON.parse(breeds.text)).to.deep.equal({ breeds: t.stub.breeds });
    const image = await t.get('/api/image?breed=Afghan+Hound');
    expect(image.headers.get('cache-control')).to.equal('no-store');
    const body = JSON.parse(image.text) as { breed: string; image: string };
    expect(body.breed).to.equal('hound/afghan');
    expect(t.stub.imagesOf('hound/afghan')).to.include(body.image);
  });

  it('a picture page is HTML, never cached, headed with the breed as people write it', async () => {
    const res = await t.get('/?breed=hound/afghan');
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-type')).to.equal('text/html; charset=utf-8');
    expect(res.headers.get('cache-control')).to.equal('no-store');
    expect(heading(res.text)).to.equal('Afghan Hound');
    expect(res.text).to.include('value="Afghan Hound"');
    const any = await t.get('/');
    expect(heading(any.text)).to.equal('A random dog');
    expect(any.text).to.include('value=""');
  });

  it('a repeated breed, in the query or the form, is 400 "Give one breed at a time."', async () => {
    for (const res of [
      await t.get('/?breed=husky&breed=pug'),
      await t.get('/api/image?breed=husky&breed=pug'),
      await t.post('/', { 'name[]': 'husky' }),
      await rawRequest(t.url, 'POST', '/', { headers: form, body: 'name=husky&name=pug' }).then((r) => ({ status: r.status, text: r.body.toString() })),
    ]) {
      expect(res.status).to.equal(400);
      expect(res.text.includes('<h1>') ? explanation(res.text) : (JSON.parse(res.text) as { error: string }).error).to.equal('Give one breed at a time.');
    }
  });

  it('a form field that is not text is 400 asking for a breed name', async () => {
    const res = await rawRequest(t.url, 'POST', '/', { headers: form, body: 'name[a]=husky' });
    expect(res.status).to.equal(400);
    expect(explanation(res.body.toString())).to.equal('Type a breed name, for example “husky” or “Afghan Hound”.');
  });

  it('a form without a name, or a body that is not a form, shows any dog', async () => {
    for (const [headers, body] of [
      [form, 'other=1'],
      [{ 'content-type': 'application/json' }, '{"name":"husky"}'],
      [{ 'content-type': 'text/plain' }, 'husky'],
      [{ 'content-type': 'text/plain', 'transfer-encoding': 'chunked' }, 'husky'],
    ] as const) {
      const res = await rawRequest(t.url, 'POST', '/', { headers, body });
      expect(res.status, body).to.equal(200);
      expect(heading(res.body.toString()), body).to.equal('A random dog');
    }
  });

  it('a body over the limit is 413 whether announced or chunked, a form or not, and the connection is closed', async () => {
    const big = 'name=' + 'a'.repeat(1100);
    for (const headers of [form, { ...form, 'transfer-encoding': 'chunked' }, { 'content-type': 'text/plain' }, { 'content-type': 'text/plain', 'transfer-encoding': 'chunked' }]) {
      const res = await rawRequest(t.url, 'POST', '/', { headers, body: big });
      expect(res.status, JSON.stringify(headers)).to.equal(413);
      expect(res.headers.connection).to.equal('close');
      expect(heading(res.body.toString())).to.equal('Request too large');
    }
    const exact = 'x'.repeat(1024);
    expect((await rawRequest(t.url, 'POST', '/', { headers: { 'content-type': 'text/plain', 'transfer-encoding': 'chunked' }, body: exact })).status, 'at the limit').to.equal(200);
    expect((await rawRequest(t.url, 'POST', '/', { headers: { 'content-type': 'text/plain' }, body: exact })).status, 'at the limit').to.equal(200);
  });

  it('answers are counted under their route, and a path outside the table as unmatched', async () => {
    await t.get('/healthz');
    await t.get('/nowhere');
    const text = await t.metrics();
    expect(metric(text, 'http_requests_total', { route: '/healthz', method: 'GET', status_code: '200' })).to.be.greaterThan(0);
    expect(metric(text, 'http_requests_total', { route: 'unmatched', status_code: '404' })).to.equal(1);
  });

  it('while shutting down, /readyz is 503 "shutting down"', async () => {
    const s = await startTestService();
    try {
      s.service.app.beginShutdown();
      const ready = await s.get('/readyz');
      expect([ready.status, ready.text, ready.headers.get('cache-control')]).to.deep.equal([503, 'shutting down\n', 'no-store']);
      expect((await s.get('/healthz')).status, 'still alive').to.equal(200);
    } finally {
      await s.close();
    }
  });
});
