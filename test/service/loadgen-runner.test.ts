import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { parseLoadgenArgs } from '../../service/loadgen/options.js';
import { runLoad } from '../../service/loadgen/runner.js';
import { summaryData } from '../../service/loadgen/stats.js';

/** A server answering each request with the status `answer` gives for it, as version v1 or v2 in turn. */
async function target(answer: (n: number) => number) {
  let n = 0;
  const server = http.createServer((_req, res) => {
    const i = n++;
    res.writeHead(answer(i), { 'x-app-version': i % 2 === 0 ? 'v1' : 'v2', 'content-type': 'text/plain' });
    res.end('ok');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    requests: () => n,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

// The load generator's schedule and counting in the test process (loadgen.test.ts runs the command as a child
// process, where no mutant is active).
describe('dog-loadgen runner, in-process', function () {
  this.timeout(30_000);

  it('sends rps × duration requests on its schedule and counts each answer, its version and its outcome', async () => {
    const t = await target((i) => (i === 3 ? 503 : i === 5 ? 404 : 200));
    try {
      const options = parseLoadgenArgs(['--url', t.url, '--rps', '20', '--duration', '0.5', '--timeout', '5']);
      const stats = await runLoad(options, new AbortController().signal);
      const s = summaryData(stats, { url: t.url, rps: options.rps, elapsedSeconds: 0.5, maxErrorRate: options.maxErrorRate });
      // A process stalled for over a second skips what it missed instead of flooding: sent + missed is the schedule.
      expect(s.sent + s.missed, 'the schedule').to.equal(10);
      expect(t.requests()).to.equal(s.sent);
      expect(s).to.deep.include({ completed: s.sent, ok: s.sent - 2, errors: 2, errorRate: 2 / s.sent, abandoned: 0, passed: false });
      expect(Object.values(s.outcomes).reduce((a, b) => a + b, 0)).to.equal(s.sent);
      expect(s.versions.reduce((a, v) => a + v.count, 0)).to.equal(s.sent);
      expect(s.versions.map((v) => v.version).sort()).to.deep.equal(['v1', 'v2']);
    } finally {
      await t.close();
    }
  });

  it('stops when told to, and what it sent is what it counted', async () => {
    const t = await target(() => 200);
    try {
      const options = parseLoadgenArgs(['--url', t.url, '--rps', '50']);
      const stop = new AbortController();
      setTimeout(() => stop.abort(), 300);
      const stats = await runLoad(options, stop.signal);
      expect(stats.sent).to.be.above(0);
      expect(stats.completed + stats.abandoned).to.equal(stats.sent);
      expect(t.requests()).to.equal(stats.sent);
      expect(stats.errors).to.equal(0);
    } finally {
      await t.close();
    }
  });
});
