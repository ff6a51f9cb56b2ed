import { Ajv, type ValidateFunction } from 'ajv';
import * as k8s from 'kubernetes-models';
import { CRD_SCHEMAS } from '../../constructs/imports/crd-schemas.js';
import { durationMillis } from '../../constructs/validation/durations.js';

type Schema = Record<string, unknown>;

/**
 * A CRD's structural schema made strict, the way the API server prunes: every object schema with
 * `properties` and no `additionalProperties` (nor `x-kubernetes-preserve-unknown-fields`) rejects
 * unknown fields, so a misspelt field fails here instead of silently vanishing in the cluster.
 */
function strict(schema: Schema): Schema {
  const out: Schema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'properties' && value && typeof value === 'object') {
      out.properties = Object.fromEntries(Object.entries(value as Record<string, Schema>).map(([k, v]) => [k, strict(v)]));
    } else if ((key === 'items' || key === 'additionalProperties') && value && typeof value === 'object') {
      out[key] = strict(value as Schema);
    } else if ((key === 'anyOf' || key === 'oneOf' || key === 'allOf') && Array.isArray(value)) {
      out[key] = value.map((v: Schema) => strict(v));
    } else {
      out[key] = value;
    }
  }
  if (out.properties && out.additionalProperties === undefined && out['x-kubernetes-preserve-unknown-fields'] !== true) {
    out.additionalProperties = false;
  }
  return out;
}

const METADATA: Schema = {
  type: 'object',
  required: ['name'],
  additionalProperties: false,
  properties: {
    name: { type: 'string', pattern: '^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$', maxLength: 253 },
    namespace: { type: 'string', pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$', maxLength: 63 },
    labels: { type: 'object', additionalProperties: { type: 'string', maxLength: 63 } },
    annotations: { type: 'object', additionalProperties: { type: 'string' } },
  },
};

const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
// The one CEL rule the emitted fields meet everywhere (160 places in the Istio CRDs) is evaluated;
// other CEL rules are left to the construct's own validation.
const MIN_DURATION_RULE = "duration(self) >= duration('1ms')";
ajv.addKeyword({
  keyword: 'x-kubernetes-validations',
  schemaType: 'array',
  validate: (rules: { rule: string }[], data: unknown) => {
    if (!rules.some((r) => r.rule === MIN_DURATION_RULE)) return true;
    const ms = durationMillis(data);
    return ms !== undefined && ms >= 1;
  },
});
const crdValidators = new Map<string, ValidateFunction>();
for (const crd of CRD_SCHEMAS) {
  const apiVersion = `${crd.group}/${crd.version}`;
  const root = strict(crd.schema);
  const properties = { ...(root.properties as Record<string, Schema>) };
  properties.apiVersion = { const: apiVersion };
  properties.kind = { const: crd.kind };
  properties.metadata = METADATA;
  crdValidators.set(`${apiVersion}/${crd.kind}`, ajv.compile({ ...root, properties, required: ['apiVersion', 'kind', 'metadata'], additionalProperties: false }));
}

/** kubernetes-models exports each API group as a camel-cased namespace (`apps`, `policy`, `networkingK8sIo`, core as `v1`). */
function k8sModel(apiVersion: string, kind: string): (new (data: unknown) => { validate(): void }) | undefined {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  const groupKey = group === '' ? undefined : group.replace(/\.(\w)/g, (_, c: string) => c.toUpperCase());
  const models = k8s as unknown as Record<string, Record<string, Record<string, unknown>>>;
  const namespace = groupKey === undefined ? models[version] : models[groupKey]?.[version];
  return namespace?.[kind] as (new (data: unknown) => { validate(): void }) | undefined;
}

/** Why an object is invalid against the pinned CRD schemas or the Kubernetes schema; [] when it is valid. */
export function schemaErrors(object: { apiVersion: string; kind: string; metadata?: { name?: string } }): string[] {
  const id = `${object.kind}/${object.metadata?.name}`;
  const crd = crdValidators.get(`${object.apiVersion}/${object.kind}`);
  if (crd) {
    return crd(object) ? [] : (crd.errors ?? []).map((e) => `${id}: ${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`);
  }
  const Model = k8sModel(object.apiVersion, object.kind);
  if (!Model) return [`${id}: no schema for ${object.apiVersion} ${object.kind}`];
  try {
    new Model(object).validate();
    return [];
  } catch (err) {
    return [`${id}: ${(err as Error).message}`];
  }
}
