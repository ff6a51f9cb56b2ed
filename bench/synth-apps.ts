import { Chart, type App } from 'cdk8s';
import { DogAppMesh } from '../constructs/index.js';

/**
 * Adds `count` DogAppMesh apps, one chart each, two versions each, every optional feature on; `analysis`
 * false leaves out the synth-time mesh analysis to show its share.
 */
export function addMeshApps(app: App, count: number, analysis = true): void {
  for (let i = 0; i < count; i++) {
    const name = `dog-app-${i}`;
    new DogAppMesh(new Chart(app, name), 'mesh', {
      name,
      namespace: name,
      versions: [
        { name: 'v1', weight: 90, autoscaling: { minReplicas: 2, maxReplicas: 6 } },
        { name: 'v2', weight: 10, replicas: 1 },
      ],
      headerRoute: { version: 'v2' },
      faultInjection: { delay: { fixedDelay: '2s', percentage: 10 }, match: { header: 'x-chaos', value: 'delay' } },
      egress: { tlsOrigination: true, restrictOutbound: true },
      loadgen: { rps: 1 },
      ...(analysis ? {} : { analysis: false }),
    });
  }
}
