import { expect } from 'chai';
import { Chart, Testing } from 'cdk8s';
import { DogAppMesh, InvalidPropsError, MeshService } from '../../constructs/index.js';
import type { K8sObject } from './support.js';

/** `group/Kind namespace/name` of each object that appears more than once. */
function duplicates(objects: readonly K8sObject[]): string[] {
  const seen = new Map<string, number>();
  for (const o of objects) {
    const key = `${o.apiVersion.split('/').slice(0, -1).join('/')}/${o.kind} ${o.metadata.namespace ?? ''}/${o.metadata.name}`;
    seen.set(key, (seen.get(key) ?? 0) + 1);
  }
  return [...seen].filter(([, n]) => n > 1).map(([key]) => key);
}

const count = (objects: readonly K8sObject[], kind: string, name?: string) => objects.filter((o) => o.kind === kind && (name === undefined || o.metadata.name === name)).length;

describe('apps sharing a namespace in one chart', () => {
  it('two DogAppMesh in one namespace emit each namespace-level object once', () => {
    const chart = new Chart(Testing.app(), 'apps');
    const dogs = new DogAppMesh(chart, 'dogs', { name: 'dog-app', egress: { restrictOutbound: true } });
    const cats = new DogAppMesh(chart, 'cats', { name: 'cat-app', egress: { restrictOutbound: true } });
    const objects = Testing.synth(chart) as K8sObject[];
    expect(duplicates(objects)).to.deep.equal([]);
    expect(count(objects, 'Namespace')).to.equal(1);
    expect(count(objects, 'PeerAuthentication', 'default')).to.equal(1);
    expect(count(objects, 'AuthorizationPolicy', 'allow-nothing')).to.equal(1);
    expect(count(objects, 'Sidecar')).to.equal(1);
    expect(objects.filter((o) => o.kind === 'ServiceEntry').map((o) => o.metadata.name)).to.deep.equal(['dog-ceo', 'images-dog-ceo']);
    // Each app keeps its own workload, Service, routes and ALLOW policy.
    for (const name of ['dog-app', 'cat-app']) {
      expect(count(objects, 'Service', name), name).to.equal(1);
      expect(count(objects, 'AuthorizationPolicy', name), name).to.equal(1);
      expect(count(objects, 'Deployment', `${name}-v1`), name).to.equal(1);
    }
    // And sees the shared objects through its properties.
    expect(cats.namespace).to.equal(dogs.namespace);
    expect(cats.peerAuthentication).to.equal(dogs.peerAuthentication);
    expect(cats.authorizationPolicies['allow-nothing']).to.equal(dogs.authorizationPolicies['allow-nothing']);
    expect(cats.serviceEntries['dog.ceo']).to.equal(dogs.serviceEntries['dog.ceo']);
    expect(cats.sidecar).to.equal(dogs.sidecar);
  });

  it('a MeshService joins the namespace of a DogAppMesh and shares the hosts both call', () => {
    const chart = new Chart(Testing.app(), 'apps');
    new DogAppMesh(chart, 'dogs', { namespace: 'pets' });
    new MeshService(chart, 'orders', {
      name: 'orders',
      namespace: 'pets',
      image: 'registry.example.com/orders:1.4.2',
      egress: { hosts: [{ host: 'images.dog.ceo' }, { host: 'api.stripe.com' }] },
    });
    const objects = Testing.synth(chart) as K8sObject[];
    expect(duplicates(objects)).to.deep.equal([]);
    expect(objects.filter((o) => o.kind === 'ServiceEntry').map((o) => o.metadata.name)).to.deep.equal(['dog-ceo', 'images-dog-ceo', 'api-stripe-com']);
  });

  it('refuses a second app whose namespace-level settings differ, naming the prop and the first app', () => {
    const chart = new Chart(Testing.app(), 'apps');
    new DogAppMesh(chart, 'dogs');
    try {
      new DogAppMesh(chart, 'cats', { name: 'cat-app', security: { mtlsMode: 'PERMISSIVE' }, egress: { tlsOrigination: true } });
      expect.fail('expected an error');
    } catch (err) {
      expect(err).to.be.instanceOf(InvalidPropsError);
      const message = (err as Error).message;
      expect(message).to.match(/^\[apps\/cats\] invalid props:/);
      expect(message).to.include('  - security.mtlsMode: got "PERMISSIVE"; expected "STRICT", as apps/dogs, which shares namespace "dog-app" in this chart');
      expect(message).to.include('  - egress.apiHost: got {"tlsOrigination":true');
      expect(message).to.include('as apps/dogs, which registered dog.ceo in namespace "dog-app"');
    }
  });

  it('apps of different charts do not share: the analysis reports their duplicates (DAM0116) and fails the synth', () => {
    const app = Testing.app();
    new DogAppMesh(new Chart(app, 'dogs'), 'mesh', { name: 'dog-app' });
    new DogAppMesh(new Chart(app, 'cats'), 'mesh', { name: 'cat-app', namespace: 'dog-app' });
    expect(() => app.synthYaml()).to.throw(/cats\/mesh\/namespace\/Resource\/Resource: Error \[DAM0116\] \(Namespace dog-app\) Namespace dog-app is defined twice: an earlier v1 Namespace \(dogs\/mesh\/namespace\/Resource\/Resource\)/);
  });
});
