import { array, str } from '../json.js';
import { canaryHosts } from '../flagger-canaries.js';
import type { Check } from '../types.js';

/** Flagger needs full control of the routing of the hosts a Canary manages (fluxcd/flagger#1715, #301). */
export const routingFightsCanary: Check = {
  code: 'DAM0112',
  severity: 'Error',
  title: 'RoutingFightsCanary',
  description: 'A VirtualService or DestinationRule is written for a host whose routing a Flagger Canary owns: Flagger and the object overwrite each other.',
  run({ index, report }) {
    const owned = new Map<string, string>();
    for (const model of index.canaries) {
      for (const host of canaryHosts(model, index.clusterDomain)) owned.set(host, `${model.canary.namespace}/${model.canary.name}`);
    }
    if (owned.size === 0) return;
    for (const vs of index.ofKind('networking.istio.io', 'VirtualService')) {
      array(vs.spec.hosts).forEach((host, i) => {
        if (typeof host !== 'string') return;
        const canary = owned.get(index.fqdn(host, vs.namespace ?? ''));
        if (canary) {
          report(vs, `VirtualService host ${host} is routed by Canary ${canary}: Flagger writes the VirtualService of that host itself and overwrites (or is overwritten by) this one at every step. Remove this VirtualService; set retries, timeout, gateways and hosts on the Canary's spec.service, or use its delegation.`, { field: ['spec', 'hosts', i] });
        }
      });
    }
    for (const dr of index.ofKind('networking.istio.io', 'DestinationRule')) {
      const host = str(dr.spec.host);
      const canary = host === undefined ? undefined : owned.get(index.fqdn(host, dr.namespace ?? ''));
      if (host && canary) {
        report(dr, `DestinationRule host ${host} belongs to Canary ${canary}: Flagger writes the DestinationRules of its Services itself (<name>-primary, <name>-canary). Remove this DestinationRule and set the policy in the Canary's spec.service.trafficPolicy.`, { field: ['spec', 'host'] });
      }
    }
  },
};
