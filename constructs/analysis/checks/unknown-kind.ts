import { crdCovers } from '../schema/crds.js';
import { isBuiltinGroup } from '../schema/kubernetes.js';
import type { Check } from '../types.js';
import { str } from '../json.js';

/** Kinds that are known but not applied to a cluster, and so not validated: `istioctl install -f` input. */
const INSTALL_INPUTS = new Set(['install.istio.io/IstioOperator']);

export const unknownKind: Check = {
  code: 'DAM0001',
  severity: 'Info',
  title: 'UnknownKind',
  description: 'An object\'s kind is neither a Kubernetes built-in, an Istio, Gateway API, Flagger or Argo Rollouts kind, nor defined by a CRD among the analyzed objects, so it is not validated.',
  run({ index, report }) {
    const bundled = new Set(
      index.ofKind('apiextensions.k8s.io', 'CustomResourceDefinition').map((crd) => `${str(crd.spec.group)}/${str((crd.spec.names as { kind?: unknown } | undefined)?.kind)}`),
    );
    for (const o of index.objects) {
      if (!o.kind || !o.apiVersion) continue;
      if (isBuiltinGroup(o.group) || crdCovers(o.group, o.kind) || INSTALL_INPUTS.has(o.key) || bundled.has(o.key)) continue;
      report(
        o,
        `Kind ${o.kind} of apiVersion ${o.apiVersion} is not known to this analysis (neither Kubernetes, Istio 1.30.3, Gateway API v1.6.1, Flagger 1.44.0 nor Argo Rollouts v1.9.1, and no CustomResourceDefinition for it is among the analyzed objects): it is not validated and references to it are not followed. Include its CustomResourceDefinition to validate it, or suppress this with --suppress DAM0001=${o.kind}/*.`,
        { field: ['kind'] },
      );
    }
  },
};
