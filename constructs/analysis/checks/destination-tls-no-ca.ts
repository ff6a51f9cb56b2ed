import { str } from '../json.js';
import type { Check } from '../types.js';
import { tlsFix, unverifiedTls } from './tls-verification.js';

export const destinationTlsNoCa: Check = {
  code: 'IST0128',
  severity: 'Warning',
  title: 'NoServerCertificateVerificationDestinationLevel',
  description: 'A DestinationRule originates SIMPLE or MUTUAL TLS without caCertificates, so the server certificate is not verified.',
  run({ index, report }) {
    for (const dr of index.ofKind('networking.istio.io', 'DestinationRule')) {
      for (const t of unverifiedTls(dr)) {
        if (t.port !== undefined) continue;
        report(
          dr,
          `DestinationRule ${dr.name} in namespace ${dr.namespace} has TLS mode set to ${t.mode} but no caCertificates are set to validate server identity for host: ${str(dr.spec.host)}${t.subset ? ` (subset ${t.subset})` : ''}. ${tlsFix(t.skipsVerify)}`,
          { field: t.field },
        );
      }
    }
  },
};
