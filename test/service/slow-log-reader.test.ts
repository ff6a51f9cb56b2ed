import { expect } from 'chai';
import { startDogApiStub, type DogApiStub } from '../support/dog-api-stub.js';
import { spawnService, until, type Spawned } from './process.js';

/**
 * The log lines go to stdout, a pipe read by the container runtime. When that reader falls behind, the pipe fills;
 * the service must keep answering (its lines wait in memory) and hand every line over once the reader catches up.
 */
describe('a log reader that falls behind (real process)', function () {
  this.timeout(120_000);
  let stub: DogApiStub;
  let svc: Spawned | undefined;
  before(async () => {
    stub = await startDogApiStub();
  });
  after(async () => {
    if (svc && svc.child.exitCode === null) {
      svc.child.kill('SIGKILL');
      await svc.exit;
    }
    await stub.close();
  });

  it('does not hold up the answers, and loses no line once the reader catches up', async () => {
    svc = await spawnService({ DOG_API_URL: stub.url });
    const stdout = svc.child.stdout!;
    stdout.pause(); // stop reading: past the pipe's 64 KiB and this side's buffer, the service's writes would block
    // Each request line carries its URL (cut to 512 characters) and user agent (256): about 1 KB, so 300 of them are
    // several times what the pipe and this side's buffer hold.
    const pad = 'p'.repeat(480);
    const agent = 'slow-log-reader/1.0 '.padEnd(250, 'a');
    const total = 300;
    const answered: number[] = [];
    const failures: string[] = [];
    const one = async (i: number) => {
      try {
        const res = await fetch(`${svc!.url}/static/favicon.svg?n=${i}&pad=${pad}`, { headers: { 'user-agent': agent }, signal: AbortSignal.timeout(30_000) });
        await res.arrayBuffer();
        answered.push(res.status);
      } catch (err) {
        failures.push(`${i}: ${(err as Error).name}`);
      }
    };
    for (let i = 0; i < total && failures.length === 0; i += 10) await Promise.all(Array.from({ length: 10 }, (_, j) => one(i + j)));
    expect(failures.slice(0, 5), 'requests left unanswered while stdout was not read').to.deep.equal([]);
    expect(answered).to.have.length(total);
    expect(answered.every((status) => status === 200)).to.equal(true);

    const before = svc.logs.filter((l) => l.msg === 'request completed').length;
    expect(before, 'the reader had fallen behind').to.be.below(total);
    stdout.resume();
    const lines = () => svc!.logs.filter((l) => l.msg === 'request completed' && String((l.req as { url: string }).url).startsWith('/static/favicon.svg?n='));
    await until(() => lines().length >= total, 'every request line', 60_000);
    expect(lines().map((l) => Number(/n=(\d+)/.exec((l.req as { url: string }).url)![1])).sort((a, b) => a - b)).to.deep.equal(Array.from({ length: total }, (_, i) => i));
    for (const line of lines()) expect(line).to.deep.include({ level: 'info', res: { statusCode: 200 } });

    svc.child.kill('SIGTERM');
    expect(await svc.exit).to.deep.equal({ code: 0, signal: null });
  });
});
