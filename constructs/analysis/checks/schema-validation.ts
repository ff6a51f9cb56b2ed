import { formatField } from '../format.js';
import { isRecord, records, str, type JsonRecord } from '../json.js';
import type { IndexedObject, ObjectIndex, Workload } from '../object-index.js';
import { validateApiRules } from '../schema/api-rules.js';
import { crdCovers, crdKinds, crdSchema, crdSource, crdVersions } from '../schema/crds.js';
import { isBuiltinGroup, validateBuiltin } from '../schema/kubernetes.js';
import { validateMetadata } from '../schema/metadata.js';
import { validateStructural, type SchemaProblem } from '../schema/structural.js';
import type { Check, CheckContext } from '../types.js';

/** At most this many schema findings per object; the rest are summed up in one more. */
const MAX_PER_OBJECT = 20;

function crdProblems(o: IndexedObject): { problems: SchemaProblem[]; against: string } {
  const against = crdSource(o.group);
  const schema = crdSchema(o.group, o.version, o.kind);
  if (schema) {
    const problems: SchemaProblem[] = [];
    validateStructural(o.raw, schema, [], problems, true);
    return { problems, against };
  }
  const versions = crdVersions(o.group, o.kind);
  const message = versions.length
    ? `apiVersion "${o.apiVersion}" is not served for ${o.kind}; use ${versions.map((v) => `${o.group}/${v}`).join(' or ')}`
    : `the API group ${o.group} has no kind "${o.kind}"; it has ${crdKinds(o.group).join(', ')}`;
  return { problems: [{ field: [versions.length ? 'apiVersion' : 'kind'], message }], against };
}

function builtinProblems(o: IndexedObject, workload: Workload | undefined): SchemaProblem[] {
  const problems = validateBuiltin(o.raw, o.group, o.version, o.kind);
  if (!problems) return [{ field: ['apiVersion'], message: `Kubernetes serves no kind "${o.kind}" at apiVersion "${o.apiVersion}"` }];
  return [...problems, ...validateApiRules(o, workload)];
}

/** Schemas of the CustomResourceDefinitions among the analyzed objects: `group/Kind` → version → schema. */
function bundledCrds(index: ObjectIndex): Map<string, Map<string, JsonRecord>> {
  const out = new Map<string, Map<string, JsonRecord>>();
  for (const crd of index.ofKind('apiextensions.k8s.io', 'CustomResourceDefinition')) {
    const group = str(crd.spec.group);
    const kind = isRecord(crd.spec.names) ? str(crd.spec.names.kind) : undefined;
    if (group === undefined || kind === undefined) continue;
    const versions = new Map<string, JsonRecord>();
    for (const v of records(crd.spec.versions)) {
      const schema = isRecord(v.schema) ? v.schema.openAPIV3Schema : undefined;
      if (typeof v.name === 'string' && v.served !== false && isRecord(schema)) versions.set(v.name, schema);
    }
    out.set(`${group}/${kind}`, versions);
  }
  return out;
}

export const schemaValidation: Check = {
  code: 'IST0106',
  severity: 'Error',
  title: 'SchemaValidationError',
  description:
    'Validates every object against the pinned Istio, Gateway API, Flagger and Argo Rollouts CRD schemas (unknown fields, types, enums, required fields, CEL rules) and Kubernetes built-ins against the Kubernetes schema and API rules.',
  run({ index, report }: CheckContext) {
    const workloadOf = new Map(index.workloads.map((w) => [w.object, w]));
    const bundled = bundledCrds(index);
    for (const o of index.objects) {
      if (!o.apiVersion || !o.kind) {
        report(o, 'Schema validation error: not a Kubernetes object: "apiVersion" and "kind" are required. Add them, or remove this document.');
        continue;
      }
      const problems: SchemaProblem[] = validateMetadata(o.raw, o.key);
      let against = 'the Kubernetes API rules';
      if (crdCovers(o.group, o.kind)) {
        const crd = crdProblems(o);
        problems.push(...crd.problems);
        against = crd.against;
      } else if (isBuiltinGroup(o.group)) {
        problems.push(...builtinProblems(o, workloadOf.get(o)));
        against = 'the Kubernetes 1.33 schema';
      } else if (bundled.has(o.key)) {
        const schema = bundled.get(o.key)?.get(o.version);
        if (schema) validateStructural(o.raw, schema, [], problems, true);
        else problems.push({ field: ['apiVersion'], message: `its CustomResourceDefinition serves ${[...(bundled.get(o.key)?.keys() ?? [])].join(', ')}, not ${o.version}` });
        against = 'its CustomResourceDefinition';
      }
      for (const p of problems.slice(0, MAX_PER_OBJECT)) {
        const where = p.field.length ? `${formatField(p.field)}: ` : '';
        report(o, `Schema validation error: ${where}${p.message.replace(/\.$/, '')}. Fix the object to satisfy ${against}.`, { field: p.field });
      }
      if (problems.length > MAX_PER_OBJECT) {
        report(o, `Schema validation error: ${problems.length - MAX_PER_OBJECT} more problems in this object are not listed. Fix the ones above first.`);
      }
    }
  },
};
