import { createRequire } from 'node:module';
import type * as Yaml from 'yaml';
import type { FieldPath } from '../constructs/analysis/types.js';

/** The `yaml` library is loaded only when a document needs it: most input never does. */
const require = createRequire(import.meta.url);
let library: typeof Yaml | undefined;
const yaml = (): typeof Yaml => (library ??= require('yaml') as typeof Yaml);

/** YAML 1.1 as kubectl reads it (yes/no/on/off are booleans), without the timestamp and base-60 types it does not use. */
const kubectlTags = (tags: Yaml.Tags): Yaml.Tags => tags.filter((t) => !(typeof t === 'object' && (t.tag === 'tag:yaml.org,2002:timestamp' || t.format === 'TIME')));

type Ranged = { range?: [number, number, number] } | undefined;

/** One document read by the `yaml` library, with offsets relative to the text it was given. */
export interface PreciseDocument {
  /** Parse errors, each with its 1-based line and column in that text. */
  readonly errors: readonly { readonly line?: number; readonly col?: number; readonly message: string }[];
  /** False for an empty document. */
  readonly hasContents: boolean;
  readonly value: unknown;
  /** Offset of the root node. */
  readonly offset: number;
  /** Offset of the i-th item of a root mapping's `items` sequence. */
  itemOffset(i: number): number | undefined;
  /** Offset of the node at that path, when there is one. */
  nodeOffset(path: FieldPath): number | undefined;
}

/** Reads every document of a YAML stream with the `yaml` library, as precisely as it can tell lines and errors. */
export function parsePrecise(text: string): { documents: PreciseDocument[]; lineOf: (offset: number) => number } {
  const { LineCounter, isMap, isSeq, parseAllDocuments } = yaml();
  const lineCounter = new LineCounter();
  const parsed = parseAllDocuments(text, { version: '1.1', customTags: kubectlTags, lineCounter, uniqueKeys: true });
  const docs = Array.isArray(parsed) ? parsed : [];
  const documents = docs.map((doc: Yaml.Document.Parsed): PreciseDocument => {
    const errors = doc.errors.map((e) => ({
      line: e.linePos?.[0].line,
      col: e.linePos?.[0].col,
      message: e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, ''),
    }));
    const contents = doc.contents;
    let value: unknown;
    if (errors.length === 0 && contents !== null) {
      try {
        value = doc.toJS({ maxAliasCount: 1000 });
      } catch (err) {
        // the yaml library's guard against documents that expand aliases without end
        const { line, col } = lineCounter.linePos(contents.range[0]);
        errors.push({ line, col, message: (err as Error).message });
      }
    }
    const hasContents = errors.length === 0 && contents !== null;
    return {
      errors,
      hasContents,
      value,
      offset: contents?.range[0] ?? 0,
      itemOffset: (i) => {
        const seq = isMap(contents) ? contents.get('items', true) : undefined;
        return isSeq(seq) ? (seq.items[i] as Ranged)?.range?.[0] : undefined;
      },
      nodeOffset: (path) => (doc.getIn(path, true) as Ranged)?.range?.[0],
    };
  });
  return { documents, lineOf: (offset) => lineCounter.linePos(offset).line };
}
