/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-return -- these assertions walk synthesized JSON */
import { expect } from 'chai';
import { Chart, Testing } from 'cdk8s';
import { InvalidPropsError, MeshService, type MeshServiceProps } from '../../constructs/index.js';
import type { K8sObject } from './support.js';

function synth(props: MeshServiceProps): { objects: K8sObject[]; find: (kind: string, name: string) => K8sObject } {
  const chart = new Chart(Testing.app(), 'test');
  new MeshService(chart, 'orders', props);
  const objects = Testing.synth(chart) as K8sObject[];
  return {
    objects,
    find: (kind, name) => {
      const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
      expect(found, `${kind} ${name}`).to.exist;
      return found!;
    },
  };
}

const ORDERS: MeshServiceProps = {
  name: 'orders',
  image: 'registry.example.com/orders:1.4.2',
  containerPort: 3000,
  portEnv: 'HTTP_PORT',
  versionEnv: 'RELEASE',
  env: { LOG_LEVEL: 'info' },
  probes: { readiness: { path: '/health/ready', period: '7s' }, liveness: { path: '/health/live', timeout: '4s' }, startup: { path: '/health/live', failureThreshold: 60 } },
  metrics: { path: '/internal/metrics', port: 9464 },
  shutdown: { drainDelay: '3s', grace: '20s', graceEnv: 'GRACE_MS' },
  egress: { hosts: [{ host: 'api.stripe.com', tlsOrigination: true, timeout: '5s' }, { host: 'cdn.example.com' }] },
};

describe('MeshService (any HTTP service in the mesh)', () => {
  it('runs the service with its own probes, metrics, environment and shutdown timings', () => {
    const { find } = synth(ORDERS);
    const deployment = find('Deployment', 'orders-v1');
    expect(deployment.metadata.namespace).to.equal('orders');
    const pod = deployment.spec.template;
    expect(pod.metadata.annotations).to.include({ 'prometheus.io/path': '/internal/metrics', 'prometheus.io/port': '9464' });
    expect(pod.spec.terminationGracePeriodSeconds).to.equal(28);
    const [container] = pod.spec.containers;
    expect(container.image).to.equal('registry.example.com/orders:1.4.2');
    expect(container.env).to.deep.equal([
      { name: 'HTTP_PORT', value: '3000' },
      { name: 'RELEASE', value: 'v1' },
      { name: 'LOG_LEVEL', value: 'info' },
      { name: 'GRACE_MS', value: '20000' },
    ]);
    expect(container.readinessProbe).to.deep.include({ httpGet: { path: '/health/ready', port: 3000, scheme: 'HTTP' }, periodSeconds: 7, failureThreshold: 3 });
    expect(container.livenessProbe).to.deep.include({ httpGet: { path: '/health/live', port: 3000, scheme: 'HTTP' }, timeoutSeconds: 4 });
    expect(container.startupProbe).to.deep.include({ httpGet: { path: '/health/live', port: 3000, scheme: 'HTTP' }, failureThreshold: 60 });
  });

  it('sets no variable the app did not ask for, and no scrape annotations with metrics: false', () => {
    const { find } = synth({ name: 'quiet', image: 'quiet:1.0.0', metrics: false });
    const pod = find('Deployment', 'quiet-v1').spec.template;
    expect(pod.spec.containers[0].env ?? []).to.deep.equal([]);
    expect(Object.keys(pod.metadata.annotations ?? {}).filter((k) => k.startsWith('prometheus.io/'))).to.deep.equal([]);
  });

  it('registers each external host, originating TLS where asked', () => {
    const { objects, find } = synth(ORDERS);
    expect(objects.filter((o) => o.kind === 'ServiceEntry').map((o) => o.spec.hosts[0])).to.deep.equal(['api.stripe.com', 'cdn.example.com']);
    expect(find('DestinationRule', 'api-stripe-com').spec.trafficPolicy.portLevelSettings[0].tls).to.include({ mode: 'SIMPLE', sni: 'api.stripe.com' });
    expect(find('VirtualService', 'api-stripe-com').spec.http[0]).to.include({ name: 'api-stripe-com', timeout: '5s' });
    expect(objects.filter((o) => o.kind === 'DestinationRule').map((o) => o.metadata.name)).to.deep.equal(['orders', 'api-stripe-com']);
  });

  it('keeps the probe and metrics paths closed to the ingress whatever the allowed paths match', () => {
    const policy = synth(ORDERS).find('AuthorizationPolicy', 'orders');
    expect(policy.spec.rules[0].to[0].operation).to.deep.equal({
      methods: ['GET', 'HEAD', 'POST'],
      paths: ['/*'],
      notPaths: ['/health/ready', '/health/live', '/internal/metrics'],
    });
    const narrow = synth({ ...ORDERS, security: { allowedPaths: ['/orders', '/orders/*'] } }).find('AuthorizationPolicy', 'orders');
    expect(narrow.spec.rules[0].to[0].operation).to.deep.equal({ methods: ['GET', 'HEAD', 'POST'], paths: ['/orders', '/orders/*'] });
  });

  it('refuses a missing name or image, bad probes and environment names, naming each prop', () => {
    const chart = new Chart(Testing.app(), 'test');
    try {
      new MeshService(chart, 'bad', { probes: { readiness: { period: '500ms' } }, portEnv: 'HTTP PORT' } as unknown as MeshServiceProps);
      expect.fail('expected an error');
    } catch (err) {
      expect(err).to.be.instanceOf(InvalidPropsError);
      expect((err as Error).message).to.match(/^\[test\/bad\] invalid props:/);
      expect((err as InvalidPropsError).problems.map((p) => p.prop)).to.deep.equal(['name', 'namespace', 'image', 'portEnv', 'probes.readiness.period']);
    }
  });
});
