import { CRD_SCHEMAS } from '../../imports/crd-schemas.js';
import type { JsonRecord } from '../json.js';

const byGvk = new Map<string, JsonRecord>();
const versionsByKind = new Map<string, string[]>();
const kindsByGroup = new Map<string, Set<string>>();

for (const crd of CRD_SCHEMAS) {
  byGvk.set(`${crd.group}/${crd.version}/${crd.kind}`, crd.schema);
  const kindKey = `${crd.group}/${crd.kind}`;
  versionsByKind.set(kindKey, [...(versionsByKind.get(kindKey) ?? []), crd.version]);
  kindsByGroup.set(crd.group, (kindsByGroup.get(crd.group) ?? new Set()).add(crd.kind));
}

/** The OpenAPI schema of a pinned Istio or Gateway API CRD version, if there is one. */
export function crdSchema(group: string, version: string, kind: string): JsonRecord | undefined {
  return byGvk.get(`${group}/${version}/${kind}`);
}

/** Whether the API group belongs to the pinned CRDs (Istio's or the Gateway API's). */
export function isCrdGroup(group: string): boolean {
  return kindsByGroup.has(group);
}

/** Kinds the pinned CRDs define in a group. */
export function crdKinds(group: string): readonly string[] {
  return [...(kindsByGroup.get(group) ?? [])].sort();
}

/** Served versions of one pinned CRD kind. */
export function crdVersions(group: string, kind: string): readonly string[] {
  return versionsByKind.get(`${group}/${kind}`) ?? [];
}
