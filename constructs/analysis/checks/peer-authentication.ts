import { record, str } from '../json.js';
import type { IndexedObject, ObjectIndex, Workload } from '../object-index.js';
import { policySelector } from './mesh.js';

/**
 * The selector labels of a PeerAuthentication. Without any (no selector, or `matchLabels: {}`) Istio reads it as the
 * namespace's policy, or the mesh's in the root namespace (ComposePeerAuthentication).
 */
function selectorLabels(pa: IndexedObject): [string, string][] {
  return Object.entries(policySelector(pa)?.labels ?? {});
}

/** The mTLS mode a workload's inbound traffic gets, and the PeerAuthentication that sets it. */
export interface EffectiveMtls {
  readonly mode: string;
  readonly policy?: IndexedObject;
}

/** PeerAuthentications by namespace, read once, to resolve workload → namespace → mesh precedence. */
export class PeerAuthentications {
  private readonly byNamespace = new Map<string, IndexedObject[]>();

  constructor(private readonly index: ObjectIndex) {
    for (const pa of index.ofKind('security.istio.io', 'PeerAuthentication')) {
      const ns = pa.namespace ?? '';
      this.byNamespace.set(ns, [...(this.byNamespace.get(ns) ?? []), pa]);
    }
  }

  /** Whether any PeerAuthentication exists at all. */
  public get any(): boolean {
    return this.byNamespace.size > 0;
  }

  /**
   * The mode for traffic to `port` of a workload: a selecting policy's port-level or own mode, then the
   * namespace's policy, then the mesh-wide one in the root namespace; UNSET inherits; the default is PERMISSIVE.
   */
  public effective(w: Workload, port?: number): EffectiveMtls {
    const own = this.byNamespace.get(w.namespace) ?? [];
    const selecting = own.find((pa) => {
      const labels = selectorLabels(pa);
      return labels.length > 0 && labels.every(([k, v]) => w.labels[k] === v);
    });
    const namespaceWide = own.find((pa) => selectorLabels(pa).length === 0);
    const meshWide = (this.byNamespace.get(this.index.rootNamespace) ?? []).find((pa) => selectorLabels(pa).length === 0);
    for (const pa of [selecting, namespaceWide, meshWide]) {
      if (!pa) continue;
      const portMode = pa === selecting && port !== undefined ? str(record(record(pa.spec.portLevelMtls)[String(port)]).mode) : undefined;
      const mode = portMode ?? str(record(pa.spec.mtls).mode);
      if (mode && mode !== 'UNSET') return { mode, policy: pa };
    }
    return { mode: 'PERMISSIVE' };
  }
}
