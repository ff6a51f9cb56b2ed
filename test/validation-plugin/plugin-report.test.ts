import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiObject, App, Chart } from 'cdk8s';
import { ValidationContext } from 'cdk8s-cli/plugins';
import { expect } from 'chai';
import { addMeshAnalysis } from '../../constructs/analysis/index.js';
import { ALL_CHECKS } from '../../constructs/analysis/checks/index.js';
import { COVERAGE_FILE, MeshAnalysisValidation, type MeshAnalysisValidationProperties } from '../../constructs/validation-plugin/index.js';

// What `cdk8s synth` shows of the plugin's report (each rule's recommendation and fix, each occurrence's
// location), and the coverage file that keeps the plugin from judging again what the synth-time analysis judged.

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function newApp(recordConstructMetadata = true): App {
  const dir = mkdtempSync(join(tmpdir(), 'dog-app-mesh-plugin-report-'));
  dirs.push(dir);
  return new App({ outdir: dir, recordConstructMetadata });
}

function service(chart: Chart, id: string, name: string, namespace?: string): ApiObject {
  return new ApiObject(chart, id, {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, ...(namespace ? { namespace } : {}) },
    spec: { selector: { app: 'gone' }, ports: [{ name: 'http', port: 80, targetPort: 8080 }] },
  });
}

async function validate(app: App, properties?: MeshAnalysisValidationProperties) {
  app.synth();
  const files = readdirSync(app.outdir).filter((f) => f.endsWith('.yaml')).sort().map((f) => join(app.outdir, f));
  const recorded = JSON.parse(readFileSync(join(app.outdir, 'construct-metadata.json'), 'utf8')) as { resources: Record<string, { path: string }> };
  const context = new ValidationContext(files, 'dog-app-mesh', '0.1.0', recorded.resources, false);
  await new MeshAnalysisValidation(properties).validate(context);
  return { json: context.report.toJson(), files };
}

/** The 1-based line of the first line of `file` that includes `text`. */
function lineOf(file: string, text: string): number {
  const index = readFileSync(file, 'utf8').split('\n').findIndex((l) => l.includes(text));
  expect(index, text).to.be.at.least(0);
  return index + 1;
}

const descriptions = (code: string) => ALL_CHECKS.filter((c) => c.code === code).map((c) => c.description);
const fix = (code: string, title: string) =>
  `each occurrence says what to change; 'dog-app-mesh analyze --list-codes' lists the codes and docs/analysis.md (section ${code} ${title}) has an example and the fix. Silence a finding with the plugin's 'suppress' property or the annotation galley.istio.io/analyze-suppress: "${code}"`;

