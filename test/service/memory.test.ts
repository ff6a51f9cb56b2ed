import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'chai';
import { startDogApiStub, type DogApiStub } from '../support/dog-api-stub.js';
import { peakWhile, spawnService, type Spawned } from './process.js';

/**
 * Memory under attack, measured on the real process (the pod's limit is 256 Mi). The ceilings are generous: what they
 * guard is bounded against unbounded: before the bounds, the pipelining attack grew the process by about 300 MiB and
 * the brotli bombs by 540 to 640 MiB. Gzip bombs were already bounded by the body limit (about +110 MiB): there the
 * ceiling guards that decoding stays bounded (unbounded, 32 bombs of 64 MiB would take gigabytes). Each attack also
 * makes garbage that the collector lets grow by several tens of MiB before it runs.
 */
const GROWTH_CEILING_MIB = 128;
const report: string[] = [];

describe('memory under attack (real process)', function () {
  this.timeout(90_000);
  let stub: DogApiStub;
  let svc: Spawned;
  before(async () => {
    stub = await startDogApiStub();
  });
  after(async () => {
    if (report.length) console.log(`      RSS under attack:\n${report.map((r) => `        ${r}`).join('\n')}`);
    await stub.close();
  });
  beforeEach(async () => {
    stub.reset();
    svc = await spawnService({ DOG_API_URL: stub.url, BREAKER_THRESHOLD: '1000' });
    expect((await fetch(`${svc.url}/api/breeds`)).status).to.equal(200);
    expect((await fetch(`${svc.url}/metrics`)).status).to.equal(200);
    await sleep(200);
  });
  afterEach(async () => {
    svc.child.kill('SIGKILL');
    await svc.exit;
  });

  it('clients that pipeline requests and never read: RSS stays bounded and other visitors are served', async () => {
    const base = svc.rssMiB();
    const { port } = new URL(svc.url);
    const request = (n: number) => 'GET /metrics HTTP/1.1\r\nHost: attack\r\n\r\n'.repeat(n);
    // 250 fit under the limit of waiting requests (the connection stays open, stalled); 1000 do not.
    const counts = [250, 250, 250, 250, 250, 250, 1000, 1000];
    const sockets = counts.map((n) => {
      const socket = net.connect(Number(port), '127.0.0.1', () => socket.write(request(n)));
      socket.on('error', () => undefined);
      socket.pause(); // never reads an answer
      return socket;
    });
    const attack = (async () => {
      await sleep(500);
      const visitor: number[] = [];
      for (let i = 0; i < 5; i++) {
        const started = performance.now();
        const res = await fetch(`${svc.url}/healthz`, { headers: { connection: 'close' } });
        expect(res.status).to.equal(200);
        await res.text();
        visitor.push(performance.now() - started);
        await sleep(300);
      }
      return visitor;
    })();
    const peak = await peakWhile(attack, () => svc.rssMiB());
    const visitor = await attack;
    for (const socket of sockets) socket.destroy();
    report.push(`pipelining 6 × 250 and 2 × 1000 GET /metrics unread: ${base.toFixed(0)} → ${peak.toFixed(0)} MiB; /healthz meanwhile in ${visitor.map((ms) => Math.round(ms)).join(', ')} ms`);
    expect(peak - base, `RSS ${base.toFixed(0)} → ${peak.toFixed(0)} MiB`).to.be.below(GROWTH_CEILING_MIB);
    for (const ms of visitor) expect(ms, 'another visitor waited').to.be.below(2000);
  });

  for (const [fault, lieAboutSize] of [['brotli-bomb', false], ['gzip-bomb', false], ['gzip-bomb', true]] as const) {
    const name = `${fault}${lieAboutSize ? ' lying about its size' : ''}`;
    it(`${name}: answers from the Dog API, 32 at a time: every answer is a 5xx within the budget and RSS stays bounded`, async () => {
      const base = svc.rssMiB();
      stub.setFault(fault, { paths: /\/images$/, lieAboutSize });
      const breeds = Object.keys(stub.breeds).slice(0, 32);
      const statuses = new Set<number>();
      let slowest = 0;
      const attack = (async () => {
        const until = Date.now() + 4000;
        while (Date.now() < until) {
          await Promise.all(
            breeds.map(async (breed) => {
              const started = performance.now();
              const res = await fetch(`${svc.url}/api/image?breed=${breed}`);
              await res.text();
              statuses.add(res.status);
              slowest = Math.max(slowest, performance.now() - started);
            }),
          );
          await sleep(50);
        }
      })();
      const peak = await peakWhile(attack, () => svc.rssMiB());
      await attack;
      report.push(`${name}, 32 concurrent: ${base.toFixed(0)} → ${peak.toFixed(0)} MiB; slowest answer ${Math.round(slowest)} ms; statuses ${[...statuses].join(', ')}`);
      expect([...statuses].every((s) => s >= 500 && s < 600), `statuses ${[...statuses].join(', ')}`).to.equal(true);
      expect(slowest, 'within the 2.5 s budget, with room for a loaded machine').to.be.below(2500 + 1500);
      expect(peak - base, `RSS ${base.toFixed(0)} → ${peak.toFixed(0)} MiB`).to.be.below(GROWTH_CEILING_MIB);
    });
  }
});
