import { expect } from 'chai';
import { ApiObject, Chart, Testing } from 'cdk8s';
import { GatewayApiRouting } from '../../constructs/mesh/gateway-api-routing.js';
import { IstioRouting } from '../../constructs/mesh/istio-routing.js';
import type { MeshServiceProps } from '../../constructs/mesh/props.js';
import { resolveMeshProps } from '../../constructs/mesh/resolve.js';

// The routing parts take objects to apply before their routes: a construct that creates a route's
// DestinationRule after the route (so creation order alone would apply it second) passes it as `after`.

const PROPS: MeshServiceProps = { name: 'shop', image: 'shop:1.0.0' };

/** Kind/name of each object of the chart, in the order `kubectl apply` gets them. */
const order = (chart: Chart) => (Testing.synth(chart) as { kind: string; metadata: { name: string } }[]).map((o) => `${o.kind}/${o.metadata.name}`);

describe('routing applied after the objects it needs', () => {
  it('Istio API: both VirtualServices come after the objects given', () => {
    const chart = new Chart(Testing.app(), 'test');
    const config = resolveMeshProps(chart, PROPS);
    const routing = new IstioRouting(chart, 'routing', config, []);
    const later = new ApiObject(chart, 'later', { apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: { name: 'later' } });
    expect(order(chart)).to.deep.equal(['VirtualService/shop', 'Gateway/shop-gateway', 'VirtualService/shop-ingress', 'DestinationRule/later']);

    const chart2 = new Chart(Testing.app(), 'test');
    const dr = new ApiObject(chart2, 'dr', { apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: { name: 'shop' } });
    const routing2 = new IstioRouting(chart2, 'routing', resolveMeshProps(chart2, PROPS), [dr]);
    expect(routing2.virtualService.node.dependencies).to.deep.equal([dr]);
    expect(routing2.ingressVirtualService!.node.dependencies).to.deep.equal([dr]);
    expect(routing.virtualService.node.dependencies).to.deep.equal([]);
    expect(later.node.dependencies).to.deep.equal([]);
  });

  it('Gateway API: both HTTPRoutes depend on the objects given, the redirect route and the Gateway do not', () => {
    const chart = new Chart(Testing.app(), 'test');
    const dr = new ApiObject(chart, 'dr', { apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: { name: 'shop' } });
    const config = resolveMeshProps(chart, { ...PROPS, ingress: { api: 'gateway-api', tls: { secretName: 'shop-tls' } } });
    const routing = new GatewayApiRouting(chart, 'routing', config, [dr]);
    expect(routing.httpRoute.node.dependencies).to.deep.equal([dr]);
    expect(routing.meshHttpRoute.node.dependencies).to.deep.equal([dr]);
    expect(routing.httpsRedirectRoute!.node.dependencies).to.deep.equal([]);
    expect(routing.gateway.node.dependencies).to.deep.equal([]);
  });
});
