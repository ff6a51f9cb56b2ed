import { expect } from 'chai';
import { parseManifests, readTree, synthProject, type SynthOutput } from '../support/synth.js';

interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string };
}

describe('cdk8s synth of main.ts', function () {
  this.timeout(120_000);
  let synthesized: SynthOutput;
  let manifests: Manifest[];

  before(async () => {
    synthesized = await synthProject();
    manifests = [...synthesized.values()].flatMap((text) => parseManifests(text) as unknown as Manifest[]);
  });

  it('writes the committed dist/ exactly', async () => {
    const committed = await readTree('dist');
    expect([...synthesized.keys()]).to.deep.equal([...committed.keys()]);
    for (const [file, text] of synthesized) {
      expect(text, `dist/${file} is stale: run npm run synth and commit`).to.equal(committed.get(file));
    }
  });

  it('emits YAML documents that each have apiVersion, kind and a name', () => {
    expect(manifests).to.not.be.empty;
    for (const m of manifests) {
      expect(m.apiVersion, JSON.stringify(m)).to.be.a('string');
      expect(m.kind, JSON.stringify(m)).to.be.a('string');
      expect(m.metadata?.name, JSON.stringify(m)).to.be.a('string');
    }
  });

  it('deploys the app the way the seed did', () => {
    const find = (kind: string, name: string) => manifests.find((m) => m.kind === kind && m.metadata.name === name);
    const ns = find('Namespace', 'dog-app') as unknown as { metadata: { labels: Record<string, string> } };
    expect(ns.metadata.labels['istio-injection']).to.equal('enabled');
    const kinds = new Set(manifests.map((m) => m.kind));
    for (const kind of ['Namespace', 'Deployment', 'Service']) expect(kinds).to.include(kind);
    const svc = find('Service', 'dog-app') as unknown as { spec: { type: string; ports: { port: number; name: string }[] } };
    expect(svc.spec.type).to.equal('LoadBalancer');
    expect(svc.spec.ports[0]).to.include({ port: 8000, name: 'http' });
  });
});
