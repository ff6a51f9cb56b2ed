import type { Check } from '../types.js';
import { analyzeRuleOrder } from './route-matches.js';

export const ineffectiveMatch: Check = {
  code: 'IST0131',
  severity: 'Info',
  title: 'VirtualServiceIneffectiveMatch',
  description: 'A match of a VirtualService rule repeats, or is covered by, a match of an earlier rule.',
  run({ index, report }) {
    for (const vs of index.ofKind('networking.istio.io', 'VirtualService')) {
      for (const m of analyzeRuleOrder(vs).ineffective) {
        report(
          vs,
          `VirtualService rule ${m.rule} match ${m.match} is not used (duplicate/overlapping match in rule ${m.earlier}). Remove the match, or order the rules so the more specific one comes first.`,
          { field: m.field },
        );
      }
    }
  },
};
