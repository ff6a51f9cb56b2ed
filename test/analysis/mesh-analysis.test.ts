import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ApiObject, App, Chart, JsonPatch, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { expect } from 'chai';
import { addMeshAnalysis, type MeshAnalysisOptions } from '../../constructs/analysis/index.js';

/** A small hand-made app: a Deployment, its Service, a DestinationRule and a VirtualService routing to `subset`. */
class ShopApp extends Construct {
  public readonly virtualService: ApiObject;

  constructor(scope: Construct, id: string, subset: string, options?: MeshAnalysisOptions) {
    super(scope, id);
    const labels = { app: 'shop', version: 'v1' };
    new ApiObject(this, 'deployment', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'shop-v1', namespace: 'shop' },
      spec: {
        selector: { matchLabels: labels },
        template: { metadata: { labels }, spec: { containers: [{ name: 'shop', image: 'shop:1', ports: [{ containerPort: 8080, name: 'http' }] }] } },
      },
    });
    new ApiObject(this, 'service', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'shop', namespace: 'shop' },
      spec: { selector: { app: 'shop' }, ports: [{ name: 'http', port: 80, targetPort: 8080 }] },
    });
    new ApiObject(this, 'destination-rule', {
      apiVersion: 'networking.istio.io/v1',
      kind: 'DestinationRule',
      metadata: { name: 'shop', namespace: 'shop' },
      spec: { host: 'shop', subsets: [{ name: 'v1', labels: { version: 'v1' } }] },
    });
    this.virtualService = new ApiObject(this, 'virtual-service', {
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      metadata: { name: 'shop', namespace: 'shop' },
      spec: { hosts: ['shop'], http: [{ route: [{ destination: { host: 'shop', subset } }] }] },
    });
    addMeshAnalysis(this, options);
  }
}

function logger(): { lines: string[]; log: (line: string) => void } {
  const lines: string[] = [];
  return { lines, log: (line) => lines.push(line) };
}

