import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';

export const FIXTURES = join(import.meta.dirname, 'fixtures');

/** The documents of a fixture file, parsed as kubectl does (YAML 1.1). */
export function loadYaml(...path: string[]): Record<string, unknown>[] {
  const text = readFileSync(join(FIXTURES, ...path), 'utf8');
  return parseAllDocuments(text, { version: '1.1' })
    .map((d) => {
      if (d.errors.length) throw new Error(d.errors.map((e) => e.message).join('\n'));
      return d.toJS() as Record<string, unknown> | null;
    })
    .filter((d): d is Record<string, unknown> => d !== null);
}
