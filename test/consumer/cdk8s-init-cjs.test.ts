import { copyFile, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { expect } from 'chai';
import { parseManifests } from '../support/synth.js';
import { consumerProject, installedVersion, writeJson, type ConsumerProject } from './support.js';

/** cdk8s-cli's own `typescript-app` template: what `cdk8s init typescript-app` writes. */
const TEMPLATE = resolve('node_modules/cdk8s-cli/templates/typescript-app');

const MAIN = `import { Construct } from 'constructs';
import { App, Chart, ChartProps } from 'cdk8s';
import { DogAppMesh, istio } from 'dog-app-mesh';

export class MyChart extends Chart {
  constructor(scope: Construct, id: string, props: ChartProps = { }) {
    super(scope, id, props);
    const mesh = new DogAppMesh(this, 'dogs', { name: 'dogs', namespace: 'pets' });
    const routes: istio.VirtualService | undefined = mesh.virtualService;
    if (!routes) throw new Error('DogAppMesh made no VirtualService');
    new istio.Sidecar(this, 'egress-scope', {
      metadata: { name: 'default', namespace: 'pets' },
      spec: { egress: [{ hosts: ['./*', 'istio-system/*'] }] },
    });
  }
}

const app = new App();
new MyChart(app, 'cjs-consumer');
app.synth();
`;

type Manifest = { kind: string; metadata: { name: string; namespace?: string } };

/**
 * The default cdk8s project: CommonJS TypeScript run by ts-node, laid out by cdk8s-cli's own
 * `typescript-app` template (its tsconfig.json and cdk8s.yaml copied as they are; its package.json with
 * the library added and without jest, which synth does not run), synthesized by `cdk8s synth`.
 */
describe('the packed library in a `cdk8s init typescript-app` (CommonJS, ts-node) project', function () {
  this.timeout(600_000);
  let project: ConsumerProject;
  let manifests: Manifest[];

  before(async () => {
    project = await consumerProject('dog-app-mesh-consumer-cjs-');
    const template = JSON.parse(await readFile(join(TEMPLATE, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
      devDependencies: Record<string, string>;
    } & Record<string, unknown>;
    const versions: Record<string, string> = {
      cdk8s: `^${await installedVersion('cdk8s')}`,
      constructs: `^${await installedVersion('constructs')}`,
      'cdk8s-cli': await installedVersion('cdk8s-cli'),
      'cdk8s-plus-33': '^2',
    };
    const pick = (deps: Record<string, string>) =>
      Object.fromEntries(Object.entries(deps).filter(([name]) => !/jest/.test(name)).map(([name, spec]) => [name, versions[name] ?? spec]));
    await writeJson(join(project.dir, 'package.json'), {
      ...template,
      name: 'cjs-consumer',
      dependencies: { ...pick(template.dependencies), 'dog-app-mesh': project.tarballSpec },
      devDependencies: pick(template.devDependencies),
    });
    await copyFile(join(TEMPLATE, 'tsconfig.json'), join(project.dir, 'tsconfig.json'));
    await copyFile(join(TEMPLATE, 'cdk8s.yaml'), join(project.dir, 'cdk8s.yaml'));
    await writeFile(join(project.dir, 'main.ts'), MAIN);
    await project.install();
    await project.synth();
    manifests = parseManifests(await project.manifests()) as Manifest[];
  });

  after(() => project?.remove());

  it('is a CommonJS project, as the template makes it', async () => {
    const pkg = JSON.parse(await readFile(join(project.dir, 'package.json'), 'utf8')) as { type?: string };
    expect(pkg.type).to.equal(undefined);
    const tsconfig = JSON.parse(await readFile(join(project.dir, 'tsconfig.json'), 'utf8')) as { compilerOptions: { module: string } };
    expect(tsconfig.compilerOptions.module).to.equal('CommonJS');
  });

  it('type-checks with ts-node and synthesizes DogAppMesh and an Istio object typed from the package', () => {
    const names = manifests.map((m) => `${m.kind}/${m.metadata.name}`);
    expect(names).to.include.members(['Namespace/pets', 'Deployment/dogs-v1', 'Service/dogs', 'VirtualService/dogs', 'Sidecar/default']);
  });
});
