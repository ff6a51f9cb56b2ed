import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '../..');
const script = join(root, 'scripts', 'import-crds.ts');
const tsx = join(root, 'node_modules', '.bin', 'tsx');
const sharedCrds = resolve(root, '../shared/crds');

/** Runs the import script on a scratch project; resolves to its exit code and output. */
async function importInto(project: string, env: Record<string, string> = {}): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await run(tsx, [script], { env: { ...process.env, IMPORT_ROOT: project, ...env }, timeout: 240_000 });
    return { code: 0, output: stdout + stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

function scratchProject(imports: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'import-crds-test-'));
  writeFileSync(join(dir, 'cdk8s.yaml'), `language: typescript\nimportDirectory: imports\nimports:\n${imports.map((i) => `  - ${i}\n`).join('')}`);
  mkdirSync(join(dir, 'imports'));
  writeFileSync(join(dir, 'imports', 'committed.ts'), '// the committed import\n');
  writeFileSync(join(dir, 'imports', 'README.md'), 'kept\n');
  return dir;
}

describe('npm run import (scripts/import-crds.ts)', function () {
  this.timeout(300_000);
  const dirs: string[] = [];
  after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('leaves the committed imports unchanged when a pinned CRD can be neither read locally nor fetched', async () => {
    // Port 9 (discard) on the loopback: nothing listens, the fetch fails at once, as it does offline.
    const project = scratchProject(['broken:=http://127.0.0.1:9/crd.yaml']);
    dirs.push(project);
    const { code, output } = await importInto(project, { CRD_DIR: join(project, 'no-such-folder') });
    expect(code).to.not.equal(0);
    expect(readdirSync(join(project, 'imports')).sort()).to.deep.equal(['README.md', 'committed.ts']);
    expect(readFileSync(join(project, 'imports', 'committed.ts'), 'utf8')).to.equal('// the committed import\n');
    expect(output).to.include('left unchanged').and.include('http://127.0.0.1:9/crd.yaml');
  });

  it('replaces the generated files (and only those) when every import succeeds, from the local copy', async function () {
    if (!existsSync(join(sharedCrds, 'flagger-v1.44.0-crd.yaml'))) {
      if (process.env.CI === 'true') throw new Error(`the pinned CRDs are missing from ${sharedCrds}`);
      this.skip();
    }
    const project = scratchProject(['flagger:=https://raw.githubusercontent.com/fluxcd/flagger/v1.44.0/artifacts/flagger/crd.yaml']);
    dirs.push(project);
    const { code, output } = await importInto(project, { CRD_DIR: sharedCrds });
    expect(code, output).to.equal(0);
    expect(readdirSync(join(project, 'imports')).sort()).to.deep.equal(['README.md', 'crd-schemas.ts', 'flagger-flagger.app.ts']);
    const generated = readFileSync(join(project, 'imports', 'flagger-flagger.app.ts'), 'utf8');
    expect(generated).to.include('export class Canary extends ApiObject').and.include('export class MetricTemplate extends ApiObject');
    expect(readFileSync(join(project, 'imports', 'crd-schemas.ts'), 'utf8')).to.include('\\"kind\\":\\"Canary\\"');
  });
});
