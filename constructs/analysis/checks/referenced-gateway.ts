import type { Check } from '../types.js';
import { gatewayRefs, splitRef } from './routes.js';

/** Reads a VirtualService gateway reference: `ns/name`, a bare name, or the legacy `name.namespace...` form. */
export function gatewayName(ref: string, vsNamespace: string): { namespace: string; name: string } {
  if (!ref.includes('/') && ref.includes('.')) {
    const [name, namespace] = ref.split('.');
    return { namespace, name };
  }
  return splitRef(ref, vsNamespace);
}

export const referencedGateway: Check = {
  code: 'IST0101',
  severity: 'Error',
  title: 'ReferencedResourceNotFound',
  description: 'A VirtualService binds to an Istio Gateway that is not among the analyzed objects.',
  run({ index, report }) {
    for (const vs of index.ofKind('networking.istio.io', 'VirtualService')) {
      for (const { ref, field } of gatewayRefs(vs)) {
        const { namespace, name } = gatewayName(ref, vs.namespace ?? '');
        if (index.get('networking.istio.io', 'Gateway', namespace, name)) continue;
        report(
          vs,
          `Referenced gateway not found: ${JSON.stringify(ref)}. No Gateway ${namespace}/${name} is among the analyzed objects, so the VirtualService is bound to nothing there: create the Gateway, fix the name (write namespace/name for a Gateway in another namespace), or remove it from the list.`,
          { field },
        );
      }
    }
  },
};
