import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiObject, App, Chart, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { expect } from 'chai';
import { addMeshAnalysis, type Check } from '../../constructs/analysis/index.js';
import { COVERAGE_FILE } from '../../constructs/validation-plugin/index.js';

const outdirs: string[] = [];

/** An app writing into a folder of its own, removed after the test. */
function testApp(): App {
  const outdir = mkdtempSync(join(tmpdir(), 'mesh-analysis-options-'));
  outdirs.push(outdir);
  return Testing.app({ outdir });
}

/** A Service selecting no pod: DAM0105, a Warning. */
function stray(scope: Construct, id: string, name = id): ApiObject {
  return new ApiObject(scope, id, {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: 'shop' },
    spec: { selector: { app: 'gone' }, ports: [{ name: 'http', port: 80 }] },
  });
}

/** A Service whose port name breaks the convention: IST0118, an Info. */
function unnamedPort(scope: Construct, id: string): ApiObject {
  return new ApiObject(scope, id, { apiVersion: 'v1', kind: 'Service', metadata: { name: id, namespace: 'shop' }, spec: { ports: [{ name: 'web', port: 80 }] } });
}

/** The message a synth fails with, or '' when it passes. */
function failure(synth: () => unknown): string {
  try {
    synth();
    return '';
  } catch (err) {
    return (err as Error).message;
  }
}

