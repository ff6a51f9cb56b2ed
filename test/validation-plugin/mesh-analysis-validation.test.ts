import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiObject, App, Chart } from 'cdk8s';
import { ValidationContext, type Validation } from 'cdk8s-cli/plugins';
import { expect } from 'chai';
import { addMeshAnalysis } from '../../constructs/analysis/index.js';
import { COVERAGE_FILE, InvalidPropertiesError, MeshAnalysisValidation, type MeshAnalysisValidationProperties } from '../../constructs/validation-plugin/index.js';

const dirs: string[] = [];

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'dog-app-mesh-plugin-'));
  dirs.push(dir);
  return dir;
}

/** An app that writes into a fresh folder and records construct metadata, as `cdk8s synth` runs it for plugins. */
function newApp(): App {
  return new App({ outdir: tempDir(), recordConstructMetadata: true });
}

function service(scope: Chart | ApiObject | App, id: string, name: string, selector: Record<string, string>): ApiObject {
  return new ApiObject(scope, id, {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name },
    spec: { selector, ports: [{ name: 'http', port: 80, targetPort: 8080 }] },
  });
}

function deployment(chart: Chart, id: string, name: string, labels: Record<string, string>): ApiObject {
  return new ApiObject(chart, id, {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: {
      selector: { matchLabels: labels },
      template: { metadata: { labels }, spec: { containers: [{ name: 'app', image: 'app:1', ports: [{ containerPort: 8080, name: 'http' }] }] } },
    },
  });
}

function virtualService(chart: Chart, id: string, name: string, destination: Record<string, string>): ApiObject {
  return new ApiObject(chart, id, {
    apiVersion: 'networking.istio.io/v1',
    kind: 'VirtualService',
    metadata: { name },
    spec: { hosts: [name], http: [{ route: [{ destination }] }] },
  });
}

/** Synthesizes the app, then runs the plugin the way cdk8s-cli does: its ValidationContext over the manifests and metadata. */
async function validate(app: App, properties?: MeshAnalysisValidationProperties): Promise<ValidationContext> {
  app.synth();
  const files = readdirSync(app.outdir).filter((f) => f.endsWith('.yaml')).sort().map((f) => join(app.outdir, f));
  const recorded = JSON.parse(readFileSync(join(app.outdir, 'construct-metadata.json'), 'utf8')) as { resources: Record<string, { path: string }> };
  const context = new ValidationContext(files, 'dog-app-mesh', '0.1.0', recorded.resources, false);
  const plugin: Validation = new MeshAnalysisValidation(properties);
  await plugin.validate(context);
  return context;
}

function occurrences(context: ValidationContext): { rule: string; resource: string; path?: string; locations: readonly string[] }[] {
  return context.report.toJson().violations.flatMap((v) =>
    v.violatingConstructs.map((c) => ({ rule: v.ruleName, resource: c.resourceName, path: c.constructPath, locations: c.locations })),
  );
}

