import { isRecord } from '../analysis/json.js';

/** What cdk8s passes plugins in `context.metadata`: construct paths keyed by `metadata.name`. */
export type ResourceMetadata = { readonly [resourceName: string]: { readonly path: string } | undefined };

/** One synthesized object and the manifest it was read from, in the order of that manifest. */
export interface ManifestObject {
  readonly object: unknown;
  readonly file: string;
}

function nameOf(object: unknown): string | undefined {
  const name = isRecord(object) && isRecord(object.metadata) ? object.metadata.name : undefined;
  return typeof name === 'string' ? name : undefined;
}

/**
 * The construct path of each object that cdk8s's metadata tells for certain. cdk8s keys it by
 * `metadata.name` alone, each object overwriting the entry of the one before (`App.synth` walks the charts
 * and, in each chart, the objects in the order it writes them). So the path of a name one object carries
 * is certain; of objects sharing a name (a Service, DestinationRule and VirtualService called `web`) it is
 * the last one's, which is known only when they are all in one manifest; the others get no path rather
 * than a wrong one.
 */
export function constructPaths(objects: readonly ManifestObject[], metadata: ResourceMetadata): Map<unknown, string> {
  const byName = new Map<string, ManifestObject[]>();
  for (const o of objects) {
    const name = nameOf(o.object);
    if (name === undefined) continue;
    const group = byName.get(name);
    if (group) group.push(o);
    else byName.set(name, [o]);
  }
  const paths = new Map<unknown, string>();
  for (const [name, group] of byName) {
    const entry = Object.hasOwn(metadata, name) ? metadata[name] : undefined;
    if (!entry || !group.every((g) => g.file === group[0].file)) continue;
    paths.set(group[group.length - 1].object, entry.path);
  }
  return paths;
}
