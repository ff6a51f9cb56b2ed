import { expect } from 'chai';
import { analyze, formatFinding, runAnalysis } from '../../constructs/analysis/index.js';
import { parseManifests, synthProject } from '../support/synth.js';
import { loadYaml } from './support.js';

type Manifest = { kind: string; metadata: { name: string }; spec?: Record<string, unknown> };

/** Findings this project's own dist/ may carry, each with the reason; empty: dist/ must analyze clean. */
const ACCEPTED_IN_DIST: readonly { code: string; object: string; why: string }[] = [];

describe('analysis of whole bundles', () => {
  describe('the shapes DogAppMesh synthesizes', () => {
    for (const bundle of ['istio-ingress.yaml', 'gateway-api-ambient.yaml']) {
      it(`${bundle} analyzes clean`, () => {
        expect(analyze(loadYaml('bundles', bundle)).map(formatFinding)).to.deep.equal([]);
      });
    }

    it('catches a version removed from the Deployments but still routed to and kept as a subset', () => {
      const objects = loadYaml('bundles', 'istio-ingress.yaml').filter((o) => (o as Manifest).metadata.name !== 'dog-app-v2');
      const codes = analyze(objects).map((f) => `${f.code} ${f.object.kind}`);
      expect(codes).to.deep.equal(['IST0173 DestinationRule']);
    });

    it('catches a deny-by-default namespace that lost its ALLOW policy, and the ingress routes it leaves serving nothing', () => {
      const objects = loadYaml('bundles', 'istio-ingress.yaml').filter((o) => (o as Manifest).metadata.name !== 'allow-ingress');
      const findings = analyze(objects).map((f) => `${f.code} ${f.object.kind}/${f.object.name}${f.field ? ` ${f.field.join('.')}` : ''}`);
      expect(findings.filter((f) => f.startsWith('DAM0109'))).to.deep.equal(['DAM0109 Deployment/dog-app-v1 spec.template.metadata.labels', 'DAM0109 Deployment/dog-app-v2 spec.template.metadata.labels']);
      // The fault rule aborts half of its requests by chance, so explain does not call it denied.
      expect(findings.filter((f) => f.startsWith('DAM0115'))).to.deep.equal(['DAM0115 VirtualService/dog-app spec.http.1', 'DAM0115 VirtualService/dog-app spec.http.2']);
    });

    it('catches a route timeout shorter than the retries it allows', () => {
      const objects = loadYaml('bundles', 'istio-ingress.yaml');
      const vs = objects.find((o) => o.kind === 'VirtualService') as { spec: { http: { timeout?: string }[] } };
      vs.spec.http[2].timeout = '4s';
      expect(analyze(objects).map((f) => f.message)).to.satisfy((m: string[]) => m.length === 1 && /2s × \(2 attempts \+ 1\) = 6s, more than the route timeout 4s/.test(m[0]));
    });
  });

  describe('dist/ as cdk8s synth writes it', function () {
    this.timeout(120_000);

    it('analyzes clean, every object validated against a known schema', async () => {
      const files = await synthProject();
      // The Argo CD Application example is Argo CD's kind, whose CRD is not pinned.
      const objects = [...files].filter(([file]) => !file.includes('/argo-cd/')).flatMap(([, text]) => parseManifests(text));
      expect(objects.length).to.be.greaterThan(0);
      const report = runAnalysis(objects);
      const unexpected = report.findings.filter((f) => !ACCEPTED_IN_DIST.some((a) => a.code === f.code && a.object === `${f.object.kind}/${f.object.name}`));
      expect(unexpected.map(formatFinding)).to.deep.equal([]);
      expect(report.findings.filter((f) => f.code === 'DAM0001')).to.deep.equal([]);
    });
  });
});
