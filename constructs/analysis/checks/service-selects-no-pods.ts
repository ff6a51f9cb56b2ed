import { formatLabels } from '../json.js';
import type { Check } from '../types.js';

export const serviceSelectsNoPods: Check = {
  code: 'DAM0105',
  severity: 'Warning',
  title: 'ServiceSelectsNoPods',
  description: 'A Service\'s selector matches the pods of no workload in its namespace.',
  run({ index, report }) {
    for (const svc of index.ofKind('', 'Service')) {
      const target = index.service(svc.namespace ?? '', svc.name);
      if (!target?.selector || svc.spec.type === 'ExternalName') continue;
      if (index.workloadsOf(target).length > 0) continue;
      report(
        svc,
        `Service ${svc.name} selects pods with ${formatLabels(target.selector)}, but no workload among the analyzed objects in namespace ${target.namespace} has those labels: it has no endpoints and requests to it fail with 503 (no healthy upstream). Fix the selector or the workload's pod template labels.`,
        { field: ['spec', 'selector'] },
      );
    }
  },
};
