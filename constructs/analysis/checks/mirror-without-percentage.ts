import { isRecord, record, records, str } from '../json.js';
import type { Check } from '../types.js';
import { httpRules } from './routes.js';

const FIX = 'Set the percentage explicitly (e.g. 10), even to 100 if a full copy is what you want.';

export const mirrorWithoutPercentage: Check = {
  code: 'DAM0108',
  severity: 'Warning',
  title: 'MirrorWithoutPercentage',
  description: 'Traffic is mirrored without an explicit percentage, which mirrors all of it.',
  run({ index, report }) {
    for (const vs of index.ofKind('networking.istio.io', 'VirtualService')) {
      for (const { rule, field, name } of httpRules(vs)) {
        if (isRecord(rule.mirror) && rule.mirrorPercentage === undefined && rule.mirror_percent === undefined) {
          report(vs, `Rule ${name} mirrors to ${str(rule.mirror.host)} without mirrorPercentage: Istio then mirrors 100% of the requests, doubling the load on the mirror. ${FIX}`, { field: [...field, 'mirror'] });
        }
        records(rule.mirrors).forEach((m, j) => {
          if (m.percentage !== undefined) return;
          report(vs, `Rule ${name} mirrors to ${str(record(m.destination).host)} without percentage: Istio then mirrors 100% of the requests. ${FIX}`, { field: [...field, 'mirrors', j] });
        });
      }
    }
    for (const route of index.ofKind('gateway.networking.k8s.io', 'HTTPRoute')) {
      records(route.spec.rules).forEach((rule, i) => {
        records(rule.filters).forEach((f, k) => {
          const mirror = record(f.requestMirror);
          if (f.type !== 'RequestMirror' || mirror.percent !== undefined || mirror.fraction !== undefined) return;
          report(route, `Rule ${i} mirrors to ${str(record(mirror.backendRef).name)} without percent or fraction: the gateway then mirrors 100% of the requests. ${FIX}`, { field: ['spec', 'rules', i, 'filters', k] });
        });
      });
    }
  },
};
