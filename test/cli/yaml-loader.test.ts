import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import fc from 'fast-check';
import { LineCounter, isMap, isSeq, parse, parseAllDocuments, type Tags } from 'yaml';
import type { FieldPath, ObjectSource } from '../../constructs/analysis/types.js';
import { parseFile, type Loaded } from '../../cli/yaml-loader.js';
import { splitDocuments } from '../../cli/yaml-documents.js';
import { parseFast } from '../../cli/yaml-fast.js';
import { resolvePlain } from '../../cli/yaml-schema.js';

const kubectlTags = (tags: Tags): Tags => tags.filter((t) => !(typeof t === 'object' && (t.tag === 'tag:yaml.org,2002:timestamp' || t.format === 'TIME')));

interface Expected {
  readonly value: unknown;
  readonly line: number;
  readonly lineOf: (field: FieldPath) => number | undefined;
}

/** What the analyzer read before the fast path: the `yaml` library over the whole file (the reference). */
function reference(text: string): Expected[] {
  const lineCounter = new LineCounter();
  const out: Expected[] = [];
  for (const doc of parseAllDocuments(text, { version: '1.1', customTags: kubectlTags, lineCounter, uniqueKeys: true })) {
    if (doc.errors.length) throw new Error(doc.errors[0].message);
    if (doc.contents === null) continue;
    const value = doc.toJS({ maxAliasCount: 1000 }) as Record<string, unknown> | null;
    if (value === null) continue;
    const lineAt = (offset: number | undefined) => (offset === undefined ? undefined : lineCounter.linePos(offset).line);
    const at = (path: FieldPath) => lineAt((doc.getIn(path, true) as { range?: number[] } | undefined)?.range?.[0]);
    if (String(value.kind).endsWith('List') && Array.isArray(value.items)) {
      const seq = isMap(doc.contents) ? doc.contents.get('items', true) : undefined;
      value.items.forEach((item: unknown, i) => {
        const node = isSeq(seq) ? (seq.items[i] as { range?: number[] }) : undefined;
        out.push({ value: item, line: lineAt(node?.range?.[0] ?? doc.contents!.range[0])!, lineOf: (f) => at(['items', i, ...f]) });
      });
    } else {
      out.push({ value, line: lineAt(doc.contents.range[0])!, lineOf: at });
    }
  }
  return out;
}

function read(text: string, file = 'f.yaml'): { objects: unknown[]; sources: ObjectSource[]; problems: string[] } {
  const loaded: Loaded = { objects: [], sources: new Map(), files: 0 };
  const problems: string[] = [];
  parseFile(text, file, loaded, problems);
  return { objects: loaded.objects, sources: loaded.objects.map((o) => loaded.sources.get(o as object)!), problems };
}

/** Every path into a value, containers included, and one below each leaf (which finds no node). */
function paths(value: unknown, prefix: FieldPath = []): FieldPath[] {
  const out: FieldPath[] = [prefix];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...paths(v, [...prefix, i])));
  else if (typeof value === 'object' && value !== null) for (const [k, v] of Object.entries(value)) out.push(...paths(v, [...prefix, k]));
  else out.push([...prefix, 'missing']);
  return out;
}

/** The loader gives the same objects, object lines and field lines as the reference. */
function expectSameAsReference(text: string): void {
  const expected = reference(text);
  const { objects, sources, problems } = read(text);
  expect(problems).to.deep.equal([]);
  expect(objects).to.deep.equal(expected.map((e) => e.value));
  expected.forEach((e, i) => {
    expect(sources[i].line, `line of object ${i + 1}`).to.equal(e.line);
    for (const path of paths(e.value)) expect(sources[i].lineOf!(path), `line of ${path.join('.')} in object ${i + 1}`).to.equal(e.lineOf(path));
  });
}

/** Whether the fast path read every document of the text itself, without the `yaml` library. */
function allFast(text: string): boolean {
  return splitDocuments(text)?.every((c) => parseFast(text.slice(c.start, c.end)) !== undefined) ?? false;
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.ya?ml$/.test(e.name))
    .map((e) => join(e.parentPath, e.name));
}

