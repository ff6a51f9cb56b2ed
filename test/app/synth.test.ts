/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-explicit-any -- these assertions walk synthesized JSON */
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

  it('deploys the app the way the seed did, now behind the ingress gateway', () => {
    const find = (kind: string, name: string) => manifests.find((m) => m.kind === kind && m.metadata.name === name) as unknown as Record<string, any>;
    expect(find('Namespace', 'dog-app').metadata.labels).to.deep.equal({ 'istio-injection': 'enabled' });
    for (const version of ['v1', 'v2']) expect(find('Deployment', `dog-app-${version}`).spec.replicas).to.equal(2);
    const svc = find('Service', 'dog-app');
    expect(svc.spec.type).to.equal('ClusterIP');
    expect(svc.spec.ports[0]).to.include({ port: 8000, name: 'http' });
    expect(find('Gateway', 'dog-app-gateway').spec.servers[0].port).to.include({ number: 80, protocol: 'HTTP' });
    const [header, fallback] = find('VirtualService', 'dog-app').spec.http;
    expect(header.match).to.deep.equal([{ headers: { 'x-canary': { exact: 'always' } } }]);
    expect(fallback.route.map((r: { weight: number }) => r.weight)).to.deep.equal([90, 10]);
    expect(find('Deployment', 'dog-app-loadgen').spec.template.spec.containers[0].args).to.include.members(['--rps', '1']);
  });

  it('writes the IstioOperator to dist/istio/, out of reach of kubectl apply -f dist/', () => {
    const operatorFiles = [...synthesized.entries()].filter(([, text]) => /^kind: IstioOperator$/m.test(text)).map(([file]) => file);
    expect(operatorFiles).to.deep.equal(['istio/istio-operator.k8s.yaml']);
    const [operator] = parseManifests(synthesized.get('istio/istio-operator.k8s.yaml')!) as unknown as Record<string, any>[];
    expect(operator.apiVersion).to.equal('install.istio.io/v1alpha1');
    expect(operator.spec.profile).to.equal('demo');
    expect(operator.spec.meshConfig.defaultConfig).to.deep.equal({ holdApplicationUntilProxyStarts: true });
    const topLevel = [...synthesized.keys()].filter((f) => !f.includes('/'));
    for (const file of topLevel) expect(synthesized.get(file), file).to.not.match(/^kind: IstioOperator$/m);
  });
});
