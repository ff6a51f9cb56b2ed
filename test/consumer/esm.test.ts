import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import { parseManifests } from '../support/synth.js';
import { consumerProject, dependencyClosure, installedVersion, SERVICE_ONLY_PACKAGES, writeJson, type ConsumerProject } from './support.js';

const APP = `
import { writeFileSync } from 'node:fs';
import { App, Chart } from 'cdk8s';
import { DogAppMesh, InvalidPropsError, MeshService } from 'dog-app-mesh';

const app = new App();
const mesh = new DogAppMesh(new Chart(app, 'consumer'), 'dogs', {
  name: 'dogs',
  namespace: 'pets',
  versions: [{ name: 'v1', weight: 50 }, { name: 'v2', weight: 50 }],
  headerRoute: { version: 'v2' },
});

// Not the dog app: its own image, port, probes and metrics path, and no egress.
const shop = new Chart(app, 'shop');
new MeshService(shop, 'catalog', {
  name: 'catalog',
  namespace: 'shop',
  image: 'registry.example.com/catalog:1.4.2',
  containerPort: 9090,
  probes: { readiness: { path: '/health/ready' }, liveness: { path: '/health/live' }, startup: { path: '/health/live' } },
  metrics: { path: '/internal/metrics' },
  env: { CATALOG_MODE: 'read-only' },
});
// A second app in the same namespace: one set of namespace-level objects for both.
new MeshService(shop, 'cart', { name: 'cart', namespace: 'shop', image: 'registry.example.com/cart:2.0.0' });
app.synth();

let rejected;
try {
  new DogAppMesh(new Chart(new App({ outdir: 'unused' }), 'bad'), 'dogs', { runAsUser: 1337 });
} catch (err) {
  rejected = { isInvalidProps: err instanceof InvalidPropsError, message: err.message };
}
writeFileSync('output.json', JSON.stringify({ deployments: Object.keys(mesh.deployments), host: mesh.config.serviceHost, rejected }));
`;

type Container = { image: string; ports?: { containerPort: number }[]; env?: { name: string; value?: string }[]; readinessProbe?: Probe; livenessProbe?: Probe; startupProbe?: Probe };
type Probe = { httpGet: { path: string; port: number | string } };
type Manifest = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; annotations?: Record<string, string> };
  spec?: { http?: { name: string }[]; template?: { metadata: { annotations?: Record<string, string> }; spec: { containers: Container[] } } };
};

/**
 * The package as users get it: built, packed, installed from the tarball into a fresh ESM project next
 * to its peer dependencies and cdk8s-cli, used from plain JavaScript and run by `cdk8s synth`.
 */
describe('the packed library in an ESM consumer project', function () {
  this.timeout(600_000);
  let project: ConsumerProject;
  let output: { deployments: string[]; host: string; rejected: { isInvalidProps: boolean; message: string } };
  let manifests: Manifest[];

  before(async () => {
    project = await consumerProject('dog-app-mesh-consumer-esm-');
    const dependencies = {
      'dog-app-mesh': project.tarballSpec,
      cdk8s: await installedVersion('cdk8s'),
      'cdk8s-plus-27': await installedVersion('cdk8s-plus-27'),
      constructs: await installedVersion('constructs'),
    };
    const devDependencies = { 'cdk8s-cli': await installedVersion('cdk8s-cli') };
    await writeJson(join(project.dir, 'package.json'), { name: 'consumer', private: true, type: 'module', dependencies, devDependencies });
    await writeFile(join(project.dir, 'cdk8s.yaml'), 'language: typescript\napp: node main.js\noutput: dist\n');
    await writeFile(join(project.dir, 'main.js'), APP);
    await project.install();
    await project.synth();
    output = JSON.parse(await readFile(join(project.dir, 'output.json'), 'utf8')) as typeof output;
    manifests = parseManifests(await project.manifests()) as Manifest[];
  });

  after(() => project?.remove());

  it('synthesizes a chart with DogAppMesh imported from the package', () => {
    expect(output.deployments).to.deep.equal(['v1', 'v2']);
    expect(output.host).to.equal('dogs.pets.svc.cluster.local');
    const names = manifests.map((m) => `${m.kind}/${m.metadata.name}`);
    expect(names).to.include.members(['Namespace/pets', 'Deployment/dogs-v1', 'Deployment/dogs-v2', 'Service/dogs', 'DestinationRule/dogs', 'VirtualService/dogs']);
    const vs = manifests.find((m) => m.kind === 'VirtualService' && m.metadata.name === 'dogs')!;
    expect(vs.spec?.http?.map((r) => r.name)).to.deep.equal(['header-route', 'default']);
    for (const m of manifests.filter((o) => o.kind !== 'Namespace' && o.metadata.namespace !== 'shop')) expect(m.metadata.namespace, `${m.kind}/${m.metadata.name}`).to.equal('pets');
  });

  it('synthesizes a service that is not the dog app, with its own probes, metrics path and environment', () => {
    const deployment = manifests.find((m) => m.kind === 'Deployment' && m.metadata.name === 'catalog-v1')!;
    const [container] = deployment.spec!.template!.spec.containers;
    expect(container.image).to.equal('registry.example.com/catalog:1.4.2');
    expect(container.ports?.map((p) => p.containerPort)).to.deep.equal([9090]);
    expect(container.readinessProbe?.httpGet).to.deep.include({ path: '/health/ready', port: 9090 });
    expect(container.livenessProbe?.httpGet).to.deep.include({ path: '/health/live', port: 9090 });
    expect(container.startupProbe?.httpGet).to.deep.include({ path: '/health/live', port: 9090 });
    expect(deployment.spec!.template!.metadata.annotations).to.include({ 'prometheus.io/path': '/internal/metrics' });
    const env = Object.fromEntries((container.env ?? []).map((e) => [e.name, e.value]));
    expect(env).to.include({ CATALOG_MODE: 'read-only' });
    expect(env).to.not.have.any.keys('DOG_API_URL', 'SHUTDOWN_DELAY_MS', 'SHUTDOWN_GRACE_MS');
    expect(manifests.filter((m) => m.kind === 'ServiceEntry' && m.metadata.namespace === 'shop')).to.deep.equal([]);
  });

  it('gives two apps in one namespace one set of namespace-level objects, and no object twice', () => {
    const ids = manifests.map((m) => `${m.apiVersion.split('/')[0]}/${m.kind}/${m.metadata.namespace ?? ''}/${m.metadata.name}`);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).to.deep.equal([]);
    const inShop = (kind: string) => manifests.filter((m) => m.kind === kind && (m.metadata.namespace === 'shop' || (kind === 'Namespace' && m.metadata.name === 'shop')));
    expect(inShop('Namespace')).to.have.length(1);
    expect(inShop('PeerAuthentication')).to.have.length(1);
    expect(inShop('Deployment').map((m) => m.metadata.name).sort()).to.deep.equal(['cart-v1', 'catalog-v1']);
  });

  it("shares the consumer's cdk8s and exports the error type", () => {
    expect(output.rejected.isInvalidProps).to.equal(true);
    expect(output.rejected.message).to.match(/^\[bad\/dogs\] invalid props:\n {2}- runAsUser: got 1337;/);
  });

  it("installs none of the service's runtime dependencies", async () => {
    const closure = await dependencyClosure(project.dir);
    expect(closure.size, 'the library has dependencies of its own').to.be.greaterThan(0);
    expect([...closure].filter((name) => SERVICE_ONLY_PACKAGES.includes(name))).to.deep.equal([]);
  });
});
