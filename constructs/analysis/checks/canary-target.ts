import { isRecord, record, str, stringMap } from '../json.js';
import { FLAGGER_SELECTOR_LABELS } from '../flagger-canaries.js';
import type { Check } from '../types.js';

/**
 * Flagger copies a Canary's target Deployment to `<name>-primary` and relabels its selector label; the
 * target must exist and select on that one label only, or the primary's Services select no pods.
 */
export const canaryTarget: Check = {
  code: 'DAM0111',
  severity: 'Error',
  title: 'CanaryTargetInvalid',
  description: 'A Flagger Canary\'s target Deployment is missing, or its selector is not the one label Flagger rewrites (app, name or app.kubernetes.io/name).',
  run({ index, report }) {
    for (const canary of index.ofKind('flagger.app', 'Canary')) {
      const ref = record(canary.spec.targetRef);
      const name = str(ref.name);
      if (str(ref.kind) !== 'Deployment' || !name) continue;
      const ns = canary.namespace ?? '';
      const target = index.get('apps', 'Deployment', ns, name);
      if (!target) {
        report(canary, `Canary target Deployment ${ns}/${name} does not exist: Flagger has nothing to copy to ${name}-primary and the canary stays in phase Failed. Create the Deployment, or fix spec.targetRef.name.`, { field: ['spec', 'targetRef', 'name'] });
        continue;
      }
      const selector = isRecord(target.spec.selector) ? stringMap(record(target.spec.selector).matchLabels) : {};
      const keys = Object.keys(selector);
      if (keys.length !== 1 || !FLAGGER_SELECTOR_LABELS.includes(keys[0])) {
        report(
          canary,
          `Canary target Deployment ${ns}/${name} selects on ${keys.map((k) => `${k}=${selector[k]}`).join(',') || 'nothing'}: Flagger needs exactly one selector label among ${FLAGGER_SELECTOR_LABELS.join(', ')}, which it rewrites to ${name}-primary for the primary; other selector labels are copied unchanged and the primary and canary pods overlap. Select on app only.`,
          { field: ['spec', 'targetRef'] },
        );
      }
    }
  },
};
