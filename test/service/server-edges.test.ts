import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { once } from 'node:events';
import { expect } from 'chai';
import { ConnectionTracker } from '../../service/connections.js';
import { rawExchange } from './raw-http.js';
import { startTestService } from './support.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('server: what a client that is not a browser gets on the wire', () => {
  it('headers too large: a bare 431 that closes the connection', async () => {
    const t = await startTestService();
    try {
      const res = await rawExchange(t.url, (socket) => socket.write(`GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'y'.repeat(20_000)}\r\n\r\n`));
      expect(res.received).to.equal('HTTP/1.1 431 Request Header Fields Too Large\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      expect(res.closed).to.equal(true);
    } finally {
      await t.close();
    }
  });

  it('bytes that are not HTTP: a bare 400 that closes the connection', async () => {
    const t = await startTestService();
    try {
      const res = await rawExchange(t.url, (socket) => socket.write('HELLO THERE\r\n\r\n'));
      expect(res.received).to.equal('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    } finally {
      await t.close();
    }
  });

  it('a request that does not arrive within requestTimeoutMs: a bare 408 that closes the connection', async () => {
    const t = await startTestService({ requestTimeoutMs: 300 });
    try {
      const res = await rawExchange(t.url, (socket) => socket.write('GET / HTTP/1.1\r\nHost: x\r\n'), 15_000);
      expect(res.received).to.equal('HTTP/1.1 408 Request Timeout\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      expect(res.closed).to.equal(true);
    } finally {
      await t.close();
    }
  });

  it('on an IPv6 address, says where it listens in URL form', async () => {
    const t = await startTestService({ host: '::1' });
    try {
      expect(t.url).to.match(/^http:\/\/\[::1\]:\d+$/);
      expect((await t.get('/healthz')).status).to.equal(200);
      expect(t.logs.find((l) => l.msg === 'listening')).to.deep.include({ url: t.url, dogApi: t.stub.url });
    } finally {
      await t.close();
    }
  });

  it('shutting down: later answers ask to close the connection, an idle keep-alive connection is closed, and a second call waits for the same stop', async () => {
    const t = await startTestService();
    const agent = new http.Agent({ keepAlive: true });
    try {
      const get = (path: string) =>
        new Promise<http.IncomingMessage>((resolve, reject) => {
          http.get(`${t.url}${path}`, { agent }, (res) => (res.resume(), res.on('end', () => resolve(res)))).on('error', reject);
        });
      expect((await get('/healthz')).headers.connection).to.equal('keep-alive');
      const idle = net.connect(Number(new URL(t.url).port), '127.0.0.1');
      await once(idle, 'connect');
      const idleClosed = once(idle, 'close');
      const first = t.service.shutdown();
      const second = t.service.shutdown();
      expect(second).to.equal(first);
      await idleClosed;
      await first;
      const done = t.logs.find((l) => l.msg === 'shut down');
      expect(done).to.deep.include({ timedOut: false });
      expect(t.logs.find((l) => l.msg === 'closing the listener, draining requests in flight')).to.include.keys('inFlight', 'connections');
    } finally {
      agent.destroy();
      await t.close();
    }
  });

  it('shutting down: a request arriving on an open connection is still answered, with Connection: close', async () => {
    const t = await startTestService({ shutdownGraceMs: 5000 });
    try {
      const socket = net.connect(Number(new URL(t.url).port), '127.0.0.1');
      await once(socket, 'connect');
      let received = '';
      socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
      socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
      while (!received.includes('ok')) await sleep(5);
      const stopping = t.service.shutdown();
      while (!t.logs.some((l) => l.msg === 'closing the listener, draining requests in flight')) await sleep(5);
      received = '';
      socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
      await once(socket, 'close');
      expect(received).to.match(/^HTTP\/1\.1 200 OK\r\n/);
      expect(received.toLowerCase()).to.include('\r\nconnection: close\r\n');
      await stopping;
    } finally {
      await t.close();
    }
  });
});

describe('connection tracker: which connections a shutdown may close', () => {
  async function setup() {
    let hold: (() => void) | undefined;
    const server = http.createServer((req, res) => {
      if (req.url === '/hold') hold = () => res.end('held');
      else res.end('ok');
    });
    const tracker = new ConnectionTracker(server);
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const port = (server.address() as AddressInfo).port;
    const open = async () => {
      const socket = net.connect(port, '127.0.0.1');
      socket.on('error', () => undefined);
      await once(socket, 'connect');
      while (tracker.size < 1) await sleep(5);
      let received = '';
      socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
      return { socket, received: () => received };
    };
    return {
      tracker,
      open,
      release: () => hold?.(),
      holding: () => hold !== undefined,
      async close() {
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
      },
    };
  }

  it('counts open connections, and forgets closed ones', async () => {
    const s = await setup();
    try {
      expect(s.tracker.size).to.equal(0);
      const c = await s.open();
      expect(s.tracker.size).to.equal(1);
      c.socket.destroy();
      while (s.tracker.size > 0) await sleep(5);
    } finally {
      await s.close();
    }
  });

  it('closes a connection quiet for long enough, not one quiet for less', async () => {
    const s = await setup();
    try {
      const c = await s.open();
      c.socket.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
      while (!c.received().includes('ok')) await sleep(5);
      await sleep(20);
      s.tracker.closeQuiet(60_000);
      await sleep(50);
      expect(c.socket.destroyed || c.socket.readyState !== 'open', 'quiet for less than a minute').to.equal(false);
      const closed = once(c.socket, 'close');
      s.tracker.closeQuiet(60_000, Date.now() + 60_000);
      await closed;
    } finally {
      await s.close();
    }
  });

  it('never closes a connection whose request is still being answered', async () => {
    const s = await setup();
    try {
      const c = await s.open();
      c.socket.write('GET /hold HTTP/1.1\r\nHost: x\r\n\r\n');
      while (!s.holding()) await sleep(5);
      s.tracker.closeQuiet(0, Date.now() + 60_000);
      await sleep(50);
      expect(c.socket.readyState).to.equal('open');
      s.release();
      while (!c.received().includes('held')) await sleep(5);
      const closed = once(c.socket, 'close');
      s.tracker.closeQuiet(0, Date.now() + 60_000);
      await closed;
    } finally {
      await s.close();
    }
  });

  it('keeps a connection on which a request is arriving, and counts its quiet time from then', async () => {
    const s = await setup();
    try {
      const c = await s.open();
      c.socket.write('GET / HTTP/1.1\r\n');
      await sleep(50);
      const now = Date.now() + 60_000;
      s.tracker.closeQuiet(1000, now);
      await sleep(50);
      expect(c.socket.readyState, 'bytes arrived since last looked at').to.equal('open');
      s.tracker.closeQuiet(1000, now + 999);
      await sleep(50);
      expect(c.socket.readyState, 'quiet for 999 ms of 1000').to.equal('open');
      const closed = once(c.socket, 'close');
      s.tracker.closeQuiet(1000, now + 1000);
      await closed;
    } finally {
      await s.close();
    }
  });
});

describe('server: a client that pipelines without reading', () => {
  it('is cut off past 256 waiting requests, with one line saying why', async () => {
    const t = await startTestService();
    try {
      t.stub.setDelay(2000);
      const socket = net.connect(Number(new URL(t.url).port), '127.0.0.1');
      socket.on('error', () => undefined);
      await once(socket, 'connect');
      const closed = once(socket, 'close');
      socket.write('GET /?breed=husky HTTP/1.1\r\nHost: x\r\n\r\n'.repeat(300));
      await closed;
      const lines = t.logs.filter((l) => l.msg === 'closing a connection that pipelines requests without reading the answers');
      expect(lines).to.have.length(1);
      expect(lines[0]).to.deep.include({ level: 'info', remote: '127.0.0.1', waiting: 256 });
    } finally {
      await t.close();
    }
  });
});