describe('addMeshAnalysis (the analysis as a cdk8s validation)', () => {
  it('fails the synth of a dangling subset, naming the construct path of the VirtualService', () => {
    const chart = new Chart(Testing.app(), 'chart');
    new ShopApp(chart, 'shop', 'v2');
    expect(() => void Testing.synth(chart)).to.throw(
      /Validation failed[\s\S]*\[chart\/shop\] chart\/shop\/virtual-service: Error \[IST0101\] \(VirtualService shop\/shop\) Referenced host\+subset in destinationrule not found: "shop\+v2"/,
    );
  });

  it('fails app.synth() too, so cdk8s synth exits non-zero and writes nothing', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'mesh-analysis-'));
    const app = new App({ outdir });
    new ShopApp(new Chart(app, 'chart'), 'shop', 'v2');
    expect(() => app.synth()).to.throw(/chart\/shop\/virtual-service: Error \[IST0101\]/);
    expect(readdirSync(outdir)).to.deep.equal([]);
  });

  it('makes `cdk8s synth` exit non-zero with the construct path, and pass once the subset exists', async function () {
    this.timeout(120_000);
    const synth = async (subset: string) => {
      const outdir = mkdtempSync(join(tmpdir(), 'mesh-analysis-cli-'));
      const args = ['cdk8s', 'synth', '--check-upgrade=false', '--app', 'node --import tsx test/analysis/fixtures/synth-app/main.ts', '--output', outdir];
      try {
        await promisify(execFile)('npx', args, { env: { ...process.env, SHOP_SUBSET: subset } });
        return { code: 0, output: '', files: readdirSync(outdir) };
      } catch (err) {
        const e = err as { code: number; stdout: string; stderr: string };
        return { code: e.code, output: `${e.stdout}${e.stderr}`, files: readdirSync(outdir) };
      }
    };
    const broken = await synth('v2');
    expect(broken.code).not.to.equal(0);
    expect(broken.output).to.match(/\[shop\] shop\/virtual-service: Error \[IST0101\] \(VirtualService shop\/shop\) Referenced host\+subset in destinationrule not found: "shop\+v2"/);
    expect(broken.files).to.deep.equal([]);
    const fixed = await synth('v1');
    expect(fixed.code).to.equal(0);
    expect(fixed.files).to.deep.equal(['shop.k8s.yaml']);
  });

  it('lets a clean app synthesize', () => {
    const chart = new Chart(Testing.app(), 'chart');
    new ShopApp(chart, 'shop', 'v1');
    expect(Testing.synth(chart).map((o: { kind: string }) => o.kind)).to.deep.equal(['Deployment', 'Service', 'DestinationRule', 'VirtualService']);
  });

  it('prints warnings once per synth without failing it, and fails on them with failureThreshold Warning', () => {
    const build = (options: MeshAnalysisOptions) => {
      const chart = new Chart(Testing.app(), 'chart');
      new ShopApp(chart, 'shop', 'v1', options);
      new ApiObject(chart, 'stray', {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'stray', namespace: 'shop' },
        spec: { selector: { app: 'gone' }, ports: [{ name: 'http', port: 80 }] },
      });
      return chart;
    };
    const out = logger();
    const app = build({ log: out.log }).node.root as App;
    app.synthYaml();
    expect(out.lines).to.deep.equal([]);

    const all = logger();
    const chart = build({ log: () => expect.fail('the stray Service is the chart\'s, not the ShopApp\'s') });
    addMeshAnalysis(chart, { log: all.log });
    (chart.node.root as App).synth();
    expect(all.lines).to.have.lengthOf(1);
    expect(all.lines[0]).to.match(/^mesh analysis: chart\/stray: Warning \[DAM0105\] \(Service shop\/stray\) Service stray selects pods with app=gone/);

    const strict = build({ log: () => undefined });
    addMeshAnalysis(strict, { failureThreshold: 'Warning' });
    expect(() => void Testing.synth(strict)).to.throw(/chart\/stray: Warning \[DAM0105\]/);
  });

  it('reports only objects under the scopes that asked, but resolves references across the whole app', () => {
    const app = Testing.app();
    const backend = new Chart(app, 'backend');
    new ApiObject(backend, 'service', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'catalog', namespace: 'shop' },
      spec: { ports: [{ name: 'http', port: 80 }] },
    });
    new ApiObject(backend, 'broken', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'Not_Valid', namespace: 'shop' } });
    const front = new Chart(app, 'front');
    const vs = new ApiObject(front, 'vs', {
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      metadata: { name: 'catalog', namespace: 'shop' },
      spec: { hosts: ['catalog'], http: [{ route: [{ destination: { host: 'catalog' } }] }] },
    });
    addMeshAnalysis(vs);
    expect(() => app.synthYaml()).not.to.throw();
    addMeshAnalysis(backend);
    expect(() => app.synthYaml()).to.throw(/backend\/broken: Error \[IST0106\] \(ConfigMap shop\/Not_Valid\)/);
  });

  it('reports each finding once however many constructs of the app registered the analysis', () => {
    const chart = new Chart(Testing.app(), 'chart');
    new ShopApp(chart, 'one', 'v2');
    addMeshAnalysis(chart);
    addMeshAnalysis(chart);
    let message = '';
    try {
      Testing.synth(chart);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message.match(/IST0101/g)).to.have.lengthOf(1);
  });

  it('sees an object added between two synths of one synchronous run', () => {
    const chart = new Chart(Testing.app(), 'chart');
    const shop = new ShopApp(chart, 'shop', 'v1');
    expect(() => void Testing.synth(chart)).not.to.throw();
    new ApiObject(shop, 'canary-route', {
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      metadata: { name: 'shop-canary', namespace: 'shop' },
      spec: { hosts: ['shop-canary'], http: [{ route: [{ destination: { host: 'shop', subset: 'v9' } }] }] },
    });
    expect(() => void Testing.synth(chart)).to.throw(/IST0101.*shop-canary|shop-canary.*IST0101/);
  });

  it('analyzes the app afresh on a later synth, after it changed', async () => {
    const chart = new Chart(Testing.app(), 'chart');
    const shop = new ShopApp(chart, 'shop', 'v2');
    expect(() => void Testing.synth(chart)).to.throw(/IST0101/);
    await Promise.resolve();
    shop.virtualService.addJsonPatch(JsonPatch.replace('/spec/http/0/route/0/destination/subset', 'v1'));
    expect(() => void Testing.synth(chart)).not.to.throw();
  });
});
