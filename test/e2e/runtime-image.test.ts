import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { copyFile, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { startDogApiStub, type DogApiStub } from '../support/dog-api-stub.js';

const run = promisify(execFile);
const ROOT = resolve('.');

interface LockEntry {
  dev?: boolean;
  peer?: boolean;
  devOptional?: boolean;
}

/**
 * Rehearses the Dockerfile's runtime stage without Docker: the service and CLI compiled the way
 * `npm run build` compiles them, next to a node_modules that holds only what `npm ci --omit=dev --omit=peer`
 * installs, started with `node lib/service/main.js`. A service import of a dev-only or peer package fails here.
 */
describe('the runtime image, rehearsed without Docker', function () {
  this.timeout(180_000);
  let app: string;
  let stub: DogApiStub;

  before(async () => {
    app = await mkdtemp(join(tmpdir(), 'dog-app-mesh-runtime-'));
    await writeFile(
      join(app, 'tsconfig.json'),
      JSON.stringify({
        extends: join(ROOT, 'tsconfig.build.json'),
        compilerOptions: { rootDir: ROOT, outDir: join(app, 'lib'), declaration: false, sourceMap: false, typeRoots: [join(ROOT, 'node_modules/@types')] },
        include: [join(ROOT, 'service/**/*.ts'), join(ROOT, 'cli/**/*.ts')],
      }),
    );
    await run(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(app, 'tsconfig.json')]);
    await copyFile(join(ROOT, 'package.json'), join(app, 'package.json'));
    const lock = JSON.parse(await readFile(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };
    for (const [path, entry] of Object.entries(lock.packages)) {
      const isTopLevel = path.startsWith('node_modules/') && path.lastIndexOf('node_modules/') === 0;
      if (!isTopLevel || entry.dev || entry.peer || entry.devOptional) continue;
      await mkdir(dirname(join(app, path)), { recursive: true });
      await symlink(join(ROOT, path), join(app, path), 'dir');
    }
    stub = await startDogApiStub();
  });

  after(async () => {
    await stub?.close();
    if (app) await rm(app, { recursive: true, force: true });
  });

  it('node lib/service/main.js starts with production dependencies only, serves, and stops on SIGTERM', async () => {
    // --preserve-symlinks: packages resolve their own imports from this node_modules too, so a missing
    // transitive or peer package fails here as it would in the image.
    const child = spawn(process.execPath, ['--preserve-symlinks', 'lib/service/main.js'], {
      cwd: app,
      env: { PATH: process.env.PATH, PORT: '0', HOST: '127.0.0.1', DOG_API_URL: stub.url, APP_VERSION: 'image-test', NODE_ENV: 'production' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exit = once(child, 'exit');
    try {
      const url = await new Promise<string>((resolveUrl, reject) => {
        createInterface({ input: child.stdout }).on('line', (line) => {
          const entry = JSON.parse(line) as { msg: string; url?: string };
          if (entry.msg === 'listening') resolveUrl(entry.url!);
        });
        void exit.then(([code]) => reject(new Error(`exited with ${String(code)}: ${stderr}`)));
      });
      expect((await fetch(`${url}/healthz`)).status).to.equal(200);
      const page = await fetch(`${url}/?breed=husky`);
      expect(page.status).to.equal(200);
      expect(page.headers.get('x-app-version')).to.equal('image-test');
      expect(page.headers.get('content-security-policy')).to.include("default-src 'none'");
      child.kill('SIGTERM');
      const [code] = (await exit) as [number];
      expect(code, stderr).to.equal(0);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('node lib/cli/main.js loadgen runs there too (the in-mesh traffic generator uses the same image)', async () => {
    const { stdout } = await run(process.execPath, ['--preserve-symlinks', 'lib/cli/main.js', 'loadgen', '--help'], { cwd: app });
    expect(stdout).to.match(/^Usage: dog-app-mesh loadgen/);
  });
});
