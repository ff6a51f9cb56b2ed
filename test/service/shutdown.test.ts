import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'chai';
import { startDogApiStub, type DogApiStub } from '../support/dog-api-stub.js';
import { startTestService } from './support.js';

interface Spawned {
  child: ChildProcess;
  url: string;
  logs: { msg: string; [k: string]: unknown }[];
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Runs the real entry point (`npm start` runs the same file) and waits for its "listening" log line. */
async function spawnService(env: Record<string, string>): Promise<Spawned> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'service/main.ts'], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exit = once(child, 'exit').then(([code, signal]) => ({ code: code as number | null, signal: signal as NodeJS.Signals | null }));
  const logs: Spawned['logs'] = [];
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      const entry = JSON.parse(line) as Spawned['logs'][number];
      logs.push(entry);
      if (entry.msg === 'listening') resolve(entry.url as string);
    });
    void exit.then(({ code }) => reject(new Error(`service exited early with ${code}`)));
  });
  return { child, url, logs, exit };
}

async function until(condition: () => boolean, what: string, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
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
        expect(messages).to.include.members(['signal received', 'shutting down: readiness is 503', 'shut down']);
        expect(svc.logs.find((l) => l.msg === 'shut down')).to.have.property('timedOut', false);
        let refused = false;
        await fetch(`${svc.url}/healthz`).catch(() => (refused = true));
        expect(refused, 'no longer listening').to.equal(true);
      } finally {
        stub.setDelay(0);
        svc.child.kill('SIGKILL');
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

  describe('in process', () => {
    it('readiness drops first: /readyz is 503 while new requests are still served during SHUTDOWN_DELAY_MS', async () => {
      const t = await startTestService({ shutdownDelayMs: 400 });
      try {
        expect((await t.get('/readyz')).status).to.equal(200);
        const stopping = t.service.shutdown();
        const ready = await t.get('/readyz');
        expect(ready.status).to.equal(503);
        expect(ready.headers.get('connection')).to.equal('close');
        const page = await t.get('/?breed=husky');
        expect(page.status).to.equal(200);
        expect((await t.get('/healthz')).status, 'still alive').to.equal(200);
        await stopping;
      } finally {
        await t.close();
      }
    });

    it('after SHUTDOWN_GRACE_MS, requests still waiting on the Dog API are answered 503 and the server closes', async () => {
      const t = await startTestService({ shutdownGraceMs: 200, upstreamTimeoutMs: 20_000, upstreamAttemptTimeoutMs: 20_000 });
      try {
        await t.get('/api/breeds');
        t.stub.setFault('hang');
        const pending = t.get('/?breed=beagle');
        await until(() => t.stub.callCount('/api/breed/beagle/images') === 1, 'the call to hang');
        const started = Date.now();
        await t.service.shutdown();
        const res = await pending;
        expect(res.status).to.equal(503);
        expect(res.text).to.include('The Dog API is unavailable');
        expect(Date.now() - started, 'shutdown finished').to.be.below(5000);
        expect(t.logs.find((l) => l.msg === 'shut down')).to.have.property('timedOut', true);
      } finally {
        await t.close();
      }
    });
  });
});
