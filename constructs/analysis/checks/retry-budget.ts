import { describeMillis, parseGoDuration } from '../../validation/durations.js';
import { num, record } from '../json.js';
import type { Check } from '../types.js';
import { httpRules } from './routes.js';

export const retryBudget: Check = {
  code: 'DAM0102',
  severity: 'Warning',
  title: 'RetriesExceedRouteTimeout',
  description: 'A route\'s retries (perTryTimeout × (attempts + 1)) take longer than its timeout, so the last tries are cut off.',
  run({ index, report }) {
    for (const vs of index.ofKind('networking.istio.io', 'VirtualService')) {
      for (const { rule, field, name } of httpRules(vs)) {
        if (rule.fault !== undefined) continue;
        const timeout = parseGoDuration(rule.timeout);
        const retries = record(rule.retries);
        const attempts = num(retries.attempts);
        const perTry = parseGoDuration(retries.perTryTimeout);
        if (timeout === undefined || timeout <= 0 || attempts === undefined || attempts <= 0 || perTry === undefined) continue;
        const budget = perTry * (attempts + 1);
        if (budget <= timeout) continue;
        report(
          vs,
          `Rule ${name}: retries can take perTryTimeout ${describeMillis(perTry)} × (${attempts} attempts + 1) = ${describeMillis(budget)}, more than the route timeout ${describeMillis(timeout)}, so the last tries are cut off by the timeout. Raise timeout to at least ${describeMillis(budget)}, or lower perTryTimeout or attempts.`,
          { field: [...field, 'timeout'] },
        );
      }
    }
  },
};
