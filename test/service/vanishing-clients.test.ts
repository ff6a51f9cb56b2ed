import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'chai';
import { metric, startTestService } from './support.js';

/** Polls `what` until it holds, for at most `tries` turns of 10 ms; the last value is asserted by the caller. */
async function eventually<T>(what: () => T | Promise<T>, done: (value: T) => boolean, tries = 1000): Promise<T> {
  let value = await what();
  for (let i = 0; i < tries && !done(value); i++) {
    await sleep(10);
    value = await what();
  }
  return value;
}

describe('a client that goes away with an answer being made and more requests waiting', function () {
  this.timeout(30_000);

  it('leaves no request in flight and its connection closed, starts none of the waiting requests, and logs no error', async () => {
    const t = await startTestService({ upstreamTimeoutMs: 10_000, upstreamAttemptTimeoutMs: 8000 }); // the Dog API is slow, not failing
    try {
      expect((await t.get('/api/breeds')).status).to.equal(200);
      t.stub.setDelay(300);
      const accepted: net.Socket[] = [];
      t.service.server.on('connection', (s: net.Socket) => accepted.push(s));
      const { port } = new URL(t.url);
      const socket = net.connect(Number(port), '127.0.0.1');
      socket.on('error', () => undefined);
      await new Promise((resolve) => socket.once('connect', resolve));
      const served = await eventually(() => accepted.find((s) => s.remotePort === socket.localPort), (s) => s !== undefined);
      expect(served, 'the service accepted the connection').not.to.equal(undefined);
      socket.write(['/?breed=husky', '/api/image?breed=beagle', '/?breed=pug'].map((p) => `GET ${p} HTTP/1.1\r\nHost: x\r\n\r\n`).join(''));
      expect(await eventually(() => t.service.app.inFlight, (n) => n === 1), 'the first request is being answered').to.equal(1);
      socket.resetAndDestroy();

      expect(await eventually(() => t.service.app.inFlight, (n) => n === 0), 'requests in flight').to.equal(0);
      expect(await eventually(() => served!.destroyed, (d) => d), 'the service closed its end').to.equal(true);
      const text = await t.metrics();
      expect(metric(text, 'http_requests_in_flight'), 'only the scrape itself').to.equal(1);
      expect(metric(text, 'http_requests_total', { route: '/' }), 'the first request, counted once').to.equal(1);
      expect(metric(text, 'http_requests_total', { route: '/api/image' }), 'a waiting request is never started').to.equal(0);
      expect(t.stub.callCount('/api/breed/beagle/images'), 'nor does it call the Dog API').to.equal(0);
      expect(t.stub.callCount('/api/breed/pug/images')).to.equal(0);
      expect(t.logs.filter((l) => l.level === 'error' || l.level === 'fatal')).to.deep.equal([]);
    } finally {
      t.stub.setDelay(0);
      await t.close();
    }
  });
});
