import { expect } from 'chai';
import { Chart, Testing } from 'cdk8s';
import { MeshService, type MeshServiceProps } from '../../constructs/index.js';
import type { K8sObject } from './support.js';

// MeshService's public properties: each names the object the chart emits, so an app can patch or refer to it.

const ORDERS: MeshServiceProps = {
  name: 'orders',
  image: 'registry.example.com/orders:1.4.2',
  egress: { hosts: [{ host: 'api.stripe.com', tlsOrigination: true }, { host: 'cdn.example.com' }] },
};

function build(props: MeshServiceProps): { service: MeshService; chart: Chart; objects: () => K8sObject[] } {
  const chart = new Chart(Testing.app(), 'test');
  const service = new MeshService(chart, 'orders', props);
  return { service, chart, objects: () => Testing.synth(chart) as K8sObject[] };
}

const kindsAndNames = (objects: readonly K8sObject[], kind: string) => objects.filter((o) => o.kind === kind).map((o) => `${o.metadata.namespace ?? ''}/${o.metadata.name}`);

describe('MeshService: the objects behind its properties', () => {
  it("runs the pods under the app's own ServiceAccount, labelled, in its namespace, with no API token mounted", () => {
    const { service, objects } = build(ORDERS);
    const [account] = objects().filter((o) => o.kind === 'ServiceAccount');
    expect(account.metadata).to.deep.include({ name: 'orders', namespace: 'orders' });
    expect(account.metadata.labels).to.deep.include({ app: 'orders' });
    expect(account.automountServiceAccountToken).to.equal(false);
    expect(service.serviceAccount.name).to.equal('orders');
    expect(service.namespace.name).to.equal('orders');
  });

  it('names the egress rules and routes of the hosts with TLS origination, by host', () => {
    const { service } = build(ORDERS);
    expect(Object.keys(service.serviceEntries)).to.deep.equal(['api.stripe.com', 'cdn.example.com']);
    expect(Object.keys(service.egressDestinationRules)).to.deep.equal(['api.stripe.com']);
    expect(service.egressDestinationRules['api.stripe.com'].name).to.equal('api-stripe-com');
    expect(Object.keys(service.egressVirtualServices)).to.deep.equal(['api.stripe.com']);
    expect(service.egressVirtualServices['api.stripe.com'].name).to.equal('api-stripe-com');
  });

  it('gives two apps restricting the outbound traffic of one namespace the one Sidecar they share', () => {
    const chart = new Chart(Testing.app(), 'apps');
    const first = new MeshService(chart, 'orders', { ...ORDERS, namespace: 'shop', egress: { ...ORDERS.egress, restrictOutbound: true } });
    const second = new MeshService(chart, 'billing', { name: 'billing', namespace: 'shop', image: 'registry.example.com/billing:2.0.0', egress: { hosts: [{ host: 'api.stripe.com', tlsOrigination: true }], restrictOutbound: true } });
    const third = new MeshService(chart, 'ledger', { name: 'ledger', namespace: 'shop', image: 'registry.example.com/ledger:1.0.0', egress: { hosts: [], restrictOutbound: true } });
    expect(first.sidecar).to.not.equal(undefined);
    expect(second.sidecar).to.equal(first.sidecar);
    expect(third.sidecar).to.equal(first.sidecar);
    expect(second.egressDestinationRules['api.stripe.com']).to.equal(first.egressDestinationRules['api.stripe.com']);
    const objects = Testing.synth(chart) as K8sObject[];
    expect(kindsAndNames(objects, 'Sidecar')).to.have.lengthOf(1);
  });

  it('routes with the Istio API by default, with the Gateway API when asked', () => {
    const istio = build(ORDERS).service;
    expect(istio.gateway?.name).to.equal('orders-gateway');
    expect(istio.ingressVirtualService?.name).to.be.a('string');
    expect(istio.kubernetesGateway).to.equal(undefined);
    expect(istio.httpRoute).to.equal(undefined);

    const { service: gatewayApi, objects } = build({ ...ORDERS, ingress: { api: 'gateway-api' } });
    expect(gatewayApi.kubernetesGateway?.name).to.be.a('string');
    expect(gatewayApi.httpRoute?.name).to.be.a('string');
    expect(gatewayApi.meshHttpRoute?.name).to.be.a('string');
    expect(gatewayApi.gateway).to.equal(undefined);
    expect(gatewayApi.virtualService).to.equal(undefined);
    const routes = objects().filter((o) => o.kind === 'HTTPRoute').map((o) => o.metadata.name);
    expect(routes).to.include.members([gatewayApi.httpRoute!.name, gatewayApi.meshHttpRoute!.name]);
  });

  it('adds the load generator and the IstioOperator when asked, the operator in the scope given', () => {
    const { service, objects } = build({ ...ORDERS, loadgen: { rps: 2 } });
    expect(service.loadGenerator?.node.path).to.equal('test/orders/loadgen');
    expect(objects().filter((o) => o.kind === 'Deployment').map((o) => o.metadata.name)).to.deep.equal(['orders-v1', 'orders-loadgen']);
    expect(build(ORDERS).service.loadGenerator).to.equal(undefined);

    const app = Testing.app();
    const chart = new Chart(app, 'apps');
    const control = new Chart(app, 'control');
    const withOperator = new MeshService(chart, 'orders', { ...ORDERS, istioOperator: { scope: control, id: 'istio' } });
    expect(withOperator.istioOperator?.node.path).to.equal('control/istio');
    expect((Testing.synth(control) as K8sObject[]).map((o) => o.kind)).to.deep.equal(['IstioOperator']);
  });
});
