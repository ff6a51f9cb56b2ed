import http from 'node:http';
import net, { type AddressInfo, type Socket } from 'node:net';
import { once } from 'node:events';
import { expect } from 'chai';
import { boundedPipelining, MAX_ANSWERING_PER_CONNECTION, MAX_WAITING_PER_CONNECTION } from '../../service/pipeline.js';

/**
 * A server whose listener answers `GET /<n>` with `n` once `release(n)` is called (or at once for `/now/<n>`), wrapped
 * in `boundedPipelining`; it records which requests were started and how many ran at once on a connection.
 */
async function startServer() {
  const started: string[] = [];
  const holds = new Map<string, () => void>();
  const overflows: Socket[] = [];
  let running = 0;
  let mostRunning = 0;
  const listener: http.RequestListener = (req, res) => {
    const path = req.url ?? '';
    started.push(path);
    running++;
    mostRunning = Math.max(mostRunning, running);
    const answer = () => {
      running--;
      res.end(path);
    };
    if (path.startsWith('/now/')) setImmediate(answer);
    else holds.set(path, answer);
  };
  const server = http.createServer(boundedPipelining(listener, (socket) => overflows.push(socket)));
  const sockets = new Set<Socket>();
  server.on('connection', (s: Socket) => (sockets.add(s), s.on('close', () => sockets.delete(s))));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;
  return {
    started,
    overflows,
    mostRunning: () => mostRunning,
    async release(path: string) {
      for (let i = 0; i < 400 && !holds.has(path); i++) await new Promise((resolve) => setTimeout(resolve, 5));
      holds.get(path)!();
      holds.delete(path);
    },
    connect() {
      const socket = net.connect(port, '127.0.0.1');
      let received = '';
      socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
      socket.on('error', () => undefined);
      return {
        socket,
        send: (paths: string[]) => socket.write(paths.map((p) => `GET ${p} HTTP/1.1\r\nHost: x\r\n\r\n`).join('')),
        /** The bodies of the answers received so far, in order. */
        bodies: () => [...received.matchAll(/\r\n\r\n(\/[^H]*?)(?=HTTP\/1\.1|$)/g)].map((m) => m[1]),
        closed: once(socket, 'close'),
      };
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

const until = async (what: () => boolean) => {
  for (let i = 0; i < 1000 && !what(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
  expect(what()).to.equal(true);
};

describe('pipelining: one answer at a time per connection, a bounded queue behind it', () => {
  it('answers pipelined requests one after the other, in order', async () => {
    const s = await startServer();
    try {
      const c = s.connect();
      const paths = Array.from({ length: 12 }, (_, i) => `/now/${i}`);
      c.send(paths);
      await until(() => c.bodies().length === 12);
      expect(c.bodies()).to.deep.equal(paths);
      expect(s.mostRunning()).to.equal(MAX_ANSWERING_PER_CONNECTION);
      expect(s.overflows).to.deep.equal([]);
    } finally {
      await s.close();
    }
  });

  it('starts a waiting request only once the one before is answered, then reads the connection again', async () => {
    const s = await startServer();
    try {
      const c = s.connect();
      c.send(['/1', '/2']);
      await until(() => s.started.length === 1);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(s.started, 'the second waits').to.deep.equal(['/1']);
      await s.release('/1');
      await s.release('/2');
      await until(() => c.bodies().length === 2);
      // The connection was paused while /2 waited; a later request on it is read and answered.
      c.send(['/now/3']);
      await until(() => c.bodies().length === 3);
      expect(c.bodies()).to.deep.equal(['/1', '/2', '/now/3']);
      expect(s.started).to.deep.equal(['/1', '/2', '/now/3']);
    } finally {
      await s.close();
    }
  });

  it('connections do not wait for each other', async () => {
    const s = await startServer();
    try {
      const a = s.connect();
      const b = s.connect();
      a.send(['/a']);
      await until(() => s.started.length === 1);
      b.send(['/now/b']);
      await until(() => b.bodies().length === 1);
      await s.release('/a');
      await until(() => a.bodies().length === 1);
    } finally {
      await s.close();
    }
  });

  it('drops the requests still waiting when their connection goes away', async () => {
    const s = await startServer();
    try {
      const c = s.connect();
      c.send(['/1', '/2', '/3']);
      await until(() => s.started.length === 1);
      await new Promise((resolve) => setTimeout(resolve, 50));
      c.socket.destroy();
      await c.closed;
      await new Promise((resolve) => setTimeout(resolve, 50));
      await s.release('/1');
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(s.started).to.deep.equal(['/1']);
    } finally {
      await s.close();
    }
  });

  it(`closes a connection that pipelines more than ${MAX_WAITING_PER_CONNECTION} requests without reading the answers`, async () => {
    const s = await startServer();
    try {
      const within = s.connect();
      within.send(Array.from({ length: MAX_WAITING_PER_CONNECTION + 1 }, (_, i) => `/w${i}`));
      const over = s.connect();
      over.send(Array.from({ length: MAX_WAITING_PER_CONNECTION + 2 }, (_, i) => `/o${i}`));
      await over.closed;
      expect(s.overflows).to.have.length(1);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(within.socket.destroyed, 'one running and 256 waiting is allowed').to.equal(false);
      expect(s.started.filter((p) => p.startsWith('/o'))).to.deep.equal(['/o0']);
      await s.release('/w0');
      await until(() => s.started.includes('/w1'));
    } finally {
      await s.close();
    }
  });
});
