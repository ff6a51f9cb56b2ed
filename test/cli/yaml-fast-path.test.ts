import { expect } from 'chai';
import fc from 'fast-check';
import { parse, type Tags } from 'yaml';
import { parseFile, type Loaded } from '../../cli/yaml-loader.js';
import { parseFast } from '../../cli/yaml-fast.js';
import { isPlainStringKey, resolvePlain } from '../../cli/yaml-schema.js';

function read(text: string): { objects: unknown[]; lines: number[]; problems: string[] } {
  const loaded: Loaded = { objects: [], sources: new Map(), files: 0 };
  const problems: string[] = [];
  parseFile(text, 'f.yaml', loaded, problems);
  return { objects: loaded.objects, lines: loaded.objects.map((o) => loaded.sources.get(o as object)!.line!), problems };
}

const kubectlTags = (tags: Tags): Tags => tags.filter((t) => !(typeof t === 'object' && (t.tag === 'tag:yaml.org,2002:timestamp' || t.format === 'TIME')));

const head = 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: a }\n';

describe('reading YAML for analyze: what the fast path reads itself, and what it leaves to the yaml library', () => {
  it('tells plain mapping keys that stay strings from those YAML 1.1 converts, as the schema resolves them', () => {
    for (const key of ['n', 'N', 'no', 'No', 'null', 'y', 'yes', 'true', 'false', 'on', 'On', 'off', 'OFF', '1', '0x1F', '.5', '~', '-1', '+1', 'e0', 'e5', 'e-3', 'E7']) {
      expect(isPlainStringKey(key), key).to.equal(false);
    }
    for (const key of ['a', 'z', 'name', 'nope', 'never', 'tcp', 'tls', 'f', 'fast', 'yaml', 'y1', 'one', 'ok', 'A', 'Z', 'Name', 'Off-peak', '_x', '{', '`', 'x-canary', 'nil']) {
      expect(isPlainStringKey(key), key).to.equal(true);
    }
    fc.assert(
      fc.property(fc.stringMatching(/^[-+.~0-9A-Za-z_`{|}][-+.0-9A-Za-z_]{0,5}$/), (key) => isPlainStringKey(key) === (typeof resolvePlain(key) === 'string')),
      { numRuns: 3000 },
    );
  });

  it('reads keys YAML 1.1 converts as the reference does (n, on, 1), quoted ones as strings on the fast path', () => {
    const converted = `${head}data:\n  n: a\n  on: b\n  1: c\n  nope: d\n`;
    expect(parseFast(converted)).to.equal(undefined);
    expect(read(converted).objects[0]).to.deep.include({ data: (parse(converted, { version: '1.1' }) as { data: unknown }).data });
    expect((read(converted).objects[0] as { data: object }).data).to.deep.equal({ false: 'a', true: 'b', 1: 'c', nope: 'd' });
    const quoted = `${head}data:\n  "n": a\n  'on': b\n  "1": c\n`;
    expect(parseFast(quoted)?.[0].value).to.deep.include({ data: { n: 'a', on: 'b', 1: 'c' } });
  });

  it('reads plain scalar values on the fast path as the yaml library reads them with YAML 1.1', () => {
    const same = (s: string): boolean => {
      const text = `x: ${s}\n`;
      const fast = parseFast(text);
      if (fast === undefined) return true;
      const got = (fast[0].value as { x: unknown }).x;
      const expected = (parse(text, { version: '1.1', customTags: kubectlTags }) as { x: unknown }).x;
      return Object.is(got, expected) || (Number.isNaN(got) && Number.isNaN(expected));
    };
    const samples = ['~', 'null', 'Null', 'NULL', '', 'y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON', 'n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF',
      '0', '-0', '+7', '012', '-012', '0b101', '-0b11', '0x1F', '-0x1f', '1_000', '08', '1.5', '-1.5', '+.5', '.inf', '-.Inf', '+.INF', '.nan', '.NaN', '.NAN', '1e3', '-1E-3', '1:20', '2001-12-14', 'v1', 'nil', 'tRue', 'yEs'];
    for (const s of samples) {
      expect(parseFast(`x: ${s}\n`), s).not.to.equal(undefined);
      expect(same(s), s).to.equal(true);
    }
    fc.assert(fc.property(fc.stringMatching(/^[-+.~0-9A-Za-z_][-+.0-9A-Za-z_:]{0,6}$/), same), { numRuns: 2000 });
  });

  it('reads a key like e5 (a float to YAML 1.1 as the yaml library reads it) the same on both paths', () => {
    const fast = `${head}data:\n  e5: a\n  ex: b\n`;
    const precise = `${fast}  anchored: &x c\n`;
    expect(parseFast(precise)).to.equal(undefined);
    const data = (text: string): Record<string, unknown> => (read(text).objects[0] as { data: Record<string, unknown> }).data;
    expect(data(fast)).to.deep.equal({ NaN: 'a', ex: 'b' });
    expect(data(precise)).to.deep.equal({ NaN: 'a', ex: 'b', anchored: 'c' });
  });

  it('merges a `<<` key with a mapping, as the reference does', () => {
    const text = `${head}data:\n  <<: { x: "1" }\n  b: "2"\n`;
    expect(parseFast(text)).to.equal(undefined);
    expect((read(text).objects[0] as { data: object }).data).to.deep.equal({ x: '1', b: '2' });
  });

  it('leaves tags, anchors, aliases, complex keys, duplicate keys and directives to the yaml library', () => {
    for (const text of [`${head}data: { a: !!str 1 }\n`, `${head}data: &d { a: "1" }\n`, `x: &x 1\n${head}data: { a: *x }\n`, `${head}? [a]\n: 1\n`, `${head}kind: Secret\n`, `%YAML 1.1\n---\n${head}`, `${head}data: [`]) {
      expect(parseFast(text), text).to.equal(undefined);
    }
  });

  it('keeps the root offset of each document and the offsets of the items of a root `items` sequence only', () => {
    const list = `apiVersion: v1\nkind: List\nitems:\n  - { apiVersion: v1, kind: A }\n  - apiVersion: v1\n    kind: B\n    items: [1, 2]\n`;
    const [doc] = parseFast(list)!;
    expect(doc.offset).to.equal(0);
    expect(doc.itemOffsets).to.deep.equal([list.indexOf('{ apiVersion'), list.indexOf('apiVersion: v1\n    kind: B')]);
    const nested = `a:\n  items: [1, 2]\n---\n  - x\n  - y\n---\n{ items: [] }\n`;
    expect(parseFast(nested)!.map((d) => [d.offset, d.itemOffsets])).to.deep.equal([
      [0, undefined],
      [nested.indexOf('- x'), undefined],
      [nested.indexOf('{ items'), []],
    ]);
    expect(read(list).lines).to.deep.equal([4, 5]);
  });
});
