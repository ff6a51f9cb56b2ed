import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import { consumerProject, installedVersion, run, writeJson, type ConsumerProject } from './support.js';

const PLUGIN = './node_modules/dog-app-mesh/lib/constructs/validation-plugin/index.js';

function cdk8sYaml(properties?: string): string {
  return [
    'language: typescript',
    'app: node main.js',
    'output: dist',
    'validations:',
    `  - package: ${PLUGIN}`,
    '    version: 0.1.0',
    '    class: MeshAnalysisValidation',
    ...(properties ? [`    properties: ${properties}`] : []),
    '',
  ].join('\n');
}

const HELPERS = `
import { App, ApiObject, Chart } from 'cdk8s';
const app = new App();
const service = (scope, id, name, selector) => new ApiObject(scope, id, {
  apiVersion: 'v1', kind: 'Service', metadata: { name },
  spec: { selector, ports: [{ name: 'http', port: 80, targetPort: 8080 }] },
});
const deployment = (scope, id, name, labels) => new ApiObject(scope, id, {
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name },
  spec: { selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'app', image: 'app:1', ports: [{ containerPort: 8080, name: 'http' }] }] } } },
});
const virtualService = (scope, id, name, destination) => new ApiObject(scope, id, {
  apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name },
  spec: { hosts: [name], http: [{ route: [{ destination }] }] },
});
`;

/** Plain ApiObjects, no dog-app-mesh construct: two dangling VirtualService destinations and a Service that selects nothing. */
const BROKEN = `${HELPERS}
const shop = new Chart(app, 'shop', { namespace: 'shop' });
service(shop, 'web-service', 'web', { app: 'web' });
virtualService(shop, 'web-vs', 'web', { host: 'web', subset: 'v2' });
virtualService(shop, 'api-vs', 'api', { host: 'nothere' });
app.synth();
`;

const CLEAN = `${HELPERS}
const shop = new Chart(app, 'shop', { namespace: 'shop' });
deployment(shop, 'web', 'web', { app: 'web' });
service(shop, 'web-service', 'web', { app: 'web' });
virtualService(shop, 'web-vs', 'web', { host: 'web' });
app.synth();
`;

/** A DogAppMesh (with its synth-time analysis) holding a Service that selects nothing, and another one outside it. */
const WITH_MESH = `${HELPERS}
import { DogAppMesh } from 'dog-app-mesh';
const mesh = new DogAppMesh(new Chart(app, 'dogs'), 'dogs', { name: 'dogs', namespace: 'pets' });
service(mesh, 'stray', 'stray', { app: 'gone' });
const shop = new Chart(app, 'shop', { namespace: 'shop' });
service(shop, 'shop-stray', 'shop-stray', { app: 'gone' });
app.synth();
`;

const STRAYS = `${HELPERS}
const shop = new Chart(app, 'shop', { namespace: 'shop' });
service(shop, 'stray', 'stray', { app: 'gone' });
service(shop, 'old', 'old', { app: 'gone' });
app.synth();
`;

