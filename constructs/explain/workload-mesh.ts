import { num, record, records, str } from '../analysis/json.js';
import type { ObjectIndex, Workload } from '../analysis/object-index.js';
import { namespaceMesh, optedOut } from '../analysis/checks/mesh.js';

/** How a workload's pods join the mesh. */
export type DataPlane = 'sidecar' | 'ambient' | 'none' | 'unknown';

/** Sidecar when injected (namespace label or pod override), ambient by the namespace or pod label, else none. */
export function dataPlaneOf(index: ObjectIndex, w: Workload): DataPlane {
  if (w.labels['istio.io/dataplane-mode'] === 'ambient') return 'ambient';
  if (optedOut(w)) return 'none';
  if (w.labels['istio.io/dataplane-mode'] === 'none') return 'none';
  const override = (w.labels['sidecar.istio.io/inject'] ?? w.annotations['sidecar.istio.io/inject'])?.toLowerCase();
  if (override === 'true') return 'sidecar';
  const mode = namespaceMesh(index.namespaces.get(w.namespace));
  if (mode === 'sidecar' || mode === 'ambient') return mode;
  if (mode === 'unknown') return 'unknown';
  return 'none';
}

/** `cluster.local/ns/<ns>/sa/<sa>` of a workload's pods. */
export function principalOf(index: ObjectIndex, w: Workload): string {
  return `${index.clusterDomain}/ns/${w.namespace}/sa/${str(w.podSpec.serviceAccountName) ?? str(w.podSpec.serviceAccount) ?? 'default'}`;
}

/** The pods' version label. */
export function versionOf(w: Workload): string | undefined {
  return w.labels.version ?? w.labels['app.kubernetes.io/version'];
}

/** The container and port a Service's `targetPort` (number or name) lands on. */
export function containerPortOf(w: Workload, targetPort: number | string): { port?: number; container?: string } {
  for (const c of records(w.podSpec.containers)) {
    for (const p of records(c.ports)) {
      if (typeof targetPort === 'number' ? num(p.containerPort) === targetPort : str(p.name) === targetPort) return { port: num(p.containerPort), container: str(c.name) };
    }
  }
  return typeof targetPort === 'number' ? { port: targetPort, container: str(records(w.podSpec.containers)[0]?.name) } : {};
}

/** Whether a Deployment-like object is scaled to zero (no HPA can bring it back among the objects). */
export function scaledToZero(index: ObjectIndex, w: Workload): boolean {
  if (num(record(w.object.raw.spec).replicas) !== 0) return false;
  return !index.ofKind('autoscaling', 'HorizontalPodAutoscaler').some((h) => str(record(h.spec.scaleTargetRef).name) === w.object.name && h.namespace === w.namespace);
}
