import { str } from '../json.js';
import type { Check } from '../types.js';
import { tlsFix, unverifiedTls } from './tls-verification.js';

export const portTlsNoCa: Check = {
  code: 'IST0129',
  severity: 'Warning',
  title: 'NoServerCertificateVerificationPortLevel',
  description: 'A DestinationRule port-level setting originates SIMPLE or MUTUAL TLS without caCertificates.',
  run({ index, report }) {
    for (const dr of index.ofKind('networking.istio.io', 'DestinationRule')) {
      for (const t of unverifiedTls(dr)) {
        if (t.port === undefined) continue;
        report(
          dr,
          `DestinationRule ${dr.name} in namespace ${dr.namespace} has TLS mode set to ${t.mode} but no caCertificates are set to validate server identity for host: ${str(dr.spec.host)} at port ${t.port}${t.subset ? ` (subset ${t.subset})` : ''}. ${tlsFix(t.skipsVerify)}`,
          { field: t.field },
        );
      }
    }
  },
};
