import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { parseManifests } from '../support/synth.js';

const run = promisify(execFile);

const APP = `
import { App, Chart } from 'cdk8s';
import { DogAppMesh, InvalidPropsError } from 'dog-app-mesh';

const app = new App({ outdir: 'dist' });
const mesh = new DogAppMesh(new Chart(app, 'consumer'), 'dogs', {
  name: 'dogs',
  namespace: 'pets',
  versions: [{ name: 'v1', weight: 50 }, { name: 'v2', weight: 50 }],
  headerRoute: { version: 'v2' },
});
app.synth();

let rejected;
try {
  new DogAppMesh(new Chart(new App({ outdir: 'unused' }), 'bad'), 'dogs', { runAsUser: 1337 });
} catch (err) {
  rejected = { isInvalidProps: err instanceof InvalidPropsError, message: err.message };
}
console.log(JSON.stringify({ deployments: Object.keys(mesh.deployments), host: mesh.config.serviceHost, rejected }));
`;

async function version(pkg: string): Promise<string> {
  return (JSON.parse(await readFile(join('node_modules', pkg, 'package.json'), 'utf8')) as { version: string }).version;
}

/**
 * The package as users get it: built, packed, installed from the tarball into a fresh ESM project
 * next to its peer dependencies, and used from plain JavaScript.
 */
describe('the packed library in a consumer project', function () {
  this.timeout(180_000);
  let dir: string;
  let output: { deployments: string[]; host: string; rejected: { isInvalidProps: boolean; message: string } };
  let manifests: { kind: string; metadata: { name: string; namespace?: string }; spec?: { http?: { name: string }[] } }[];

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dog-app-mesh-consumer-'));
    await run('npm', ['run', 'build']);
    const { stdout } = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir]);
    const [{ filename }] = JSON.parse(stdout) as { filename: string }[];
    const dependencies = {
      'dog-app-mesh': `file:./${filename}`,
      cdk8s: await version('cdk8s'),
      'cdk8s-plus-27': await version('cdk8s-plus-27'),
      constructs: await version('constructs'),
    };
    await writeFile(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module', dependencies }));
    await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir });
    await writeFile(join(dir, 'main.js'), APP);
    const result = await run(process.execPath, ['main.js'], { cwd: dir });
    output = JSON.parse(result.stdout) as typeof output;
    manifests = parseManifests(await readFile(join(dir, 'dist', 'consumer.k8s.yaml'), 'utf8')) as typeof manifests;
  });

  after(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('synthesizes a chart with DogAppMesh imported from the package', () => {
    expect(output.deployments).to.deep.equal(['v1', 'v2']);
    expect(output.host).to.equal('dogs.pets.svc.cluster.local');
    const names = manifests.map((m) => `${m.kind}/${m.metadata.name}`);
    expect(names).to.include.members(['Namespace/pets', 'Deployment/dogs-v1', 'Deployment/dogs-v2', 'Service/dogs', 'DestinationRule/dogs', 'VirtualService/dogs']);
    const vs = manifests.find((m) => m.kind === 'VirtualService' && m.metadata.name === 'dogs')!;
    expect(vs.spec?.http?.map((r) => r.name)).to.deep.equal(['header-route', 'default']);
    for (const m of manifests.filter((o) => o.kind !== 'Namespace')) expect(m.metadata.namespace, `${m.kind}/${m.metadata.name}`).to.equal('pets');
  });

  it("shares the consumer's cdk8s and exports the error type", () => {
    expect(output.rejected.isInvalidProps).to.equal(true);
    expect(output.rejected.message).to.match(/^\[bad\/dogs\] invalid props:\n {2}- runAsUser: got 1337;/);
  });
});
