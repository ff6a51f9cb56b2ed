import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { expect } from 'chai';
import { parseLoadgenArgs } from '../../service/loadgen/options.js';
import { runLoad } from '../../service/loadgen/runner.js';

/** A server recording when each request arrived (ms on this process's clock) and with which headers. */
async function target(handle: (req: http.IncomingMessage, res: http.ServerResponse) => void = (_req, res) => res.end('ok')) {
  const arrivals: { at: number; url: string; userAgent?: string }[] = [];
  const server = http.createServer((req, res) => {
    arrivals.push({ at: performance.now(), url: req.url ?? '', userAgent: req.headers['user-agent'] });
    handle(req, res);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    arrivals,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}

/** Blocks this process's event loop for `ms`, as a paused or starved process is. */
function stall(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

// The runner's schedule and outcomes in the test process; the child-process tests of loadgen.test.ts cannot show a
// mutant of it.
describe('dog-loadgen runner: schedule, catch-up and outcomes', function () {
  this.timeout(30_000);

  it('sends request k no earlier than k/rps after the start: on a schedule, not all at once', async () => {
    const t = await target();
    try {
      const begun = performance.now();
      const stats = await runLoad(parseLoadgenArgs(['--url', t.url, '--rps', '10', '--duration', '0.6']), new AbortController().signal);
      expect(stats.sent).to.equal(6);
      expect(t.arrivals).to.have.length(6);
      t.arrivals.forEach((a, k) => expect(a.at - begun, `request ${k}`).to.be.at.least(k * 100 - 1));
    } finally {
      await t.close();
    }
  });

  it('measures latency from when a request was due, so a stalled sender shows in it, and never beyond the run', async () => {
    const t = await target();
    try {
      const begun = performance.now();
      setTimeout(() => stall(1000), 50);
      const stats = await runLoad(parseLoadgenArgs(['--url', t.url, '--rps', '20', '--duration', '0.5']), new AbortController().signal);
      const took = performance.now() - begun;
      // Up to a second's worth due at once is sent late rather than skipped: all 10, none missed.
      expect({ sent: stats.sent, missed: stats.missed, ok: stats.ok }).to.deep.equal({ sent: 10, missed: 0, ok: 10 });
      // The last request was due at 450 ms and could not leave before the stall ended (after 1 050 ms).
      expect(stats.maxLatencyMs).to.be.at.least(590);
      expect(stats.maxLatencyMs).to.be.at.most(took);
    } finally {
      await t.close();
    }
  });

  it('after a stall longer than a second, sends one second of the backlog and skips the rest as missed', async () => {
    const t = await target();
    try {
      setTimeout(() => stall(2000), 50);
      const stats = await runLoad(parseLoadgenArgs(['--url', t.url, '--rps', '5', '--duration', '3']), new AbortController().signal);
      // 15 were due; after the stall at most 5 (a second's worth) go at once, the others are counted, not sent.
      expect(stats.missed).to.be.at.least(1);
      expect(stats.sent + stats.missed).to.equal(15);
      expect(t.arrivals).to.have.length(stats.sent);
      expect(stats.ok).to.equal(stats.sent);
    } finally {
      await t.close();
    }
  });

  it('at 1 request a second or less, sends on time without counting anything as missed', async () => {
    const t = await target();
    try {
      const stats = await runLoad(parseLoadgenArgs(['--url', t.url, '--rps', '1', '--duration', '1']), new AbortController().signal);
      expect({ sent: stats.sent, missed: stats.missed, ok: stats.ok }).to.deep.equal({ sent: 1, missed: 0, ok: 1 });
    } finally {
      await t.close();
    }
  });

  it('stops between two requests at once, not when the next is due', async () => {
    const t = await target();
    try {
      const stop = new AbortController();
      // One request every 100 s: the first goes at once, the stop comes while waiting for the second.
      const stopped = runLoad(parseLoadgenArgs(['--url', t.url, '--rps', '0.01']), stop.signal);
      while (t.arrivals.length < 1) await new Promise((resolve) => setTimeout(resolve, 20));
      stop.abort();
      const stats = await stopped;
      expect({ sent: stats.sent, ok: stats.ok }).to.deep.equal({ sent: 1, ok: 1 });
    } finally {
      await t.close();
    }
  });

  it('at the end of --duration, waits for answers still coming, up to --timeout: they count, none abandoned', async () => {
    // Answered after 5.5 s, past the 5 s a stop would give, within the 30 s timeout.
    const t = await target((_req, res) => void setTimeout(() => res.end('late'), 5500));
    try {
      const stats = await runLoad(parseLoadgenArgs(['--url', t.url, '--rps', '10', '--duration', '0.1', '--timeout', '30']), new AbortController().signal);
      expect({ sent: stats.sent, ok: stats.ok, abandoned: stats.abandoned }).to.deep.equal({ sent: 1, ok: 1, abandoned: 0 });
    } finally {
      await t.close();
    }
  });

  it('names itself in User-Agent and does not follow redirects: a 302 counts as the 302 it is', async () => {
    const t = await target((req, res) => {
      if (req.url === '/') res.writeHead(302, { location: '/elsewhere' }).end();
      else res.writeHead(500).end();
    });
    try {
      const stats = await runLoad(parseLoadgenArgs(['--url', t.url, '--rps', '10', '--duration', '0.2']), new AbortController().signal);
      expect(t.arrivals.map((a) => [a.url, a.userAgent])).to.deep.equal([
        ['/', 'dog-app-mesh-loadgen'],
        ['/', 'dog-app-mesh-loadgen'],
      ]);
      expect(Object.fromEntries(stats.outcomes)).to.deep.equal({ 302: 2 });
      expect(stats.ok).to.equal(2);
    } finally {
      await t.close();
    }
  });

  it('counts a request unanswered after --timeout as a timeout error', async () => {
    const t = await target(() => undefined);
    try {
      const stats = await runLoad(parseLoadgenArgs(['--url', t.url, '--rps', '10', '--duration', '0.1', '--timeout', '0.3']), new AbortController().signal);
      expect(Object.fromEntries(stats.outcomes)).to.deep.equal({ timeout: 1 });
      expect({ errors: stats.errors, ok: stats.ok, abandoned: stats.abandoned }).to.deep.equal({ errors: 1, ok: 0, abandoned: 0 });
      expect(stats.percentile(50), 'latency is of answered requests').to.equal(undefined);
    } finally {
      await t.close();
    }
  });

  it('counts a refused connection as a network error', async () => {
    const t = await target();
    await t.close();
    const stats = await runLoad(parseLoadgenArgs(['--url', t.url, '--rps', '10', '--duration', '0.1']), new AbortController().signal);
    expect(Object.fromEntries(stats.outcomes)).to.deep.equal({ network: 1 });
    expect(stats.errors).to.equal(1);
  });

  it('at a stop, gives requests still unanswered 5 s and then abandons them: neither ok nor errors', async () => {
    const t = await target(() => undefined);
    try {
      const stop = new AbortController();
      const stopped = runLoad(parseLoadgenArgs(['--url', t.url, '--rps', '10', '--timeout', '60']), stop.signal);
      while (t.arrivals.length < 2) await new Promise((resolve) => setTimeout(resolve, 20));
      stop.abort();
      const stats = await stopped;
      expect(stats.abandoned).to.equal(stats.sent);
      expect(stats.abandoned).to.be.at.least(2);
      expect({ ok: stats.ok, errors: stats.errors, outcomes: stats.outcomes.size }).to.deep.equal({ ok: 0, errors: 0, outcomes: 0 });
    } finally {
      await t.close();
    }
  });
});
