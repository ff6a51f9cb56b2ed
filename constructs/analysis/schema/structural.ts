import { isIPv4, isIPv6 } from 'node:net';
import { canonicalJson, isRecord, type JsonRecord } from '../json.js';
import type { FieldPath } from '../types.js';
import { ruleFailures, type CelRule } from './cel.js';

/** One schema violation: where and what. */
export interface SchemaProblem {
  readonly field: FieldPath;
  readonly message: string;
}

/** Fields of every object's root that the API server types itself (ObjectMeta, type meta), whatever a CRD says. */
const ROOT_FIELDS = new Set(['apiVersion', 'kind', 'metadata']);

const patterns = new Map<string, RegExp | null>();

function pattern(source: string): RegExp | null {
  let re = patterns.get(source);
  if (re === undefined) {
    try {
      re = new RegExp(source, 'u');
    } catch {
      re = null;
    }
    patterns.set(source, re);
  }
  return re;
}

function typeName(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (value === null) return 'null';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function hasType(value: unknown, type: string): boolean {
  switch (type) {
    case 'object':
      return isRecord(value);
    case 'array':
      return Array.isArray(value);
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'string':
      return typeof value === 'string';
    case 'boolean':
      return typeof value === 'boolean';
    default:
      return true;
  }
}

const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** String formats the API server checks; numeric formats such as int32 are not enforced there either. */
function formatProblem(format: string, value: string): string | undefined {
  switch (format) {
    case 'date-time':
      return DATE_TIME.test(value) ? undefined : 'must be an RFC 3339 date-time';
    case 'ipv4':
      return isIPv4(value) ? undefined : 'must be an IPv4 address';
    case 'ipv6':
      return isIPv6(value) ? undefined : 'must be an IPv6 address';
    case 'byte':
      return BASE64.test(value) ? undefined : 'must be base64-encoded';
    default:
      return undefined;
  }
}

/** Edit distance counting a swap of neighbours as one edit (optimal string alignment), case-insensitive. */
function editDistance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  const d = Array.from({ length: x.length + 1 }, (_, i) => Array.from({ length: y.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= x.length; i++) {
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[x.length][y.length];
}

/** The known name closest to a misspelt one, when it is close enough to be a likely typo. */
export function closest(name: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const k of known) {
    const d = editDistance(name, k);
    if (d < bestDistance) [best, bestDistance] = [k, d];
  }
  return best !== undefined && bestDistance < name.length && bestDistance <= Math.max(1, Math.floor(name.length / 3)) ? best : undefined;
}

function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** Keys a `oneOf` of Istio's shape (`{required: [a]}` | `{required: [b]}` | `{not: {anyOf: ...}}`) makes exclusive. */
function exclusiveKeys(branches: unknown[]): string[] | undefined {
  const keys: string[] = [];
  for (const b of branches) {
    if (!isRecord(b)) return undefined;
    if (Array.isArray(b.required) && Object.keys(b).length === 1) keys.push(...b.required.filter((k): k is string => typeof k === 'string'));
    else if (!('not' in b && Object.keys(b).length === 1)) return undefined;
  }
  return keys.length > 0 ? keys : undefined;
}

/** Where a value sits below the validated root, as a chain from the innermost key; turned into a path only for a problem. */
type Path = { readonly up: Path; readonly key: string | number } | undefined;

/** The state of one validation: the path of its root and the problems found so far. */
interface Run {
  readonly base: FieldPath;
  readonly problems: SchemaProblem[];
}

function fieldOf(run: Run, path: Path): FieldPath {
  const keys: (string | number)[] = [];
  for (let p = path; p; p = p.up) keys.push(p.key);
  return [...run.base, ...keys.reverse()];
}

function add(run: Run, path: Path, message: string): void {
  run.problems.push({ field: fieldOf(run, path), message });
}

/**
 * Validates a value against a Kubernetes structural schema the way the API server does on `kubectl apply`
 * (strict field validation): types, unknown fields, enums, required fields, bounds, patterns, string formats,
 * oneOf/anyOf/allOf/not, int-or-string, preserve-unknown-fields, list types, and the CEL rules
 * (`x-kubernetes-validations`) the CEL library can evaluate. `null` counts as absent, as the server prunes it.
 */
export function validateStructural(value: unknown, schema: JsonRecord, field: FieldPath, problems: SchemaProblem[], root = false): void {
  validateValue(value, schema, { base: field, problems }, undefined, root);
}

function validateValue(value: unknown, schema: JsonRecord, run: Run, path: Path, root = false): void {
  if (value === null || value === undefined) return;
  const start = run.problems.length;

  if (schema['x-kubernetes-int-or-string'] === true) {
    if (!(typeof value === 'string' || (typeof value === 'number' && Number.isInteger(value)))) {
      add(run, path, `must be an integer or a string, got ${typeName(value)} ${show(value)}`);
      return;
    }
  } else if (typeof schema.type === 'string' && !hasType(value, schema.type)) {
    add(run, path, `must be ${schema.type === 'integer' || schema.type === 'array' || schema.type === 'object' ? 'an' : 'a'} ${schema.type}, got ${typeName(value)} ${show(value)}`);
    return;
  }

  if (Array.isArray(schema.enum)) {
    const json = canonicalJson(value);
    if (!schema.enum.some((e) => canonicalJson(e) === json)) add(run, path, `${show(value)} is not one of ${schema.enum.map((e) => String(e)).join(', ')}`);
  }

  if (typeof value === 'string') validateString(value, schema, run, path);
  else if (typeof value === 'number') validateNumber(value, schema, run, path);
  else if (Array.isArray(value)) validateArray(value, schema, run, path);
  else if (isRecord(value)) validateObject(value, schema, run, path, root);

  if (schema.oneOf !== undefined || schema.anyOf !== undefined || schema.allOf !== undefined || schema.not !== undefined) {
    validateCombinators(value, schema, run, path);
  }

  const rules = schema['x-kubernetes-validations'];
  if (Array.isArray(rules) && run.problems.length === start) {
    for (const message of ruleFailures(rules as CelRule[], value, schema)) add(run, path, message);
  }
}

function validateString(value: string, schema: JsonRecord, run: Run, path: Path): void {
  if (typeof schema.minLength === 'number' || typeof schema.maxLength === 'number') {
    const length = [...value].length;
    if (typeof schema.minLength === 'number' && length < schema.minLength) add(run, path, `must be at least ${schema.minLength} characters long, got ${show(value)}`);
    if (typeof schema.maxLength === 'number' && length > schema.maxLength) add(run, path, `must be at most ${schema.maxLength} characters long, got ${length}`);
  }
  if (typeof schema.pattern === 'string') {
    const re = pattern(schema.pattern);
    if (re && !re.test(value)) add(run, path, `${show(value)} does not match the pattern ${schema.pattern}`);
  }
  if (typeof schema.format === 'string') {
    const problem = formatProblem(schema.format, value);
    if (problem) add(run, path, `${show(value)} ${problem}`);
  }
}

function validateNumber(value: number, schema: JsonRecord, run: Run, path: Path): void {
  const exclusiveMin = schema.exclusiveMinimum === true;
  const exclusiveMax = schema.exclusiveMaximum === true;
  if (typeof schema.minimum === 'number' && (exclusiveMin ? value <= schema.minimum : value < schema.minimum)) {
    add(run, path, `must be ${exclusiveMin ? 'greater than' : 'at least'} ${schema.minimum}, got ${value}`);
  }
  if (typeof schema.maximum === 'number' && (exclusiveMax ? value >= schema.maximum : value > schema.maximum)) {
    add(run, path, `must be ${exclusiveMax ? 'less than' : 'at most'} ${schema.maximum}, got ${value}`);
  }
}

function validateCombinators(value: unknown, schema: JsonRecord, run: Run, path: Path): void {
  for (const keyword of ['oneOf', 'anyOf', 'allOf'] as const) {
    const branches = schema[keyword];
    if (!Array.isArray(branches)) continue;
    const matching = branches.filter((b) => isRecord(b) && matches(value, b));
    if (keyword === 'allOf' && matching.length < branches.length) {
      for (const b of branches) if (isRecord(b)) validateValue(value, b, run, path);
    } else if (keyword === 'anyOf' && matching.length === 0) {
      const formats = branches.map((b) => (isRecord(b) ? b.format : undefined)).filter((f) => typeof f === 'string');
      add(run, path, formats.length === branches.length ? `${show(value)} must be one of the formats ${formats.join(', ')}` : `${show(value)} does not match any of the allowed shapes`);
    } else if (keyword === 'oneOf' && matching.length !== 1) {
      const keys = exclusiveKeys(branches);
      const set = (keys ?? []).filter((k) => isRecord(value) && value[k] !== undefined && value[k] !== null);
      add(run, path, keys ? `only one of ${keys.join(', ')} may be set, found ${set.join(' and ')}` : `must match exactly one of the allowed shapes, matches ${matching.length}`);
    }
  }
  if (isRecord(schema.not) && matches(value, schema.not)) add(run, path, 'has a combination of fields the schema forbids');
}

function matches(value: unknown, schema: JsonRecord): boolean {
  const scratch: Run = { base: [], problems: [] };
  validateValue(value, schema, scratch, undefined);
  if (Array.isArray(schema.required) && isRecord(value)) {
    return scratch.problems.length === 0 && schema.required.every((k) => typeof k === 'string' && value[k] !== undefined && value[k] !== null);
  }
  return scratch.problems.length === 0;
}

function validateArray(value: unknown[], schema: JsonRecord, run: Run, path: Path): void {
  if (typeof schema.minItems === 'number' && value.length < schema.minItems) add(run, path, `must have at least ${schema.minItems} item(s), has ${value.length}`);
  if (typeof schema.maxItems === 'number' && value.length > schema.maxItems) add(run, path, `must have at most ${schema.maxItems} items, has ${value.length}`);
  const items = isRecord(schema.items) ? schema.items : undefined;
  if (items) for (let i = 0; i < value.length; i++) validateValue(value[i], items, run, { up: path, key: i });
  const listType = schema['x-kubernetes-list-type'];
  if (listType === 'set') {
    const seen = new Set<string>();
    value.forEach((item, i) => {
      const key = canonicalJson(item);
      if (seen.has(key)) add(run, { up: path, key: i }, `duplicate entry ${show(item)}: this list is a set`);
      seen.add(key);
    });
  } else if (listType === 'map' && Array.isArray(schema['x-kubernetes-list-map-keys'])) {
    const keys = schema['x-kubernetes-list-map-keys'].filter((k): k is string => typeof k === 'string');
    const itemProps = items && isRecord(items.properties) ? items.properties : {};
    const seen = new Set<string>();
    value.forEach((item, i) => {
      if (!isRecord(item)) return;
      const tuple = keys.map((k) => canonicalJson(item[k] ?? (isRecord(itemProps[k]) ? itemProps[k].default : undefined)));
      const key = tuple.join('\u0000');
      if (seen.has(key)) {
        add(run, { up: path, key: i }, `duplicate entry with ${keys.map((k, j) => `${k}=${tuple[j]}`).join(', ')}: entries must be unique by ${keys.join(', ')}`);
      }
      seen.add(key);
    });
  }
}

function validateObject(value: JsonRecord, schema: JsonRecord, run: Run, path: Path, root: boolean): void {
  const properties = isRecord(schema.properties) ? schema.properties : undefined;
  const additional = schema.additionalProperties;
  const preserve = schema['x-kubernetes-preserve-unknown-fields'] === true;
  if (typeof schema.minProperties === 'number' || typeof schema.maxProperties === 'number') {
    const count = Object.values(value).filter((v) => v !== null && v !== undefined).length;
    if (typeof schema.minProperties === 'number' && count < schema.minProperties) add(run, path, `must have at least ${schema.minProperties} field(s)`);
    if (typeof schema.maxProperties === 'number' && count > schema.maxProperties) add(run, path, `must have at most ${schema.maxProperties} fields, has ${count}`);
  }

  for (const key of Object.keys(value)) {
    if (root && ROOT_FIELDS.has(key)) continue;
    const v = value[key];
    const propSchema = properties?.[key];
    if (isRecord(propSchema)) validateValue(v, propSchema, run, { up: path, key });
    else if (isRecord(additional)) validateValue(v, additional, run, { up: path, key });
    else if (schema.type === 'object' && !preserve && additional !== true && v !== null && v !== undefined) {
      const known = Object.keys(properties ?? {}).sort();
      const guess = closest(key, known);
      add(
        run,
        { up: path, key },
        `unknown field "${key}"${guess ? ` (did you mean "${guess}"?)` : ''}; ${known.length ? `known fields here: ${known.join(', ')}` : 'this object takes no fields'}`,
      );
    }
  }
  if (Array.isArray(schema.required)) {
    for (const key of schema.required) {
      if (typeof key !== 'string' || (value[key] !== undefined && value[key] !== null)) continue;
      const propSchema = properties?.[key];
      if (isRecord(propSchema) && 'default' in propSchema) continue;
      add(run, { up: path, key }, `required field "${key}" is missing`);
    }
  }
}