describe('MeshAnalysisValidation: the report cdk8s prints', () => {
  it("gives each rule its checks' descriptions and the fix, and each finding about a resource its own line", async () => {
    const app = newApp();
    const shop = new Chart(app, 'shop', { namespace: 'shop' });
    new ApiObject(shop, 'web-vs', {
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      metadata: { name: 'web' },
      spec: { hosts: ['web'], http: [{ route: [{ destination: { host: 'first-missing' } }] }, { route: [{ destination: { host: 'second-missing' } }] }] },
    });
    const { json, files } = await validate(app);
    const rule = json.violations.find((v) => v.ruleName.includes('IST0101'))!;
    expect(descriptions('IST0101'), 'IST0101 is given by several checks').to.have.length.greaterThan(1);
    expect(rule.ruleName).to.equal('[Error] IST0101 ReferencedResourceNotFound');
    expect(rule.recommendation).to.equal(descriptions('IST0101').join(' '));
    expect(rule.fix).to.equal(fix('IST0101', 'ReferencedResourceNotFound'));
    expect(rule.violatingConstructs.map((c) => c.resourceName)).to.deep.equal(['web']);
    const [manifest] = files;
    const locations = rule.violatingConstructs[0].locations;
    expect(locations).to.have.lengthOf(2);
    expect(locations[0]).to.match(new RegExp(`^Error VirtualService shop/web spec\\.http\\[0\\]\\.route\\[0\\]\\.destination\\.host \\(line ${lineOf(manifest, 'first-missing')}\\): `));
    expect(locations[1]).to.match(new RegExp(`^Error VirtualService shop/web spec\\.http\\[1\\]\\.route\\[0\\]\\.destination\\.host \\(line ${lineOf(manifest, 'second-missing')}\\): `));
  });

  it('gives a finding about a whole object its line and no field', async () => {
    const app = newApp();
    const shop = new Chart(app, 'shop', { namespace: 'shop' });
    new ApiObject(shop, 'policy', { apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy', metadata: { name: 'allow-web' }, spec: { action: 'ALLOW', rules: [{}] } });
    const { json, files } = await validate(app);
    const rule = json.violations.find((v) => v.ruleName.includes('IST0127'));
    expect(rule, JSON.stringify(json.violations.map((v) => v.ruleName))).to.exist;
    const [location] = rule!.violatingConstructs[0].locations;
    expect(location.startsWith(`Warning AuthorizationPolicy shop/allow-web (line ${lineOf(files[0], 'kind: AuthorizationPolicy') - 1}): No matching workloads`), location).to.equal(true);
  });
});

describe('MeshAnalysisValidation: objects judged at synth time', () => {
  it('lists every analyzed object in the coverage file, objects of one name in several namespaces each once', async () => {
    const app = newApp();
    const mesh = new Chart(app, 'mesh');
    service(mesh, 'a', 'stray', 'mesh');
    service(mesh, 'b', 'stray', 'other');
    service(mesh, 'c', 'lost', 'mesh');
    addMeshAnalysis(mesh, { log: () => undefined });
    const shop = new Chart(app, 'shop', { namespace: 'shop' });
    service(shop, 'd', 'stray');
    const { json, files } = await validate(app);
    const coverage = JSON.parse(readFileSync(join(app.outdir, COVERAGE_FILE), 'utf8')) as unknown;
    expect(coverage).to.deep.equal({
      version: 1,
      objects: [
        { apiVersion: 'v1', kind: 'Service', name: 'stray', namespace: 'mesh' },
        { apiVersion: 'v1', kind: 'Service', name: 'stray', namespace: 'other' },
        { apiVersion: 'v1', kind: 'Service', name: 'lost', namespace: 'mesh' },
      ],
    });
    // The Service of the same kind and name in the namespace no synth-time analysis judged is still reported.
    expect(json.violations.flatMap((v) => v.violatingConstructs.map((c) => c.locations[0].split(':')[0]))).to.deep.equal([
      `Warning Service shop/stray spec.selector (line ${lineOf(files[1], 'app: gone')})`,
    ]);
    expect(json.summary.metadata).to.include({ 'Left to the synth-time analysis': '3 findings about 3 objects' });
  });

  it("leaves out an analyzed object written without a namespace, which is the default namespace's", async () => {
    const app = newApp();
    const mesh = new Chart(app, 'mesh');
    service(mesh, 'a', 'stray');
    addMeshAnalysis(mesh, { log: () => undefined });
    const { json } = await validate(app);
    expect(JSON.parse(readFileSync(join(app.outdir, COVERAGE_FILE), 'utf8'))).to.deep.equal({ version: 1, objects: [{ apiVersion: 'v1', kind: 'Service', name: 'stray' }] });
    expect(json.violations).to.deep.equal([]);
    expect(json.summary.metadata).to.include({ 'Left to the synth-time analysis': '1 finding about 1 object' });
  });

  it('writes no coverage file for an app that records no construct metadata, whatever the environment says', () => {
    const before = process.env.CDK8S_RECORD_CONSTRUCT_METADATA;
    process.env.CDK8S_RECORD_CONSTRUCT_METADATA = 'true';
    try {
      const app = newApp(false);
      const mesh = new Chart(app, 'mesh', { namespace: 'mesh' });
      service(mesh, 'a', 'stray');
      addMeshAnalysis(mesh, { log: () => undefined });
      app.synth();
      expect(existsSync(join(app.outdir, COVERAGE_FILE))).to.equal(false);
      expect(readdirSync(app.outdir)).to.deep.equal(['mesh.k8s.yaml']);
    } finally {
      if (before === undefined) delete process.env.CDK8S_RECORD_CONSTRUCT_METADATA;
      else process.env.CDK8S_RECORD_CONSTRUCT_METADATA = before;
    }
  });
});
