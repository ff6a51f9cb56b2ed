import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { FieldPath, ObjectSource } from '../constructs/analysis/types.js';
import { UsageError } from './commands.js';
import { LineIndex, splitDocuments, type DocumentChunk } from './yaml-documents.js';
import { parseFast, type FastDocument } from './yaml-fast.js';
import { parsePrecise, type PreciseDocument } from './yaml-precise.js';

/** Objects read from YAML files, each with where it came from. */
export interface Loaded {
  /** Every Kubernetes object in input order, the items of `List` kinds one by one. */
  readonly objects: unknown[];
  /** File and line of each object, and the line of any of its fields. */
  readonly sources: Map<object, ObjectSource>;
  /** Files read. */
  readonly files: number;
}

const YAML_FILE = /\.ya?ml$/i;

async function findFiles(path: string): Promise<string[]> {
  let info;
  try {
    info = await stat(path);
  } catch (err) {
    throw new UsageError(`cannot read '${path}': ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : (err as Error).message}`);
  }
  if (!info.isDirectory()) return [path];
  const out: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true });
    for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      if (e.isDirectory()) {
        if (!e.name.startsWith('.') && e.name !== 'node_modules') await walk(join(dir, e.name));
      } else if (YAML_FILE.test(e.name)) {
        out.push(join(dir, e.name));
      }
    }
  };
  await walk(path);
  if (out.length === 0) throw new UsageError(`no .yaml or .yml files under '${path}'`);
  return out;
}

async function readAll(stream: AsyncIterable<Uint8Array | string>): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks).toString('utf8');
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'a mapping' : `a ${typeof value}`;
}

function kubernetesProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return `is ${describe(value)}, not a Kubernetes object (a mapping with apiVersion and kind)`;
  const o = value as Record<string, unknown>;
  const missing = ['apiVersion', 'kind'].filter((k) => typeof o[k] !== 'string' || o[k] === '');
  return missing.length ? `has no ${missing.join(' or ')}: not a Kubernetes object` : undefined;
}

/** One document's value and how to find the lines of its nodes, whichever parser read it. */
interface Reading {
  readonly value: unknown;
  /** 1-based line of the root node. */
  readonly line: () => number;
  /** 1-based line of the i-th item of the root's `items`, or of the root. */
  readonly itemLine: (i: number) => number;
  /** 1-based line of the node at that path, when there is one. */
  readonly lineOf: (path: FieldPath) => number | undefined;
}

class Source implements ObjectSource {
  constructor(
    public readonly file: string,
    private readonly reading: Reading,
    private readonly prefix: FieldPath,
    private readonly item: number | undefined,
  ) {}

  public get line(): number {
    return this.item === undefined ? this.reading.line() : this.reading.itemLine(this.item);
  }

  public lineOf(field: FieldPath): number | undefined {
    return this.reading.lineOf(this.prefix.length === 0 ? field : [...this.prefix, ...field]);
  }
}

/** Adds one document's objects (a `List`'s items one by one); a problem is recorded, not thrown. */
function addDocument(reading: Reading, n: number, file: string, objects: unknown[], sources: Map<object, ObjectSource>, problems: string[]): void {
  const value = reading.value;
  if (value === null || value === undefined) return;
  const problem = kubernetesProblem(value);
  if (problem) {
    problems.push(`${file}:${reading.line()}: document ${n + 1} ${problem}`);
    return;
  }
  const object = value as Record<string, unknown>;
  const items = object.items;
  const kind = object.kind as string;
  if (kind.endsWith('List') && Array.isArray(items)) {
    items.forEach((item, i) => {
      const itemProblem = kubernetesProblem(item);
      if (itemProblem) problems.push(`${file}:${reading.itemLine(i)}: item ${i + 1} of the ${kind} in document ${n + 1} ${itemProblem}`);
      else {
        objects.push(item);
        sources.set(item as object, new Source(file, reading, ['items', i], i));
      }
    });
    return;
  }
  objects.push(object);
  sources.set(object, new Source(file, reading, [], undefined));
}

function preciseReading(doc: PreciseDocument, lineOf: (offset: number) => number, lineOffset = 0): Reading {
  const line = (offset: number): number => lineOf(offset) + lineOffset;
  return {
    value: doc.value,
    line: () => line(doc.offset),
    itemLine: (i) => line(doc.itemOffset(i) ?? doc.offset),
    lineOf: (path) => {
      const offset = doc.nodeOffset(path);
      return offset === undefined ? undefined : line(offset);
    },
  };
}