interface Synth {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * The packed library as a validation plugin of a cdk8s app: installed from the tarball into a fresh ESM
 * project next to cdk8s, cdk8s-cli, cdk8s-plus-27 and constructs, listed in cdk8s.yaml, run by `cdk8s synth`.
 */
describe('the validation plugin in a consumer project, run by cdk8s synth', function () {
  // npm install of cdk8s-cli into a fresh project can take minutes on a loaded machine.
  this.timeout(900_000);
  let project: ConsumerProject;
  let dir: string;

  async function synth(app: string, properties?: string): Promise<Synth> {
    await writeFile(join(dir, 'main.js'), app);
    await writeFile(join(dir, 'cdk8s.yaml'), cdk8sYaml(properties));
    try {
      const { stdout, stderr } = await run('npx', ['cdk8s', 'synth', '--check-upgrade=false'], { cwd: dir, env: { ...process.env, NO_COLOR: '1' } });
      return { code: 0, stdout, stderr };
    } catch (err) {
      const e = err as { code?: number; stdout?: string; stderr?: string };
      if (typeof e.code !== 'number') throw err;
      return { code: e.code, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
    }
  }

  before(async () => {
    project = await consumerProject('dog-app-mesh-plugin-consumer-');
    dir = project.dir;
    const dependencies = {
      'dog-app-mesh': project.tarballSpec,
      cdk8s: await installedVersion('cdk8s'),
      'cdk8s-cli': await installedVersion('cdk8s-cli'),
      'cdk8s-plus-27': await installedVersion('cdk8s-plus-27'),
      constructs: await installedVersion('constructs'),
    };
    await writeJson(join(dir, 'package.json'), { name: 'plugin-consumer', private: true, type: 'module', dependencies });
    await project.install();
  });

  after(() => project?.remove());

  it('lists the findings of an app of plain ApiObjects with their construct paths, and fails the synth on errors', async () => {
    const result = await synth(BROKEN);
    expect(result.code, result.stderr).to.equal(2);
    expect(result.stderr).to.include('Validation failed. See above reports for details');
    const report = result.stdout.slice(result.stdout.indexOf('Validation Report'));
    expect(report).to.match(/Status\s+│ failure/);
    expect(report).to.include('[Error] IST0101 ReferencedResourceNotFound (2 occurrences)');
    expect(report).to.match(
      /- Construct Path: shop\/web-vs\n\s+- Manifest Path: dist\/shop\.k8s\.yaml\n\s+- Resource Name: web\n\s+- Locations:\n\s+> Error VirtualService shop\/web spec\.http\[0\]\.route\[0\]\.destination\.subset \(line \d+\): Referenced host\+subset in destinationrule not found: "web\+v2"/,
    );
    expect(report).to.match(/- Construct Path: shop\/api-vs\n\s+- Manifest Path: dist\/shop\.k8s\.yaml\n\s+- Resource Name: api\n/);
    expect(report).to.match(/\[Warning\] DAM0105 ServiceSelectsNoPods \(1 occurrences\)[\s\S]*- Construct Path: N\/A\n\s+- Manifest Path: dist\/shop\.k8s\.yaml\n\s+- Resource Name: Service\/web\n/);
  });

  it('passes a clean app', async () => {
    const result = await synth(CLEAN);
    expect(result.code, result.stderr).to.equal(0);
    expect(result.stdout).to.match(/Status\s+│ success/);
    expect(result.stdout).to.include('Validations ended succesfully');
    expect(result.stdout).to.not.include('occurrences');
  });

  it("reports each finding once when the app also runs DogAppMesh's synth-time analysis", async () => {
    const result = await synth(WITH_MESH);
    expect(result.code, result.stderr).to.equal(0);
    const printed = result.stderr.split('\n').filter((l) => l.startsWith('mesh analysis:'));
    expect(printed).to.have.lengthOf(1);
    expect(printed[0]).to.match(/^mesh analysis: dogs\/dogs\/stray: Warning \[DAM0105\] \(Service default\/stray\)/);
    const report = result.stdout.slice(result.stdout.indexOf('Validation Report'));
    expect(report).to.include('[Warning] DAM0105 ServiceSelectsNoPods (1 occurrences)');
    expect(report).to.match(/- Construct Path: shop\/shop-stray\n\s+- Manifest Path: dist\/shop\.k8s\.yaml\n\s+- Resource Name: shop-stray\n/);
    expect(report).to.not.include('default/stray');
    expect(report).to.match(/Left to the synth-time analysis\s+│ 1 finding about \d+ objects/);
    expect((await readdir(join(dir, 'dist'))).sort()).to.deep.equal(['construct-metadata.json', 'dogs.k8s.yaml', 'mesh-analysis-coverage.json', 'shop.k8s.yaml']);
  });

  it('takes the analysis options as plugin properties: failure threshold and suppressions', async () => {
    expect((await synth(STRAYS)).code).to.equal(0);
    const strict = await synth(STRAYS, '{ failureThreshold: Warning, suppress: ["DAM0105=Service/old"] }');
    expect(strict.code, strict.stderr).to.equal(2);
    expect(strict.stdout).to.match(/- Resource Name: stray\n/);
    expect(strict.stdout).to.not.match(/- Resource Name: old\n/);
    expect(strict.stdout).to.match(/Suppressed\s+│ 1/);
    const bad = await synth(STRAYS, '{ failureThreshold: Fatal }');
    expect(bad.code).to.not.equal(0);
    expect(bad.stderr).to.include('failureThreshold: got "Fatal"; expected one of Error, Warning, Info');
  });

  it('is exported as dog-app-mesh/validation-plugin to both import and require', async () => {
    const esm = await run(process.execPath, ['--input-type=module', '-e', "import { MeshAnalysisValidation } from 'dog-app-mesh/validation-plugin'; console.log(typeof MeshAnalysisValidation)"], { cwd: dir });
    const cjs = await run(process.execPath, ['-e', "console.log(typeof require('dog-app-mesh/validation-plugin').MeshAnalysisValidation)"], { cwd: dir });
    expect([esm.stdout.trim(), cjs.stdout.trim()]).to.deep.equal(['function', 'function']);
    expect(cjs.stderr).to.equal('');
  });
});
