import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { explainCommand } from '../../cli/explain.js';
import { UsageError } from '../../cli/commands.js';
import type { ExplainResult } from '../../constructs/index.js';

const run = promisify(execFile);
const DIST = ['dist/dog-app.k8s.yaml', 'dist/observability.k8s.yaml', 'dist/istio/istio-operator.k8s.yaml'];

async function explainIn(...args: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const code = await explainCommand(args, { write: (text) => void (out += text) });
  return { code, out };
}

describe('dog-app-mesh explain (CLI)', () => {
  it('prints the verdict and the versions reached on the first line, and exits 0 when allowed', async () => {
    const { code, out } = await explainIn(...DIST, '--from', 'ingress', 'GET', '/');
    expect(code).to.equal(0);
    expect(out.split('\n')[0]).to.equal('allowed: reaches versions v1 (90%), v2 (10%)');
    expect(out).to.match(/Gateway dog-app\/dog-app-gateway server 0/);
    expect(out).to.match(/VirtualService dog-app\/dog-app-ingress rule 0 "default"/);
  });

  it('takes headers with -H and exits 1 when denied', async () => {
    // dist/ keeps the header route for in-mesh callers; the ingress route has none (headerRoute.fromIngress).
    const inMesh = ['--from', 'dog-app/dog-app-loadgen', '-H', 'x-canary: always', 'GET', 'http://dog-app.dog-app.svc.cluster.local:8000/api/breeds'];
    expect((await explainIn(...DIST, ...inMesh)).out.split('\n')[0]).to.equal('allowed: reaches version v2');
    expect((await explainIn(...DIST, '--from', 'ingress', '-H', 'x-canary: always', 'GET', '/api/breeds')).out.split('\n')[0]).to.equal('allowed: reaches versions v1 (90%), v2 (10%)');
    const denied = await explainIn(...DIST, '--from', 'other/caller', 'GET', 'http://dog-app.dog-app.svc.cluster.local:8000/');
    expect(denied.code).to.equal(1);
    expect(denied.out).to.match(/^denied \(403\)/);
  });

  it('writes the whole result as JSON with -o json', async () => {
    const { out } = await explainIn(...DIST, '-o', 'json', '--from', 'dog-app/dog-app-loadgen', 'GET', 'http://dog-app.dog-app.svc.cluster.local:8000/');
    const result = JSON.parse(out) as ExplainResult;
    expect(result.verdict).to.equal('allowed');
    expect(result.destinations.map((d) => [d.subset, d.weight, d.workloads.map((w) => `${w.name}:${w.containerPort}`)])).to.deep.equal([
      ['v1', 90, ['dog-app-v1:8080']],
      ['v2', 10, ['dog-app-v2:8080']],
    ]);
  });

  it('rejects bad arguments with a usage error (exit 2 from the CLI)', async () => {
    for (const [args, message] of [
      [[...DIST, 'GET', '/'], /--from is required/],
      [[...DIST, '--from', 'nowhere', 'GET', '/'], /--from must be ingress, outside or NAMESPACE\/SERVICEACCOUNT/],
      [[...DIST, '--from', 'ingress', '-H', 'novalue', 'GET', '/'], /-H takes 'name: value'/],
      [['--from', 'ingress', 'GET', '/'], /expected files or folders/],
      [[...DIST, '--from', 'ingress', 'GET', 'static/style.css'], /PATH-OR-URL must start with/],
    ] as const) {
      let error: unknown;
      try {
        await explainIn(...args);
      } catch (err) {
        error = err;
      }
      expect(error, args.join(' ')).to.be.instanceOf(UsageError);
      expect((error as Error).message).to.match(message);
    }
  });

  it('is a command of the real CLI, with its exit status', async () => {
    try {
      await run(process.execPath, ['--import', 'tsx', 'cli/main.ts', 'explain', ...DIST, '--from', 'ingress', 'GET', '/metrics']);
      expect.fail('expected exit 1');
    } catch (err) {
      const e = err as { code: number; stdout: string };
      expect(e.code).to.equal(1);
      expect(e.stdout).to.match(/^denied \(403\)/);
    }
    const usage = await run(process.execPath, ['--import', 'tsx', 'cli/main.ts', 'explain', ...DIST, 'GET', '/']).catch((err: { code: number; stderr: string }) => err);
    expect(usage).to.include({ code: 2 });
    expect((usage as { stderr: string }).stderr).to.match(/dog-app-mesh explain: --from is required/);
  });
});
