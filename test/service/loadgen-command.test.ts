import { EventEmitter, once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { expect } from 'chai';
import { run, type LoadgenIo } from '../../service/loadgen/command.js';
import { LOADGEN_HELP } from '../../service/loadgen/options.js';

/** A server answering 200 as v1, or `status` when given. */
async function target(status = 200) {
  let requests = 0;
  const server = http.createServer((_req, res) => {
    requests++;
    res.writeHead(status, { 'x-app-version': 'v1' });
    res.end('ok');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    requests: () => requests,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

const CLEAR_LINE = '\r\u001b[2K';

/** `run()` with captured output and a signal source of its own, as `dog-loadgen` on a terminal or not. */
function io({ tty = false } = {}) {
  const out = { stdout: '', stderr: '' };
  const signals = new EventEmitter();
  const streams: LoadgenIo = {
    stdout: { write: (t: string) => (out.stdout += t), isTTY: tty },
    stderr: { write: (t: string) => (out.stderr += t) },
    signals,
  };
  return { out, signals, streams };
}

// loadgen.test.ts runs the command as a child process (where no mutant is active); these run it in the test process.
describe('dog-loadgen command, in-process', function () {
  this.timeout(30_000);

  it('prints the help and exits 0 without sending anything', async () => {
    const { out, streams } = io();
    expect(await run(['--help'], streams)).to.equal(0);
    expect(out.stdout).to.equal(`${LOADGEN_HELP}\n`);
    expect(out.stderr).to.equal('');
  });

  it('announces the run, prints the summary as JSON and exits 0 within the error budget', async () => {
    const t = await target();
    const { out, signals, streams } = io();
    try {
      const begun = performance.now();
      const code = await run(['--url', t.url, '--rps', '10', '--duration', '0.3', '--json'], streams);
      const took = (performance.now() - begun) / 1000;
      expect(out.stderr).to.equal(`loadgen: ${t.url} at 10 req/s for 0.3s\n`);
      const summary = JSON.parse(out.stdout) as { durationSeconds: number };
      expect(summary).to.deep.include({ url: t.url, rps: 10, sent: 3, ok: 3, errors: 0, passed: true });
      expect(t.requests()).to.equal(3);
      expect(summary.durationSeconds).to.be.within(0.2, took + 0.001);
      expect(code).to.equal(0);
      expect(signals.listenerCount('SIGTERM') + signals.listenerCount('SIGINT'), 'signal handlers removed').to.equal(0);
    } finally {
      await t.close();
    }
  });

  it('exits 1 over the error budget, with the text summary saying so', async () => {
    const t = await target(503);
    const { out, streams } = io();
    try {
      const code = await run(['--url', t.url, '--rps', '10', '--duration', '0.2'], streams);
      const lines = out.stdout.split('\n');
      expect(lines[0]).to.match(/^loadgen summary: http:\/\/127\.0\.0\.1:\d+\/ at 10 req\/s for \d+\.\ds$/);
      expect(lines).to.include('  outcomes  503: 2');
      expect(lines).to.include('  result    FAILED: error rate 100.0% is above 1.0%');
      expect(code).to.equal(1);
    } finally {
      await t.close();
    }
  });

  it('runs until SIGTERM or SIGINT, says so once, and reports what it sent', async () => {
    const t = await target();
    const { out, signals, streams } = io();
    try {
      const running = run(['--url', t.url, '--rps', '20', '--json'], streams);
      expect(out.stderr).to.equal(`loadgen: ${t.url} at 20 req/s until stopped (SIGTERM/SIGINT)\n`);
      while (t.requests() < 2) await new Promise((resolve) => setTimeout(resolve, 20));
      signals.emit('SIGTERM', 'SIGTERM');
      signals.emit('SIGINT', 'SIGINT');
      const code = await running;
      expect(out.stderr.split('\n').slice(1)).to.deep.equal(['loadgen: SIGTERM, stopping', '']);
      const summary = JSON.parse(out.stdout) as { sent: number; ok: number };
      expect(summary.sent).to.equal(t.requests());
      expect(summary.ok).to.equal(summary.sent);
      expect(code).to.equal(0);
      expect(signals.listenerCount('SIGTERM') + signals.listenerCount('SIGINT')).to.equal(0);
    } finally {
      await t.close();
    }
  });

  it('stops on SIGINT too', async () => {
    const t = await target();
    const { out, signals, streams } = io();
    try {
      const running = run(['--url', t.url, '--rps', '20', '--json'], streams);
      while (t.requests() < 1) await new Promise((resolve) => setTimeout(resolve, 20));
      signals.emit('SIGINT', 'SIGINT');
      expect(await running).to.equal(0);
      expect(out.stderr).to.contain('loadgen: SIGINT, stopping\n');
    } finally {
      await t.close();
    }
  });

  it('writes a progress line every --report-every seconds when stdout is not a terminal', async () => {
    const t = await target();
    const { out, streams } = io();
    try {
      await run(['--url', t.url, '--rps', '10', '--duration', '1.5', '--report-every', '0.1', '--json'], streams);
      const progress = out.stdout.split('\n').filter((l) => l.startsWith('loadgen: '));
      expect(progress.length, out.stdout).to.be.at.least(1);
      for (const line of progress) expect(line).to.match(/^loadgen: \d+\.\ds {2}sent \d+ {2}ok \d+ {2}errors \d+ \(\d+\.\d%\)/);
      expect(out.stdout).not.to.contain('\r');
    } finally {
      await t.close();
    }
  });

  it('on a terminal, redraws the status line in place and ends it with a newline before the summary', async () => {
    const t = await target();
    const { out, signals, streams } = io({ tty: true });
    try {
      const running = run(['--url', t.url, '--rps', '20', '--duration', '1.5'], streams);
      // Stopped once the status line has been redrawn (every 250 ms) at least once before the final one.
      while (out.stdout.split(CLEAR_LINE).length < 2) await new Promise((resolve) => setTimeout(resolve, 20));
      signals.emit('SIGTERM', 'SIGTERM');
      await running;
      // On a terminal the stop notice starts on a line of its own, after the status line being redrawn.
      expect(out.stderr.split('\n')).to.deep.equal([`loadgen: ${t.url} at 20 req/s for 1.5s`, '', 'loadgen: SIGTERM, stopping', '']);
      const [status, ...summary] = out.stdout.split('\n');
      const redraws = status.split(CLEAR_LINE);
      expect(redraws[0], 'each redraw starts by clearing the line').to.equal('');
      expect(redraws.length, 'redrawn while running, then once at the end').to.be.at.least(3);
      expect(redraws.at(-1)).to.match(/^\d+\.\ds {2}sent \d+ {2}ok \d+/);
      expect(summary[0]).to.match(/^loadgen summary: /);
      expect(out.stdout).not.to.match(/^loadgen: /m);
    } finally {
      await t.close();
    }
  });
});
