import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';

const run = promisify(execFile);
const OUT = 'test-output/readme';

/** The README's TypeScript examples, with the package import pointed at the sources. */
async function examples(): Promise<string[]> {
  const readme = await readFile('README.md', 'utf8');
  return [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map(([, code]) =>
    code.replace(/from 'dog-app-mesh'/g, `from '${relative(OUT, 'constructs/index.js')}'`),
  );
}

describe('README', function () {
  this.timeout(120_000);
  let files: string[];

  before(async () => {
    await rm(OUT, { recursive: true, force: true });
    await mkdir(OUT, { recursive: true });
    files = [];
    for (const [i, code] of (await examples()).entries()) {
      const file = join(OUT, `example-${i}.ts`);
      await writeFile(file, code);
      files.push(file);
    }
  });

  it('has TypeScript examples that type-check', async () => {
    expect(files).to.have.length.greaterThan(1);
    const tsc = join('node_modules', 'typescript', 'bin', 'tsc');
    const flags = ['--noEmit', '--strict', '--skipLibCheck', '--target', 'es2023', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--types', 'node'];
    await run(process.execPath, [tsc, ...flags, ...files]).catch((err: { stdout: string }) => expect.fail(err.stdout));
  });

  it('has examples that synthesize', async () => {
    for (const file of files) {
      const outdir = await mkdtemp(join(tmpdir(), 'dog-app-mesh-readme-'));
      await run(process.execPath, ['--import', 'tsx', file], { env: { ...process.env, CDK8S_OUTDIR: outdir } });
      expect(await readdir(outdir), file).to.include('dog-app.k8s.yaml');
      await rm(outdir, { recursive: true, force: true });
    }
  });

  it('documents every DogAppMesh prop in its props table', async () => {
    const readme = await readFile('README.md', 'utf8');
    const section = readme.slice(readme.indexOf('### Props'), readme.indexOf('### The IstioOperator'));
    // Each part's props live beside the part; IstioOperatorOptions picks some of its fields from IstioOperatorProps.
    const dir = 'constructs/mesh';
    const sources = await Promise.all((await readdir(dir)).filter((f) => f.endsWith('.ts')).map((f) => readFile(join(dir, f), 'utf8')));
    const bodies = sources.flatMap((source) =>
      [...source.matchAll(/^export interface (\w+)[^{]*\{\n([\s\S]*?)^\}/gm)].filter(([, name]) => /(Props|Options|Version|Resources)$/.test(name) && !name.startsWith('Resolved')).map(([, , body]) => body),
    );
    const props = bodies.flatMap((body) => [...body.matchAll(/^ {2}readonly (\w+)\??:/gm)].map(([, name]) => name));
    expect(props).to.include.members(['versions', 'headerRoute', 'tlsOrigination', 'extensionProviders']);
    const missing = [...new Set(props)].filter((p) => !new RegExp(`[\`{ ]${p}[\`:]`).test(section));
    expect(missing, 'props missing from the README table').to.deep.equal([]);
  });
});
