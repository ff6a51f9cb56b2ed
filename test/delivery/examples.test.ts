/* eslint-disable @typescript-eslint/no-unsafe-member-access -- these assertions walk synthesized JSON */
import { expect } from 'chai';
import { analyze } from '../../constructs/index.js';
import { parseManifests, readTree } from '../support/synth.js';
import { schemaErrors } from '../support/schemas.js';
import type { K8sObject } from '../constructs/support.js';

describe('the committed progressive delivery examples (dist/progressive/)', () => {
  let files: Map<string, string>;
  const objectsOf = (file: string) => parseManifests(files.get(file)!) as unknown as K8sObject[];
  before(async () => {
    files = await readTree('dist');
  });

  it('sit in subfolders, so kubectl apply -f dist/ still applies only the static system', () => {
    expect([...files.keys()].filter((f) => f.startsWith('progressive/')).sort()).to.deep.equal([
      'progressive/argo-rollouts/argo-cd/dog-app-application.k8s.yaml',
      'progressive/argo-rollouts/dog-app.k8s.yaml',
      'progressive/flagger/dog-app.k8s.yaml',
    ]);
    const topLevel = [...files.keys()].filter((f) => !f.includes('/')).flatMap(objectsOf);
    expect(topLevel.filter((o) => ['Canary', 'Rollout', 'MetricTemplate', 'AnalysisTemplate', 'Application'].includes(o.kind))).to.deep.equal([]);
  });

  for (const [file, engine] of [['progressive/flagger/dog-app.k8s.yaml', 'Canary'], ['progressive/argo-rollouts/dog-app.k8s.yaml', 'Rollout']] as const) {
    it(`${file}: a ${engine} checked against the add-ons' Prometheus, valid and without analysis findings`, () => {
      const objects = objectsOf(file);
      expect(objects.filter((o) => o.kind === engine)).to.have.length(1);
      expect(JSON.stringify(objects)).to.include('http://prometheus.istio-system:9090');
      expect(objects.flatMap(schemaErrors)).to.deep.equal([]);
      expect(analyze(objects as never).map((f) => `${f.code} ${f.message}`)).to.deep.equal([]);
    });
  }

  it('has an Argo CD Application that ignores the weights and subset labels Argo Rollouts writes', () => {
    const [application] = objectsOf('progressive/argo-rollouts/argo-cd/dog-app-application.k8s.yaml');
    expect(application.kind).to.equal('Application');
    expect(application.spec.syncPolicy.syncOptions).to.include('RespectIgnoreDifferences=true');
    expect(application.spec.ignoreDifferences).to.deep.equal([
      { group: 'networking.istio.io', kind: 'VirtualService', name: 'dog-app', namespace: 'dog-app-argo', jqPathExpressions: ['.spec.http[].route[].weight'] },
      { group: 'networking.istio.io', kind: 'VirtualService', name: 'dog-app-ingress', namespace: 'dog-app-argo', jqPathExpressions: ['.spec.http[].route[].weight'] },
      { group: 'networking.istio.io', kind: 'DestinationRule', name: 'dog-app', namespace: 'dog-app-argo', jqPathExpressions: ['.spec.subsets[].labels["rollouts-pod-template-hash"]'] },
    ]);
  });
});
