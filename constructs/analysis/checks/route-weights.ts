import { num, records } from '../json.js';
import type { Check } from '../types.js';

export const routeWeights: Check = {
  code: 'DAM0101',
  severity: 'Error',
  title: 'RouteWeightsSendNoTraffic',
  description: 'A weighted route has a negative weight, or weights that add up to zero so no destination gets traffic.',
  run({ index, report }) {
    for (const vs of index.ofKind('networking.istio.io', 'VirtualService')) {
      for (const section of ['http', 'tcp', 'tls'] as const) {
        records(vs.spec[section]).forEach((rule, i) => {
          const routes = records(rule.route);
          routes.forEach((r, j) => {
            const w = num(r.weight);
            if (w !== undefined && w < 0) {
              report(vs, `Route weight ${w} of spec.${section}[${i}].route[${j}] is negative: Istio rejects it. Use 0 to send a destination no traffic, or a positive share.`, { field: ['spec', section, i, 'route', j, 'weight'] });
            }
          });
          if (routes.length < 2) return;
          const total = routes.reduce((sum, r) => sum + (num(r.weight) ?? 0), 0);
          if (total > 0) return;
          report(
            vs,
            `Route weights of spec.${section}[${i}] add up to ${total} across ${routes.length} destinations: no destination would get traffic and Istio rejects the rule. Give at least one destination a positive weight (weights are relative shares; they need not add up to 100).`,
            { field: ['spec', section, i, 'route'] },
          );
        });
      }
    }
    for (const kind of ['HTTPRoute', 'GRPCRoute']) {
      for (const route of index.ofKind('gateway.networking.k8s.io', kind)) {
        records(route.spec.rules).forEach((rule, i) => {
          const refs = records(rule.backendRefs);
          if (refs.length === 0) return;
          const total = refs.reduce((sum, r) => sum + (num(r.weight) ?? 1), 0);
          if (total > 0) return;
          report(
            route,
            `Every backendRef of spec.rules[${i}] has weight 0: the gateway answers every request of this rule with 500. Give at least one backend a positive weight.`,
            { field: ['spec', 'rules', i, 'backendRefs'] },
          );
        });
      }
    }
  },
};
