import { expect } from 'chai';
import fc from 'fast-check';
import { LineCounter, isMap, isSeq, parseAllDocuments, type Document, type Tags } from 'yaml';
import { parseFile, type Loaded } from '../../cli/yaml-loader.js';
import { parseFast } from '../../cli/yaml-fast.js';

type Path = (string | number)[];
interface Reading {
  objects: unknown[];
  lines: (number | undefined)[];
  fieldLines: (number | undefined)[][];
  problems: string[];
}

/** Fields whose lines a finding may point at, for every object of these tests. */
const FIELDS: Path[] = [['metadata', 'name'], ['data', 'k'], ['data', 'deep', 'x'], ['spec', 'items', 0], ['nothing']];

function read(text: string): Reading {
  const loaded: Loaded = { objects: [], sources: new Map(), files: 0 };
  const problems: string[] = [];
  parseFile(text, 'f.yaml', loaded, problems);
  const source = (o: unknown) => loaded.sources.get(o as object)!;
  return {
    objects: loaded.objects,
    lines: loaded.objects.map((o) => source(o).line),
    fieldLines: loaded.objects.map((o) => FIELDS.map((f) => source(o).lineOf!(f))),
    problems,
  };
}

const kubectlTags = (tags: Tags): Tags => tags.filter((t) => !(typeof t === 'object' && (t.tag === 'tag:yaml.org,2002:timestamp' || t.format === 'TIME')));

/** The same file read by the `yaml` library alone, document by document: what the loader must give whichever path it takes. */
function reference(text: string): Reading {
  const lineCounter = new LineCounter();
  const line = (offset: number): number => lineCounter.linePos(offset).line;
  const docs = parseAllDocuments(text, { version: '1.1', customTags: kubectlTags, lineCounter, uniqueKeys: true }) as Document.Parsed[];
  const out: Reading = { objects: [], lines: [], fieldLines: [], problems: [] };
  const at = (doc: Document.Parsed, prefix: Path) => (f: Path) => {
    const node = doc.getIn([...prefix, ...f], true) as { range?: [number, number, number] } | undefined;
    return node?.range ? line(node.range[0]) : undefined;
  };
  for (const doc of docs) {
    expect(doc.errors, text).to.deep.equal([]);
    const value = doc.toJS() as { kind: string; items?: unknown[] } | null;
    if (value === null || doc.contents === null) continue;
    const items = isMap(doc.contents) ? doc.contents.get('items', true) : undefined;
    if (value.kind.endsWith('List') && isSeq(items)) {
      items.items.forEach((item, i) => {
        out.objects.push(value.items![i]);
        out.lines.push(line((item as { range: [number, number, number] }).range[0]));
        out.fieldLines.push(FIELDS.map(at(doc, ['items', i])));
      });
    } else {
      out.objects.push(value);
      out.lines.push(line(doc.contents.range[0]));
      out.fieldLines.push(FIELDS.map(at(doc, [])));
    }
  }
  return out;
}

