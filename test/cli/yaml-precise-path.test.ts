import { expect } from 'chai';
import { parseFile, type Loaded } from '../../cli/yaml-loader.js';

function read(text: string): { objects: Record<string, unknown>[]; lines: (number | undefined)[]; lineOf: (i: number, path: (string | number)[]) => number | undefined; problems: string[] } {
  const loaded: Loaded = { objects: [], sources: new Map(), files: 0 };
  const problems: string[] = [];
  parseFile(text, 'f.yaml', loaded, problems);
  const source = (i: number) => loaded.sources.get(loaded.objects[i] as object)!;
  return {
    objects: loaded.objects as Record<string, unknown>[],
    lines: loaded.objects.map((_, i) => source(i).line),
    lineOf: (i, path) => source(i).lineOf!(path),
    problems,
  };
}

/** Documents with anchors and aliases go through the `yaml` library (the precise path). */
describe('reading YAML for analyze: documents the `yaml` library reads', () => {
  it('resolves more aliases in a document than the yaml library allows by default (100): up to 1000', () => {
    const refs = Array.from({ length: 400 }, (_, i) => `  k${i}: *v`).join('\n');
    const { objects, problems } = read(`apiVersion: v1\nkind: ConfigMap\nmetadata: { name: a }\nv: &v shared\ndata:\n${refs}\n`);
    expect(problems).to.deep.equal([]);
    expect(Object.values(objects[0].data as Record<string, string>)).to.have.length(400).and.satisfy((vs: string[]) => vs.every((v) => v === 'shared'));
  });

  it('keeps dates and base-60 numbers as strings, as kubectl does', () => {
    const { objects } = read(`apiVersion: v1\nkind: ConfigMap\nmetadata: { name: &n a }\nlabels: { n: *n }\ndata:\n  date: 2001-12-14\n  stamp: 2001-12-14t21:59:43.10-05:00\n  time: 1:20\n  float: 1:20.5\n  yes: yes\n`);
    expect(objects[0].data).to.deep.equal({ date: '2001-12-14', stamp: '2001-12-14t21:59:43.10-05:00', time: '1:20', float: '1:20.5', true: true });
  });

  it("gives each List item's line and the lines of its fields", () => {
    const text = 'apiVersion: v1\nkind: List\nx: &x {k: v}\nitems:\n  - apiVersion: v1\n    kind: ConfigMap\n    metadata: { name: a }\n    data: *x\n  -\n    apiVersion: v1\n    kind: ConfigMap\n    metadata:\n      name: b\n';
    const { objects, lines, lineOf, problems } = read(text);
    expect(problems).to.deep.equal([]);
    expect(objects.map((o) => (o.metadata as { name: string }).name)).to.deep.equal(['a', 'b']);
    expect(lines).to.deep.equal([5, 10]);
    expect(lineOf(1, ['metadata', 'name'])).to.equal(13);
    expect(lineOf(0, ['data'])).to.equal(8);
    expect(lineOf(0, ['nothing'])).to.equal(undefined);
    expect(read(`apiVersion: v1\nkind: List\nx: &x 1\nitems:\n  - *x\n`).problems).to.deep.equal([
      'f.yaml:5: item 1 of the List in document 1 is a number, not a Kubernetes object (a mapping with apiVersion and kind)',
    ]);
  });

  it('reports syntax errors and duplicate keys with line and column, without the position repeated in the message', () => {
    expect(read('apiVersion: v1\nkind: ConfigMap\nmetadata: { name: a }\ndata: [\n').problems).to.deep.equal([
      'f.yaml:5:1: Flow sequence in block collection must be sufficiently indented and end with a ]',
    ]);
    expect(read('apiVersion: v1\nkind: ConfigMap\nmetadata: { name: a }\n---\napiVersion: v1\nkind: ConfigMap\nkind: Secret\n').problems).to.deep.equal([
      'f.yaml:7:1: Map keys must be unique',
    ]);
  });

  it('skips empty documents and counts them in the document numbers', () => {
    const { objects, problems } = read('---\n# nothing\n---\n&a x\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: { name: &n a }\n');
    expect(objects).to.have.length(1);
    expect(problems).to.deep.equal(['f.yaml:4: document 2 is a string, not a Kubernetes object (a mapping with apiVersion and kind)']);
  });
});
