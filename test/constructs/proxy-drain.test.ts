/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment -- synthesized manifests are untyped JSON */
import { expect } from 'chai';
import { synthMesh } from './support.js';

/** The pod's `proxy.istio.io/config` annotation, parsed; undefined when there is none. */
function proxyConfig(props: Parameters<typeof synthMesh>[0], deployment = 'dog-app-v1'): Record<string, unknown> | undefined {
  const text = synthMesh(props).find('Deployment', deployment).spec.template.metadata.annotations['proxy.istio.io/config'] as string | undefined;
  return text === undefined ? undefined : (JSON.parse(text) as Record<string, unknown>);
}

// A classic sidecar stops when the pod does: pilot-agent drains Envoy for terminationDrainDuration (5s by
// default, ProxyConfig reference) and exits, while the app may still be draining and finishing requests.
describe("DogAppMesh: the proxy's drain follows the app's shutdown", () => {
  it("keeps a classic sidecar up for the app's whole shutdown: drainDelay + grace", () => {
    expect(proxyConfig({})).to.deep.equal({ holdApplicationUntilProxyStarts: true, terminationDrainDuration: '15s' });
    const custom = synthMesh({ shutdown: { drainDelay: '2s', grace: '30s' } }).find('Deployment', 'dog-app-v1').spec.template;
    expect(JSON.parse(custom.metadata.annotations['proxy.istio.io/config'] as string).terminationDrainDuration).to.equal('32s');
    expect(custom.spec.terminationGracePeriodSeconds, 'Kubernetes still waits longer than the proxy drains').to.be.greaterThan(32);
  });

  it('rounds a sub-second shutdown up to whole seconds', () => {
    expect(proxyConfig({ shutdown: { drainDelay: '500ms', grace: '1s' } })?.terminationDrainDuration).to.equal('2s');
  });

  it('drains the proxy even without holding the app until the proxy starts', () => {
    expect(proxyConfig({ dataplane: { holdApplicationUntilProxyStarts: false } })).to.deep.equal({ terminationDrainDuration: '15s' });
  });

  it('sets no proxy config in ambient mode, where the pods have no sidecar', () => {
    expect(proxyConfig({ dataplane: { mode: 'ambient' } })).to.equal(undefined);
  });
});
