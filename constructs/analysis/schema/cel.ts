import { createRequire } from 'node:module';
import type * as Cel from '@bufbuild/cel';
import type { CelInput } from '@bufbuild/cel';
import type * as CelExt from '@bufbuild/cel/ext';
import { CRD_SCHEMAS } from '../../imports/crd-schemas.js';
import { isRecord, type JsonRecord } from '../json.js';

/** One `x-kubernetes-validations` entry of a CRD schema. */
export interface CelRule {
  readonly rule: string;
  readonly message?: string;
  readonly messageExpression?: string;
}

type Program = (self: CelInput) => unknown;
type Compiled = { readonly program: Program } | { readonly skipped: string };

const require = createRequire(import.meta.url);

/**
 * The CEL library and the Kubernetes CEL environment as far as it provides it (the standard library and string
 * extensions), loaded on the first rule: loading it costs more than analyzing a small bundle without CRD objects.
 */
let library: { readonly cel: typeof Cel; readonly env: Cel.CelEnv } | undefined;
/** Loads the CEL library now rather than on the first rule; returns it. */
export function cel(): { readonly cel: typeof Cel; readonly env: Cel.CelEnv } {
  if (!library) {
    const lib = require('@bufbuild/cel') as typeof Cel;
    const { strings } = require('@bufbuild/cel/ext') as typeof CelExt;
    library = { cel: lib, env: lib.celEnv({ funcs: [...strings] }) };
  }
  return library;
}
const compiled = new Map<string, Compiled>();

/** Names of the functions a parsed expression calls and the identifiers it reads. */
function scan(node: unknown, calls: Set<string>, idents: Set<string>): void {
  if (Array.isArray(node)) {
    for (const child of node) scan(child, calls, idents);
    return;
  }
  if (!isRecord(node)) return;
  const kind = node.exprKind;
  if (isRecord(kind) && isRecord(kind.value)) {
    if (kind.case === 'callExpr' && typeof kind.value.function === 'string') calls.add(kind.value.function);
    if (kind.case === 'identExpr' && typeof kind.value.name === 'string') idents.add(kind.value.name);
  }
  for (const [key, value] of Object.entries(node)) {
    if (key !== '$typeName' && typeof value === 'object') scan(value, calls, idents);
  }
}

function compile(rule: string): Compiled {
  const cached = compiled.get(rule);
  if (cached) return cached;
  let result: Compiled;
  const { cel: { parse, plan }, env } = cel();
  try {
    const parsed = parse(rule);
    const calls = new Set<string>();
    const idents = new Set<string>();
    scan(parsed.expr, calls, idents);
    const missing = [...calls].filter((name) => /^[A-Za-z]/.test(name) && env.funcs.find(name) === undefined);
    if (idents.has('oldSelf')) {
      result = { skipped: 'transition rule: compares with the object already stored in the cluster' };
    } else if (missing.length > 0) {
      result = { skipped: `uses ${missing.map((m) => `${m}()`).join(', ')}, which the CEL library does not provide` };
    } else {
      const run = plan(env, parsed);
      result = { program: (self) => run({ self }) };
    }
  } catch (err) {
    result = { skipped: `does not parse: ${err instanceof Error ? err.message : String(err)}` };
  }
  compiled.set(rule, result);
  return result;
}

/**
 * Evaluates the rules of one schema node against its value (already converted with {@link celValue}).
 * Returns one message per failed rule; rules the library cannot evaluate are passed over.
 */
export function evaluateRules(rules: readonly CelRule[], self: CelInput): string[] {
  const failures: string[] = [];
  for (const rule of rules) {
    const program = compile(rule.rule);
    if (!('program' in program)) continue;
    const result = program.program(self);
    if (result === true) continue;
    if (cel().cel.isCelError(result)) {
      failures.push(`rule evaluation error: ${result.message} (rule: ${rule.rule})`);
      continue;
    }
    failures.push(ruleMessage(rule, self));
  }
  return failures;
}

const primitiveFailures = new WeakMap<JsonRecord, Map<string | number | boolean, string[]>>();

/**
 * The failures of a schema node's rules for one value. Rules are pure functions of the value, so the failures of
 * a string, number or boolean are kept per schema node: across many objects the same few ports, hosts and
 * durations come back again and again.
 */
export function ruleFailures(rules: readonly CelRule[], value: unknown, schema: JsonRecord): string[] {
  if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') return structuredFailures(rules, value, schema);
  let byValue = primitiveFailures.get(schema);
  if (!byValue) primitiveFailures.set(schema, (byValue = new Map<string | number | boolean, string[]>()));
  let failures = byValue.get(value);
  if (!failures) byValue.set(value, (failures = evaluateRules(rules, celValue(value, schema))));
  return failures;
}

const structuredFailuresByJson = new WeakMap<JsonRecord, Map<string, string[]>>();

/** Longest JSON text of a list or mapping whose failures are kept; larger values are evaluated each time. */
const MAX_KEPT_JSON = 4096;

/** A JSON `null` token: NaN and the infinities print as null too, so such texts do not identify their value. */
const JSON_NULL = /[[:,]null[\],}]/;

/**
 * The failures of a schema node's rules for a list or mapping, kept per schema node and JSON text: across many
 * objects the same small structures (retry policies, TLS settings, selectors) recur.
 */
