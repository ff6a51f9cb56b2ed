import { array, num, record, records, str } from '../json.js';
import type { Check } from '../types.js';

const PLAINTEXT_HTTP = new Set(['HTTP', 'HTTP2', 'GRPC', 'GRPC-WEB']);

export const serviceEntryHttpsAsHttp: Check = {
  code: 'DAM0107',
  severity: 'Error',
  title: 'ServiceEntryTlsPortDeclaredHttp',
  description: 'A ServiceEntry declares port 443 with a plaintext HTTP protocol, which breaks HTTPS to that host.',
  run({ index, report }) {
    const originating = new Set<string>();
    for (const dr of index.ofKind('networking.istio.io', 'DestinationRule')) {
      const host = str(dr.spec.host);
      if (!host) continue;
      const policy = record(dr.spec.trafficPolicy);
      const tlsOn = (tls: unknown): boolean => ['SIMPLE', 'MUTUAL'].includes(str(record(tls).mode) ?? '');
      if (tlsOn(policy.tls)) originating.add(`${index.fqdn(host, dr.namespace ?? '')}:443`);
      for (const p of records(policy.portLevelSettings)) {
        if (tlsOn(p.tls) && num(record(p.port).number) === 443) originating.add(`${index.fqdn(host, dr.namespace ?? '')}:443`);
      }
    }
    for (const se of index.ofKind('networking.istio.io', 'ServiceEntry')) {
      const hosts = array(se.spec.hosts).filter((h): h is string => typeof h === 'string');
      records(se.spec.ports).forEach((p, i) => {
        const protocol = (str(p.protocol) ?? '').toUpperCase();
        if (num(p.number) !== 443 || !PLAINTEXT_HTTP.has(protocol)) return;
        const origination = hosts.some((h) => originating.has(`${index.fqdn(h, se.namespace ?? '')}:443`));
        const fix = 'Declare it as protocol TLS (or HTTPS); to originate TLS for plain http:// calls, declare port 80 as HTTP with targetPort 443 and set tls.mode SIMPLE for port 80 in a DestinationRule.';
        report(
          se,
          origination
            ? `ServiceEntry port 443 of ${hosts.join(', ')} is declared as protocol ${protocol}: the DestinationRule originates TLS there, but any client that speaks TLS to port 443 itself now fails, because the proxy parses its handshake as HTTP. ${fix}`
            : `ServiceEntry port 443 of ${hosts.join(', ')} is declared as protocol ${protocol}: the proxy parses the TLS traffic of https:// calls as plaintext HTTP and they fail. ${fix}`,
          { field: ['spec', 'ports', i, 'protocol'], severity: origination ? 'Warning' : 'Error' },
        );
      });
    }
  },
};
