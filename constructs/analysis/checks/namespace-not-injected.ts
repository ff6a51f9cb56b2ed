import type { Check } from '../types.js';
import { SYSTEM_NAMESPACES, namespaceMesh, optedOut } from './mesh.js';

export const namespaceNotInjected: Check = {
  code: 'IST0102',
  severity: 'Info',
  title: 'NamespaceNotInjected',
  description: 'A namespace with workloads has no sidecar-injection or ambient label, so its pods run outside the mesh.',
  run({ index, report }) {
    for (const ns of index.namespaces.values()) {
      if (SYSTEM_NAMESPACES.has(ns.name) || ns.name === index.rootNamespace) continue;
      if (namespaceMesh(ns) !== 'none') continue;
      const outside = index
        .workloadsIn(ns.name)
        .filter((w) => !optedOut(w) && (w.labels['sidecar.istio.io/inject'] ?? '').toLowerCase() !== 'true');
      if (outside.length === 0) continue;
      const names = outside.slice(0, 3).map((w) => `${w.object.kind} ${w.object.name}`).join(', ');
      report(
        ns,
        `The namespace is not enabled for Istio injection, so ${names}${outside.length > 3 ? ` and ${outside.length - 3} more` : ''} ${outside.length === 1 ? 'runs' : 'run'} without a proxy, outside the mesh. Run 'kubectl label namespace ${ns.name} istio-injection=enabled' to enable it (or label it istio.io/rev=<revision>, or istio.io/dataplane-mode=ambient), or 'kubectl label namespace ${ns.name} istio-injection=disabled' to explicitly mark it as not needing injection.`,
        { field: ['metadata', 'labels'] },
      );
    }
  },
};
