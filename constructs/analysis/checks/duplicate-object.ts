import type { IndexedObject } from '../object-index.js';
import type { Check } from '../types.js';

export const duplicateObject: Check = {
  code: 'DAM0116',
  severity: 'Error',
  title: 'DuplicateObject',
  description: 'Two objects have the same API group, kind, namespace and name: applying both, the later silently replaces the earlier.',
  run({ index, report }) {
    const first = new Map<string, IndexedObject>();
    for (const object of index.objects) {
      if (object.kind === '' || object.name === '') continue;
      const key = `${object.group}\u0000${object.kind}\u0000${object.namespace ?? ''}\u0000${object.name}`;
      const earlier = first.get(key);
      if (!earlier) {
        first.set(key, object);
        continue;
      }
      const where = (o: IndexedObject) => (o.source?.path ? ` (${o.source.path})` : o.source?.file ? ` (${o.source.file}${o.source.line ? `:${o.source.line}` : ''})` : '');
      report(
        object,
        `${object.display} is defined twice: an earlier ${earlier.apiVersion} ${earlier.kind}${where(earlier)} has the same group, kind, namespace and name, so applying both keeps only the last one written. Give one of them another name or namespace, or create the object once (MeshService and DogAppMesh apps of one chart that name the same namespace share its Namespace, PeerAuthentication, deny-all policy, Sidecar and ServiceEntries).`,
        { field: ['metadata', 'name'] },
      );
    }
  },
};
