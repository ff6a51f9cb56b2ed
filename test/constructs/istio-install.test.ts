/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment -- synthesized manifests are untyped JSON */
import { expect } from 'chai';
import type { IstioInstall } from '../../constructs/index.js';
import { errorOf, expectMeshInvariants, synthMesh } from './support.js';

/** The Istio Gateway's selector and the principals the app's ALLOW policy lets in. */
function ingressIdentity(props: Parameters<typeof synthMesh>[0]): { selector: Record<string, string>; principals: string[] } {
  const { find, objects } = synthMesh(props);
  expectMeshInvariants(objects);
  const rules = find('AuthorizationPolicy', 'dog-app').spec.rules as { from?: { source: { principals: string[] } }[] }[];
  return { selector: find('Gateway', 'dog-app-gateway').spec.selector, principals: rules.flatMap((r) => r.from ?? []).flatMap((f) => f.source.principals) };
}

// istio/istio@1.30.3: istioctl's default and demo profiles install istio-ingressgateway
// (manifests/charts/gateways/istio-ingress); the Helm gateway chart names its pods and service account
// after the release (manifests/charts/gateway), and istio.io's Helm guide installs it as istio-ingress.
describe('DogAppMesh: the ingress gateway of an istioctl or a Helm install', () => {
  it('selects istioctl\'s istio-ingressgateway and allows its identity by default', () => {
    expect(ingressIdentity({})).to.deep.equal({
      selector: { istio: 'ingressgateway' },
      principals: ['cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account'],
    });
  });

  it("selects the Helm gateway chart's pods (istio: ingress) and allows its service account with istioInstall 'helm'", () => {
    expect(ingressIdentity({ ingress: { istioInstall: 'helm' } })).to.deep.equal({
      selector: { istio: 'ingress' },
      principals: ['cluster.local/ns/istio-ingress/sa/istio-ingress'],
    });
  });

  it('lets an explicit selector or service account win over the preset, one at a time', () => {
    expect(ingressIdentity({ ingress: { istioInstall: 'helm', gatewaySelector: { istio: 'edge' } } })).to.deep.equal({
      selector: { istio: 'edge' },
      principals: ['cluster.local/ns/istio-ingress/sa/istio-ingress'],
    });
    expect(ingressIdentity({ ingress: { istioInstall: 'helm', gatewayServiceAccount: 'edge/edge-gw' } }).principals).to.deep.equal(['cluster.local/ns/edge/sa/edge-gw']);
  });

  it('rejects an unknown install, a Helm install next to an IstioOperator, and the preset without an Istio Gateway', () => {
    expect(errorOf(() => synthMesh({ ingress: { istioInstall: 'operator' as IstioInstall } }))).to.match(
      /\[test\/mesh\] invalid props:\n(.*\n)* {2}- ingress\.istioInstall: got "operator"; expected one of "istioctl", "helm"/,
    );
    expect(errorOf(() => synthMesh({ ingress: { istioInstall: 'helm' } }, { operator: true }))).to.match(
      /- ingress\.istioInstall: got "helm"; expected 'istioctl' with istioOperator set: the IstioOperator is istioctl's input/,
    );
    expect(errorOf(() => synthMesh({ ingress: { api: 'gateway-api', istioInstall: 'helm' } }))).to.match(/- ingress\.istioInstall: got "helm"; expected only with ingress\.api 'istio'/);
  });

  it("accepts istioInstall 'istioctl' with the IstioOperator it emits", () => {
    expect(synthMesh({ ingress: { istioInstall: 'istioctl' } }, { operator: true }).find('Gateway', 'dog-app-gateway').spec.selector).to.deep.equal({ istio: 'ingressgateway' });
  });
});