/** The file through the `yaml` library alone: exact errors, document numbers and lines, at its speed. */
function parseFilePrecise(text: string, file: string, objects: unknown[], sources: Map<object, ObjectSource>, problems: string[]): void {
  const { documents, lineOf } = parsePrecise(text);
  documents.forEach((doc, n) => {
    if (doc.errors.length > 0) {
      for (const e of doc.errors) problems.push(`${file}:${e.line ?? '?'}:${e.col ?? '?'}: ${e.message}`);
      return;
    }
    if (doc.hasContents) addDocument(preciseReading(doc, lineOf), n, file, objects, sources, problems);
  });
}

/**
 * The fast path: the whole file read by one call of js-yaml's event parser (one call per document costs far more:
 * about 30 µs each, and a cold parser is slower on many short inputs than on one long one), with each document's
 * and `List` item's offset kept. Field lines are looked up only for objects that get a finding, by reading that one
 * document again with the `yaml` library. A file holding a document the fast path cannot read is read document by
 * document, split at its markers, that one through the `yaml` library. Returns false when the whole file needs the precise path:
 * directives, or any document that is malformed or not a Kubernetes object (the precise path names them as before).
 */
function parseFileFast(text: string, file: string, objects: unknown[], sources: Map<object, ObjectSource>): boolean {
  const chunks = splitDocuments(text);
  if (chunks === undefined) return false;
  const lines = new LineIndex(text);
  const problems: string[] = [];
  let n = 0;
  const fastReading = (chunk: DocumentChunk, base: number, doc: FastDocument): Reading => {
    let precise: PreciseDocument | undefined;
    let chunkLines: LineIndex | undefined;
    return {
      value: doc.value,
      line: () => lines.lineOf(base + doc.offset),
      itemLine: (i) => lines.lineOf(base + (doc.itemOffsets?.[i] ?? doc.offset)),
      lineOf: (path) => {
        const chunkText = text.slice(chunk.start, chunk.end);
        const offset = (precise ??= parsePrecise(chunkText).documents[0])?.nodeOffset(path);
        return offset === undefined ? undefined : (chunkLines ??= new LineIndex(chunkText)).lineOf(offset) + lines.lineOf(chunk.start) - 1;
      },
    };
  };
  const add = (reading: Reading): boolean => {
    addDocument(reading, n++, file, objects, sources, problems);
    return problems.length === 0;
  };
  const whole = parseFast(text);
  if (whole) {
    let c = 0;
    for (const doc of whole) {
      while (c + 1 < chunks.length && chunks[c + 1].start <= doc.offset) c++;
      if (!add(fastReading(chunks[c], 0, doc))) return false;
    }
    return true;
  }
  for (const chunk of chunks) {
    const one = parseFast(text.slice(chunk.start, chunk.end));
    if (one) {
      for (const doc of one) if (!add(fastReading(chunk, chunk.start, doc))) return false;
      continue;
    }
    const precise = parsePrecise(text.slice(chunk.start, chunk.end));
    const doc = precise.documents[0];
    if (precise.documents.length !== 1 || doc.errors.length > 0) return false;
    if (!doc.hasContents) {
      n++;
      continue;
    }
    if (!add(preciseReading(doc, precise.lineOf, lines.lineOf(chunk.start) - 1))) return false;
  }
  return true;
}

/** Parses one file's documents into objects, recording where each came from; problems are collected, not thrown. */
export function parseFile(text: string, file: string, loaded: Loaded, problems: string[]): void {
  const objects: unknown[] = [];
  const sources = new Map<object, ObjectSource>();
  if (!parseFileFast(text, file, objects, sources)) {
    objects.length = 0;
    sources.clear();
    parseFilePrecise(text, file, objects, sources, problems);
  }
  for (const o of objects) loaded.objects.push(o);
  for (const [o, s] of sources) loaded.sources.set(o, s);
}

/**
 * Reads files, folders (searched for *.yaml and *.yml) and `-` (`stdin`, standard input unless given); throws a UsageError
 * listing every malformed document.
 */
export async function load(paths: readonly string[], stdin: AsyncIterable<Uint8Array | string> = process.stdin): Promise<Loaded> {
  const loaded: Loaded = { objects: [], sources: new Map(), files: 0 };
  const problems: string[] = [];
  for (const path of paths) {
    const files = path === '-' ? ['-'] : await findFiles(path);
    for (const file of files) {
      let text: string;
      try {
        text = file === '-' ? await readAll(stdin) : await readFile(file, 'utf8');
      } catch (err) {
        throw new UsageError(`cannot read '${file}': ${(err as Error).message}`);
      }
      (loaded as { files: number }).files++;
      parseFile(text, file === '-' ? '<stdin>' : file, loaded, problems);
    }
  }
  if (problems.length > 0) throw new UsageError(`malformed input:\n  ${problems.join('\n  ')}`);
  return loaded;
}