const CM = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n  a: "1"\n`;

describe('reading YAML for analyze: the fast path keeps every line', () => {
  it('gives the objects and lines of the reference for every fixture and dist/ file, on the fast path', () => {
    const files = [...yamlFiles('test/analysis/fixtures'), ...yamlFiles('dist')];
    expect(files.length).to.be.greaterThan(50);
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      expectSameAsReference(text);
      expect(allFast(text), `${file} read on the fast path`).to.equal(true);
    }
  });

  const cases: [string, string, number[]][] = [
    ['documents with comments and blank lines before and between them', `# header\n\n---\n# about a\n${CM('a')}\n\n---\n\n# about b\n\n${CM('b')}`, [5, 17]],
    ['markers with trailing spaces, comments and the content on the next line', `--- \t\n${CM('a')}--- # second\n${CM('b')}`, [2, 9]],
    ['a first document without a marker', `${CM('a')}---\n${CM('b')}`, [1, 8]],
    ['empty documents and a trailing marker', `---\n---\n${CM('a')}---\n---\n`, [3]],
    ['a document end marker and a bare document after it', `${CM('a')}...\n# next\n${CM('b')}...\n`, [1, 9]],
    ['--- inside block scalars, indented, and text starting with ---', `${CM('a')}  script: |\n    echo\n    ---\n    --- x\n  folded: >-\n    ---\n---\n${CM('b')}`, [1, 14]],
    ['a flow mapping on the marker line', `--- {apiVersion: v1, kind: ConfigMap, metadata: {name: a}}\n--- ${'{'}apiVersion: v1, kind: ConfigMap,\n  metadata: {name: b}}\n`, [1, 2]],
    ['CRLF line ends', `---\r\n${CM('a').replace(/\n/g, '\r\n')}---\r\n${CM('b').replace(/\n/g, '\r\n')}`, [2, 9]],
    ['a List with items on their own lines', `# list\napiVersion: v1\nkind: List\nitems:\n  - ${CM('a').replace(/\n(?=.)/g, '\n    ')}  -\n    ${CM('b').replace(/\n(?=.)/g, '\n    ')}`, [5, 12]],
  ];
  for (const [what, text, lines] of cases) {
    it(`keeps lines with ${what}`, () => {
      expectSameAsReference(text);
      expect(read(text).sources.map((s) => s.line)).to.deep.equal(lines);
      expect(allFast(text)).to.equal(true);
    });
  }

  const precise: [string, string][] = [
    ['a %YAML directive', `%YAML 1.1\n---\n${CM('a')}---\n${CM('b')}`],
    ['a %TAG directive after a document end', `${CM('a')}...\n%TAG !e! tag:example.com,2000:\n---\n${CM('b')}`],
    ['anchors and aliases', `${CM('a')}---\n${CM('b')}  b: &x two\n  c: *x\n`],
    ['merge keys', `${CM('a')}---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\nx: &base {a: 1}\ndata:\n  <<: *base\n`],
    ['keys YAML 1.1 reads as booleans and numbers', `${CM('a')}  on: yes\n  1: one\n`],
    ['tags', `${CM('a')}  b: !!str 12\n  c: !!int "7"\n`],
    ['a BOM', `\uFEFF---\n${CM('a')}---\n${CM('b')}`],
  ];
  for (const [what, text] of precise) {
    it(`gives the reference's values and lines for ${what}`, () => expectSameAsReference(text));
  }

  it('reads YAML 1.1 scalars as the reference does', () => {
    const samples = [
      'yes', 'No', 'ON', 'off', 'y', 'N', 'true', 'False', '~', 'null', 'Null', '', '0', '00', '012', '08', '0o17', '0x1F', '0b101', '1_000',
      '-0', '+12', '1.5', '.5', '5.', '1e3', '1.5E-3', '.inf', '-.Inf', '.nan', '1:20', '2001-12-14', '0_', '1__2', '.', '+', 'v1', '8080',
      '3.14.15', '1e', 'e5', '0x', '0b', '123456789012345678901234567890',
    ];
    const same = (s: string): boolean => {
      const expected = (parse(`x: ${s}`, { version: '1.1', customTags: kubectlTags }) as { x: unknown }).x;
      const got = resolvePlain(s);
      return Object.is(got, expected) || (Number.isNaN(got) && Number.isNaN(expected));
    };
    for (const s of samples) expect(same(s), s).to.equal(true);
    fc.assert(
      fc.property(fc.stringMatching(/^[+.0-9_eExXbBoOa-f][-+.0-9_eExXbBoOa-f]{0,7}$/), same),
      { numRuns: 2000 },
    );
  });

  it('reports malformed documents and non-objects exactly as before, with file, line and column', () => {
    const text = `${CM('a')}---\njust text\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  labels: { a: [ }\n---\n${CM('a')}  a: 2\n`;
    const { problems } = read(text, 'x.yaml');
    expect(problems[0]).to.equal('x.yaml:8: document 2 is a string, not a Kubernetes object (a mapping with apiVersion and kind)');
    expect(problems[1]).to.match(/^x\.yaml:13:\d+: /);
    expect(problems.some((p) => /^x\.yaml:2\d:\d+: .*[Mm]ap keys must be unique/.test(p))).to.equal(true);
  });
});
