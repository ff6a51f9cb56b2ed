import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { replaceOnSuccess } from '../../scripts/replace-on-success.js';

const run = promisify(execFile);
const SYNTH = resolve('scripts/synth.ts');
const TSX = pathToFileURL(resolve('node_modules/tsx/dist/esm/index.mjs')).href;

describe('npm run synth replaces dist/ only on success', function () {
  this.timeout(120_000);
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dog-app-mesh-synth-script-'));
    await mkdir(join(dir, 'dist'));
    await writeFile(join(dir, 'dist', 'app.k8s.yaml'), 'kind: Before\n');
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('leaves the folder as it was, and no staging folder, when producing fails', async () => {
    const failure = replaceOnSuccess(join(dir, 'dist'), async (out) => {
      await writeFile(join(out, 'half.yaml'), 'kind: Half\n');
      throw new Error('synth failed');
    });
    expect(await failure.then(() => 'resolved', (err: Error) => err.message)).to.equal('synth failed');
    expect(await readdir(dir)).to.deep.equal(['dist']);
    expect(await readdir(join(dir, 'dist'))).to.deep.equal(['app.k8s.yaml']);
    expect(await readFile(join(dir, 'dist', 'app.k8s.yaml'), 'utf8')).to.equal('kind: Before\n');
  });

  it('swaps in the new contents whole when producing succeeds', async () => {
    await replaceOnSuccess(join(dir, 'dist'), (out) => writeFile(join(out, 'new.k8s.yaml'), 'kind: After\n'));
    expect(await readdir(dir)).to.deep.equal(['dist']);
    expect(await readdir(join(dir, 'dist'))).to.deep.equal(['new.k8s.yaml']);
  });

  it('keeps dist/ when the cdk8s app fails, and says so', async () => {
    await writeFile(join(dir, 'cdk8s.yaml'), 'language: typescript\napp: node -e "process.exit(3)"\noutput: dist\n');
    const failed = await run(process.execPath, ['--import', TSX, SYNTH], { cwd: dir }).then(
      () => undefined,
      (err: { code: number; stderr: string }) => err,
    );
    expect(failed?.code).to.equal(1);
    expect(failed?.stderr).to.include('dist/ is unchanged');
    expect(await readdir(dir)).to.have.members(['dist', 'cdk8s.yaml']);
    expect(await readFile(join(dir, 'dist', 'app.k8s.yaml'), 'utf8')).to.equal('kind: Before\n');
  });
});
