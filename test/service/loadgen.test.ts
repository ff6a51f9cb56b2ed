import { execFile, spawn } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { LoadStats, statusLine } from '../../service/loadgen/stats.js';
import type { Summary } from '../../service/loadgen/stats.js';
import { startTestService, type TestService } from '../service/support.js';

const run = promisify(execFile);
const CLI = ['--import', 'tsx', 'service/loadgen/main.ts'];

async function loadgen(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [...CLI, ...args], { timeout: 30_000 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

function summaryOf(stdout: string): Summary {
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as Summary;
}

/** A round-robin proxy in front of several services: what a mesh does with a 50/50 canary split. */
async function roundRobin(targets: string[]): Promise<{ url: string; close(): Promise<void> }> {
  let next = 0;
  const agent = new http.Agent({ keepAlive: true });
  const server = http.createServer((req, res) => {
    const target = new URL(req.url ?? '/', targets[next++ % targets.length]);
    const upstream = http.request(target, { method: req.method, headers: req.headers, agent }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      agent.destroy();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

describe('dog-loadgen', function () {
  this.timeout(60_000);

  describe('arguments', () => {
    for (const [args, message] of [
      [[], '--url is required'],
      [['--url', 'ftp://example.org/'], '--url must be an http:// or https:// URL'],
      [['--url', 'not a url'], '--url must be an absolute http(s) URL'],
      [['--url', 'http://127.0.0.1:1/', '--rps', '0'], '--rps must be a number above 0'],
      [['--url', 'http://127.0.0.1:1/', '--rps', 'fast'], '--rps must be a number above 0'],
      [['--url', 'http://127.0.0.1:1/', '--duration=-1'], '--duration must be a number above 0'],
      [['--url', 'http://127.0.0.1:1/', '--max-error-rate', '2'], '--max-error-rate must be a fraction from 0 to 1'],
      [['--url', 'http://127.0.0.1:1/', '--frobnicate'], "Unknown option '--frobnicate'"],
    ] as [string[], string][]) {
      it(`${args.join(' ') || '(none)'}: exit 2 with "${message}"`, async () => {
        const { code, stderr } = await loadgen(...args);
        expect(code).to.equal(2);
        expect(stderr).to.include(`dog-loadgen: ${message}`);
        expect(stderr).not.to.match(/\n\s+at /);
      });
    }

    it('--help prints the usage and exits 0', async () => {
      const { code, stdout } = await loadgen('--help');
      expect(code).to.equal(0);
      expect(stdout).to.match(/^Usage: dog-loadgen --url URL/);
      expect(stdout).to.include('--max-error-rate');
    });

  });

  describe('against the service', () => {
    let v1: TestService;
    let v2: TestService;
    before(async () => {
      v1 = await startTestService({ appVersion: 'v1' });
      v2 = await startTestService({ appVersion: 'v2' });
    });
    after(async () => {
      await v1.close();
      await v2.close();
    });

    it('sends exactly rps × duration requests and reports them, exit 0', async () => {
      const { code, stdout, stderr } = await loadgen('--url', `${v1.url}/?breed=husky`, '--rps', '25', '--duration', '1.2', '--json');
      expect(code, stderr).to.equal(0);
      const s = summaryOf(stdout);
      expect(s).to.deep.include({ sent: 30, completed: 30, ok: 30, errors: 0, errorRate: 0, passed: true, missed: 0 });
      expect(s.outcomes).to.deep.equal({ 200: 30 });
      expect(s.versions).to.deep.equal([{ version: 'v1', count: 30, share: 1 }]);
      expect(s.latencyMs.p50).to.be.a('number').above(0);
      expect(s.latencyMs.p99!).to.be.at.least(s.latencyMs.p50!);
      expect(v1.stub.callCount('/api/breed/husky/images'), 'the service cached the breed').to.equal(1);
    });

    it('reports the share of answers per x-app-version behind a 50/50 split', async () => {
      const proxy = await roundRobin([v1.url, v2.url]);
      try {
        const { code, stdout } = await loadgen('--url', `${proxy.url}/api/image?breed=pug`, '--rps', '20', '--duration', '1', '--json');
        expect(code).to.equal(0);
        expect(summaryOf(stdout).versions).to.deep.equal([
          { version: 'v1', count: 10, share: 0.5 },
          { version: 'v2', count: 10, share: 0.5 },
        ]);
      } finally {
        await proxy.close();
      }
    });

    it('prints a readable summary with the version shares', async () => {
      const { code, stdout } = await loadgen('--url', `${v2.url}/`, '--rps', '10', '--duration', '0.5');
      expect(code).to.equal(0);
      expect(stdout).to.match(/^loadgen summary: http:\/\/127\.0\.0\.1:\d+\/ at 10 req\/s/m);
      expect(stdout).to.match(/requests {2}5 sent, 5 completed, 5 ok, 0 errors \(0\.0%\)/);
      expect(stdout).to.match(/latency {3}p50 [\d.]+ms {2}p90 [\d.]+ms {2}p99 [\d.]+ms/);
      expect(stdout).to.include('versions  v2: 5 (100.0%)');
      expect(stdout).to.include('result    ok:');
    });

    it('exits 1 when the error rate passes the threshold (the Dog API is down, nothing cached)', async () => {
      v1.stub.setFault('500');
      try {
        const { code, stdout } = await loadgen('--url', `${v1.url}/?breed=chow`, '--rps', '10', '--duration', '0.5', '--max-error-rate', '5%', '--json');
        expect(code).to.equal(1);
        const s = summaryOf(stdout);
        expect(s.errors).to.equal(5);
        expect(s.passed).to.equal(false);
        expect(Object.keys(s.outcomes).every((status) => ['502', '503'].includes(status))).to.equal(true);
      } finally {
        v1.stub.setFault(undefined);
      }
    });

    it('counts failed connections as errors', async () => {
      const { code, stdout } = await loadgen('--url', 'http://127.0.0.1:1/', '--rps', '5', '--duration', '0.4', '--json');
      expect(code).to.equal(1);
      expect(summaryOf(stdout)).to.deep.include({ sent: 2, errors: 2, outcomes: { network: 2 } });
    });

    it('runs until SIGTERM with periodic log lines when not on a terminal, then prints the summary and exits 0', async () => {
      const child = spawn(process.execPath, [...CLI, '--url', `${v1.url}/healthz`, '--rps', '20', '--report-every', '0.2'], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const lines: string[] = [];
      const progress = new Promise<void>((resolve) => {
        createInterface({ input: child.stdout }).on('line', (line) => {
          lines.push(line);
          // On a loaded machine the first report may come before any answer: wait for one that counts answers.
          if (lines.some((l) => /^loadgen: .* ok [1-9]/.test(l)) && lines.filter((l) => l.startsWith('loadgen: ')).length >= 2) resolve();
        });
      });
      await progress;
      child.kill('SIGTERM');
      const [code] = (await once(child, 'exit')) as [number];
      expect(code).to.equal(0);
      const answered = lines.find((l) => /^loadgen: .* ok [1-9]/.test(l));
      expect(answered).to.match(/^loadgen: [\d.]+s {2}sent \d+ {2}ok \d+ {2}errors 0 \(0\.0%\) {2}p50 [\d.]+ms {2}p99 [\d.]+ms {2}v1 100\.0%$/);
      expect(lines.join('\n')).to.match(/^loadgen summary: /m);
    });
  });

  it('the live status line shows sent, ok, errors, p50/p99 and the versions', () => {
    const stats = new LoadStats();
    stats.sent = 4;
    stats.record({ status: 200, version: 'v1' }, 10);
    stats.record({ status: 200, version: 'v2' }, 20);
    stats.record({ status: 503, version: 'v1' }, 30);
    stats.record({ failure: 'timeout' }, 10_000);
    expect(statusLine(stats, 3)).to.equal('3.0s  sent 4  ok 2  errors 2 (50.0%)  p50 20ms  p99 30ms  v1 66.7%  v2 33.3%');
  });
});