describe('MeshAnalysisValidation (the analysis as a cdk8s validation plugin)', () => {
  after(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('reports findings by code with the construct paths cdk8s recorded, and fails on errors', async () => {
    const app = newApp();
    const shop = new Chart(app, 'shop', { namespace: 'shop' });
    service(shop, 'web-service', 'web', { app: 'web' });
    virtualService(shop, 'web-vs', 'web', { host: 'web', subset: 'v2' });
    virtualService(shop, 'api-vs', 'api', { host: 'nothere' });
    const context = await validate(app);

    expect(context.report.success).to.equal(false);
    const found = occurrences(context);
    expect(found.map((o) => [o.rule, o.resource, o.path])).to.deep.equal([
      ['[Error] IST0101 ReferencedResourceNotFound', 'web', 'shop/web-vs'],
      ['[Error] IST0101 ReferencedResourceNotFound', 'api', 'shop/api-vs'],
      // cdk8s recorded the VirtualService's path for the name `web`: the Service gets none rather than that one.
      ['[Warning] DAM0105 ServiceSelectsNoPods', 'Service/web', undefined],
    ]);
    expect(found[0].locations).to.have.lengthOf(1);
    expect(found[0].locations[0]).to.match(
      /^Error VirtualService shop\/web spec\.http\[0\]\.route\[0\]\.destination\.subset \(line \d+\): Referenced host\+subset in destinationrule not found: "web\+v2"/,
    );
    const summary = context.report.toJson().summary;
    expect(summary.status).to.equal('failure');
    expect(summary.metadata).to.include({ 'Objects analyzed': '3', Findings: '2 errors, 1 warning, 0 info', 'Failure threshold': 'Error' });
    expect(summary.metadata).to.not.have.property('Left to the synth-time analysis');
  });

  it('passes a clean app with no violations', async () => {
    const app = newApp();
    const shop = new Chart(app, 'shop', { namespace: 'shop' });
    deployment(shop, 'web', 'web', { app: 'web' });
    service(shop, 'web-service', 'web', { app: 'web' });
    const context = await validate(app);
    expect(context.report.success).to.equal(true);
    expect(context.report.toJson().violations).to.deep.equal([]);
  });

  it('maps its properties to the analysis options: failure and report thresholds, suppressions', async () => {
    const build = (): App => {
      const app = newApp();
      const shop = new Chart(app, 'shop', { namespace: 'shop' });
      deployment(shop, 'web', 'web', { app: 'web' });
      service(shop, 'web-service', 'web', { app: 'web' });
      service(shop, 'stray', 'stray', { app: 'gone' });
      service(shop, 'old', 'old', { app: 'gone' });
      return app;
    };
    const warnings = await validate(build());
    expect(warnings.report.success).to.equal(true);
    expect(occurrences(warnings).map((o) => o.resource)).to.deep.equal(['stray', 'old']);

    expect((await validate(build(), { failureThreshold: 'Warning' })).report.success).to.equal(false);
    expect((await validate(build(), { failureThreshold: 'warning' } as unknown as MeshAnalysisValidationProperties)).report.success, 'severities ignore case as the CLI does').to.equal(false);
    const quiet = await validate(build(), { reportThreshold: 'Error' });
    expect(quiet.report.toJson().violations).to.deep.equal([]);
    expect(quiet.report.toJson().summary.metadata).to.include({ Findings: '0 errors, 2 warnings, 0 info', 'Listed from': 'Error' });

    const suppressed = await validate(build(), { failureThreshold: 'Warning', suppress: ['DAM0105=Service/stray', { code: 'DAM0105', kind: 'Service', name: 'ol*' }] });
    expect(suppressed.report.success).to.equal(true);
    expect(suppressed.report.toJson().summary.metadata).to.include({ Suppressed: '2' });
  });

  it('rejects bad properties, naming each one, the value and what is allowed', () => {
    const bad = (props: unknown): string => {
      try {
        new MeshAnalysisValidation(props as MeshAnalysisValidationProperties);
      } catch (err) {
        expect(err).to.be.instanceOf(InvalidPropertiesError);
        return (err as Error).message;
      }
      throw new Error('accepted');
    };
    const message = bad({ failureThreshold: 'Fatal', suppres: [], suppress: ['IST0101=Service'], skipAnalyzedAtSynth: 'yes' });
    expect(message).to.equal(
      [
        'dog-app-mesh validation plugin: invalid properties in cdk8s.yaml:',
        '  - suppres: unknown property; expected one of failureThreshold, reportThreshold, suppress, defaultNamespace, rootNamespace, clusterDomain, skipAnalyzedAtSynth',
        "  - failureThreshold: got \"Fatal\"; expected one of Error, Warning, Info",
        "  - suppress[0]: invalid suppression 'IST0101=Service': expected CODE=Kind/name or CODE=Kind/namespace/name",
        '  - skipAnalyzedAtSynth: got "yes"; expected true or false',
      ].join('\n'),
    );
    expect(bad({ suppress: [{ code: 'IST0101=Service/x' }] })).to.match(/suppress\[0\]: got \{"code":"IST0101=Service\/x"\}; expected \{ code, kind\?, namespace\?, name\? \}/);
    expect(bad({ suppress: [{ code: 'IST0101', kind: 3 }] })).to.match(/suppress\[0\]: got/);
    expect(bad({ suppress: 'IST0101' })).to.match(/suppress: got "IST0101"; expected a list/);
    expect(bad({ clusterDomain: '' })).to.match(/clusterDomain: got ""; expected a non-empty string/);
    expect(bad(['Error'])).to.match(/properties: got \["Error"\]; expected a mapping/);
  });

  it('gives no construct path where cdk8s recorded one name for objects in several manifests', async () => {
    const app = newApp();
    const a = new Chart(app, 'a', { namespace: 'shop' });
    const b = new Chart(app, 'b', { namespace: 'shop' });
    service(a, 'svc', 'web', { app: 'gone' });
    virtualService(b, 'vs', 'web', { host: 'nothere' });
    const found = occurrences(await validate(app));
    expect(found.map((o) => [o.resource, o.path])).to.deep.equal([
      ['VirtualService/web', undefined],
      ['Service/web', undefined],
    ]);
  });

  it("leaves out the objects the app's synth-time analysis judged, so nothing is reported twice", async () => {
    const build = (): { app: App; printed: string[] } => {
      const app = newApp();
      const printed: string[] = [];
      const mesh = new Chart(app, 'mesh', { namespace: 'mesh' });
      service(mesh, 'mesh-stray', 'mesh-stray', { app: 'gone' });
      addMeshAnalysis(mesh, { log: (line) => printed.push(line) });
      const shop = new Chart(app, 'shop', { namespace: 'shop' });
      service(shop, 'shop-stray', 'shop-stray', { app: 'gone' });
      return { app, printed };
    };
    const both = build();
    const context = await validate(both.app);
    expect(both.printed).to.have.lengthOf(1);
    expect(both.printed[0]).to.match(/^mesh analysis: mesh\/mesh-stray: Warning \[DAM0105\] \(Service mesh\/mesh-stray\)/);
    expect(occurrences(context).map((o) => [o.resource, o.path])).to.deep.equal([['shop-stray', 'shop/shop-stray']]);
    expect(context.report.toJson().summary.metadata).to.include({ 'Left to the synth-time analysis': '1 finding about 1 object' });
    const coverage = JSON.parse(readFileSync(join(both.app.outdir, COVERAGE_FILE), 'utf8')) as unknown;
    expect(coverage).to.deep.equal({ version: 1, objects: [{ apiVersion: 'v1', kind: 'Service', name: 'mesh-stray', namespace: 'mesh' }] });

    const everything = await validate(build().app, { skipAnalyzedAtSynth: false });
    expect(occurrences(everything).map((o) => o.resource)).to.deep.equal(['mesh-stray', 'shop-stray']);
  });

  it('documents every property in docs/analysis.md', () => {
    const source = readFileSync('constructs/validation-plugin/properties.ts', 'utf8');
    const block = source.slice(source.indexOf('export interface MeshAnalysisValidationProperties'), source.indexOf('export interface ResolvedProperties'));
    const props = [...block.matchAll(/^ {2}readonly (\w+)\?:/gm)].map(([, name]) => name);
    expect(props).to.include.members(['failureThreshold', 'suppress', 'skipAnalyzedAtSynth']);
    const docs = readFileSync('docs/analysis.md', 'utf8');
    const section = docs.slice(docs.indexOf('## In cdk8s synth'), docs.indexOf('## From code'));
    expect(props.filter((p) => !section.includes(`| \`${p}\` |`)), 'properties missing from the docs table').to.deep.equal([]);
  });

  it('writes no coverage file when cdk8s records no construct metadata (no validation plugins)', () => {
    const app = new App({ outdir: tempDir() });
    const mesh = new Chart(app, 'mesh', { namespace: 'mesh' });
    service(mesh, 'stray', 'stray', { app: 'gone' });
    addMeshAnalysis(mesh, { log: () => undefined });
    app.synth();
    expect(readdirSync(app.outdir)).to.deep.equal(['mesh.k8s.yaml']);
  });
});