const configMap = (name: string): string => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n  k: v\n  deep: { x: "1" }\n`;

/** Documents of every shape the fast path treats differently; each is a complete document, without markers. */
const DOCUMENTS: Record<string, (name: string) => string> = {
  plain: configMap,
  flow: (name) => `{ apiVersion: v1, kind: ConfigMap, metadata: { name: ${name} }, data: { k: v } }\n`,
  list: (name) =>
    `apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: ConfigMap\n    metadata: { name: ${name}-1 }\n    data:\n      k: v\n  - ${configMap(`${name}-2`).trimEnd().replace(/\n/g, '\n    ')}\n    spec:\n      items: [a, b]\nmetadata: { name: ${name} }\n`,
  listThenKeys: (name) => `kind: List\napiVersion: v1\nitems: [{ apiVersion: v1, kind: Secret, metadata: { name: ${name} } }]\nextra:\n  - x\n  - y\n`,
  anchored: (name) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: &n ${name}\ndata:\n  k: v\n`,
  tagged: (name) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: !!str ${name}\ndata: { k: !!str 1 }\n`,
  nestedDeep: (name) => `apiVersion: v1\nkind: Pod\nmetadata: { name: ${name} }\nspec:\n  items:\n    - a\n  containers:\n    - name: c\n      ports: [{ containerPort: 80 }]\n`,
  anchoredRoot: (name) => `&root\n${configMap(name)}`,
  anchoredFirstKey: (name) => `&key ${configMap(name)}`,
  taggedRoot: (name) => `!!map\n${configMap(name)}`,
  taggedFlowRoot: (name) => `!!map { apiVersion: v1, kind: ConfigMap, metadata: { name: ${name} } }\n`,
  protoKey: (name) => `${configMap(name)}__proto__: { polluted: true }\n`,
  empty: () => '',
  comment: () => '# nothing here\n',
};

describe('reading YAML for analyze: the fast path and its fallbacks give what the yaml library reads', () => {
  it('reads a List followed by a document with nested values (the items state ends with the List)', () => {
    const text = `${DOCUMENTS.list('a')}---\n${configMap('b')}`;
    const got = read(text);
    expect(got.problems).to.deep.equal([]);
    expect(got.objects.map((o) => (o as { metadata: { name: string } }).metadata.name)).to.deep.equal(['a-1', 'a-2', 'b']);
    expect(got).to.deep.equal(reference(text));
  });

  it('reports a list document followed by an object as not a Kubernetes object, in its own words', () => {
    const text = `- a\n- b\n---\n${configMap('b')}`;
    expect(read(text).problems).to.deep.equal(['f.yaml:1: document 1 is a list, not a Kubernetes object (a mapping with apiVersion and kind)']);
  });

  it('names both missing fields of a mapping that is not a Kubernetes object', () => {
    expect(read(`${configMap('a')}---\nmetadata: { name: b }\n`).problems).to.deep.equal(['f.yaml:9: document 2 has no apiVersion or kind: not a Kubernetes object']);
    expect(read('kind: ConfigMap\n').problems).to.deep.equal(['f.yaml:1: document 1 has no apiVersion: not a Kubernetes object']);
    // the anchor makes the file be read document by document
    expect(read(`${DOCUMENTS.anchored('a')}---\nmetadata: { name: b }\n---\n${configMap('c')}`).problems).to.deep.equal(['f.yaml:8: document 2 has no apiVersion or kind: not a Kubernetes object']);
  });

  it("takes a List's item lines from its `items`, not from another root key holding a sequence", () => {
    const text = `apiVersion: v1\nkind: List\nitems:\n  - ${configMap('a').trimEnd().replace(/\n/g, '\n    ')}\n  - { apiVersion: v1, kind: Secret, metadata: { name: b } }\nextra:\n  - x\n  - y\n`;
    expect(read(text).lines).to.deep.equal([4, 11]);
    expect(read(text)).to.deep.equal(reference(text));
  });

  it('gives field lines of a document that follows a `...` end marker without `---`', () => {
    const text = `${configMap('a')}...\n${configMap('b')}`;
    const got = read(text);
    expect(got.lines).to.deep.equal([1, 9]);
    expect(got.fieldLines.map((f) => f[0])).to.deep.equal([4, 12]);
    expect(got).to.deep.equal(reference(text));
  });

  it('counts the lines of a comment before the first `---` for a document the fast path leaves to the yaml library', () => {
    const text = `# generated\n# by hand\n---\n${DOCUMENTS.anchored('a')}`;
    expect(read(text).lines).to.deep.equal([4]);
    expect(read(text).fieldLines[0][0]).to.equal(7);
    const two = `${text}---\n${configMap('b')}`;
    expect(read(two).lines).to.deep.equal([4, 11]);
    expect(read(two).fieldLines.map((f) => f[0])).to.deep.equal([7, 14]);
    expect(read(two)).to.deep.equal(reference(two));
  });

  it('reads a file starting with a byte-order mark and a %YAML directive', () => {
    const bom = `\uFEFF%YAML 1.1\n---\n${DOCUMENTS.anchored('a')}---\n${configMap('b')}`;
    expect(read(bom).problems).to.deep.equal([]);
    expect(read(bom).lines).to.deep.equal([3, 10]);
    expect(read(bom)).to.deep.equal(reference(bom));
  });

  it('reads a `__proto__` key as a plain field, not as the prototype', () => {
    const text = `${configMap('a')}__proto__: { polluted: true }\n`;
    const [object] = read(text).objects as Record<string, unknown>[];
    expect(Object.getPrototypeOf(object)).to.equal(Object.prototype);
    expect(Object.keys(object)).to.deep.equal(['apiVersion', 'kind', 'metadata', 'data', '__proto__']);
    expect(read(text)).to.deep.equal(reference(text));
  });

  it('reads a tag on the first key of a file as the yaml library does', () => {
    const text = `!!null "": a\n${configMap('a')}`;
    expect(read(text).objects[0]).to.have.property('', 'a');
    expect(read(text)).to.deep.equal(reference(text));
    expect(parseFast(text)).to.equal(undefined);
  });

  it('reads signed binary and hexadecimal integers as the yaml library does', () => {
    const text = `${configMap('a')}  bin: +0b101\n  hex: +0x1F\n  oct: +017\n  dec: +7\n  neg: -0x1F\n`;
    expect(parseFast(text)).not.to.equal(undefined);
    expect((read(text).objects[0] as { data: object }).data).to.deep.include({ bin: 5, hex: 31, oct: 15, dec: 7, neg: -31 });
    expect(read(text)).to.deep.equal(reference(text));
  });

  it('gives the same objects, lines and field lines as the yaml library on files mixing every kind of document', () => {
    const kinds = Object.keys(DOCUMENTS);
    const separator = fc.constantFrom('---\n', '--- # next\n', '...\n---\n', '...\n');
    const file = fc.array(fc.tuple(fc.constantFrom(...kinds), separator), { minLength: 1, maxLength: 6 });
    fc.assert(
      fc.property(file, fc.boolean(), (docs, leadingMarker) => {
        let text = leadingMarker ? '---\n' : '';
        docs.forEach(([kind, sep], i) => {
          if (i > 0) text += sep;
          text += DOCUMENTS[kind](`o${i}`);
        });
        expect(read(text), text).to.deep.equal(reference(text));
      }),
      { numRuns: 300 },
    );
  });
});

describe('reading YAML for analyze: syntax errors as the yaml library words them, without its position suffix', () => {
  it('strips the position at the end of the message, not text of the file quoted in it', () => {
    expect(read(`${configMap('a')}---\n- a\nb: x at line 1, column 2\n`).problems).to.include('f.yaml:10:4: Unexpected scalar token in YAML stream: "x at line 1, column 2"');
  });

  it('strips the position of an error past line 9', () => {
    expect(read(`${configMap('a')}  k2: v\n  k3: v\n  k: again\n`).problems).to.deep.equal(['f.yaml:10:3: Map keys must be unique']);
  });
});
