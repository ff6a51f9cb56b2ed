import { formatLabels } from '../json.js';
import type { Check } from '../types.js';
import { hasTargetRefs, namesIstioManaged, policySelector } from './mesh.js';

/** Kinds that pick their workloads with a label selector. */
const SELECTING_KINDS: [string, string][] = [
  ['security.istio.io', 'AuthorizationPolicy'],
  ['security.istio.io', 'PeerAuthentication'],
  ['security.istio.io', 'RequestAuthentication'],
  ['networking.istio.io', 'Sidecar'],
  ['networking.istio.io', 'DestinationRule'],
  ['networking.istio.io', 'EnvoyFilter'],
  ['telemetry.istio.io', 'Telemetry'],
  ['extensions.istio.io', 'WasmPlugin'],
];

export const selectorMatchesNoWorkload: Check = {
  code: 'IST0127',
  severity: 'Warning',
  title: 'NoMatchingWorkloadsFound',
  description: 'A policy\'s workload selector matches no workload, so the policy has no effect.',
  run({ index, report }) {
    for (const [group, kind] of SELECTING_KINDS) {
      for (const o of index.ofKind(group, kind)) {
        const ns = o.namespace ?? '';
        const root = ns === index.rootNamespace;
        const selector = policySelector(o);
        if (!selector) {
          if (kind === 'AuthorizationPolicy' && !root && !hasTargetRefs(o) && index.workloadsIn(ns).length === 0) {
            report(o, `No matching workloads for this resource: namespace ${ns} has no workloads among the analyzed objects, so the policy protects nothing there. Deploy the workloads into ${ns}, or move the policy to their namespace.`);
          }
          continue;
        }
        if (Object.keys(selector.labels).length === 0 || namesIstioManaged(selector.labels)) continue;
        if (index.select(root ? undefined : ns, selector.labels).length > 0) continue;
        report(
          o,
          `No matching workloads for this resource with the following labels: ${formatLabels(selector.labels)}. No pod ${root ? 'in any namespace' : `in namespace ${ns}`} has them, so the ${kind} has no effect: fix the selector to match a workload's pod labels, or remove the ${kind}.`,
          { field: selector.field },
        );
      }
    }
  },
};
