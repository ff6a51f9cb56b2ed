import { isRecord, record, str, stringMap } from '../analysis/json.js';
import type { IndexedObject, ObjectIndex, Workload } from '../analysis/object-index.js';

/** The mTLS mode at a workload's port and the PeerAuthentication that sets it. */
export interface PeerAuthMode {
  readonly mode: 'STRICT' | 'PERMISSIVE' | 'DISABLE';
  readonly object?: IndexedObject;
  readonly text: string;
}

function modeOf(value: unknown): 'STRICT' | 'PERMISSIVE' | 'DISABLE' | undefined {
  const m = str(record(value).mode);
  return m === 'STRICT' || m === 'PERMISSIVE' || m === 'DISABLE' ? m : undefined;
}

/**
 * Workload (selector) PeerAuthentication first, its `portLevelMtls` for the port above its `mtls`, then the
 * namespace-wide one, then the mesh-wide one in the root namespace; UNSET inherits; default PERMISSIVE
 * (https://istio.io/latest/docs/reference/config/security/peer_authentication/).
 */
export function peerAuthentication(index: ObjectIndex, w: Workload, port: number | undefined): PeerAuthMode {
  const all = index.ofKind('security.istio.io', 'PeerAuthentication');
  const selected = all.find((p) => p.namespace === w.namespace && isRecord(p.spec.selector) && Object.entries(stringMap(record(p.spec.selector).matchLabels)).every(([k, v]) => w.labels[k] === v));
  const namespaceWide = all.find((p) => p.namespace === w.namespace && !isRecord(p.spec.selector));
  const meshWide = all.find((p) => p.namespace === index.rootNamespace && !isRecord(p.spec.selector));
  if (selected) {
    const portMode = port === undefined ? undefined : modeOf(record(selected.spec.portLevelMtls)[String(port)]);
    if (portMode) return { mode: portMode, object: selected, text: `${portMode} (port ${port} of ${selected.display})` };
    const m = modeOf(selected.spec.mtls);
    if (m) return { mode: m, object: selected, text: `${m} (${selected.display})` };
  }
  for (const p of [namespaceWide, meshWide]) {
    const m = p ? modeOf(p.spec.mtls) : undefined;
    if (p && m) return { mode: m, object: p, text: `${m} (${p.display}${p === meshWide ? ', mesh-wide' : ''})` };
  }
  return { mode: 'PERMISSIVE', text: 'PERMISSIVE (no PeerAuthentication applies: Istio\'s default)' };
}

/**
 * The mode a client's auto mTLS assumes for a namespace's Services: the namespace-wide PeerAuthentication,
 * else the mesh-wide one; workload and port-level ones are not seen (istio `BestEffortInferServiceMTLSMode`).
 */
export function namespaceMtlsMode(index: ObjectIndex, namespace: string): 'STRICT' | 'PERMISSIVE' | 'DISABLE' | undefined {
  const all = index.ofKind('security.istio.io', 'PeerAuthentication');
  for (const ns of [namespace, index.rootNamespace]) {
    const p = all.find((x) => x.namespace === ns && !isRecord(x.spec.selector));
    const m = p ? modeOf(p.spec.mtls) : undefined;
    if (m) return m;
  }
  return undefined;
}
