import { num, record, records } from '../json.js';
import type { Check } from '../types.js';

/** The canary weights of a rollout must rise step by step and stay within 0..100 percent. */
export const stepWeights: Check = {
  code: 'DAM0114',
  severity: 'Error',
  title: 'StepWeightsInvalid',
  description: 'Canary step weights (Rollout setWeight steps, Canary stepWeights, stepWeight/maxWeight) that do not increase or exceed 100.',
  run({ index, report }) {
    for (const rollout of index.ofKind('argoproj.io', 'Rollout')) {
      let last: number | undefined;
      records(record(record(rollout.spec.strategy).canary).steps).forEach((step, i) => {
        const w = num(step.setWeight);
        if (w === undefined) return;
        const field = ['spec', 'strategy', 'canary', 'steps', i, 'setWeight'];
        if (w > 100) report(rollout, `Step ${i} sets the canary weight to ${w}, more than 100 percent. Use a weight from 0 to 100.`, { field });
        else if (last !== undefined && w <= last) report(rollout, `Step ${i} sets the canary weight to ${w}, not more than the ${last} of an earlier step: the canary's share would fall back mid-rollout. Make the setWeight steps increase.`, { field });
        last = Math.max(last ?? w, w);
      });
    }
    for (const canary of index.ofKind('flagger.app', 'Canary')) {
      const analysis = record(canary.spec.analysis);
      let last: number | undefined;
      (Array.isArray(analysis.stepWeights) ? analysis.stepWeights : []).forEach((value, i) => {
        const w = num(value);
        if (w === undefined) return;
        const field = ['spec', 'analysis', 'stepWeights', i];
        if (w > 100) report(canary, `stepWeights[${i}] is ${w}, more than 100 percent. Use weights from 1 to 100.`, { field });
        else if (last !== undefined && w <= last) report(canary, `stepWeights[${i}] is ${w}, not more than the ${last} before it: Flagger would lower the canary's weight mid-analysis. Make the step weights increase.`, { field });
        last = Math.max(last ?? w, w);
      });
      const max = num(analysis.maxWeight);
      const step = num(analysis.stepWeight);
      if (max !== undefined && max > 100) report(canary, `maxWeight is ${max}, more than 100 percent. Use at most 100.`, { field: ['spec', 'analysis', 'maxWeight'] });
      else if (max !== undefined && step !== undefined && step > max) report(canary, `stepWeight ${step} is more than maxWeight ${max}: the first step already passes the last. Lower stepWeight or raise maxWeight.`, { field: ['spec', 'analysis', 'stepWeight'] });
    }
  },
};
