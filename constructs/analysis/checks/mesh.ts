import { record, stringMap } from '../json.js';
import type { IndexedObject, ObjectIndex, Workload } from '../object-index.js';

/** Namespaces Istio's analyzers leave alone. */
export const SYSTEM_NAMESPACES = new Set(['kube-system', 'kube-public', 'kube-node-lease', 'local-path-storage', 'istio-system']);

/** Container names Istio injects next to the application. */
export const PROXY_CONTAINERS = new Set(['istio-proxy', 'istio-init', 'istio-validation']);

/** Pod labels of workloads Istio runs itself (gateways, istiod), which are never part of an app's bundle. */
const ISTIO_MANAGED_LABELS: Record<string, readonly string[] | '*'> = {
  istio: ['ingressgateway', 'ingress', 'egressgateway', 'eastwestgateway', 'pilot', 'istiod'],
  app: ['istiod', 'istio-ingressgateway', 'istio-ingress', 'istio-egressgateway', 'ztunnel', 'istio-cni-node'],
  'gateway.networking.k8s.io/gateway-name': '*',
  'istio.io/gateway-name': '*',
};

/** Whether a label set (pod labels or a selector) names Istio-run workloads such as the ingress gateway. */
export function namesIstioManaged(labels: Record<string, string>): boolean {
  return Object.entries(ISTIO_MANAGED_LABELS).some(([k, values]) => k in labels && (values === '*' || values.includes(labels[k])));
}

/** `sidecar.istio.io/inject` of a pod: its label wins over its annotation. */
function injectOverride(w: Workload): string | undefined {
  return (w.labels['sidecar.istio.io/inject'] ?? w.annotations['sidecar.istio.io/inject'])?.toLowerCase();
}

/** Whether the pod opted out of the sidecar (`sidecar.istio.io/inject: "false"`). */
export function optedOut(w: Workload): boolean {
  return injectOverride(w) === 'false';
}

/** How a namespace joins the mesh, from its labels. */
export function namespaceMesh(ns: IndexedObject | undefined): 'sidecar' | 'ambient' | 'disabled' | 'none' | 'unknown' {
  if (!ns) return 'unknown';
  const l = ns.labels;
  if (l['istio-injection'] === 'enabled' || l['istio.io/rev'] !== undefined) return 'sidecar';
  if (l['istio.io/dataplane-mode'] === 'ambient') return 'ambient';
  if (l['istio-injection'] !== undefined || l['istio.io/dataplane-mode'] === 'none') return 'disabled';
  return 'none';
}

/**
 * Whether a workload's pods run with a mesh data plane (a sidecar or ambient), or may, when the namespace
 * is not among the analyzed objects.
 */
export function inMesh(index: ObjectIndex, w: Workload): boolean {
  if (optedOut(w)) return false;
  if (injectOverride(w) === 'true') return true;
  const mode = namespaceMesh(index.namespaces.get(w.namespace));
  return mode === 'sidecar' || mode === 'ambient' || mode === 'unknown';
}

/** `spec.selector.matchLabels` (security and telemetry kinds) or `spec.workloadSelector.labels|matchLabels`. */
export function policySelector(o: IndexedObject): { labels: Record<string, string>; field: readonly string[] } | undefined {
  const spec = o.spec;
  if (spec.selector !== undefined && spec.selector !== null) {
    return { labels: stringMap(record(spec.selector).matchLabels), field: ['spec', 'selector', 'matchLabels'] };
  }
  if (spec.workloadSelector !== undefined && spec.workloadSelector !== null) {
    const ws = record(spec.workloadSelector);
    const key = 'matchLabels' in ws ? 'matchLabels' : 'labels';
    return { labels: stringMap(ws[key]), field: ['spec', 'workloadSelector', key] };
  }
  return undefined;
}

/** Whether a policy attaches through `targetRef`/`targetRefs` instead of a selector. */
export function hasTargetRefs(o: IndexedObject): boolean {
  const spec = o.spec;
  return (spec.targetRef !== undefined && spec.targetRef !== null) || (Array.isArray(spec.targetRefs) && spec.targetRefs.length > 0);
}
