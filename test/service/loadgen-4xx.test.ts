import { execFile } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { once } from 'node:events';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { parseLoadgenArgs } from '../../service/loadgen/options.js';
import { runLoad } from '../../service/loadgen/runner.js';
import { LoadStats, summaryData, summaryText, type Summary } from '../../service/loadgen/stats.js';

const run = promisify(execFile);

/** A target that answers every request with `status`, as a canary behind a broken policy (403) or route (404) does. */
async function answering(status: number): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((_req, res) => {
    res.writeHead(status, { 'content-type': 'text/plain', 'x-app-version': 'canary' });
    res.end(`${status}\n`);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** One in-process run of the load generator, as `dog-loadgen` does it, and its summary. */
async function load(url: string, ...extra: string[]): Promise<Summary> {
  const options = parseLoadgenArgs(['--url', url, '--rps', '20', '--duration', '0.5', ...extra]);
  const stats = await runLoad(options, new AbortController().signal);
  return summaryData(stats, { url, rps: options.rps, elapsedSeconds: 0.5, maxErrorRate: options.maxErrorRate });
}

describe('dog-loadgen: what counts as an error', function () {
  this.timeout(60_000);

  for (const status of [403, 404]) {
    it(`a target answering ${status} to everything reports every request as an error and fails the run`, async () => {
      const target = await answering(status);
      try {
        const s = await load(target.url);
        expect(s).to.deep.include({ sent: 10, completed: 10, ok: 0, errors: 10, errorRate: 1, passed: false });
        expect(s.outcomes).to.deep.equal({ [status]: 10 });
        expect(s.versions).to.deep.equal([{ version: 'canary', count: 10, share: 1 }]);
        expect(summaryText(s)).to.match(/result {4}FAILED: error rate 100\.0% is above 1\.0%/);
      } finally {
        await target.close();
      }
    });
  }

  it('exits 1 from the command line against a 403-answering canary', async () => {
    const target = await answering(403);
    try {
      let code = 0;
      let stdout = '';
      try {
        ({ stdout } = await run(process.execPath, ['--import', 'tsx', 'service/loadgen/main.ts', '--url', target.url, '--rps', '10', '--duration', '0.5', '--json'], { timeout: 30_000 }));
      } catch (err) {
        ({ code, stdout } = err as { code: number; stdout: string });
      }
      expect(code).to.equal(1);
      expect(JSON.parse(stdout.trim().split('\n').at(-1)!)).to.deep.include({ sent: 5, ok: 0, errors: 5, passed: false });
    } finally {
      await target.close();
    }
  });

  it('counts 2xx and 3xx answers as ok, 4xx and 5xx answers and failures as errors', () => {
    const stats = new LoadStats();
    const ok = [200, 201, 204, 301, 302, 304, 399];
    const errors = [400, 401, 403, 404, 429, 499, 500, 502, 503, 504];
    for (const status of [...ok, ...errors]) stats.record({ status }, 5);
    stats.record({ failure: 'timeout' }, 5);
    stats.record({ failure: 'network' }, 5);
    expect({ ok: stats.ok, errors: stats.errors, completed: stats.completed }).to.deep.equal({ ok: ok.length, errors: errors.length + 2, completed: ok.length + errors.length + 2 });
    expect(stats.errorRate).to.equal(12 / 19);
    const informational = new LoadStats();
    informational.record({ status: 199 }, 5);
    expect(informational.errors, 'a status below 200 is not a success either').to.equal(1);
  });

  it('passes a run whose 4xx share stays within --max-error-rate, and fails it above', () => {
    const stats = new LoadStats();
    for (let i = 0; i < 99; i++) stats.record({ status: 200 }, 5);
    stats.record({ status: 404 }, 5);
    const run = { url: 'http://t/', rps: 10, elapsedSeconds: 10 };
    expect(summaryData(stats, { ...run, maxErrorRate: 0.01 }).passed).to.equal(true);
    expect(summaryData(stats, { ...run, maxErrorRate: 0.005 }).passed).to.equal(false);
  });
});
