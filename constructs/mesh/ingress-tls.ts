import type { PropChecker } from '../prop-errors.js';
import type { IngressApi, IngressTlsOptions } from './ingress.js';

/** The ingress's HTTPS server, validated, with every default filled in. */
export interface ResolvedIngressTls {
  /** The `kubernetes.io/tls` Secret: `credentialName` (Istio Gateway) or `certificateRefs` (Gateway API). */
  readonly secretName: string;
  readonly port: number;
  /** The HTTP server answers with a redirect to HTTPS. */
  readonly httpsRedirect: boolean;
}

/** Validates `ingress.tls` (recording every problem on `check`) and fills in its defaults. */
export function resolveIngressTls(check: PropChecker, tls: IngressTlsOptions | undefined, api: IngressApi, httpPort: number): ResolvedIngressTls | undefined {
  if (tls === undefined) return undefined;
  const port = tls.port ?? 443;
  const httpsRedirect = tls.httpsRedirect ?? true;
  check
    .expect(api !== 'none', 'ingress.tls', tls, "expected only with ingress.api 'istio' or 'gateway-api': without an ingress gateway nothing terminates TLS")
    .hostname('ingress.tls.secretName', tls.secretName)
    .port('ingress.tls.port', port)
    .expect(port !== httpPort, 'ingress.tls.port', port, `expected a port other than ingress.port (${httpPort}), which serves HTTP`)
    .expect(typeof httpsRedirect === 'boolean', 'ingress.tls.httpsRedirect', httpsRedirect, 'expected true or false');
  return { secretName: tls.secretName, port, httpsRedirect };
}
