import type { Check } from '../types.js';

export const namespaceMultipleInjectionLabels: Check = {
  code: 'IST0123',
  severity: 'Warning',
  title: 'NamespaceMultipleInjectionLabels',
  description: 'A namespace carries more than one way of joining the mesh (istio-injection, istio.io/rev, ambient).',
  run({ index, report }) {
    for (const ns of index.namespaces.values()) {
      const l = ns.labels;
      const present: string[] = [];
      if (l['istio-injection'] !== undefined && l['istio-injection'] !== '') present.push(`istio-injection=${l['istio-injection']}`);
      if (l['istio.io/rev'] !== undefined) present.push(`istio.io/rev=${l['istio.io/rev']}`);
      const sidecar = present.length;
      const sidecarOn = l['istio-injection'] === 'enabled' || l['istio.io/rev'] !== undefined;
      if (l['istio.io/dataplane-mode'] === 'ambient' && sidecarOn) present.push('istio.io/dataplane-mode=ambient');
      if (sidecar >= 2 && l['istio.io/rev'] !== undefined) {
        report(
          ns,
          `The namespace has more than one type of injection labels [${present.join(' ')}], which may lead to undefined behavior. Make sure only one injection label exists: istio-injection=enabled for the default revision, or istio.io/rev=<revision> for a revisioned control plane.`,
          { field: ['metadata', 'labels'] },
        );
      } else if (present.length >= 2) {
        report(
          ns,
          `The namespace asks for both sidecars and ambient [${present.join(' ')}]: pods get a sidecar and ambient mode is ignored for them. Keep one: remove istio.io/dataplane-mode for sidecars, or the injection label for ambient.`,
          { field: ['metadata', 'labels'] },
        );
      }
    }
  },
};
