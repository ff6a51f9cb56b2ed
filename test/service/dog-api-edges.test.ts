import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { once } from 'node:events';
import { expect } from 'chai';
import { failureOf, metric, startTestService } from './support.js';

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

/**
 * A Dog API on 127.0.0.1 that serves the breed list as dog.ceo does and answers everything else with `images`;
 * it counts the TCP connections it was opened and the most it had open at once.
 */
async function startUpstream(images: Handler) {
  let connections = 0;
  let open = 0;
  let mostOpen = 0;
  const sockets = new Set<Socket>();
  const server = http.createServer((req, res) => {
    if (req.url === '/api/breeds/list/all') {
      res.writeHead(200, { 'content-type': 'application/json' });
      return void res.end(JSON.stringify({ status: 'success', message: { husky: [], pug: [], boxer: [], chow: [] } }));
    }
    images(req, res);
  });
  server.on('connection', (socket: Socket) => {
    connections++;
    mostOpen = Math.max(mostOpen, ++open);
    sockets.add(socket);
    socket.on('close', () => (open--, sockets.delete(socket)));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    connections: () => connections,
    mostOpen: () => mostOpen,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

const imagesOf = (breed: string) => [`https://images.dog.ceo/breeds/${breed}/1.jpg`];
const answerImages: Handler = (req, res) => {
  const breed = /^\/api\/breed\/([a-z]+)\/images$/.exec(req.url ?? '')?.[1] ?? 'x';
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ status: 'success', message: imagesOf(breed) }));
};

describe('Dog API client: connections, bounds at their edges, the breaker’s Retry-After', () => {
  it('keeps its connection to the Dog API open between calls', async () => {
    const upstream = await startUpstream(answerImages);
    const t = await startTestService({ dogApiUrl: upstream.url });
    try {
      for (const breed of ['husky', 'pug', 'boxer']) expect(await t.service.app.dogApi.breedImages({ main: breed })).to.deep.equal(imagesOf(breed));
      expect(upstream.connections()).to.equal(1);
    } finally {
      await t.close();
      await upstream.close();
    }
  });

  it('opens at most upstreamMaxSockets connections: further calls wait their turn', async () => {
    const upstream = await startUpstream((req, res) => setTimeout(() => answerImages(req, res), 30));
    const t = await startTestService({ dogApiUrl: upstream.url, upstreamMaxSockets: 2, upstreamTimeoutMs: 5000, upstreamAttemptTimeoutMs: 5000 });
    try {
      const breeds = ['husky', 'pug', 'boxer', 'chow', 'husky', 'pug'];
      const lists = await Promise.all(breeds.map((main) => t.service.app.dogApi.breedImages({ main })));
      expect(lists).to.deep.equal(breeds.map(imagesOf));
      expect(upstream.mostOpen()).to.equal(2);
    } finally {
      await t.close();
      await upstream.close();
    }
  });

  it('refuses an answer whose Content-Length is over the limit without waiting for its body', async () => {
    const upstream = await startUpstream((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': 10_000 });
      res.write('{"status":"success","message":['); // and nothing more
    });
    const t = await startTestService({ dogApiUrl: upstream.url, upstreamMaxBodyBytes: 4096, upstreamTimeoutMs: 20_000, upstreamAttemptTimeoutMs: 20_000 });
    try {
      const err = await failureOf(t.service.app.dogApi.breedImages({ main: 'pug' }));
      expect([err.kind, err.message]).to.deep.equal(['too_large', 'answer over 4096 bytes']);
    } finally {
      await t.close();
      await upstream.close();
    }
  });

  it('reads a gzip trailer from 18 bytes on: a shorter answer is not gzip, a longer one stating too much is too large', async () => {
    let body = Buffer.alloc(0);
    const upstream = await startUpstream((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      res.end(body);
    });
    const t = await startTestService({ dogApiUrl: upstream.url, upstreamMaxBodyBytes: 4096, breakerThreshold: 100 });
    try {
      body = Buffer.alloc(18, 0xff);
      expect((await failureOf(t.service.app.dogApi.breedImages({ main: 'pug' }))).message).to.equal('answer decompresses to over 4096 bytes');
      body = Buffer.alloc(17, 0xff);
      expect((await failureOf(t.service.app.dogApi.breedImages({ main: 'pug' }))).message).to.equal('answer is not valid gzip');
      body = Buffer.alloc(18, 0);
      expect((await failureOf(t.service.app.dogApi.breedImages({ main: 'pug' }))).message, 'states 0 bytes: decoded, and refused').to.equal('answer is not valid gzip');
    } finally {
      await t.close();
      await upstream.close();
    }
  });

  it('names an encoding it did not ask for, shortened', async () => {
    const upstream = await startUpstream((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': `zstd${'x'.repeat(100)}` });
      res.end('{}');
    });
    const t = await startTestService({ dogApiUrl: upstream.url });
    try {
      const err = await failureOf(t.service.app.dogApi.breedImages({ main: 'pug' }));
      expect([err.kind, err.message]).to.deep.equal(['invalid_response', `content-encoding zstd${'x'.repeat(36)} was not asked for`]);
    } finally {
      await t.close();
      await upstream.close();
    }
  });

  it('while open, the breaker tells visitors to come back when it will let a probe through', async () => {
    const t = await startTestService({ breakerThreshold: 1, breakerHalfOpenMs: 10_000 });
    try {
      expect((await t.get('/api/breeds')).status).to.equal(200);
      t.stub.setFault('500');
      expect((await t.get('/?breed=pug')).status).to.equal(502);
      expect(t.service.app.dogApi.breakerState).to.equal('open');
      const res = await t.get('/?breed=boxer');
      expect([res.status, res.headers.get('retry-after')]).to.deep.equal([503, '10']);
      const err = await failureOf(t.service.app.dogApi.breedImages({ main: 'chow' }));
      expect([err.kind, err.message, err.retryAfterSeconds]).to.deep.equal(['circuit_open', 'circuit breaker is open', 10]);
      const text = await t.metrics();
      expect(metric(text, 'dogapp_circuit_breaker_rejections_total')).to.equal(2);
      expect(metric(text, 'dogapp_upstream_requests_total', { endpoint: 'breed_images', outcome: 'circuit_open' })).to.equal(2);
      expect(t.logs.filter((l) => l.msg === 'Dog API call failed').map((l) => [l.outcome, l.err])).to.deep.equal([
        ['unavailable', 'Dog API answered 500'],
        ['circuit_open', 'circuit breaker is open'],
        ['circuit_open', 'circuit breaker is open'],
      ]);
    } finally {
      await t.close();
    }
  });

  it('names the status of a 4xx it was refused with', async () => {
    const upstream = await startUpstream((_req, res) => {
      res.writeHead(403, { 'content-type': 'application/json' });
      res.end('{"status":"error"}');
    });
    const t = await startTestService({ dogApiUrl: upstream.url });
    try {
      const err = await failureOf(t.service.app.dogApi.breedImages({ main: 'pug' }));
      expect([err.kind, err.message]).to.deep.equal(['client_error', 'Dog API answered 403']);
    } finally {
      await t.close();
      await upstream.close();
    }
  });

  it('after close, refuses calls as shutting down, without calling the Dog API', async () => {
    const t = await startTestService();
    try {
      t.service.app.dogApi.close();
      const err = await failureOf(t.service.app.dogApi.breedImages({ main: 'pug' }));
      expect([err.kind, err.message]).to.deep.equal(['shutting_down', 'service is shutting down']);
      expect(t.stub.callCount()).to.equal(0);
    } finally {
      await t.close();
    }
  });
});
