import { parseAllDocuments } from 'yaml';
import { analyze, type AnalyzeOptions, type Finding, type Severity } from '../../constructs/analysis/index.js';

/** A finding as a user reads it: severity, `Kind namespace/name`, message and the field as `a.b[0]`. */
export interface ReadFinding {
  readonly severity: Severity;
  readonly object: string;
  readonly message: string;
  readonly field?: string;
}

/** The documents of a YAML text, parsed as kubectl does (YAML 1.1). */
export function yamlObjects(text: string): Record<string, unknown>[] {
  return parseAllDocuments(text, { version: '1.1' })
    .map((d) => {
      if (d.errors.length) throw new Error(d.errors.map((e) => e.message).join('\n'));
      return d.toJS() as Record<string, unknown> | null;
    })
    .filter((d): d is Record<string, unknown> => d !== null);
}

function fieldText(field: readonly (string | number)[] | undefined): string | undefined {
  return field?.reduce<string>((out, p) => (typeof p === 'number' ? `${out}[${p}]` : out ? `${out}.${p}` : p), '');
}

export function readFinding(f: Finding): ReadFinding {
  const object = `${f.object.kind} ${f.object.namespace === undefined ? '' : `${f.object.namespace}/`}${f.object.name}`;
  const field = fieldText(f.field);
  return { severity: f.severity, object, message: f.message, ...(field === undefined ? {} : { field }) };
}

/**
 * The findings of one code for a YAML text (or objects), in the order the analysis reports them. Throws when a
 * check failed on the input (IST0001): a check that crashes reports nothing, which must not pass for "no finding".
 */
export function findingsOf(code: string, input: string | readonly unknown[], options: AnalyzeOptions = {}): ReadFinding[] {
  const objects = typeof input === 'string' ? yamlObjects(input) : input;
  const findings = analyze(objects, options);
  const failed = findings.filter((f) => f.code === 'IST0001');
  if (failed.length) throw new Error(failed.map((f) => f.message).join('\n'));
  return findings.filter((f) => f.code === code).map(readFinding);
}

/** Every finding of a YAML text as `CODE Kind ns/name`, to check that a clean twin reports nothing at all. */
export function allFindings(input: string | readonly unknown[], options: AnalyzeOptions = {}): string[] {
  const objects = typeof input === 'string' ? yamlObjects(input) : input;
  return analyze(objects, options).map((f) => `${f.code} ${readFinding(f).object}: ${f.message}`);
}
