import { Writable } from 'node:stream';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import Koa from 'koa';
import pino from 'pino';
import { answerError, BadInput, UnknownBreed } from '../../service/errors.js';
import { UpstreamError, type UpstreamFailure } from '../../service/upstream-error.js';
import type { PageFrame } from '../../service/views/pages.js';

/**
 * What a visitor reads for each failure: status, headers, the page's heading and explanation, or the JSON error
 * under /api/. `answerError` is the service's error middleware; here it answers for a Koa app whose only route
 * throws the failure a test names, so each kind of failure is reached directly.
 */
interface Served {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
}

const FRAME_VERSION = 'pages-1';

async function serveFailure(failure: unknown): Promise<{ get(path: string): Promise<Served>; logs: Record<string, unknown>[]; close(): Promise<void> }> {
  const logs: Record<string, unknown>[] = [];
  const log = pino(
    { level: 'info' },
    new Writable({
      write(chunk: Buffer, _enc, done) {
        for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) logs.push(JSON.parse(line) as Record<string, unknown>);
        done();
      },
    }),
  );
  const frameOf = (_ctx: Koa.Context, query?: string): PageFrame => ({ version: FRAME_VERSION, query });
  const app = new Koa();
  app.silent = true;
  app.use(async (ctx, next) => {
    (ctx.state as { request?: unknown }).request = { requestId: 'r-1', traceHeaders: {}, log };
    try {
      await next();
    } catch (err) {
      answerError(ctx, err, frameOf);
    }
  });
  app.use(() => {
    throw failure;
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    logs,
    async get(path) {
      const res = await fetch(base + path);
      return { status: res.status, headers: res.headers, text: await res.text() };
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function answersTo(failure: unknown, path: string): Promise<Served & { logs: Record<string, unknown>[] }> {
  const s = await serveFailure(failure);
  try {
    return { ...(await s.get(path)), logs: s.logs };
  } finally {
    await s.close();
  }
}

const heading = (text: string) => /<h1>([^<]*)<\/h1>/.exec(text)?.[1];
const explanation = (text: string) => /<div class="problem"><p>([^<]*)<\/p>/.exec(text)?.[1];

describe('error pages: what a visitor reads for each failure', () => {
  const upstream: [kind: UpstreamFailure, retryAfter: number | undefined, status: number, message: string, retryAfterHeader: string | null][] = [
    ['timeout', undefined, 504, 'The Dog API did not answer in time. Please try again in a moment.', null],
    ['circuit_open', 7, 503, 'The Dog API is failing or busy right now, and no picture of this breed is cached. Please try again in a moment.', '7'],
    ['rate_limited', undefined, 503, 'The Dog API is failing or busy right now, and no picture of this breed is cached. Please try again in a moment.', '5'],
    ['not_found', undefined, 404, 'The Dog API has no pictures of this breed right now.', null],
    ['network', undefined, 502, 'The Dog API could not be reached. Please try again in a moment.', null],
    ['missing_breed_list', undefined, 502, 'The Dog API did not serve its list of breeds. Please try again later.', null],
    ['invalid_response', undefined, 502, 'The Dog API gave an answer we could not use. Please try again in a moment.', null],
    ['too_large', undefined, 502, 'The Dog API gave an answer we could not use. Please try again in a moment.', null],
    ['unavailable', 30, 502, 'The Dog API gave an answer we could not use. Please try again in a moment.', null],
  ];
  for (const [kind, retryAfter, status, message, retryAfterHeader] of upstream) {
    it(`a Dog API failure of kind ${kind} is ${status}: "${message.slice(0, 40)}…", as a page and as JSON`, async () => {
      const err = new UpstreamError(kind, 'for the logs only: upstream said 42', retryAfter);
      const page = await answersTo(err, '/?breed=husky');
      expect(page.status).to.equal(status);
      expect(page.headers.get('content-type')).to.equal('text/html; charset=utf-8');
      expect(page.headers.get('cache-control')).to.equal('no-store');
      expect(page.headers.get('retry-after')).to.equal(retryAfterHeader);
      expect(heading(page.text)).to.equal(status === 404 ? 'No pictures' : 'The Dog API is unavailable');
      expect(page.text).to.include(`<title>${heading(page.text)} · Dog pictures</title>`);
      expect(explanation(page.text)).to.equal(message);
      expect(page.text).to.include('<p><a href="/">Back to the start</a></p>');
      expect(page.text).not.to.include('upstream said 42');
      expect(page.text).to.include(`<span class="version">${FRAME_VERSION}</span>`);

      const api = await answersTo(err, '/api/image?breed=husky');
      expect(api.status).to.equal(status);
      expect(api.headers.get('content-type')).to.equal('application/json; charset=utf-8');
      expect(api.headers.get('retry-after')).to.equal(retryAfterHeader);
      expect(JSON.parse(api.text)).to.deep.equal({ error: message });
    });
  }

  it('a shutting-down service says the Dog API is busy, with Retry-After 5 when it knows no better', async () => {
    const res = await answersTo(new UpstreamError('shutting_down', 'service is shutting down'), '/api/breeds');
    expect(res.status).to.equal(503);
    expect(res.headers.get('retry-after')).to.equal('5');
  });

  const client: [status: number, title: string, message: string][] = [
    [404, 'Page not found', 'There is no page at this address.'],
    [405, 'Method not allowed', 'This address does not accept that kind of request.'],
    [413, 'Request too large', 'That request was larger than this service accepts. Breed names are short.'],
    [415, 'Unsupported request', 'Send the search form as a normal web form.'],
    [400, 'Bad request', 'The request could not be understood.'],
    [431, 'Bad request', 'The request could not be understood.'],
    [499, 'Bad request', 'The request could not be understood.'],
  ];
  for (const [status, title, message] of client) {
    it(`a ${status} from the HTTP layer is a "${title}" page`, async () => {
      const err = Object.assign(new Error('koa says no'), { status, expose: true });
      const page = await answersTo(err, '/somewhere');
      expect(page.status).to.equal(status);
      expect(heading(page.text)).to.equal(title);
      expect(explanation(page.text)).to.equal(message);
      expect(page.headers.get('cache-control')).to.equal('no-store');
      expect(page.headers.get('connection'), 'the unread rest of a too-large body ends the connection').to.equal(status === 413 ? 'close' : 'keep-alive');
      expect(page.logs.filter((l) => l.msg === 'unexpected error')).to.deep.equal([]);
      const api = await answersTo(err, '/api/breeds');
      expect(JSON.parse(api.text)).to.deep.equal({ error: message });
    });
  }

  for (const status of [399, 500, 503, undefined, '404']) {
    it(`an error with status ${JSON.stringify(status)} is a 500 "Something went wrong", logged as an error, no detail shown`, async () => {
      const err = Object.assign(new Error('secret detail at /srv/app.js:12'), { status });
      const page = await answersTo(err, '/');
      expect(page.status).to.equal(500);
      expect(heading(page.text)).to.equal('Something went wrong');
      expect(explanation(page.text)).to.equal('The service failed to answer. Please try again.');
      expect(page.text).not.to.include('secret detail');
      const logged = page.logs.filter((l) => l.msg === 'unexpected error');
      expect(logged).to.have.length(1);
      expect(logged[0].level).to.equal(50);
      expect((logged[0].err as { message: string }).message).to.equal('secret detail at /srv/app.js:12');
    });
  }

  it('a 400 for input that is not a breed name says why, and puts the input back in the search box', async () => {
    const page = await answersTo(new BadInput('Names have letters.', 'hus<ky'), '/?breed=hus%3Cky');
    expect(page.status).to.equal(400);
    expect(heading(page.text)).to.equal('That does not look like a breed name');
    expect(explanation(page.text)).to.equal('Names have letters.');
    expect(page.text).to.include('value="hus&lt;ky"');
    const api = await answersTo(new BadInput('Names have letters.', 'hus<ky'), '/api/image?breed=hus%3Cky');
    expect(api.status).to.equal(400);
    expect(JSON.parse(api.text)).to.deep.equal({ error: 'Names have letters.' });
  });

  it('a problem page other than a 400 leaves the search box empty', async () => {
    const page = await answersTo(new UpstreamError('timeout', 'slow'), '/');
    expect(page.text).to.include('value=""');
  });

  it('an unknown breed is a 404 page offering the suggestions as links, or JSON with their keys', async () => {
    const err = new UnknownBreed('Afgan Hund', [{ main: 'hound', sub: 'afghan' }, { main: 'husky' }]);
    const page = await answersTo(err, '/?breed=Afgan+Hund');
    expect(page.status).to.equal(404);
    expect(page.headers.get('content-type')).to.equal('text/html; charset=utf-8');
    expect(page.headers.get('cache-control')).to.equal('no-store');
    expect(heading(page.text)).to.equal('No breed called “Afgan Hund”');
    expect(page.text).to.include('<title>Unknown breed · Dog pictures</title>');
    expect(page.text).to.include('<p>Did you mean:</p>');
    expect(page.text).to.include(
      '<ul class="suggestions"><li><a href="/?breed=hound%2Fafghan">Afghan Hound</a></li><li><a href="/?breed=husky">Husky</a></li></ul>',
    );
    expect(page.text).to.include('<p>Or <a href="/">see any dog</a>.</p>');
    expect(page.text).to.include('value="Afgan Hund"');

    const api = await answersTo(err, '/api/image?breed=Afgan+Hund');
    expect(api.status).to.equal(404);
    expect(api.headers.get('content-type')).to.equal('application/json; charset=utf-8');
    expect(JSON.parse(api.text)).to.deep.equal({ error: 'unknown breed', breed: 'Afgan Hund', suggestions: ['hound/afghan', 'husky'] });
  });

  it('an unknown breed with nothing close says where the breed names are, and lists none', async () => {
    const page = await answersTo(new UnknownBreed('zzz', []), '/?breed=zzz');
    expect(page.status).to.equal(404);
    expect(page.text).to.include('<p>The suggestions in the search box list every breed the Dog API knows.</p>');
    expect(page.text).not.to.include('Did you mean');
    expect(page.text).not.to.include('<ul');
  });

  for (const [name, err] of [
    ['a reset connection', Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' })],
    ['an aborted upload', Object.assign(new Error('request aborted'), { type: 'request.aborted' })],
    ['bytes that are not HTTP', Object.assign(new Error('Parse Error: Invalid method'), { code: 'HPE_INVALID_METHOD' })],
  ] as const) {
    it(`${name}: a short 400 that closes the connection, one info line and no error`, async () => {
      const page = await answersTo(err, '/');
      expect(page.status).to.equal(400);
      expect(page.headers.get('connection')).to.equal('close');
      expect(page.text).to.equal('The request was not received completely.\n');
      const api = await answersTo(err, '/api/breeds');
      expect(api.status).to.equal(400);
      expect(JSON.parse(api.text)).to.deep.equal({ error: 'The request was not received completely.' });
      expect(page.logs.map((l) => l.level)).to.deep.equal([30]);
    });
  }
});
