import { array, records } from '../json.js';
import { hostsOverlap } from '../hosts.js';
import type { Check } from '../types.js';
import { gatewayName } from './referenced-gateway.js';

/** Gateway server hosts a VirtualService in `vsNamespace` may bind to, with `ns/` prefixes resolved. */
function hostsFor(serverHosts: string[], gatewayNamespace: string, vsNamespace: string): string[] {
  const out: string[] = [];
  for (const h of serverHosts) {
    const slash = h.indexOf('/');
    if (slash < 0) {
      out.push(h);
      continue;
    }
    const ns = h.slice(0, slash);
    const host = h.slice(slash + 1);
    if (ns === '*' || ns === vsNamespace || (ns === '.' && gatewayNamespace === vsNamespace)) out.push(host);
  }
  return out;
}

export const hostNotInGateway: Check = {
  code: 'IST0132',
  severity: 'Warning',
  title: 'VirtualServiceHostNotFoundInGateway',
  description: 'None of a VirtualService\'s hosts is served by a Gateway it binds to.',
  run({ index, report }) {
    for (const vs of index.ofKind('networking.istio.io', 'VirtualService')) {
      const vsHosts = array(vs.spec.hosts).filter((h): h is string => typeof h === 'string');
      array(vs.spec.gateways).forEach((ref, i) => {
        if (typeof ref !== 'string' || ref === 'mesh') return;
        const { namespace, name } = gatewayName(ref, vs.namespace ?? '');
        const gw = index.get('networking.istio.io', 'Gateway', namespace, name);
        if (!gw) return;
        const serverHosts = records(gw.spec.servers).flatMap((s) => array(s.hosts).filter((h): h is string => typeof h === 'string'));
        const usable = hostsFor(serverHosts, namespace, vs.namespace ?? '');
        if (usable.some((g) => vsHosts.some((h) => hostsOverlap(g, h)))) return;
        report(
          vs,
          `one or more host [${vsHosts.join(' ')}] defined in VirtualService ${vs.namespace}/${vs.name} not found in Gateway ${namespace}/${name}. The gateway serves [${serverHosts.join(' ')}], so it never routes to this VirtualService: add the host to the Gateway's servers[].hosts (with a namespace/ prefix the VirtualService's namespace matches), or change the VirtualService's hosts.`,
          { field: ['spec', 'gateways', i] },
        );
      });
    }
  },
};
