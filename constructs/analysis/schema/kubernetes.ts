import { createRequire } from 'node:module';
import { isRecord, type JsonRecord } from '../json.js';
import type { SchemaProblem } from './structural.js';

const require = createRequire(import.meta.url);

/** API groups of the Kubernetes built-in kinds that kubernetes-models describes (`''` is the core group). */
const BUILTIN_GROUPS = new Set([
  '', 'admissionregistration.k8s.io', 'apiextensions.k8s.io', 'apiregistration.k8s.io', 'apps', 'authentication.k8s.io',
  'authorization.k8s.io', 'autoscaling', 'batch', 'certificates.k8s.io', 'coordination.k8s.io', 'discovery.k8s.io',
  'events.k8s.io', 'extensions', 'flowcontrol.apiserver.k8s.io', 'networking.k8s.io', 'node.k8s.io', 'policy',
  'rbac.authorization.k8s.io', 'scheduling.k8s.io', 'storage.k8s.io',
]);

interface ModelClass {
  readonly apiVersion: string;
  readonly kind: string;
  new (data: unknown): { validate(): void };
  readonly prototype: { validate(this: unknown): void };
}

const models = new Map<string, ModelClass | null>();

/** Whether the API group is one of Kubernetes' own. */
export function isBuiltinGroup(group: string): boolean {
  return BUILTIN_GROUPS.has(group);
}

/** The kubernetes-models class of a built-in kind at that apiVersion, or undefined when it has none. */
function model(group: string, version: string, kind: string): ModelClass | undefined {
  const key = `${group}/${version}/${kind}`;
  let cls = models.get(key);
  if (cls === undefined) {
    cls = null;
    if (isBuiltinGroup(group) && /^v\d+((alpha|beta)\d+)?$/.test(version) && /^[A-Z][A-Za-z0-9]*$/.test(kind)) {
      try {
        const mod = require(`kubernetes-models/${group === '' ? '' : `${group}/`}${version}/${kind}`) as Record<string, unknown>;
        const candidate = mod[kind] as ModelClass | undefined;
        const apiVersion = group === '' ? version : `${group}/${version}`;
        if (typeof candidate === 'function' && candidate.apiVersion === apiVersion && candidate.kind === kind) cls = candidate;
      } catch {
        cls = null;
      }
    }
    models.set(key, cls);
  }
  return cls ?? undefined;
}

function hasNull(value: unknown): boolean {
  if (value === null) return true;
  if (typeof value !== 'object') return false;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (hasNull(value[i])) return true;
    return false;
  }
  const values = Object.values(value as JsonRecord);
  for (let i = 0; i < values.length; i++) if (hasNull(values[i])) return true;
  return false;
}

function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (!isRecord(value)) return value;
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null).map(([k, v]) => [k, withoutNulls(v)]));
}

interface AjvError {
  readonly instancePath: string;
  readonly keyword: string;
  readonly message?: string;
  readonly params?: Record<string, unknown>;
}

function problemOf(error: AjvError): SchemaProblem {
  const field = error.instancePath
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
  const params = error.params ?? {};
  if (error.keyword === 'required' && typeof params.missingProperty === 'string') {
    return { field: [...field, params.missingProperty], message: `required field "${params.missingProperty}" is missing` };
  }
  if (error.keyword === 'enum' && Array.isArray(params.allowedValues)) {
    return { field, message: `must be one of ${params.allowedValues.join(', ')}` };
  }
  return { field, message: error.message ?? error.keyword };
}

/**
 * Validates a built-in object against the Kubernetes OpenAPI schema through kubernetes-models (types, required
 * fields, enums, formats). Returns undefined when kubernetes-models has no model for the kind.
 */
export function validateBuiltin(object: JsonRecord, group: string, version: string, kind: string): SchemaProblem[] | undefined {
  const cls = model(group, version, kind);
  if (!cls) return undefined;
  try {
    // The API server reads null as absent. The validator reads its data without changing it, and a manifest already
    // has what a model instance would copy (apiVersion and kind, no undefined values), so it runs on the manifest
    // itself rather than on a deep copy.
    cls.prototype.validate.call(hasNull(object) ? withoutNulls(object) : object);
    return [];
  } catch (err) {
    const errors = (err as { errors?: AjvError[] }).errors;
    if (!Array.isArray(errors)) return [{ field: [], message: err instanceof Error ? err.message : String(err) }];
    const seen = new Set<string>();
    // metadata names, labels and annotations are checked once, with clearer messages, by validateMetadata
    const ownMetadata = (p: SchemaProblem): boolean => p.field[0] === 'metadata' && ['name', 'namespace', 'labels', 'annotations'].includes(String(p.field[1]));
    return errors.map(problemOf).filter((p) => {
      if (ownMetadata(p)) return false;
      const key = `${p.field.join('.')}: ${p.message}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  }
}
