import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { access, copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { startDogApiStub, type DogApiStub } from '../support/dog-api-stub.js';

const run = promisify(execFile);
const ROOT = resolve('.');

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

/**
 * Rehearses service/Dockerfile's runtime stage without Docker: the service compiled the way
 * `npm run build -w dog-image-service` compiles it, next to a node_modules installed by the Dockerfile's own
 * `npm ci -w dog-image-service --include-workspace-root=false --omit=dev` (from the npm cache), started with
 * `node lib/main.js` in the service folder. A service import of a dev-only, peer or library package fails here.
 */
describe('the runtime image, rehearsed without Docker', function () {
  this.timeout(300_000);
  let app: string;
  let service: string;
  let stub: DogApiStub;

  before(async () => {
    app = await mkdtemp(join(tmpdir(), 'dog-app-mesh-runtime-'));
    service = join(app, 'service');
    await mkdir(service);
    await copyFile(join(ROOT, 'package.json'), join(app, 'package.json'));
    await copyFile(join(ROOT, 'package-lock.json'), join(app, 'package-lock.json'));
    await copyFile(join(ROOT, 'service/package.json'), join(service, 'package.json'));
    await run(
      'npm',
      ['ci', '-w', 'dog-image-service', '--include-workspace-root=false', '--omit=dev', '--omit=peer', '--ignore-scripts', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'],
      { cwd: app },
    );
    await run(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(ROOT, 'service/tsconfig.build.json'), '--outDir', join(service, 'lib'), '--sourceMap', 'false']);
    stub = await startDogApiStub();
  });

  after(async () => {
    await stub?.close();
    if (app) await rm(app, { recursive: true, force: true });
  });

  it('node lib/main.js starts with the service\'s production dependencies only, serves, and stops on SIGTERM', async () => {
    const child = spawn(process.execPath, ['lib/main.js'], {
      cwd: service,
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

  it('holds none of the construct library\'s packages', async () => {
    for (const pkg of ['cdk8s', 'cdk8s-plus-27', 'constructs', 'kubernetes-models', 'yaml', '@bufbuild/cel']) {
      expect(await exists(join(app, 'node_modules', pkg)), pkg).to.equal(false);
    }
  });

  it('node lib/loadgen/main.js runs there too (the in-mesh traffic generator uses the same image)', async () => {
    const { stdout } = await run(process.execPath, ['lib/loadgen/main.js', '--help'], { cwd: service });
    expect(stdout).to.match(/^Usage: dog-loadgen/);
  });
});
