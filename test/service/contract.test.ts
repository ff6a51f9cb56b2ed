import { expect } from 'chai';
import { imageSources, metric, startTestService, type TestService } from './support.js';

/** The rows of the service contract, one by one, against the service in this process and a stub Dog API. */
describe('service contract', () => {
  let t: TestService;
  before(async () => {
    // The contract is not about the Dog API's time budget: budgets a loaded machine cannot overrun, so that a slow
    // attempt is never retried (the single-flight row counts upstream calls).
    t = await startTestService({ upstreamTimeoutMs: 20_000, upstreamAttemptTimeoutMs: 10_000 });
  });
  after(() => t.close());
  beforeEach(() => t.stub.reset());

  const dirOf = (src: string) => new URL(src).pathname.split('/')[2];

  describe('GET /', () => {
    it('answers 200 HTML with the search form and one random dog image', async () => {
      const res = await t.get('/');
      expect(res.status).to.equal(200);
      expect(res.headers.get('content-type')).to.match(/^text\/html/);
      expect(res.text).to.match(/<form [^>]*method="post"/);
      expect(res.text).to.match(/<input id="name" name="name" type="text"/);
      expect(res.text).to.match(/<label for="name">Breed<\/label>/);
      const images = imageSources(res.text);
      expect(images).to.have.length(1);
      expect(images[0].startsWith(`${t.stub.url}/breeds/`)).to.equal(true);
      expect(res.text).to.match(/<img [^>]*alt="[^"]+: a random picture from the Dog API"/);
    });

    it('lists every breed and sub-breed in a <datalist> tied to the search box', async () => {
      const res = await t.get('/');
      expect(res.text).to.include('list="breed-list"');
      const options = [...res.text.matchAll(/<option value="([^"]+)">/g)].map((m) => m[1]);
      const expected = Object.values(t.stub.breeds).reduce((n, subs) => n + 1 + subs.length, 0);
      expect(options).to.have.length(expected);
      expect(options).to.include.members(['Afghan Hound', 'Husky', 'Golden Retriever', 'Australian Shepherd']);
    });

    it('shows APP_VERSION in the footer and the x-app-version header', async () => {
      const res = await t.get('/');
      expect(res.headers.get('x-app-version')).to.equal('test-1');
      expect(res.text).to.match(/<footer>[\s\S]*version <span class="version">test-1<\/span>[\s\S]*<\/footer>/);
    });

    it('carries a Content-Security-Policy without scripts and X-Content-Type-Options: nosniff', async () => {
      const res = await t.get('/');
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).to.include("default-src 'none'");
      expect(csp).to.include(`img-src 'self' https://images.dog.ceo ${t.stub.url}`);
      expect(csp).to.include("form-action 'self'");
      expect(csp).to.include("frame-ancestors 'none'");
      expect(csp).not.to.include('script-src');
      expect(csp, 'an http image origin must not be upgraded').not.to.include('upgrade-insecure-requests');
      expect(res.headers.get('x-content-type-options')).to.equal('nosniff');
      expect(res.text).not.to.match(/<script|style=|\son\w+=/i);
    });

    it('sends every helmet header on pages, JSON answers and error pages alike', async () => {
      for (const path of ['/', '/api/image?breed=husky', '/?breed=no-such-breed', '/nowhere']) {
        const res = await t.get(path);
        const header = (name: string) => res.headers.get(name);
        expect(header('x-frame-options'), path).to.equal('DENY');
        expect(header('referrer-policy'), path).to.equal('no-referrer');
        expect(header('strict-transport-security'), path).to.equal('max-age=31536000; includeSubDomains');
        expect(header('cross-origin-opener-policy'), path).to.equal('same-origin');
        expect(header('cross-origin-resource-policy'), path).to.equal('same-origin');
        expect(header('x-content-type-options'), path).to.equal('nosniff');
        expect(header('x-xss-protection'), path).to.equal('0');
        expect(header('content-security-policy'), path).to.include("default-src 'none'");
        expect(header('x-powered-by'), path).to.equal(null);
      }
    });

    it('serves the stylesheet it links, so the page needs no inline style', async () => {
      const css = await t.get('/static/style.css');
      expect(css.status).to.equal(200);
      expect(css.headers.get('content-type')).to.match(/^text\/css/);
      expect(css.text).to.include('.picture img');
      expect((await t.get('/static/favicon.svg')).headers.get('content-type')).to.match(/^image\/svg\+xml/);
    });

    // HEAD on every GET route, checked on the wire: test/service/routes.test.ts.
  });

  describe('POST / with form field name', () => {
    it('answers 200 HTML with a random image of that breed', async () => {
      const res = await t.post('/', { name: 'husky' });
      expect(res.status).to.equal(200);
      const [src] = imageSources(res.text);
      expect(t.stub.imagesOf('husky')).to.include(src);
      expect(res.text).to.include('<h1>Husky</h1>');
      expect(res.text, 'the search box keeps the breed').to.include('value="Husky"');
    });

    it('an empty name shows any dog, like GET /', async () => {
      const res = await t.post('/', { name: '   ' });
      expect(res.status).to.equal(200);
      expect(imageSources(res.text)).to.have.length(1);
    });

    it('a repeated name field is 400', async () => {
      const res = await t.get('/', { method: 'POST', body: 'name=husky&name=pug', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      expect(res.status).to.equal(400);
    });
  });

  describe('GET /?breed=', () => {
    it('is the bookmarkable form of the search', async () => {
      const res = await t.get('/?breed=husky');
      expect(res.status).to.equal(200);
      expect(t.stub.imagesOf('husky')).to.include(imageSources(res.text)[0]);
      expect(res.text).to.include('href="/?breed=husky"');
    });

    for (const [typed, dir] of [
      ['hound/afghan', 'hound-afghan'],
      ['Afghan Hound', 'hound-afghan'],
      ['hound afghan', 'hound-afghan'],
      ['hound-afghan', 'hound-afghan'],
      ['  HOUND_Afghan ', 'hound-afghan'],
      ['afghan', 'hound-afghan'],
      ['German Shepherd', 'germanshepherd'],
      ['St. Bernard', 'stbernard'],
      ['Australian Shepherd', 'australian-shepherd'],
      ['golden retriever', 'retriever-golden'],
      ['Ｈｕｓｋｙ', 'husky'],
    ]) {
      it(`understands ${JSON.stringify(typed)}`, async () => {
        const res = await t.get(`/?breed=${encodeURIComponent(typed)}`);
        expect(res.status).to.equal(200);
        expect(dirOf(imageSources(res.text)[0])).to.equal(dir);
      });
    }

    it('a main breed with sub-breeds shows pictures from all of them', async () => {
      const seen = new Set<string>();
      for (let i = 0; i < 40; i++) seen.add(dirOf(imageSources((await t.get('/?breed=hound')).text)[0]));
      expect(seen.size).to.be.greaterThan(2);
      for (const dir of seen) expect(dir.startsWith('hound-')).to.equal(true);
    });
  });

  describe('unknown breed', () => {
    it('answers 404 HTML that says so, suggests close breeds, and shows no image', async () => {
      const res = await t.get('/?breed=huskie');
      expect(res.status).to.equal(404);
      expect(res.text).to.include('No breed called “huskie”');
      expect(res.text).to.match(/<a href="\/\?breed=husky">Husky<\/a>/);
      expect(imageSources(res.text)).to.deep.equal([]);
    });

    it('suggests every breed sharing a word with an ambiguous name', async () => {
      const res = await t.get('/?breed=english');
      expect(res.status).to.equal(404);
      for (const name of ['English Bulldog', 'English Setter', 'English Mastiff']) expect(res.text).to.include(`>${name}</a>`);
    });

    it('makes no per-breed upstream call', async () => {
      await t.get('/?breed=notarealbreed');
      expect(t.stub.callCount(/^\/api\/breed\//)).to.equal(0);
    });
  });

  describe('malformed input', () => {
    for (const [label, value] of [
      ['symbols', 'h<x>'],
      ['digits', 'husky2'],
      ['too long', 'a'.repeat(65)],
      ['far too long', 'b'.repeat(5000).slice(0, 1500)],
      ['a control character', 'husky\u0000'],
      ['a newline inside', 'husky\nbeagle'],
      ['a path', '../../breeds/list'],
      ['an encoded slash', 'hound%2Fafghan'],
      ['a bidi override', 'hus\u202eky'],
      ['too many words', 'a b c d e'],
    ]) {
      it(`${label}: 400 with a clear message, no upstream call`, async () => {
        const res = await t.post('/', { name: value });
        expect(res.status).to.equal(400);
        expect(res.text).to.include('That does not look like a breed name');
        expect(res.text).to.match(/<div class="problem"><p>[^<]+<\/p>/);
        expect(t.stub.callCount(), 'upstream calls').to.equal(0);
      });
    }

    it('a repeated ?breed= is 400', async () => {
      expect((await t.get('/?breed=husky&breed=pug')).status).to.equal(400);
    });
  });

  describe('request body limit', () => {
    it('a form over the limit is 413 with a readable page', async () => {
      const res = await t.post('/', { name: 'x'.repeat(4096) });
      expect(res.status).to.equal(413);
      expect(res.text).to.include('Request too large');
    });

    it('any body over the limit is 413, whatever its type', async () => {
      const res = await t.get('/', { method: 'POST', body: 'y'.repeat(10_000), headers: { 'content-type': 'text/plain' } });
      expect(res.status).to.equal(413);
    });
  });

  describe('JSON API', () => {
    it('GET /api/breeds lists all breeds with their sub-breeds', async () => {
      const res = await t.get('/api/breeds');
      expect(res.status).to.equal(200);
      expect(res.headers.get('content-type')).to.match(/^application\/json/);
      expect(JSON.parse(res.text)).to.deep.equal({ breeds: t.stub.breeds });
    });

    it('GET /api/image?breed= answers { breed, image }', async () => {
      const res = await t.get('/api/image?breed=Afghan%20Hound');
      expect(res.status).to.equal(200);
      const body = JSON.parse(res.text) as { breed: string; image: string };
      expect(body.breed).to.equal('hound/afghan');
      expect(t.stub.imagesOf('hound/afghan')).to.include(body.image);
    });

    it('GET /api/image without a breed answers any breed', async () => {
      const body = JSON.parse((await t.get('/api/image')).text) as { breed: string; image: string };
      expect(body.breed).to.match(/^[a-z]+(\/[a-z]+)?$/);
      expect(body.image.startsWith(`${t.stub.url}/breeds/`)).to.equal(true);
    });

    it('an unknown breed is 404 JSON with suggestions; malformed input is 400 JSON', async () => {
      const unknown = await t.get('/api/image?breed=huskie');
      expect(unknown.status).to.equal(404);
      expect(JSON.parse(unknown.text)).to.deep.include({ error: 'unknown breed', suggestions: ['husky'] });
      const bad = await t.get('/api/image?breed=%3Cscript%3E');
      expect(bad.status).to.equal(400);
      expect(bad.headers.get('content-type')).to.match(/^application\/json/);
      expect(JSON.parse(bad.text)).to.have.property('error').that.is.a('string');
    });
  });

  describe('operations endpoints', () => {
    it('/healthz is 200', async () => {
      expect((await t.get('/healthz')).status).to.equal(200);
    });

    it('/readyz is 200 while serving', async () => {
      const res = await t.get('/readyz');
      expect(res.status).to.equal(200);
    });

    it('/metrics is Prometheus text', async () => {
      const res = await t.get('/metrics');
      expect(res.status).to.equal(200);
      expect(res.headers.get('content-type')).to.match(/^text\/plain; version=0\.0\.4/);
      expect(res.text).to.match(/^# HELP http_requests_total /m);
      expect(metric(res.text, 'dogapp_build_info', { version: 'test-1' })).to.equal(1);
    });

    it('an unknown path is a 404 page, a wrong method a 405 page', async () => {
      const missing = await t.get('/nope');
      expect(missing.status).to.equal(404);
      expect(missing.text).to.include('Page not found');
      const wrong = await t.get('/', { method: 'DELETE' });
      expect(wrong.status).to.equal(405);
      expect(wrong.text).to.include('Method not allowed');
    });

    it('echoes the request id and never caches pages', async () => {
      const res = await t.get('/?breed=pug', { headers: { 'x-request-id': 'abc-123' } });
      expect(res.headers.get('x-request-id')).to.equal('abc-123');
      expect(res.headers.get('cache-control')).to.equal('no-store');
    });
  });

  // Sub-breeds here: GET / may have cached any main breed by chance.
  describe('caching', () => {
    it('repeated views of a breed cost one upstream call; the random pick is local', async () => {
      const seen = new Set<string>();
      for (let i = 0; i < 12; i++) seen.add(imageSources((await t.get('/?breed=cocker+spaniel')).text)[0]);
      expect(t.stub.callCount('/api/breed/spaniel/cocker/images')).to.equal(1);
      expect(seen.size, 'different pictures from the one cached list').to.be.greaterThan(1);
    });

    it('concurrent requests for an uncached breed share one upstream call (single-flight)', async () => {
      const before = metric(await t.metrics(), 'dogapp_singleflight_joins_total', { cache: 'images' });
      t.stub.setDelay(150);
      try {
        const answers = await Promise.all(Array.from({ length: 10 }, () => t.get('/api/image?breed=gordon+setter')));
        expect(answers.map((a) => a.status)).to.deep.equal(Array(10).fill(200));
      } finally {
        t.stub.setDelay(0);
      }
      expect(t.stub.callCount('/api/breed/setter/gordon/images')).to.equal(1);
      expect(metric(await t.metrics(), 'dogapp_singleflight_joins_total', { cache: 'images' }) - before).to.equal(9);
    });

    it('expired lists are fetched again', async () => {
      await t.get('/?breed=silky+terrier');
      t.clock.advance(7 * 3600 * 1000);
      await t.get('/?breed=silky+terrier');
      expect(t.stub.callCount('/api/breed/terrier/silky/images')).to.equal(2);
      expect(t.stub.callCount('/api/breeds/list/all')).to.equal(1);
    });
  });
});
