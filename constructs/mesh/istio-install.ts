import type { PropChecker } from '../prop-errors.js';
import type { IstioInstall } from './ingress.js';

/** What an Istio install names its ingress gateway: the pods' labels and their service account. */
export interface IngressGatewayIdentity {
  /** Labels of the ingress gateway pods, what an Istio `Gateway` selects. */
  readonly gatewaySelector: Readonly<Record<string, string>>;
  /** `<namespace>/<service-account>` of the ingress gateway pods, whose identity the app allows. */
  readonly gatewayServiceAccount: string;
}

/**
 * The ingress gateway each install method creates:
 * - `istioctl install` (every profile with an ingress gateway, and the IstioOperator DogAppMesh emits):
 *   `istio-ingressgateway` in `istio-system`, pods labelled `istio: ingressgateway`.
 * - Istio's Helm `gateway` chart as istio.io's Helm guide installs it (`helm install istio-ingress
 *   istio/gateway -n istio-ingress`): pods labelled `istio: ingress` (the release name without `istio-`),
 *   service account `istio-ingress` (the release name).
 */
export const INGRESS_GATEWAYS: Readonly<Record<IstioInstall, IngressGatewayIdentity>> = {
  istioctl: { gatewaySelector: { istio: 'ingressgateway' }, gatewayServiceAccount: 'istio-system/istio-ingressgateway-service-account' },
  helm: { gatewaySelector: { istio: 'ingress' }, gatewayServiceAccount: 'istio-ingress/istio-ingress' },
};

/**
 * The install method of the ingress gateway, validated: `ingress.istioInstall`, else `istioctl`. An
 * IstioOperator is istioctl's input, so with `istioOperator` set the install is istioctl's.
 */
export function resolveIstioInstall(check: PropChecker, given: IstioInstall | undefined, ctx: { readonly istioOperator: boolean }): IngressGatewayIdentity {
  const install: IstioInstall = given ?? 'istioctl';
  check.oneOf('ingress.istioInstall', install, ['istioctl', 'helm'] as const);
  if (ctx.istioOperator && given !== undefined) {
    check.expect(
      install === 'istioctl',
      'ingress.istioInstall',
      install,
      "expected 'istioctl' with istioOperator set: the IstioOperator is istioctl's input, and istioctl installs the ingress gateway as istio-ingressgateway",
    );
  }
  return INGRESS_GATEWAYS[install] ?? INGRESS_GATEWAYS.istioctl;
}
