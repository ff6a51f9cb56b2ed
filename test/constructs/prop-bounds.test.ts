/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-return -- these assertions walk synthesized JSON */
import { expect } from 'chai';
import type { DogAppMeshProps } from '../../constructs/index.js';
import { synthMesh } from './support.js';

// The values at the edge of each range a constructs/mesh/ check allows are accepted, and land in the objects.

describe('DogAppMesh accepts each bound of its ranges', () => {
  it('probe timings of 1s and 1h, failure thresholds of 1 and 1000', () => {
    const { find } = synthMesh({
      probes: { readiness: { period: '1s', timeout: '3600s', failureThreshold: 1 }, liveness: { period: '1h', timeout: '1000ms', failureThreshold: 1000 } },
    });
    const [c] = find('Deployment', 'dog-app-v1').spec.template.spec.containers;
    expect(c.readinessProbe).to.deep.include({ periodSeconds: 1, timeoutSeconds: 3600, failureThreshold: 1 });
    expect(c.livenessProbe).to.deep.include({ periodSeconds: 3600, timeoutSeconds: 1, failureThreshold: 1000 });
  });

  it('a drain delay of 0 and of 10m, a grace of 1h', () => {
    const grace = (shutdown: DogAppMeshProps['shutdown']) => {
      const spec = synthMesh({ shutdown }).find('Deployment', 'dog-app-v1').spec.template.spec;
      const env = Object.fromEntries((spec.containers[0].env as { name: string; value: string }[]).map((e) => [e.name, e.value]));
      return [spec.terminationGracePeriodSeconds, env.SHUTDOWN_DELAY_MS, env.SHUTDOWN_GRACE_MS];
    };
    expect(grace({ drainDelay: '10m', grace: '1h' })).to.deep.equal([4205, '600000', '3600000']);
    expect(grace({ drainDelay: '0s', grace: '1500ms' })).to.deep.equal([7, '0', '1500']);
  });

  it('requests equal to their limits', () => {
    const { find } = synthMesh({ resources: { cpuRequestMillis: 500, cpuLimitMillis: 500, memoryRequestMebibytes: 256, memoryLimitMebibytes: 256 } });
    expect(find('Deployment', 'dog-app-v1').spec.template.spec.containers[0].resources).to.deep.equal({
      requests: { cpu: '500m', memory: '256Mi' },
      limits: { cpu: '500m', memory: '256Mi' },
    });
  });

  it('uid 1 and gid 2147483647', () => {
    const { securityContext } = synthMesh({ runAsUser: 1, runAsGroup: 2_147_483_647 }).find('Deployment', 'dog-app-v1').spec.template.spec;
    expect(securityContext).to.include({ runAsUser: 1, runAsGroup: 2_147_483_647 });
  });

  it('16 versions, and a workload name of exactly 63 characters', () => {
    const versions = Array.from({ length: 16 }, (_, i) => ({ name: `v${i}`, weight: i === 0 ? 100 : 0 }));
    expect(synthMesh({ versions }).all('Deployment')).to.have.lengthOf(16);
    const name = 'a'.repeat(40);
    const workload = `${name}-${'v'.repeat(22)}`;
    expect(workload).to.have.lengthOf(63);
    expect(synthMesh({ name, versions: [{ name: 'v'.repeat(22) }] }).all('Deployment').map((d) => d.metadata.name)).to.deep.equal([workload]);
  });

  it('an autoscaler whose minimum is its maximum', () => {
    const hpa = synthMesh({ versions: [{ name: 'v1', autoscaling: { minReplicas: 3, maxReplicas: 3 } }] }).find('HorizontalPodAutoscaler', 'dog-app-v1');
    expect(hpa.spec).to.include({ minReplicas: 3, maxReplicas: 3 });
  });

  it('a route timeout that leaves exactly room for every retry, and any timeout without retries', () => {
    const rule = (resilience: DogAppMeshProps['resilience']) =>
      synthMesh({ resilience }).find('VirtualService', 'dog-app').spec.http.find((r: { name: string }) => r.name === 'default');
    expect(rule({ timeout: '9s', retries: { attempts: 2, perTryTimeout: '3s' } })).to.deep.include({
      timeout: '9s',
      retries: { attempts: 2, perTryTimeout: '3s', retryOn: 'connect-failure,refused-stream,reset' },
    });
    expect(rule({ timeout: '1s', retries: { attempts: 0 } })).to.deep.include({ timeout: '1s', retries: { attempts: 0 } });
  });

  it('a retiring version at weight 0 keeps its pods and subset but gets no traffic', () => {
    const { find } = synthMesh({ versions: [{ name: 'v1', weight: 100 }, { name: 'v2', weight: 0, retiring: true }] });
    expect(find('Deployment', 'dog-app-v2').spec.replicas).to.equal(2);
    expect(find('DestinationRule', 'dog-app').spec.subsets.map((s: { name: string }) => s.name)).to.deep.equal(['v1', 'v2']);
    expect(find('VirtualService', 'dog-app').spec.http.at(-1).route).to.deep.equal([{ destination: { host: 'dog-app.dog-app.svc.cluster.local', subset: 'v1', port: { number: 8000 } } }]);
  });
});
