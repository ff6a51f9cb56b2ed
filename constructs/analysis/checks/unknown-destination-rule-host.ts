import { str } from '../json.js';
import type { Check } from '../types.js';

export const unknownDestinationRuleHost: Check = {
  code: 'IST0174',
  severity: 'Warning',
  title: 'UnknownDestinationRuleHost',
  description: 'A DestinationRule\'s host matches no Service or ServiceEntry among the analyzed objects.',
  run({ index, report }) {
    for (const dr of index.ofKind('networking.istio.io', 'DestinationRule')) {
      const host = str(dr.spec.host);
      if (!host || index.anyHostMatches(host, dr.namespace ?? '')) continue;
      report(
        dr,
        `The host ${host} defined in the DestinationRule does not match any services in the mesh, so its policies apply to nothing. Short names resolve in the DestinationRule's namespace (${index.fqdn(host, dr.namespace ?? '')}): fix the host, or create the Service or ServiceEntry.`,
        { field: ['spec', 'host'] },
      );
    }
  },
};