describe('addMeshAnalysis options', () => {
  afterEach(() => {
    for (const dir of outdirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('prints findings from printThreshold up to the failure threshold, each once, the construct path first', () => {
    const lines: string[] = [];
    const chart = new Chart(testApp(), 'chart');
    stray(chart, 'stray');
    unnamedPort(chart, 'legacy');
    addMeshAnalysis(chart, { printThreshold: 'Info', log: (l) => lines.push(l) });
    expect(failure(() => void Testing.synth(chart))).to.equal('');
    expect(lines.map((l) => l.replace(/\) .*$/, ')'))).to.deep.equal([
      'mesh analysis: chart/stray: Warning [DAM0105] (Service shop/stray)',
      'mesh analysis: chart/legacy: Info [IST0118] (Service shop/legacy)',
    ]);
  });

  it('prints nothing below the print threshold, and fails on what reaches the failure threshold instead of printing it', () => {
    const lines: string[] = [];
    const chart = new Chart(testApp(), 'chart');
    stray(chart, 'stray');
    unnamedPort(chart, 'legacy');
    addMeshAnalysis(chart, { failureThreshold: 'Warning', log: (l) => lines.push(l) });
    expect(failure(() => void Testing.synth(chart))).to.match(/chart\/stray: Warning \[DAM0105\] \(Service shop\/stray\)/);
    expect(lines).to.deep.equal([]);
    const quiet: string[] = [];
    const other = new Chart(testApp(), 'chart');
    stray(other, 'stray');
    addMeshAnalysis(other, { printThreshold: 'Error', log: (l) => quiet.push(l) });
    expect(failure(() => void Testing.synth(other))).to.equal('');
    expect(quiet).to.deep.equal([]);
  });

  it('fails on every finding with failureThreshold Info, and drops the suppressed ones', () => {
    const chart = new Chart(testApp(), 'chart');
    stray(chart, 'stray');
    unnamedPort(chart, 'legacy');
    addMeshAnalysis(chart, { failureThreshold: 'Info', suppress: [{ code: 'DAM0105', name: 'stray' }], log: () => undefined });
    const message = failure(() => void Testing.synth(chart));
    expect(message).to.match(/chart\/legacy: Info \[IST0118\]/);
    expect(message).not.to.match(/DAM0105/);
  });

  it('merges the options of a second call for the same scope into the first', () => {
    const lines: string[] = [];
    const chart = new Chart(testApp(), 'chart');
    stray(chart, 'stray');
    addMeshAnalysis(chart, { failureThreshold: 'Warning' });
    addMeshAnalysis(chart, { log: (l) => lines.push(l) });
    expect(failure(() => void Testing.synth(chart))).to.match(/chart\/stray: Warning \[DAM0105\]/);
    const later = new Chart(testApp(), 'chart');
    stray(later, 'stray');
    addMeshAnalysis(later, { failureThreshold: 'Warning' });
    addMeshAnalysis(later, { failureThreshold: 'Error', log: (l) => lines.push(l) });
    expect(failure(() => void Testing.synth(later))).to.equal('');
    expect(lines).to.have.lengthOf(1);
  });

  it('runs the analysis with its analysis options, separately for scopes that give different ones', () => {
    const app = testApp();
    const a = new Chart(app, 'a');
    const b = new Chart(app, 'b');
    const route = (scope: Construct, name: string) =>
      new ApiObject(scope, 'vs', {
        apiVersion: 'networking.istio.io/v1',
        kind: 'VirtualService',
        metadata: { name },
        spec: { hosts: ['web'], http: [{ route: [{ destination: { host: 'web.shop.svc.cluster.local' } }] }] },
      });
    route(a, 'vs-a');
    route(b, 'vs-b');
    new ApiObject(a, 'web', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'shop' }, spec: { ports: [{ name: 'http', port: 80 }] } });
    addMeshAnalysis(a, { analysis: { clusterDomain: 'cluster.local' } });
    addMeshAnalysis(b, { analysis: { clusterDomain: 'corp.internal' } });
    const message = failure(() => app.synthYaml());
    expect(message).to.match(/b\/vs: Error \[IST0101\]/);
    expect(message).not.to.match(/a\/vs/);
  });

  it('reports a finding without a construct path only through a scope at the app’s root', () => {
    const broken: Check = { code: 'DAM9999', severity: 'Error', title: 'Broken', description: 'throws', run: () => { throw new Error('boom'); } };
    const app = testApp();
    const chart = new Chart(app, 'chart');
    stray(chart, 'stray');
    addMeshAnalysis(chart, { analysis: { checks: [broken] } });
    expect(failure(() => app.synthYaml())).to.equal('');
    addMeshAnalysis(app, { analysis: { checks: [broken] } });
    expect(failure(() => app.synthYaml())).to.match(/Error \[IST0001\] \(Analysis DAM9999\) Internal error: check DAM9999 \(Broken\) failed: boom/);
    expect(failure(() => app.synthYaml())).not.to.match(/: Error \[IST0001\]/);
    expect(failure(() => app.synthYaml())).to.match(/\[\] Error \[IST0001\]/);
  });

  it('reports the findings of an ApiObject analyzed as a scope of its own', () => {
    const app = testApp();
    const chart = new Chart(app, 'chart');
    const lines: string[] = [];
    addMeshAnalysis(stray(chart, 'stray'), { log: (l) => lines.push(l) });
    expect(failure(() => app.synthYaml())).to.equal('');
    expect(lines.map((l) => l.replace(/\) .*$/, ')'))).to.deep.equal(['mesh analysis: chart/stray: Warning [DAM0105] (Service shop/stray)']);
  });

  it('sees an object added straight under an analyzed chart between two synths of one synchronous run', () => {
    const app = testApp();
    const chart = new Chart(app, 'chart');
    unnamedPort(chart, 'legacy');
    addMeshAnalysis(chart, { failureThreshold: 'Warning', log: () => undefined });
    expect(failure(() => app.synthYaml())).to.equal('');
    stray(chart, 'stray');
    expect(failure(() => app.synthYaml())).to.match(/chart\/stray: Warning \[DAM0105\]/);
  });

  it('prints with console.warn when no log is given', () => {
    const chart = new Chart(testApp(), 'chart');
    stray(chart, 'stray');
    addMeshAnalysis(chart);
    const printed: unknown[] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => void printed.push(...args);
    try {
      expect(failure(() => void Testing.synth(chart))).to.equal('');
    } finally {
      console.warn = warn;
    }
    expect(printed.map((l) => String(l).replace(/\) .*$/, ')'))).to.deep.equal(['mesh analysis: chart/stray: Warning [DAM0105] (Service shop/stray)']);
  });

  it('gives a finding to the innermost scope that covers its object, not to a sibling whose path is a prefix', () => {
    const app = testApp();
    const chart = new Chart(app, 'chart');
    const shop = new Construct(chart, 'shop');
    const shopping = new Construct(chart, 'shopping');
    stray(shop, 'stray', 'stray-a');
    stray(shopping, 'stray', 'stray-b');
    const outer: string[] = [];
    const inner: string[] = [];
    addMeshAnalysis(chart, { log: (l) => outer.push(l) });
    addMeshAnalysis(shop, { log: (l) => inner.push(l) });
    expect(failure(() => app.synthYaml())).to.equal('');
    expect(inner.map((l) => l.split(': ')[1])).to.deep.equal(['chart/shop/stray']);
    expect(outer.map((l) => l.split(': ')[1])).to.deep.equal(['chart/shopping/stray']);
  });

  it('analyzes once per synth for the scopes sharing one analysis, and prints again on the next synth', async () => {
    const app = testApp();
    const lines: string[] = [];
    const a = new Chart(app, 'a');
    const b = new Chart(app, 'b');
    stray(a, 'stray', 'stray-a');
    stray(b, 'stray', 'stray-b');
    addMeshAnalysis(a, { log: (l) => lines.push(l) });
    addMeshAnalysis(b, { log: (l) => lines.push(l) });
    app.synthYaml();
    expect(lines.map((l) => l.split(': ')[1])).to.deep.equal(['a/stray', 'b/stray']);
    await Promise.resolve();
    app.synthYaml();
    expect(lines).to.have.lengthOf(4);
  });

  it('lists the objects under the analyzed scopes for validation plugins, when cdk8s records construct metadata', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'mesh-analysis-options-'));
    outdirs.push(outdir);
    const app = new App({ outdir, recordConstructMetadata: true });
    const mesh = new Chart(app, 'mesh');
    stray(mesh, 'judged');
    const inner = new Construct(mesh, 'inner');
    stray(inner, 'nested');
    stray(new Chart(app, 'other'), 'left');
    addMeshAnalysis(mesh, { log: () => undefined });
    app.synth();
    const coverage = JSON.parse(readFileSync(join(outdir, COVERAGE_FILE), 'utf8')) as unknown;
    expect(coverage).to.deep.equal({
      version: 1,
      objects: [
        { apiVersion: 'v1', kind: 'Service', name: 'judged', namespace: 'shop' },
        { apiVersion: 'v1', kind: 'Service', name: 'nested', namespace: 'shop' },
      ],
    });
  });

  it('lists the objects under any analyzed scope, the app itself included, for validation plugins', () => {
    const coverageOf = (register: (app: App, a: Chart, b: Chart) => void) => {
      const outdir = mkdtempSync(join(tmpdir(), 'mesh-analysis-options-'));
      outdirs.push(outdir);
      const app = new App({ outdir, recordConstructMetadata: true });
      const a = new Chart(app, 'a');
      const b = new Chart(app, 'b');
      stray(a, 'in-a');
      stray(b, 'in-b');
      register(app, a, b);
      app.synth();
      return (JSON.parse(readFileSync(join(outdir, COVERAGE_FILE), 'utf8')) as { objects: { name: string }[] }).objects.map((o) => o.name);
    };
    expect(coverageOf((_, a, b) => [a, b].forEach((c) => addMeshAnalysis(c, { log: () => undefined })))).to.deep.equal(['in-a', 'in-b']);
    expect(coverageOf((app) => addMeshAnalysis(app, { log: () => undefined }))).to.deep.equal(['in-a', 'in-b']);
  });
});