function structuredFailures(rules: readonly CelRule[], value: unknown, schema: JsonRecord): string[] {
  const json = JSON.stringify(value);
  if (json === undefined || json.length > MAX_KEPT_JSON || JSON_NULL.test(json)) return evaluateRules(rules, celValue(value, schema));
  let byJson = structuredFailuresByJson.get(schema);
  if (!byJson) structuredFailuresByJson.set(schema, (byJson = new Map<string, string[]>()));
  let failures = byJson.get(json);
  if (!failures) byJson.set(json, (failures = evaluateRules(rules, celValue(value, schema))));
  return failures;
}

function ruleMessage(rule: CelRule, self: CelInput): string {
  if (rule.messageExpression) {
    const program = compile(rule.messageExpression);
    if ('program' in program) {
      const text = program.program(self);
      if (typeof text === 'string' && text.length > 0) return text;
    }
  }
  return rule.message ?? `failed rule: ${rule.rule}`;
}

const CEL_RESERVED = new Set([
  'true', 'false', 'null', 'in', 'as', 'break', 'const', 'continue', 'else', 'for', 'function', 'if', 'import',
  'let', 'loop', 'package', 'namespace', 'return', 'var', 'void', 'while',
]);

/** How Kubernetes names a schema property inside CEL (`namespace` → `__namespace__`, `a-b` → `a__dash__b`). */
export function escapeProperty(name: string): string {
  if (CEL_RESERVED.has(name)) return `__${name}__`;
  return name.replace(/__/g, '__underscores__').replace(/\./g, '__dot__').replace(/-/g, '__dash__').replace(/\//g, '__slash__');
}

const converted = new WeakMap<object, WeakMap<JsonRecord, CelInput>>();

/**
 * The CEL value of a manifest value under its schema, as the API server builds it: integers become CEL
 * ints, schema defaults fill absent properties, and property names are escaped; map keys are kept as written.
 */
export function celValue(value: unknown, schema: JsonRecord): CelInput {
  if (value === null || value === undefined) return null;
  if (typeof value === 'object') {
    const bySchema = converted.get(value);
    const hit = bySchema?.get(schema);
    if (hit !== undefined) return hit;
    const result = convertObject(value as JsonRecord | unknown[], schema);
    if (bySchema) bySchema.set(schema, result);
    else converted.set(value, new WeakMap([[schema, result]]));
    return result;
  }
  if (typeof value === 'number') {
    const integer = schema.type === 'integer' || schema['x-kubernetes-int-or-string'] === true;
    return integer && Number.isInteger(value) ? BigInt(value) : value;
  }
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  return null;
}

function convertObject(value: JsonRecord | unknown[], schema: JsonRecord): CelInput {
  if (Array.isArray(value)) {
    const items = isRecord(schema.items) ? schema.items : {};
    return value.map((v) => celValue(v, items));
  }
  const properties = isRecord(schema.properties) ? schema.properties : undefined;
  const additional = isRecord(schema.additionalProperties) ? schema.additionalProperties : undefined;
  const out: Record<string, CelInput> = {};
  for (const [key, v] of Object.entries(value)) {
    if (v === null || v === undefined) continue;
    const propSchema = properties && isRecord(properties[key]) ? properties[key] : undefined;
    if (propSchema) out[escapeProperty(key)] = celValue(v, propSchema);
    else out[key] = celValue(v, additional ?? {});
  }
  if (properties) {
    for (const [key, propSchema] of Object.entries(properties)) {
      if (isRecord(propSchema) && 'default' in propSchema && (value[key] === undefined || value[key] === null)) {
        out[escapeProperty(key)] = celValue(propSchema.default, propSchema);
      }
    }
  }
  return out;
}

/** How many of the pinned CRDs' CEL rules the analysis evaluates, and why the others are skipped. */
export interface CelCoverage {
  /** Rule occurrences across every served version of every pinned CRD. */
  readonly rules: number;
  readonly evaluated: number;
  readonly skipped: number;
  /** Distinct rule texts. */
  readonly distinctRules: number;
  readonly distinctSkipped: number;
  /** Each skipped rule text, why, and how often it occurs. */
  readonly skippedRules: readonly { readonly rule: string; readonly reason: string; readonly occurrences: number }[];
}

/** Compiles every CEL rule of the pinned CRDs once and counts what can be evaluated. */
export function celCoverage(): CelCoverage {
  const occurrences = new Map<string, number>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!isRecord(node)) return;
    const rules = node['x-kubernetes-validations'];
    if (Array.isArray(rules)) {
      for (const r of rules) if (isRecord(r) && typeof r.rule === 'string') occurrences.set(r.rule, (occurrences.get(r.rule) ?? 0) + 1);
    }
    for (const child of Object.values(node)) visit(child);
  };
  for (const crd of CRD_SCHEMAS) visit(crd.schema);
  const skippedRules: { rule: string; reason: string; occurrences: number }[] = [];
  let rules = 0;
  let skipped = 0;
  for (const [rule, count] of occurrences) {
    rules += count;
    const c = compile(rule);
    if ('skipped' in c) {
      skipped += count;
      skippedRules.push({ rule, reason: c.skipped, occurrences: count });
    }
  }
  return {
    rules,
    evaluated: rules - skipped,
    skipped,
    distinctRules: occurrences.size,
    distinctSkipped: skippedRules.length,
    skippedRules,
  };
}
