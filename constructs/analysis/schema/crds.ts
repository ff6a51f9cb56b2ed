import { CRD_SCHEMAS } from '../../imports/crd-schemas.js';
import type { JsonRecord } from '../json.js';

const byGvk = new Map<string, JsonRecord>();
const versionsByKind = new Map<string, string[]>();
const kindsByGroup = new Map<string, Set<string>>();
const clusterScoped = new Set<string>();

for (const crd of CRD_SCHEMAS) {
  byGvk.set(`${crd.group}/${crd.version}/${crd.kind}`, crd.schema);
  const kindKey = `${crd.group}/${crd.kind}`;
  versionsByKind.set(kindKey, [...(versionsByKind.get(kindKey) ?? []), crd.version]);
  kindsByGroup.set(crd.group, (kindsByGroup.get(crd.group) ?? new Set()).add(crd.kind));
  if (crd.scope === 'Cluster') clusterScoped.add(kindKey);
}

/**
 * API groups whose kinds are pinned only in part: `argoproj.io` holds Argo Rollouts' kinds (pinned) and
 * also Argo CD's and Argo Workflows' (not pinned), so another kind there is unknown, not wrong.
 */
const SHARED_GROUPS = new Set(['argoproj.io']);

/** What the pinned CRDs of an API group are, for messages. */
export function crdSource(group: string): string {
  if (group.endsWith('istio.io')) return 'the Istio 1.30.3 CRD schema';
  if (group === 'flagger.app') return 'the Flagger 1.44.0 CRD schema';
  if (group === 'argoproj.io') return 'the Argo Rollouts v1.9.1 CRD schema';
  return 'the Gateway API v1.6.1 CRD schema';
}

/** The OpenAPI schema of a pinned Istio, Gateway API, Flagger or Argo Rollouts CRD version, if there is one. */
export function crdSchema(group: string, version: string, kind: string): JsonRecord | undefined {
  return byGvk.get(`${group}/${version}/${kind}`);
}

/**
 * Whether the pinned CRDs decide about this kind: it is one of theirs, or its group is wholly theirs (so
 * an unknown kind there is a mistake).
 */
export function crdCovers(group: string, kind: string): boolean {
  const kinds = kindsByGroup.get(group);
  return kinds !== undefined && (kinds.has(kind) || !SHARED_GROUPS.has(group));
}

/** Kinds the pinned CRDs define in a group. */
export function crdKinds(group: string): readonly string[] {
  return [...(kindsByGroup.get(group) ?? [])].sort();
}

/** Served versions of one pinned CRD kind. */
export function crdVersions(group: string, kind: string): readonly string[] {
  return versionsByKind.get(`${group}/${kind}`) ?? [];
}

/** Whether a pinned CRD kind (`group/Kind`) is cluster-scoped: its objects have no namespace. */
export function crdClusterScoped(kindKey: string): boolean {
  return clusterScoped.has(kindKey);
}
