/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-return -- these assertions walk synthesized JSON */
import { expect } from 'chai';
import { Chart, Testing } from 'cdk8s';
import { DogAppMesh, IstioOperator } from '../../constructs/index.js';
import { errorOf, synthMesh, type K8sObject } from './support.js';

// What an accepted prop does to the objects, where the default is the only case the other tests build.

describe('prop effects', () => {
  it('a weight given on a later version only: the versions without one get none, so that one takes all traffic', () => {
    const { find } = synthMesh({ versions: [{ name: 'v1' }, { name: 'v2', weight: 100 }] });
    const weights = (find('VirtualService', 'dog-app').spec.http as { route: { destination: { subset: string }; weight?: number }[] }[]).at(-1)!.route.map((r) => [r.destination.subset, r.weight ?? 100]);
    expect(weights).to.deep.equal([['v1', 0], ['v2', 100]]);
  });

  it("a version's own environment variables reach its pods only", () => {
    const { find } = synthMesh({ versions: [{ name: 'v1', weight: 100, env: { FEATURE_X: 'on' } }, { name: 'v2', weight: 0 }] });
    const env = (name: string) => (find('Deployment', name).spec.template.spec.containers[0].env as { name: string; value?: string }[]).filter((e) => e.name === 'FEATURE_X');
    expect(env('dog-app-v1')).to.deep.equal([{ name: 'FEATURE_X', value: 'on' }]);
    expect(env('dog-app-v2')).to.deep.equal([]);
  });

  it('the Service asks the ingress to use the waypoint in ambient mode only', () => {
    const label = (objects: K8sObject[]) => objects.filter((o) => o.kind === 'Service').map((s) => s.metadata.labels?.['istio.io/ingress-use-waypoint']);
    expect(label(synthMesh().objects)).to.deep.equal([undefined]);
    const ambient = label(synthMesh({ dataplane: { mode: 'ambient' } }).objects);
    expect(ambient).to.have.length.above(0);
    expect(ambient.every((l) => l === 'true'), ambient.join(', ')).to.equal(true);
  });

  it('IstioOperator holds applications until their proxy starts, unless told not to', () => {
    const defaultConfig = (props: { holdApplicationUntilProxyStarts?: boolean }) => new IstioOperator(new Chart(Testing.app(), 'istio'), 'operator', props).apiObject.toJson().spec.meshConfig.defaultConfig;
    expect(defaultConfig({})).to.deep.equal({ holdApplicationUntilProxyStarts: true });
    expect(defaultConfig({ holdApplicationUntilProxyStarts: false })).to.deep.equal({ holdApplicationUntilProxyStarts: false });
  });

  describe('apps sharing a namespace', () => {
    it('a different mTLS mode is refused: the namespace-wide PeerAuthentication is shared', () => {
      const chart = new Chart(Testing.app(), 'apps');
      new DogAppMesh(chart, 'dogs', {});
      expect(errorOf(() => new DogAppMesh(chart, 'cats', { name: 'cat-app', security: { mtlsMode: 'PERMISSIVE' } })).split('\n')).to.deep.equal([
        '[apps/cats] invalid props:',
        '  - security.mtlsMode: got "PERMISSIVE"; expected "STRICT", as apps/dogs, which shares namespace "dog-app" in this chart: the namespace-wide PeerAuthentication is shared',
      ]);
    });

    it('an app in a third namespace of the chart does not make it forget the first', () => {
      const chart = new Chart(Testing.app(), 'apps');
      new DogAppMesh(chart, 'dogs', { namespace: 'pets' });
      new DogAppMesh(chart, 'cats', { name: 'cat-app', namespace: 'cats' });
      expect(errorOf(() => new DogAppMesh(chart, 'birds', { name: 'bird-app', namespace: 'pets', namespaceLabels: { team: 'birds' } })).split('\n')).to.deep.equal([
        '[apps/birds] invalid props:',
        '  - namespaceLabels: got {"team":"birds"}; expected {}, as apps/dogs, which shares namespace "pets" in this chart: the namespace has one set of labels',
      ]);
      new DogAppMesh(chart, 'fish', { name: 'fish-app', namespace: 'pets' });
      const namespaces = (Testing.synth(chart) as K8sObject[]).filter((o) => o.kind === 'Namespace').map((o) => o.metadata.name);
      expect(namespaces).to.deep.equal(['pets', 'cats']);
    });
  });
});
