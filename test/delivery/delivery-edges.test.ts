/* eslint-disable @typescript-eslint/no-unsafe-member-access -- these assertions walk synthesized JSON */
import { expect } from 'chai';
import type { DogAppMeshProps, ProgressiveDeliveryOptions } from '../../constructs/index.js';
import { errorOf, synthMesh } from '../constructs/support.js';

const argo = (options: Partial<ProgressiveDeliveryOptions> = {}, extra: Partial<DogAppMeshProps> = {}): DogAppMeshProps => ({
  versions: [{ name: 'v2', image: 'dog-app-mesh:0.2.0' }],
  progressiveDelivery: { engine: 'argo-rollouts', ...options },
  ...extra,
});

// The edges of the delivery props and the engine objects that the other delivery tests leave open.
describe('progressive delivery: edges of the props and of the engine objects', () => {
  it("Argo Rollouts: the Rollout's autoscaler scales on the CPU utilization asked for", () => {
    const s = synthMesh(argo({}, { versions: [{ name: 'v2', image: 'dog-app-mesh:0.2.0', autoscaling: { maxReplicas: 5, cpuUtilization: 65 } }] }));
    expect(s.find('HorizontalPodAutoscaler', 'dog-app').spec.metrics).to.deep.equal([
      { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 65 } } },
    ]);
  });

  it('a Prometheus address must be an http(s) URL from its first character to its last', () => {
    const problem = (address: string) =>
      `  - progressiveDelivery.prometheusAddress: got ${JSON.stringify(address)}; expected an http(s) URL, e.g. http://prometheus.istio-system:9090`;
    for (const address of ['xhttp://prometheus:9090', 'http://prometheus:9090 extra']) {
      expect(errorOf(() => synthMesh(argo({ prometheusAddress: address }))).split('\n'), address).to.include(problem(address));
    }
  });

  it('placeholders may be written with or without spaces inside the braces', () => {
    for (const canary of ['{{canary}}', '{{ canary}}', '{{canary }}']) {
      const query = `sum(rate(istio_requests_total{ ${canary} }[{{window}}]))`;
      const s = synthMesh(argo({ checks: { extra: [{ name: 'rate', query, min: 1 }] } }));
      const metrics = s.find('AnalysisTemplate', 'dog-app').spec.metrics as { name: string; provider: { prometheus: { query: string } } }[];
      const metric = metrics.find((m) => m.name === 'rate')!;
      expect(metric.provider.prometheus.query, canary).to.match(/^sum\(rate\(istio_requests_total\{ reporter="destination", .*destination_version="\{\{args\.version\}\}" \}\[1m\]\)\)$/);
    }
    const unknown = errorOf(() => synthMesh(argo({ checks: { extra: [{ name: 'rate', query: 'up{a="{{pod}}"}', min: 1 }] } })));
    expect(unknown).to.contain('unknown: pod');
  });
});
