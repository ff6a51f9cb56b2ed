import { array, isRecord, records, str } from '../json.js';
import type { IndexedObject, ObjectIndex, Workload } from '../object-index.js';
import type { Check } from '../types.js';
import { hasTargetRefs, inMesh, policySelector } from './mesh.js';

/** Whether an ALLOW AuthorizationPolicy applies to a workload's pods (by selector, targetRef, or namespace-wide). */
function applies(index: ObjectIndex, policy: IndexedObject, w: Workload): boolean {
  const selector = policySelector(policy);
  if (selector) return Object.entries(selector.labels).every(([k, v]) => w.labels[k] === v);
  if (hasTargetRefs(policy)) {
    const refs = [policy.spec.targetRef, ...array(policy.spec.targetRefs)].filter(isRecord);
    return refs.some((ref) => {
      if (str(ref.kind) === 'Service') return index.servicesSelecting(w).some((s) => s.object.name === str(ref.name) && s.namespace === (str(ref.namespace) || policy.namespace));
      return str(ref.kind) === 'Gateway' && (str(ref.namespace) || policy.namespace) === w.namespace;
    });
  }
  return true;
}

export const denyAllWithoutAllow: Check = {
  code: 'DAM0109',
  severity: 'Error',
  title: 'DenyByDefaultWithoutAllow',
  description: 'An ALLOW-nothing AuthorizationPolicy covers a workload that a Service sends traffic to, and no ALLOW rule lets any request in.',
  run({ index, report }) {
    const allowByNamespace = new Map<string | undefined, IndexedObject[]>();
    for (const p of index.ofKind('security.istio.io', 'AuthorizationPolicy')) {
      if ((str(p.spec.action) ?? 'ALLOW') !== 'ALLOW') continue;
      const list = allowByNamespace.get(p.namespace);
      if (list) list.push(p);
      else allowByNamespace.set(p.namespace, [p]);
    }
    const allowPolicies = (ns: string): IndexedObject[] => allowByNamespace.get(ns) ?? [];
    const cache = new Map<string, IndexedObject[]>();
    const policiesFor = (ns: string): IndexedObject[] => {
      let list = cache.get(ns);
      if (!list) cache.set(ns, (list = [...allowPolicies(ns), ...(ns === index.rootNamespace ? [] : allowPolicies(index.rootNamespace).filter((p) => !hasTargetRefs(p)))]));
      return list;
    };
    for (const w of index.workloads) {
      const services = index.servicesSelecting(w);
      if (services.length === 0 || !inMesh(index, w)) continue;
      const applicable = policiesFor(w.namespace).filter((p) => applies(index, p, w));
      if (applicable.length === 0) continue;
      if (applicable.some((p) => records(p.spec.rules).length > 0)) continue;
      const deny = applicable[0];
      report(
        w.object,
        `Every request to ${w.object.kind} ${w.namespace}/${w.object.name} is refused (403): AuthorizationPolicy ${deny.namespace}/${deny.name} allows nothing and no ALLOW policy with rules selects its pods, though Service ${services[0].object.name} sends traffic to them. Add an ALLOW AuthorizationPolicy for its callers (for example the ingress gateway's service account), or remove the deny-all policy.`,
        { field: [...w.templatePath, 'metadata', 'labels'] },
      );
    }
  },
};
