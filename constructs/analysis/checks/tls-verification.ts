import { num, record, records, str, type JsonRecord } from '../json.js';
import type { IndexedObject } from '../object-index.js';
import type { FieldPath } from '../types.js';

/** A client TLS setting of a DestinationRule that does not verify the server, with where it is. */
export interface UnverifiedTls {
  readonly mode: string;
  readonly field: FieldPath;
  /** The port of a port-level setting. */
  readonly port?: number;
  /** The subset of a subset-level setting. */
  readonly subset?: string;
  /** True when the setting says insecureSkipVerify rather than leaving caCertificates out. */
  readonly skipsVerify: boolean;
}

function unverified(tls: JsonRecord): { mode: string; skipsVerify: boolean } | undefined {
  const mode = str(tls.mode);
  if (mode !== 'SIMPLE' && mode !== 'MUTUAL') return undefined;
  if (tls.insecureSkipVerify === true) return { mode, skipsVerify: true };
  if (str(tls.caCertificates) || str(tls.credentialName)) return undefined;
  return { mode, skipsVerify: false };
}

function fromPolicy(policy: JsonRecord, at: FieldPath, subset: string | undefined, out: UnverifiedTls[]): void {
  const top = unverified(record(policy.tls));
  if (top) out.push({ ...top, field: [...at, 'tls'], subset });
  records(policy.portLevelSettings).forEach((p, i) => {
    const tls = unverified(record(p.tls));
    if (tls) out.push({ ...tls, field: [...at, 'portLevelSettings', i, 'tls'], port: num(record(p.port).number), subset });
  });
}

/** Every SIMPLE or MUTUAL TLS setting of a DestinationRule that leaves the server certificate unverified. */
export function unverifiedTls(dr: IndexedObject): UnverifiedTls[] {
  const out: UnverifiedTls[] = [];
  fromPolicy(record(dr.spec.trafficPolicy), ['spec', 'trafficPolicy'], undefined, out);
  records(dr.spec.subsets).forEach((s, i) => fromPolicy(record(s.trafficPolicy), ['spec', 'subsets', i, 'trafficPolicy'], str(s.name), out));
  return out;
}

/** The advice both TLS-verification codes give. */
export function tlsFix(skipsVerify: boolean): string {
  return skipsVerify
    ? 'insecureSkipVerify turns verification off: remove it and set caCertificates (or credentialName) and subjectAltNames.'
    : 'Set caCertificates (for public hosts the system bundle /etc/ssl/certs/ca-certificates.crt) or credentialName, and subjectAltNames, so the proxy verifies the server it talks to.';
}
