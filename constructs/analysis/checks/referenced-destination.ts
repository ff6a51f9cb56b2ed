import { records, str } from '../json.js';
import type { Check } from '../types.js';
import { destinations } from './routes.js';

export const referencedDestination: Check = {
  code: 'IST0101',
  severity: 'Error',
  title: 'ReferencedResourceNotFound',
  description:
    'A VirtualService routes or mirrors to a host, host:port or host+subset that no Service, ServiceEntry or DestinationRule among the analyzed objects defines.',
  run({ index, report }) {
    const subsetsByHost = new Map<string, Set<string>>();
    for (const dr of index.ofKind('networking.istio.io', 'DestinationRule')) {
      const host = str(dr.spec.host);
      if (!host) continue;
      const fqdn = index.fqdn(host, dr.namespace ?? '');
      const names = subsetsByHost.get(fqdn) ?? new Set<string>();
      for (const s of records(dr.spec.subsets)) if (typeof s.name === 'string') names.add(s.name);
      subsetsByHost.set(fqdn, names);
    }
    for (const vs of index.ofKind('networking.istio.io', 'VirtualService')) {
      const ns = vs.namespace ?? '';
      for (const d of destinations(vs)) {
        const kind = d.mirror ? 'mirror host' : 'host';
        const target = index.resolveHost(d.host, ns);
        const fqdn = index.fqdn(d.host, ns);
        if (!target) {
          report(
            vs,
            `Referenced ${kind} not found: ${JSON.stringify(d.host)}. No Service or ServiceEntry for ${fqdn} is among the analyzed objects, so requests get 503 (no route): create the Service (short names resolve in the VirtualService's namespace), add a ServiceEntry for an external host, or fix the host.`,
            { field: [...d.field, 'host'] },
          );
          continue;
        }
        if (d.port !== undefined && target.ports.length > 0 && !target.ports.some((p) => p.number === d.port)) {
          report(
            vs,
            `Referenced host:port not found: "${d.host}:${d.port}". ${target.object.kind} ${target.object.name} exposes port${target.ports.length > 1 ? 's' : ''} ${target.ports.map((p) => p.number).join(', ')}: route to one of them.`,
            { field: [...d.field, 'port', 'number'] },
          );
        }
        if (d.subset === undefined) continue;
        const subsets = subsetsByHost.get(target.object.kind === 'Service' ? target.host : fqdn);
        if (subsets?.has(d.subset)) continue;
        const defined = subsets && subsets.size > 0 ? `Its DestinationRule defines ${[...subsets].join(', ')}` : subsets ? 'Its DestinationRule defines no subsets' : 'No DestinationRule for that host is among the analyzed objects';
        report(
          vs,
          `Referenced host+subset in destinationrule not found: "${d.host}+${d.subset}". ${defined}, so requests routed there fail with 503 (NR): add a subset named ${JSON.stringify(d.subset)} (with the version's pod labels) to the DestinationRule for ${target.object.kind === 'Service' ? target.host : fqdn}, or route to a defined subset.`,
          { field: [...d.field, 'subset'] },
        );
      }
    }
  },
};
