import type { Check } from '../types.js';
import { analyzeRuleOrder } from './route-matches.js';

const FIX: Record<string, string> = {
  'only the last rule can have no matches': 'a rule without matches takes every request, so nothing after it runs: keep a single catch-all rule and make it the last one',
  'route without matches defined before': 'a rule without matches comes before it and takes every request: move that catch-all rule to the end',
  'all matches used by prior rules': 'every one of its matches repeats an earlier rule\'s: change its matches or remove it',
};

export const unreachableRule: Check = {
  code: 'IST0130',
  severity: 'Warning',
  title: 'VirtualServiceUnreachableRule',
  description: 'A VirtualService rule can never be used because an earlier rule takes all of its requests.',
  run({ index, report }) {
    for (const vs of index.ofKind('networking.istio.io', 'VirtualService')) {
      for (const u of analyzeRuleOrder(vs).unreachable) {
        report(vs, `VirtualService rule ${u.rule} not used (${u.reason}): ${FIX[u.reason]}.`, { field: u.field });
      }
    }
  },
};
