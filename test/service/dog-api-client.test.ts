import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { once } from 'node:events';
import { gzipSync } from 'node:zlib';
import { expect } from 'chai';
import { failureOf, metric, startTestService, type TestService } from './support.js';

/** What a local upstream answers for one image-list request: status, headers, raw body. */
type Answer = { status?: number; headers?: http.OutgoingHttpHeaders; body: string | Buffer };

/**
 * A Dog API on 127.0.0.1 for answers the shared stub does not play (other encodings, other statuses, HTTP-date
 * Retry-After): the breed list as dog.ceo serves it, and `/api/breed/<main>/images` answered by `answer`.
 */
async function startUpstream(answer: (path: string) => Answer): Promise<{ url: string; paths: string[]; close(): Promise<void> }> {
  const paths: string[] = [];
  const server = http.createServer((req, res) => {
    paths.push(req.url ?? '');
    if (req.url === '/api/breeds/list/all') {
      res.writeHead(200, { 'content-type': 'application/json' });
      return void res.end(JSON.stringify({ status: 'success', message: { husky: [], pug: [], hound: ['afghan'] } }));
    }
    const a = answer(req.url ?? '');
    res.writeHead(a.status ?? 200, { 'content-type': 'application/json', ...a.headers });
    res.end(a.body);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    paths,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

const envelope = (message: unknown) => JSON.stringify({ status: 'success', message });

describe('Dog API client: what it sends, what it accepts', () => {
  describe('against the Dog API stub', () => {
    let t: TestService;
    afterEach(() => t.close());

    it('asks for JSON, gzip or identity, and names itself with the version', async () => {
      t = await startTestService({ appVersion: 'v9.8' });
      expect((await t.get('/?breed=husky')).status).to.equal(200);
      for (const call of t.stub.requests.filter((r) => r.path.startsWith('/api/'))) {
        expect(call.headers['user-agent']).to.equal('dog-app-mesh/v9.8');
        expect(call.headers.accept).to.equal('application/json');
        expect(call.headers['accept-encoding']).to.equal('gzip');
      }
    });

    it('a DOG_API_URL with trailing slashes still reaches /api/', async () => {
      t = await startTestService();
      const slashed = await startTestService({ dogApiUrl: `${t.stub.url}//` });
      try {
        expect((await slashed.get('/api/breeds')).status).to.equal(200);
        expect(t.stub.requests.map((r) => r.path)).to.deep.equal(['/api/breeds/list/all']);
      } finally {
        await slashed.close();
      }
    });

    it('keeps only names that can be Dog API names from the breed list', async () => {
      t = await startTestService({}, { breeds: { husky: [], 'Bad Name': [], pug: ['ok', 'BAD', 'x1', 7 as unknown as string], hound: 'afghan' as unknown as string[], ['a'.repeat(33)]: [] } });
      const list = await t.service.app.dogApi.listBreeds();
      expect([...list]).to.deep.equal([
        ['husky', []],
        ['pug', ['ok']],
      ]);
    });

    it('a breed list without one usable name is an answer it cannot use', async () => {
      t = await startTestService({}, { breeds: { 'Bad Name': [], '42': [] } });
      expect((await failureOf(t.service.app.dogApi.listBreeds())).kind).to.equal('invalid_response');
      const res = await t.get('/');
      expect(res.status).to.equal(502);
    });

    it('never calls the Dog API with a name that is not a Dog API name', async () => {
      t = await startTestService();
      for (const breed of [{ main: 'Husky' }, { main: 'hound', sub: '../x' }, { main: '' }]) {
        const err = await failureOf(t.service.app.dogApi.breedImages(breed));
        expect(err.kind).to.equal('client_error');
        expect(err.countsAgainstUpstream).to.equal(false);
      }
      expect(t.stub.callCount()).to.equal(0);
    });

    it('asks for a sub-breed’s own images at main/sub', async () => {
      t = await startTestService();
      const images = await t.service.app.dogApi.breedImages({ main: 'hound', sub: 'afghan' });
      expect(images).to.deep.equal(t.stub.imagesOf('hound/afghan'));
      expect(t.stub.requests.map((r) => r.path)).to.deep.equal(['/api/breed/hound/afghan/images']);
    });

    it('counts each retry by its reason and logs it with the visitor’s request id', async () => {
      t = await startTestService();
      expect((await t.get('/api/breeds')).status).to.equal(200);
      t.stub.setFault('503');
      const res = await t.get('/?breed=pug', { headers: { 'x-request-id': 'visitor-1' } });
      expect(res.status).to.equal(502);
      const text = await t.metrics();
      expect(metric(text, 'dogapp_upstream_retries_total', { endpoint: 'breed_images', reason: 'status_503' })).to.equal(2);
      const retries = t.logs.filter((l) => l.msg === 'retrying Dog API call');
      expect(retries.map((l) => [l.reqId, l.endpoint, l.reason, l.retryCount])).to.deep.equal([
        ['visitor-1', 'breed_images', 'status_503', 1],
        ['visitor-1', 'breed_images', 'status_503', 2],
      ]);
      const failed = t.logs.filter((l) => l.msg === 'Dog API call failed');
      expect(failed.map((l) => [l.level, l.reqId, l.endpoint, l.outcome])).to.deep.equal([['warn', 'visitor-1', 'breed_images', 'unavailable']]);
    });

    it('a reset connection is retried with the error code as the reason; a timeout as "timeout"', async () => {
      t = await startTestService();
      expect((await t.get('/api/breeds')).status).to.equal(200);
      t.stub.setFault('reset');
      expect((await t.get('/?breed=pug')).status).to.equal(502);
      t.stub.setFault('hang');
      expect((await t.get('/?breed=boxer')).status).to.equal(504);
      const text = await t.metrics();
      expect(metric(text, 'dogapp_upstream_retries_total', { reason: 'ECONNRESET' })).to.equal(2);
      expect(metric(text, 'dogapp_upstream_retries_total', { reason: 'timeout' })).to.be.greaterThan(0);
    });

    it('Retry-After of a 429 is passed on, kept within 1 s and an hour', async () => {
      t = await startTestService();
      expect((await t.get('/api/breeds')).status).to.equal(200);
      for (const [given, passed, breed] of [[100_000, '3600', 'pug'], [0, '1', 'boxer'], [12, '12', 'chow']] as const) {
        t.stub.setFault('429', { retryAfterSeconds: given });
        const res = await t.get(`/api/image?breed=${breed}`);
        expect(res.status, String(given)).to.equal(503);
        expect(res.headers.get('retry-after'), String(given)).to.equal(passed);
      }
    });

    it('logs the breaker opening as a warning and its recovery as information', async () => {
      t = await startTestService({ breakerThreshold: 1, breakerHalfOpenMs: 200 });
      expect((await t.get('/api/breeds')).status).to.equal(200);
      t.stub.setFault('500');
      expect((await t.get('/?breed=pug')).status).to.equal(502);
      t.stub.setFault(undefined);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect((await t.get('/?breed=pug')).status).to.equal(200);
      const lines = t.logs.filter((l) => typeof l.msg === 'string' && l.msg.startsWith('Dog API circuit breaker'));
      expect(lines.map((l) => [l.level, l.msg, l.breaker])).to.deep.equal([
        ['warn', 'Dog API circuit breaker open', 'open'],
        ['info', 'Dog API circuit breaker half-open', 'half_open'],
        ['info', 'Dog API circuit breaker closed', 'closed'],
      ]);
      const text = await t.metrics();
      expect(metric(text, 'dogapp_circuit_breaker_transitions_total', { state: 'open' })).to.equal(1);
      expect(metric(text, 'dogapp_circuit_breaker_transitions_total', { state: 'half_open' })).to.equal(1);
      expect(metric(text, 'dogapp_circuit_breaker_transitions_total', { state: 'closed' })).to.equal(1);
      expect(metric(text, 'dogapp_circuit_breaker_state', { state: 'closed' })).to.equal(1);
      expect(metric(text, 'dogapp_circuit_breaker_state', { state: 'half_open' })).to.equal(0);
    });
  });

  describe('against other answers', () => {
    const images = (n: number) => Array.from({ length: n }, (_, i) => `https://images.dog.ceo/breeds/pug/${i}.jpg`);

    async function imagesFrom(answer: (path: string) => Answer, overrides = {}) {
      const upstream = await startUpstream(answer);
      const t = await startTestService({ dogApiUrl: upstream.url, ...overrides });
      return {
        t,
        upstream,
        call: () => t.service.app.dogApi.breedImages({ main: 'pug' }),
        async close() {
          await t.close();
          await upstream.close();
        },
      };
    }

    it('reads identity and gzip answers, however the encoding is written', async () => {
      const body = envelope(images(2));
      for (const [encoding, bytes] of [
        [undefined, body],
        ['identity', body],
        ['', body],
        ['gzip', gzipSync(body)],
        [' GZIP ', gzipSync(body)],
        ['x-gzip', gzipSync(body)],
      ] as const) {
        const u = await imagesFrom(() => ({ headers: encoding === undefined ? {} : { 'content-encoding': encoding }, body: bytes }));
        try {
          expect(await u.call(), JSON.stringify(encoding)).to.deep.equal(images(2));
        } finally {
          await u.close();
        }
      }
    });

    it('refuses encodings it did not ask for, and gzip that is not gzip', async () => {
      for (const [encoding, bytes] of [
        ['deflate', Buffer.from('x')],
        ['br', Buffer.from('x')],
        ['gzip', Buffer.from('not gzip')],
        ['gzip', Buffer.alloc(40)],
      ] as const) {
        const u = await imagesFrom(() => ({ headers: { 'content-encoding': encoding }, body: bytes }));
        try {
          expect((await failureOf(u.call())).kind, encoding).to.equal('invalid_response');
        } finally {
          await u.close();
        }
      }
    });

    it('refuses a gzip answer whose trailer states more than the limit, without decoding it', async () => {
      const big = gzipSync(envelope(images(200)));
      const u = await imagesFrom(() => ({ headers: { 'content-encoding': 'gzip' }, body: big }), { upstreamMaxBodyBytes: 4096 });
      try {
        const err = await failureOf(u.call());
        expect(err.kind).to.equal('too_large');
        expect(err.message).to.equal('answer decompresses to over 4096 bytes');
      } finally {
        await u.close();
      }
    });

    it('a gzip answer whose size is exactly the limit is read', async () => {
      let body = envelope(images(3));
      body = body.slice(0, -2) + ' '.repeat(4096 - Buffer.byteLength(body)) + ']}';
      expect(Buffer.byteLength(body)).to.equal(4096);
      const u = await imagesFrom(() => ({ headers: { 'content-encoding': 'gzip' }, body: gzipSync(body) }), { upstreamMaxBodyBytes: 4096 });
      try {
        expect(await u.call()).to.deep.equal(images(3));
      } finally {
        await u.close();
      }
    });

    it('a 200 that is not a success envelope, or another 2xx, is an answer it cannot use', async () => {
      for (const answer of [
        { body: JSON.stringify({ status: 'error', message: images(1) }) },
        { body: JSON.stringify([images(1)]) },
        { body: 'null' },
        { body: envelope([]) },
        { body: envelope({ a: 1 }) },
        { status: 203, body: envelope(images(1)) },
        { status: 204, body: '' },
      ]) {
        const u = await imagesFrom(() => answer);
        try {
          expect((await failureOf(u.call())).kind, JSON.stringify(answer)).to.equal('invalid_response');
        } finally {
          await u.close();
        }
      }
    });

    it('keeps at most 5000 image URLs of one answer', async () => {
      const u = await imagesFrom(() => ({ body: envelope(images(5003)) }));
      try {
        expect(await u.call()).to.have.length(5000);
      } finally {
        await u.close();
      }
    });

    it('another 4xx is the Dog API refusing this call: 502 for the visitor, not counted by the breaker, not retried', async () => {
      const u = await imagesFrom(() => ({ status: 400, body: JSON.stringify({ status: 'error' }) }), { breakerThreshold: 1 });
      try {
        const err = await failureOf(u.call());
        expect(err.kind).to.equal('client_error');
        expect(u.t.service.app.dogApi.breakerState).to.equal('closed');
        expect(u.upstream.paths.filter((p) => p.includes('/images'))).to.have.length(1);
        expect((await u.t.get('/?breed=pug')).status).to.equal(502);
      } finally {
        await u.close();
      }
    });

    it('a Retry-After given as an HTTP date is passed on in seconds; one that is not a date is ignored', async () => {
      let header = '';
      const u = await imagesFrom(() => ({ status: 429, headers: { 'retry-after': header }, body: '{}' }), { breakerThreshold: 100 });
      try {
        header = new Date(Date.now() + 30_000).toUTCString();
        const dated = (await failureOf(u.call())).retryAfterSeconds!;
        expect(dated).to.be.within(28, 31);
        header = 'soon';
        expect((await failureOf(u.call())).retryAfterSeconds).to.equal(undefined);
        header = '45';
        expect((await failureOf(u.call())).retryAfterSeconds).to.equal(45);
      } finally {
        await u.close();
      }
    });

    it('a 5xx passes its Retry-After on too', async () => {
      const u = await imagesFrom(() => ({ status: 500, headers: { 'retry-after': '20' }, body: '{}' }), { breakerThreshold: 100 });
      try {
        const err = await failureOf(u.call());
        expect([err.kind, err.retryAfterSeconds]).to.deep.equal(['unavailable', 20]);
      } finally {
        await u.close();
      }
    });
  });
});
