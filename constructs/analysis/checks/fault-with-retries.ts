import { num, record } from '../json.js';
import type { Check } from '../types.js';
import { httpRules } from './routes.js';

export const faultWithRetries: Check = {
  code: 'DAM0103',
  severity: 'Warning',
  title: 'FaultInjectionDisablesRetries',
  description: 'A rule injects faults and also sets retries or a timeout, which Istio turns off on rules with faults.',
  run({ index, report }) {
    for (const vs of index.ofKind('networking.istio.io', 'VirtualService')) {
      for (const { rule, field, name } of httpRules(vs)) {
        if (rule.fault === undefined || rule.fault === null) continue;
        const retrying = (num(record(rule.retries).attempts) ?? 0) > 0;
        const timed = typeof rule.timeout === 'string';
        if (!retrying && !timed) continue;
        const what = [retrying ? 'retries' : '', timed ? 'a timeout' : ''].filter(Boolean).join(' and ');
        report(
          vs,
          `Rule ${name} injects faults and sets ${what}, but Istio does not enable timeouts or retries on a rule while client-side faults are on, so they silently do nothing. Put the fault in its own rule (limited by a header match) ahead of the rule that retries.`,
          { field: [...field, 'fault'] },
        );
      }
    }
  },
};
