import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'chai';
import { rawExchange, rawRequest } from './raw-http.js';
import { startTestService, type LogLine, type TestService } from './support.js';

const REQUEST_TIMEOUT_MS = 1000;

/** Log lines a client's misbehaviour may cause: none at error level, none with a stack trace. */
function problems(logs: readonly LogLine[]): string[] {
  return logs.filter((l) => l.level === 'error' || l.level === 'fatal' || /\n\s+at /.test(JSON.stringify(l))).map((l) => JSON.stringify(l).slice(0, 300));
}

describe('hostile and clumsy clients', function () {
  this.timeout(60_000);
  let t: TestService;
  before(async () => {
    t = await startTestService({ requestTimeoutMs: REQUEST_TIMEOUT_MS });
    expect((await t.get('/api/breeds')).status).to.equal(200);
  });
  after(() => t.close());

  describe('request bodies over the limit (2 KiB) get 413, however they are framed', () => {
    const big = 'name=' + 'x'.repeat(3 * 1024);
    for (const type of ['text/plain', 'application/json', 'application/x-www-form-urlencoded', 'application/octet-stream', undefined]) {
      for (const framing of ['chunked', 'content-length'] as const) {
        it(`${type ?? 'no content type'}, ${framing}`, async () => {
          const headers: Record<string, string> = framing === 'chunked' ? { 'transfer-encoding': 'chunked' } : { 'content-length': String(big.length) };
          if (type) headers['content-type'] = type;
          const res = await rawRequest(t.url, 'POST', '/', { headers, body: big });
          expect(res.status).to.equal(413);
          expect(res.headers.connection, 'the rest of the body is not read').to.equal('close');
          expect(res.body.toString()).to.include('Request too large');
        });
      }
    }

    it('a chunked form under the limit is read as usual', async () => {
      const res = await rawRequest(t.url, 'POST', '/', { headers: { 'transfer-encoding': 'chunked', 'content-type': 'application/x-www-form-urlencoded' }, body: 'name=husky' });
      expect(res.status).to.equal(200);
      expect(res.body.toString()).to.include('<h1>Husky</h1>');
    });

    it('a chunked body of another type under the limit is ignored, like an empty form', async () => {
      const res = await rawRequest(t.url, 'POST', '/', { headers: { 'transfer-encoding': 'chunked', 'content-type': 'text/plain' }, body: 'hello' });
      expect(res.status).to.equal(200);
    });
  });

  it('a client that pipelines and reads gets every answer, in order', async () => {
    const paths = Array.from({ length: 30 }, (_, i) => ['/healthz', '/static/favicon.svg', '/api/image?breed=husky', '/readyz', '/nowhere'][i % 5]);
    const { received } = await rawExchange(t.url, (socket) => {
      socket.write(paths.map((p, i) => `GET ${p} HTTP/1.1\r\nHost: x\r\n${i === paths.length - 1 ? 'Connection: close\r\n' : ''}\r\n`).join(''));
    });
    const statuses = [...received.matchAll(/HTTP\/1\.1 (\d{3}) /g)].map((m) => Number(m[1]));
    expect(statuses).to.deep.equal(paths.map((p) => (p === '/nowhere' ? 404 : 200)));
    expect(received.match(/\r\ncontent-type: image\/svg\+xml/gi)).to.have.length(6);
  });

  describe('stalled requests are cut off after the request timeout', () => {
    it('a POST whose body stops arriving gets 408 and its connection closed', async () => {
      const res = await rawExchange(t.url, (socket) => {
        socket.write('POST / HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 1000\r\n\r\n' + 'y'.repeat(100));
      }, 15_000);
      expect(res.closed, 'closed by the service').to.equal(true);
      expect(res.ms).to.be.within(REQUEST_TIMEOUT_MS - 100, REQUEST_TIMEOUT_MS + 4000);
      expect(res.received).to.match(/^HTTP\/1\.1 408 /);
    });

    it('a form whose body stops arriving is cut off too', async () => {
      const res = await rawExchange(t.url, (socket) => {
        socket.write('POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 500\r\n\r\nname=hu');
      }, 15_000);
      expect(res.closed).to.equal(true);
      expect(res.ms).to.be.below(REQUEST_TIMEOUT_MS + 4000);
    });

    it('headers that never end (slowloris) are cut off', async () => {
      const res = await rawExchange(t.url, (socket) => {
        socket.write('GET / HTTP/1.1\r\nHost: x\r\n');
        const drip = setInterval(() => (socket.destroyed ? clearInterval(drip) : socket.write('X-Slow: 1\r\n')), 100);
        socket.on('close', () => clearInterval(drip));
      }, 15_000);
      expect(res.closed).to.equal(true);
      expect(res.ms).to.be.below(REQUEST_TIMEOUT_MS + 4000);
    });
  });

  describe('clients that go away or send garbage are one info line, never an error with a stack', () => {
    beforeEach(() => (t.logs.length = 0));

    it('bytes that are not HTTP get 400', async () => {
      const res = await rawExchange(t.url, (socket) => socket.write('HELLO THERE\r\n\r\n'));
      expect(res.received).to.match(/^HTTP\/1\.1 400 /);
      await sleep(50);
      expect(problems(t.logs)).to.deep.equal([]);
      expect(t.logs.filter((l) => l.msg === 'malformed request refused')).to.have.length(1);
    });

    it('a chunked body with broken framing', async () => {
      await rawExchange(t.url, (socket) => {
        socket.write('POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nname\r\nzz\r\n');
      });
      await rawExchange(t.url, (socket) => {
        socket.write('POST / HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nabcd\r\nzz\r\n');
      });
      await sleep(50);
      expect(problems(t.logs)).to.deep.equal([]);
    });

    it('an upload reset halfway', async () => {
      for (const type of ['application/x-www-form-urlencoded', 'text/plain']) {
        await new Promise<void>((resolve) => {
          const { port } = new URL(t.url);
          const socket = net.connect(Number(port), '127.0.0.1', () => {
            socket.write(`POST / HTTP/1.1\r\nHost: x\r\nContent-Type: ${type}\r\nContent-Length: 1000\r\n\r\nname=hu`);
            setTimeout(() => socket.resetAndDestroy(), 100);
          });
          socket.on('error', () => undefined);
          socket.on('close', () => resolve());
        });
      }
      await sleep(100);
      expect(problems(t.logs)).to.deep.equal([]);
    });

    it('a visitor who leaves before the answer, and one who resets while it is sent', async () => {
      t.stub.setDelay(200);
      try {
        await rawExchange(t.url, (socket) => {
          socket.write('GET /?breed=beagle HTTP/1.1\r\nHost: x\r\n\r\n');
          setTimeout(() => socket.resetAndDestroy(), 50);
        });
        await sleep(300);
        const { port } = new URL(t.url);
        // Many large answers, reset after the first bytes: writes fail with EPIPE or ECONNRESET.
        await new Promise<void>((resolve) => {
          const socket = net.connect(Number(port), '127.0.0.1', () => socket.write('GET /?breed=husky HTTP/1.1\r\nHost: x\r\n\r\n'.repeat(20)));
          socket.once('data', () => socket.resetAndDestroy());
          socket.on('error', () => undefined);
          socket.on('close', () => resolve());
        });
      } finally {
        t.stub.setDelay(0);
      }
      await sleep(300);
      expect(problems(t.logs)).to.deep.equal([]);
    });
  });

  describe('what a new user sees', () => {
    it('the 400 page says which characters a name may have, and the search box shows the input escaped', async () => {
      const res = await t.post('/', { name: '"husky2' });
      expect(res.status).to.equal(400);
      for (const allowed of ['letters a to z', 'spaces', 'hyphens', 'slash', 'apostrophe', 'St. Bernard']) expect(res.text).to.include(allowed);
      expect(res.text).to.include('value="&quot;husky2"');
      expect(res.text).not.to.include('value=""husky2');
    });

    it('a double quote in the input cannot leave the value attribute', async () => {
      const attack = '" autofocus onfocus="alert(1)';
      const res = await t.post('/', { name: attack });
      expect(res.status).to.equal(400);
      expect(res.text).to.include('value="&quot; autofocus onfocus=&quot;alert(1)"');
      const input = /<input id="name"[^>]*>/.exec(res.text)![0];
      expect(input.replace(/"[^"]*"/g, '""'), 'attributes outside quoted values').not.to.match(/autofocus|onfocus/);
    });

    it('compound breeds are written as people write them, on the page and in the search box', async () => {
      for (const [typed, name] of [
        ['St. Bernard', 'St. Bernard'],
        ['stbernard', 'St. Bernard'],
        ['german shepherd', 'German Shepherd'],
        ['bullterrier', 'Bull Terrier'],
        ['staffordshire bull terrier', 'Staffordshire Bull Terrier'],
      ]) {
        const res = await t.get(`/?breed=${encodeURIComponent(typed)}`);
        expect(res.status, typed).to.equal(200);
        expect(res.text, typed).to.include(`<h1>${name}</h1>`);
        expect(res.text, typed).to.include(`value="${name}"`);
      }
      const options = [...(await t.get('/')).text.matchAll(/<option value="([^"]+)">/g)].map((m) => m[1]);
      expect(options).to.include.members(['St. Bernard', 'German Shepherd', 'Bull Terrier', 'Shih Tzu', 'Coton de Tulear']);
      expect(options).not.to.include.members(['Stbernard', 'Germanshepherd', 'Bullterrier']);
    });
  });
});

describe('a Dog API that cannot be reached, or is not the Dog API', function () {
  this.timeout(30_000);

  it('a name that does not resolve (DNS): the page says the Dog API could not be reached', async () => {
    const t = await startTestService({ dogApiUrl: 'http://dog-api.invalid' });
    try {
      const page = await t.get('/');
      expect(page.status).to.equal(502);
      expect(page.text).to.include('could not be reached');
      expect(page.text).not.to.include('gave an answer');
      const api = await t.get('/api/breeds');
      expect(JSON.parse(api.text)).to.deep.equal({ error: 'The Dog API could not be reached. Please try again in a moment.' });
    } finally {
      await t.close();
    }
  });

  it('a port where nothing listens: the same', async () => {
    const server = net.createServer().listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const { port } = server.address() as net.AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    const t = await startTestService({ dogApiUrl: `http://127.0.0.1:${port}` });
    try {
      const page = await t.get('/?breed=husky');
      expect(page.status).to.equal(502);
      expect(page.text).to.include('could not be reached');
    } finally {
      await t.close();
    }
  });

  it('a DOG_API_URL with an extra /api: every page is a 502 (not "no pictures of this breed"), and /readyz turns 503', async () => {
    const t = await startTestService();
    const wrong = await startTestService({ dogApiUrl: `${t.stub.url}/api` });
    try {
      const page = await wrong.get('/?breed=husky');
      expect(page.status).to.equal(502);
      expect(page.text).to.include('The Dog API is unavailable');
      expect(page.text).not.to.include('no pictures');
      expect((await wrong.get('/')).status).to.equal(502);
      expect((await wrong.get('/api/image?breed=husky')).status).to.equal(502);
      const ready = await wrong.get('/readyz');
      expect(ready.status).to.equal(503);
      expect(ready.text).to.include('no breed list at DOG_API_URL');
      const text = await wrong.metrics();
      expect(text).to.match(/dogapp_upstream_requests_total\{[^}]*outcome="missing_breed_list"[^}]*\} [1-9]/);
    } finally {
      await wrong.close();
      await t.close();
    }
  });

  it('/readyz loads the breed list when none is loaded, so a wrong DOG_API_URL shows before any visitor', async () => {
    const t = await startTestService();
    const wrong = await startTestService({ dogApiUrl: `${t.stub.url}/api` });
    try {
      const deadline = Date.now() + 5000;
      let status = 200;
      while (status === 200 && Date.now() < deadline) {
        status = (await wrong.get('/readyz')).status;
        await sleep(20);
      }
      expect(status).to.equal(503);
      expect((await t.get('/readyz')).status, 'a right DOG_API_URL is ready').to.equal(200);
      while (t.stub.callCount('/api/breeds/list/all') === 0 && Date.now() < deadline) await sleep(20);
      expect(t.stub.callCount('/api/breeds/list/all'), 'loaded in the background').to.equal(1);
      while (!t.service.app.catalog.knownBreeds() && Date.now() < deadline) await sleep(20);
      expect(t.service.app.catalog.knownBreeds()).not.to.equal(undefined);
    } finally {
      await wrong.close();
      await t.close();
    }
  });

  it('a Dog API that is down does not make the service unready', async () => {
    const t = await startTestService();
    try {
      t.stub.setFault('503');
      expect((await t.get('/')).status).to.equal(502);
      expect((await t.get('/readyz')).status).to.equal(200);
    } finally {
      await t.close();
    }
  });
});
