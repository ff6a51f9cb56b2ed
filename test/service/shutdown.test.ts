import { spawn } from 'node:child_process';
import { once } from 'node:events';
import http from 'node:http';
import net from 'node:net';
import type { Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'chai';
import { startDogApiStub, type DogApiStub } from '../support/dog-api-stub.js';
import { spawnService, until } from './process.js';

interface Outcome {
  ok: number;
  /** Answers that said `Connection: close`. */
  closes: number;
  /** Requests lost on a connection that had served before: reset or closed under them. */
  lost: string[];
  /** New connections refused once the listener closed: expected. */
  refused: number;
  /** Clients whose connection has served at least one request. */
  warm: number;
}

/**
 * Keep-alive clients that keep sending, one request after the other on each of `connections` connections, until
 * `stop` settles or a new connection is refused.
 */
function keepAliveLoad(url: string, connections: number, stop: Promise<unknown>): { outcome: Outcome; done: Promise<Outcome> } {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const served = new WeakSet<Socket>();
  const outcome: Outcome = { ok: 0, closes: 0, lost: [], refused: 0, warm: 0 };
  let stopped = false;
  void stop.finally(() => (stopped = true));
  const one = () =>
    new Promise<boolean>((resolve) => {
      let socket: Socket | undefined;
      const req = http.get(`${url}/api/image?breed=husky`, { agent }, (res) => {
        res.resume();
        res.on('end', () => {
          if (res.statusCode === 200) outcome.ok++;
          else outcome.lost.push(`status ${res.statusCode}`);
          if (res.headers.connection === 'close') outcome.closes++;
          if (socket) served.add(socket);
          resolve(true);
        });
      });
      req.on('socket', (s) => (socket = s));
      req.on('error', (err: NodeJS.ErrnoException) => {
        if (err.code === 'ECONNREFUSED' && !(socket && served.has(socket))) {
          outcome.refused++;
          return resolve(false);
        }
        outcome.lost.push(`${err.code ?? err.message} on a ${socket && served.has(socket) ? 'reused' : 'new'} connection`);
        resolve(false);
      });
    });
  const worker = async () => {
    if (!(await one())) return;
    outcome.warm++;
    while (!stopped && (await one()));
  };
  const done = Promise.all(Array.from({ length: connections }, worker)).then(() => {
    agent.destroy();
    return outcome;
  });
  return { outcome, done };
}

describe('graceful shutdown', function () {
  this.timeout(60_000);

  describe('the real process under concurrent load', () => {
    let stub: DogApiStub;
    before(async () => {
      stub = await startDogApiStub();
    });
    after(() => stub.close());

    it('SIGTERM: every request in flight completes with 200, then the process exits 0', async () => {
      const svc = await spawnService({ DOG_API_URL: stub.url, SHUTDOWN_GRACE_MS: '8000', APP_VERSION: 'drain-test' });
      try {
        expect((await fetch(`${svc.url}/api/breeds`)).status).to.equal(200);
        expect((await fetch(`${svc.url}/?breed=husky`)).status).to.equal(200);
        stub.setDelay(700);
        // One Dog API call per request, so the stub can tell when every request has reached the service.
        const breeds = Object.keys(stub.breeds).filter((b) => b !== 'husky').slice(0, 24);
        const paths = breeds.map((b, i) => (i % 2 ? `/api/image?breed=${b}` : `/?breed=${b}`));
        const inFlight = paths.map(async (path) => {
          try {
            const res = await fetch(svc.url + path);
            return { path, status: res.status, version: res.headers.get('x-app-version'), body: await res.text() };
          } catch (err) {
            return { path, status: 0, version: null, body: String((err as Error).cause ?? err) };
          }
        });
        await until(() => stub.callCount(/^\/api\/breed\//) >= breeds.length, 'requests to reach the Dog API');
        svc.child.kill('SIGTERM');

        const answers = await Promise.all(inFlight);
        for (const a of answers) expect(a.status, `${a.path}: ${a.body.slice(0, 200)}`).to.equal(200);
        expect(new Set(answers.map((a) => a.version))).to.deep.equal(new Set(['drain-test']));
        const { code, signal } = await svc.exit;
        expect({ code, signal }).to.deep.equal({ code: 0, signal: null });
        const messages = svc.logs.map((l) => l.msg);
        expect(messages).to.include.members(['signal received', 'shut down']);
        expect(svc.logs.find((l) => l.msg === 'shut down')).to.have.property('timedOut', false);
        let refused = false;
        await fetch(`${svc.url}/healthz`).catch(() => (refused = true));
        expect(refused, 'no longer listening').to.equal(true);
      } finally {
        stub.setDelay(0);
        svc.child.kill('SIGKILL');
      }
    });

    it('SIGTERM: /readyz answers 503 at once, while pages are still served (SHUTDOWN_DELAY_MS)', async () => {
      const svc = await spawnService({ DOG_API_URL: stub.url, SHUTDOWN_DELAY_MS: '1500' });
      try {
        expect((await fetch(`${svc.url}/readyz`)).status).to.equal(200);
        svc.child.kill('SIGTERM');
        await until(() => svc.logs.some((l) => l.msg === 'signal received'), 'the signal to arrive');
        const ready = await fetch(`${svc.url}/readyz`);
        expect(ready.status, 'readiness flipped').to.equal(503);
        expect(await ready.text()).to.equal('shutting down\n');
        const page = await fetch(`${svc.url}/api/breeds`);
        expect(page.status, 'still serving during the delay').to.equal(200);
        expect(await svc.exit).to.deep.equal({ code: 0, signal: null });
      } finally {
        svc.child.kill('SIGKILL');
      }
    });

    for (const delayMs of [0, 1000]) {
      it(`SIGTERM under keep-alive load (SHUTDOWN_DELAY_MS=${delayMs}): no request on an open connection is lost, each connection is told to close`, async () => {
        const svc = await spawnService({ DOG_API_URL: stub.url, SHUTDOWN_DELAY_MS: String(delayMs) });
        try {
          expect((await fetch(`${svc.url}/api/image?breed=husky`)).status).to.equal(200);
          const load = keepAliveLoad(svc.url, 20, svc.exit);
          // Every client on an open keep-alive connection, then a while of steady traffic.
          await until(() => load.outcome.warm === 20, 'every client to be served once', 20_000);
          await sleep(300);
          svc.child.kill('SIGTERM');
          const outcome = await load.done;
          expect(outcome.lost, 'requests lost on open connections').to.deep.equal([]);
          expect(outcome.closes, 'answers with Connection: close').to.be.at.least(20);
          expect(outcome.ok).to.be.greaterThan(20);
          expect(await svc.exit).to.deep.equal({ code: 0, signal: null });
        } finally {
          svc.child.kill('SIGKILL');
        }
      });
    }

    it('a busy port is a one-line error, exit 2', async () => {
      const busy = net.createServer().listen(0, '127.0.0.1');
      await once(busy, 'listening');
      try {
        const { port } = busy.address() as net.AddressInfo;
        const child = spawn(process.execPath, ['--import', 'tsx', 'service/main.ts'], {
          env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DOG_API_URL: stub.url },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let stderr = '';
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        const [code] = (await once(child, 'exit')) as [number];
        expect(code).to.equal(2);
        expect(stderr.trim().split('\n'), stderr).to.have.length(1);
        expect(stderr).to.include(`127.0.0.1:${port}`);
        expect(stderr).to.include('already in use');
      } finally {
        busy.close();
      }
    });

    it('exits 0 on SIGINT too, and at once when idle', async () => {
      const svc = await spawnService({ DOG_API_URL: stub.url });
      svc.child.kill('SIGINT');
      expect(await svc.exit).to.deep.equal({ code: 0, signal: null });
    });

    it('refuses a bad configuration with a message naming the variable, exit 2', async () => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'service/main.ts'], {
        env: { ...process.env, PORT: 'eighty', UPSTREAM_TIMEOUT_MS: '-5' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const [code] = (await once(child, 'exit')) as [number];
      expect(code).to.equal(2);
      expect(stderr).to.include('PORT="eighty"');
      expect(stderr).to.include('UPSTREAM_TIMEOUT_MS="-5"');
      expect(stderr).not.to.match(/\n\s+at /);
    });
  });
});
