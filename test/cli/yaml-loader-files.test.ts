import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { expect } from 'chai';
import { UsageError } from '../../cli/commands.js';
import { load, type Loaded } from '../../cli/yaml-loader.js';

const cm = (name: string): string => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n`;

describe('loading YAML for analyze and explain: files, folders, standard input and bad documents', function () {
  this.timeout(30_000);
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'yaml-loader-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function files(tree: Record<string, string>): void {
    for (const [name, text] of Object.entries(tree)) {
      mkdirSync(join(dir, name, '..'), { recursive: true });
      writeFileSync(join(dir, name), text);
    }
  }

  const names = (loaded: Loaded): string[] => loaded.objects.map((o) => (o as { metadata: { name: string } }).metadata.name);
  const where = (loaded: Loaded): string[] => loaded.objects.map((o) => {
    const s = loaded.sources.get(o as object)!;
    const file = s.file ?? '?';
    return `${file.startsWith(dir) ? file.slice(dir.length + 1) : file}:${s.line}`;
  });

  async function usageError(paths: string[], stdin?: Readable): Promise<string> {
    const outcome = await load(paths, stdin).then(
      (l) => l,
      (err: unknown) => err,
    );
    expect(outcome, paths.join(' ')).to.be.instanceOf(UsageError);
    return (outcome as Error).message;
  }

  it('walks a folder in name order, subfolders included, for .yaml and .yml files in any case', async () => {
    files({
      'b.yaml': cm('b'),
      'a.yml': cm('a'),
      'C.YAML': cm('c-upper'),
      'sub/z.yaml': cm('sub-z'),
      'sub/deeper/y.yml': cm('sub-deeper-y'),
      'sub-file.yaml': cm('sub-file'),
      '.dot.yaml': cm('dot-file'),
      'notes.txt': 'not: [yaml',
      'x.yaml.orig': 'not: [yaml',
      'x.json': '{',
    });
    const loaded = await load([dir]);
    expect(where(loaded)).to.deep.equal(['.dot.yaml:1', 'a.yml:1', 'b.yaml:1', 'C.YAML:1', 'sub/deeper/y.yml:1', 'sub/z.yaml:1', 'sub-file.yaml:1']);
    expect(loaded.files).to.equal(7);
  });

  it('skips hidden folders and node_modules, at any depth', async () => {
    files({ 'app.yaml': cm('app'), '.git/x.yaml': 'not: [yaml', 'node_modules/p/x.yaml': 'not: [yaml', 'sub/.cache/x.yaml': 'not: [yaml', 'sub/node_modules/x.yaml': 'not: [yaml', 'node_modules.yaml': cm('nm-file') });
    const loaded = await load([dir]);
    expect(names(loaded)).to.deep.equal(['app', 'nm-file']);
  });

  it('reads a file given by name whatever its extension, and paths in the order given', async () => {
    files({ 'notes.txt': cm('txt'), 'a.yaml': cm('a') });
    const loaded = await load([join(dir, 'notes.txt'), join(dir, 'a.yaml'), join(dir, 'notes.txt')]);
    expect(names(loaded)).to.deep.equal(['txt', 'a', 'txt']);
    expect(loaded.files).to.equal(3);
  });

  it('says so when a folder holds no YAML file', async () => {
    files({ 'notes.txt': cm('x'), '.hidden/a.yaml': cm('a') });
    expect(await usageError([dir])).to.equal(`no .yaml or .yml files under '${dir}'`);
  });

  it('names a path that does not exist, or cannot be read', async () => {
    expect(await usageError([join(dir, 'nope')])).to.equal(`cannot read '${join(dir, 'nope')}': no such file or directory`);
    files({ 'a.yaml': cm('a') });
    const below = join(dir, 'a.yaml', 'x');
    expect(await usageError([below])).to.equal(`cannot read '${below}': ENOTDIR: not a directory, stat '${below}'`);
  });

  it('names a file found in a folder that cannot be read (a dangling link)', async () => {
    files({ 'a.yaml': cm('a') });
    symlinkSync(join(dir, 'missing.yaml'), join(dir, 'gone.yaml'));
    const gone = join(dir, 'gone.yaml');
    expect(await usageError([dir])).to.equal(`cannot read '${gone}': ENOENT: no such file or directory, open '${gone}'`);
  });

  it("reads '-' from the stream it is given as <stdin>, multi-byte characters split between chunks included", async () => {
    const text = `${cm('caf\u00e9')}---\n${cm('b')}`;
    const bytes = Buffer.from(text, 'utf8');
    const split = bytes.indexOf(0xc3) + 1;
    const stdin = Readable.from([bytes.subarray(0, split), bytes.subarray(split)]);
    files({ 'a.yaml': cm('a') });
    const loaded = await load([join(dir, 'a.yaml'), '-'], stdin);
    expect(names(loaded)).to.deep.equal(['a', 'caf\u00e9', 'b']);
    expect(where(loaded)).to.deep.equal(['a.yaml:1', '<stdin>:1', '<stdin>:6']);
    expect(loaded.files).to.equal(2);
    expect(names(await load(['-'], Readable.from(['apiVersion: v1\nkind: Secret\n', 'metadata: { name: s }\n'])))).to.deep.equal(['s']);
  });

  it('lists every bad document of every file, with file and line, before giving up', async () => {
    files({
      'a.yaml': `${cm('ok')}---\n- a list\n---\n42\n---\ntrue\n---\n"text"\n`,
      'b.yaml': 'kind: ConfigMap\n---\napiVersion: v1\n---\napiVersion: v1\nkind: ""\n---\napiVersion: 1\nkind: Pod\n---\n~\n---\n',
      'c.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  labels: { a: [ }\n',
    });
    const message = await usageError([dir]);
    const lines = message.split('\n');
    expect(lines[0]).to.equal('malformed input:');
    const file = (name: string): string => join(dir, name);
    expect(lines.slice(1, 9)).to.deep.equal([
      `  ${file('a.yaml')}:6: document 2 is a list, not a Kubernetes object (a mapping with apiVersion and kind)`,
      `  ${file('a.yaml')}:8: document 3 is a number, not a Kubernetes object (a mapping with apiVersion and kind)`,
      `  ${file('a.yaml')}:10: document 4 is a boolean, not a Kubernetes object (a mapping with apiVersion and kind)`,
      `  ${file('a.yaml')}:12: document 5 is a string, not a Kubernetes object (a mapping with apiVersion and kind)`,
      `  ${file('b.yaml')}:1: document 1 has no apiVersion: not a Kubernetes object`,
      `  ${file('b.yaml')}:3: document 2 has no kind: not a Kubernetes object`,
      `  ${file('b.yaml')}:5: document 3 has no kind: not a Kubernetes object`,
      `  ${file('b.yaml')}:8: document 4 has no apiVersion: not a Kubernetes object`,
    ]);
    expect(lines.slice(9)).to.deep.equal([
      `  ${file('c.yaml')}:4:18: Flow sequence in block collection must be sufficiently indented and end with a ]`,
      `  ${file('c.yaml')}:4:19: Flow map in block collection must be sufficiently indented and end with a }`,
    ]);
    expect(message).not.to.match(/ at line \d+, column \d+/);
  });

  it('reads the items of List kinds one by one, with their lines, and names a bad item', async () => {
    const item = (name: string): string => `  - apiVersion: v1\n    kind: ConfigMap\n    metadata:\n      name: ${name}\n    data:\n      k: v\n`;
    files({
      'list.yaml': `apiVersion: v1\nkind: ConfigMapList\nitems:\n${item('one')}${item('two')}`,
      'not-a-list.yaml': 'apiVersion: example.com/v1\nkind: Widget\nmetadata: { name: w }\nitems:\n  - just text\n',
      'items-not-a-sequence.yaml': 'apiVersion: v1\nkind: List\nmetadata: { name: l }\nitems: {}\n',
    });
    const loaded = await load([dir]);
    expect(names(loaded)).to.deep.equal(['l', 'one', 'two', 'w']);
    expect(where(loaded)).to.deep.equal(['items-not-a-sequence.yaml:1', 'list.yaml:4', 'list.yaml:10', 'not-a-list.yaml:1']);
    const two = loaded.sources.get(loaded.objects[2] as object)!;
    expect(two.lineOf!(['data', 'k'])).to.equal(15);
    expect(two.lineOf!(['metadata', 'name'])).to.equal(13);
    expect(two.lineOf!([])).to.equal(10);
    expect(two.lineOf!(['nothing'])).to.equal(undefined);

    writeFileSync(join(dir, 'list.yaml'), `${cm('first')}---\napiVersion: v1\nkind: List\nitems:\n${item('one')}  - 7\n  - kind: Pod\n  - ~\n`);
    expect((await usageError([join(dir, 'list.yaml')])).split('\n').slice(1)).to.deep.equal([
      `  ${join(dir, 'list.yaml')}:15: item 2 of the List in document 2 is a number, not a Kubernetes object (a mapping with apiVersion and kind)`,
      `  ${join(dir, 'list.yaml')}:16: item 3 of the List in document 2 has no apiVersion: not a Kubernetes object`,
      `  ${join(dir, 'list.yaml')}:17: item 4 of the List in document 2 is null, not a Kubernetes object (a mapping with apiVersion and kind)`,
    ]);
  });
});
