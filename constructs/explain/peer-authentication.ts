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
  if (selected) {
    const portMode = port === undefined ? undefined : modeOf(record(selected.spec.portLevelMtls)[String(port)]);
    if (portMode) return { mode: portMode, object: selected, text: `${portMode} (port ${port} of ${selected.display})` };
    const m = modeOf(selected.spec.mtls);
    if (m) return { mode: m, object: selected, text: `${m} (${selected.display})` };
  }
  const level = namespaceLevel(index, w.namespace);
  if (level) return { mode: level.mode, object: level.object, text: `${level.mode} (${level.object.display}${level.meshWide ? ', mesh-wide' : ''})` };
  return { mode: 'PERMISSIVE', text: 'PERMISSIVE (no PeerAuthentication applies: Istio\'s default)' };
}

/** The namespace-wide PeerAuthentication that sets a mode, else the mesh-wide one in the root namespace (UNSET inherits). */
function namespaceLevel(index: ObjectIndex, namespace: string): { object: IndexedObject; mode: PeerAuthMode['mode']; meshWide: boolean } | undefined {
  const all = index.ofKind('security.istio.io', 'PeerAuthentication');
  for (const ns of [namespace, index.rootNamespace]) {
    const object = all.find((p) => p.namespace === ns && !isRecord(p.spec.selector));
    const mode = object ? modeOf(object.spec.mtls) : undefined;
    if (object && mode) return { object, mode, meshWide: ns === index.rootNamespace };
  }
  return undefined;
}

/**
 * The mode a client's auto mTLS assumes for a namespace's Services: the namespace-wide PeerAuthentication,
 * else the mesh-wide one; workload and port-level ones are not seen (istio `BestEffortInferServiceMTLSMode`).
 */
export function namespaceMtlsMode(index: ObjectIndex, namespace: string): PeerAuthMode['mode'] | undefined {
  return namespaceLevel(index, namespace)?.mode;
}
