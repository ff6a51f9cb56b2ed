import http from 'node:http';
import { expect } from 'chai';
import { until } from './process.js';
import { startTestService, type LogLine } from './support.js';

interface Answer {
  readonly status: number;
  readonly connection: string | undefined;
  readonly body: string;
}

/** One GET through `agent` (keep-alive), so that the test knows every connection it has open to the service. */
function get(url: string, path: string, agent: http.Agent): Promise<Answer> {
  return new Promise((resolve, reject) => {
    http
      .get(`${url}${path}`, { agent }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode!, connection: res.headers.connection, body }));
      })
      .on('error', reject);
  });
}

/** The steps of a shutdown as its log lines tell them; a request line as `METHOD url status`. */
function steps(logs: LogLine[], messages: string[]): string[] {
  return logs
    .filter((l) => l.msg === 'request completed' || messages.includes(l.msg))
    .map((l) => {
      if (l.msg !== 'request completed') return l.msg;
      const req = l.req as { method: string; url: string };
      return `${req.method} ${req.url} ${(l.res as { statusCode: number }).statusCode}`;
    });
}

const SHUTTING_DOWN = 'shutting down: readiness is 503';
const CLOSING = 'closing the listener, draining requests in flight';
const GRACE_OVER = 'grace period over: aborting Dog API calls and closing connections';
const SHUT_DOWN = 'shut down';

describe('graceful shutdown, in process: what a probe, a client and an operator see', function () {
  this.timeout(30_000);

  it('readiness is 503 from the first moment and through SHUTDOWN_DELAY_MS, while pages are served on kept connections; then the listener closes', async () => {
    const t = await startTestService({ shutdownDelayMs: 2000, shutdownGraceMs: 4000, upstreamTimeoutMs: 20_000, upstreamAttemptTimeoutMs: 20_000 });
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      expect((await get(t.url, '/readyz', agent)).status).to.equal(200);
      const stopping = t.service.shutdown();
      expect(t.service.app.draining).to.equal(true);
      expect(await get(t.url, '/readyz', agent)).to.deep.equal({ status: 503, connection: 'keep-alive', body: 'shutting down\n' });
      const page = await get(t.url, '/?breed=husky', agent);
      expect([page.status, page.connection]).to.deep.equal([200, 'keep-alive']);
      expect((await get(t.url, '/healthz', agent)).status, 'still alive').to.equal(200);
      await stopping;
      expect(steps(t.logs, [SHUTTING_DOWN, CLOSING, GRACE_OVER, SHUT_DOWN])).to.deep.equal([
        SHUTTING_DOWN,
        'GET /readyz 503',
        'GET /?breed=husky 200',
        CLOSING,
        SHUT_DOWN,
      ]);
      expect(t.logs.find((l) => l.msg === SHUTTING_DOWN)).to.deep.include({ level: 'info', inFlight: 0, delayMs: 2000, graceMs: 4000 });
      expect(t.logs.find((l) => l.msg === CLOSING)).to.deep.include({ level: 'info', inFlight: 0, connections: 1 });
      expect(t.logs.find((l) => l.msg === SHUT_DOWN)).to.deep.include({ level: 'info', timedOut: false });
    } finally {
      agent.destroy();
      await t.close();
    }
  });

  it('a request in flight when the listener closes is answered, with Connection: close, before the service is down', async () => {
    const t = await startTestService({ shutdownGraceMs: 10_000, upstreamTimeoutMs: 20_000, upstreamAttemptTimeoutMs: 20_000 });
    const idle = new http.Agent({ keepAlive: true });
    const busy = new http.Agent({ keepAlive: true });
    try {
      expect((await get(t.url, '/api/breeds', idle)).status).to.equal(200);
      t.stub.setDelay(1500);
      const slow = get(t.url, '/?breed=pug', busy);
      await until(() => t.stub.callCount('/api/breed/pug/images') === 1, 'the request to reach the Dog API');
      const stopping = t.service.shutdown();
      expect(await slow).to.deep.include({ status: 200, connection: 'close' });
      await stopping;
      expect(steps(t.logs, [SHUTTING_DOWN, CLOSING, GRACE_OVER, SHUT_DOWN])).to.deep.equal([
        'GET /api/breeds 200',
        SHUTTING_DOWN,
        CLOSING,
        'GET /?breed=pug 200',
        SHUT_DOWN,
      ]);
      expect(t.logs.find((l) => l.msg === SHUTTING_DOWN)).to.deep.include({ inFlight: 1, delayMs: 0, graceMs: 10_000 });
      expect(t.logs.find((l) => l.msg === CLOSING), 'the idle connection and the busy one').to.deep.include({ inFlight: 1, connections: 2 });
      expect(t.logs.find((l) => l.msg === SHUT_DOWN)).to.deep.include({ timedOut: false });
    } finally {
      idle.destroy();
      busy.destroy();
      await t.close();
    }
  });

  it('after SHUTDOWN_GRACE_MS: a warning with the requests still in flight, their Dog API calls aborted, a 503 for each, then down', async () => {
    const t = await startTestService({ shutdownGraceMs: 300, upstreamTimeoutMs: 20_000, upstreamAttemptTimeoutMs: 20_000 });
    const agent = new http.Agent({ keepAlive: true });
    try {
      expect((await get(t.url, '/api/breeds', agent)).status).to.equal(200);
      t.stub.setFault('hang');
      const pending = get(t.url, '/?breed=beagle', agent);
      await until(() => t.stub.callCount('/api/breed/beagle/images') === 1, 'the call to hang');
      await t.service.shutdown();
      const res = await pending;
      expect(res.status).to.equal(503);
      expect(res.body).to.include('The Dog API is unavailable');
      expect(steps(t.logs, [SHUTTING_DOWN, CLOSING, GRACE_OVER, SHUT_DOWN])).to.deep.equal([
        'GET /api/breeds 200',
        SHUTTING_DOWN,
        CLOSING,
        GRACE_OVER,
        'GET /?breed=beagle 503',
        SHUT_DOWN,
      ]);
      expect(t.logs.find((l) => l.msg === GRACE_OVER)).to.deep.include({ level: 'warn', inFlight: 1 });
      expect(t.logs.find((l) => l.msg === SHUT_DOWN)).to.deep.include({ level: 'info', timedOut: true });
    } finally {
      agent.destroy();
      await t.close();
    }
  });
});
