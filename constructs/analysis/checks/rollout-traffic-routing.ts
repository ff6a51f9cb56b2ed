import { isRecord, record, records, str } from '../json.js';
import type { Check } from '../types.js';

/**
 * Argo Rollouts' subset-level Istio routing names a VirtualService and its routes, and a DestinationRule
 * and its two subsets; when one is missing the controller cannot shift traffic and the rollout stalls.
 */
export const rolloutTrafficRouting: Check = {
  code: 'DAM0110',
  severity: 'Error',
  title: 'RolloutTrafficRoutingNotFound',
  description: 'An Argo Rollouts Rollout names a VirtualService, route, DestinationRule or subset for its Istio traffic routing that does not exist.',
  run({ index, report }) {
    for (const rollout of index.ofKind('argoproj.io', 'Rollout')) {
      const ns = rollout.namespace ?? '';
      const istio = record(record(record(record(rollout.spec.strategy).canary).trafficRouting).istio);
      const base = ['spec', 'strategy', 'canary', 'trafficRouting', 'istio'];
      const virtualServices = isRecord(istio.virtualService) ? [[istio.virtualService, 'virtualService'] as const] : records(istio.virtualServices).map((v, i) => [v, i] as const);
      for (const [ref, at] of virtualServices) {
        const field = typeof at === 'number' ? [...base, 'virtualServices', at] : [...base, at];
        const name = str(ref.name)?.split('.')[0];
        if (!name) continue;
        const vs = index.get('networking.istio.io', 'VirtualService', ns, name);
        if (!vs) {
          report(rollout, `Rollout traffic routing names VirtualService ${ns}/${name}, which does not exist: the controller cannot set the canary's weight. Create it, or fix the name.`, { field: [...field, 'name'] });
          continue;
        }
        const routeNames = records(vs.spec.http).map((r) => str(r.name));
        (Array.isArray(ref.routes) ? ref.routes : []).forEach((route, j) => {
          if (typeof route === 'string' && !routeNames.includes(route)) {
            report(rollout, `Rollout traffic routing names route "${route}" of VirtualService ${ns}/${name}, which has ${routeNames.filter(Boolean).map((r) => `"${r}"`).join(', ') || 'no named routes'}: the controller cannot find the route whose weights it sets. Name the weighted http route "${route}", or fix the Rollout.`, { field: [...field, 'routes', j] });
          }
        });
      }
      const drRef = record(istio.destinationRule);
      const drName = str(drRef.name);
      if (!drName) continue;
      const dr = index.get('networking.istio.io', 'DestinationRule', ns, drName);
      if (!dr) {
        report(rollout, `Rollout traffic routing names DestinationRule ${ns}/${drName}, which does not exist: the controller cannot label its stable and canary subsets. Create it, or fix the name.`, { field: [...base, 'destinationRule', 'name'] });
        continue;
      }
      const subsets = records(dr.spec.subsets).map((s) => str(s.name));
      for (const key of ['stableSubsetName', 'canarySubsetName'] as const) {
        const subset = str(drRef[key]);
        if (subset && !subsets.includes(subset)) {
          report(rollout, `Rollout traffic routing names subset "${subset}" (${key}) of DestinationRule ${ns}/${drName}, which defines ${subsets.filter(Boolean).join(', ') || 'no subsets'}. Add the subset (selecting the app's pods; the controller adds rollouts-pod-template-hash), or fix the Rollout.`, { field: [...base, 'destinationRule', key] });
        }
      }
    }
  },
};
