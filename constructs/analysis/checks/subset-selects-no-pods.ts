import { formatLabels, records, str, stringMap } from '../json.js';
import type { Check } from '../types.js';

export const subsetSelectsNoPods: Check = {
  code: 'IST0173',
  severity: 'Error',
  title: 'DestinationRuleSubsetNotSelectPods',
  description: 'A DestinationRule subset, combined with its host\'s selector, matches no pod of any workload.',
  run({ index, report }) {
    for (const dr of index.ofKind('networking.istio.io', 'DestinationRule')) {
      const host = str(dr.spec.host);
      if (!host) continue;
      const target = index.resolveHost(host, dr.namespace ?? '');
      if (!target || target.selector === undefined) continue;
      if (index.workloadsOf(target).length === 0) continue;
      records(dr.spec.subsets).forEach((subset, i) => {
        const labels = stringMap(subset.labels);
        const selector = { ...target.selector, ...labels };
        if (index.select(target.namespace, selector).length > 0) return;
        report(
          dr,
          `The Subset ${str(subset.name)} defined in the DestinationRule does not select any pods. Which may lead to 503 UH (NoHealthyUpstream). No pod behind ${target.object.kind} ${target.object.namespace}/${target.object.name} has ${formatLabels(selector)}: fix the subset's labels to match a version's pod labels, or deploy that version.`,
          { field: ['spec', 'subsets', i, 'labels'] },
        );
      });
    }
  },
};
