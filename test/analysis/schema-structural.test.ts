import { expect } from 'chai';
import { closest, validateStructural, type SchemaProblem } from '../../constructs/analysis/schema/structural.js';

/** The problems of `value` under `schema`, as `field: message` lines; the root's apiVersion, kind and metadata are free. */
function problems(value: unknown, schema: Record<string, unknown>, field: (string | number)[] = [], root = true): string[] {
  const out: SchemaProblem[] = [];
  validateStructural(value, schema, field, out, root);
  return out.map((p) => `${p.field.join('.')}: ${p.message}`);
}

const object = (properties: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({ type: 'object', properties, ...extra });
/** One field `v` of the given schema: the messages for the values in turn. */
const field = (schema: Record<string, unknown>, ...values: unknown[]) => values.map((v) => problems({ v }, object({ v: schema })));

describe('structural schema validation', () => {
  describe('types', () => {
    it('names the wanted type with its article and what was given instead', () => {
      expect(field({ type: 'integer' }, 1.5, 'x', true, [1], { a: 1 })).to.deep.equal([
        ['v: must be an integer, got number 1.5'],
        ['v: must be an integer, got string "x"'],
        ['v: must be an integer, got boolean true'],
        ['v: must be an integer, got array [1]'],
        ['v: must be an integer, got object {"a":1}'],
      ]);
      expect(field({ type: 'array' }, 'x')).to.deep.equal([['v: must be an array, got string "x"']]);
      expect(field({ type: 'object' }, 3)).to.deep.equal([['v: must be an object, got integer 3']]);
      expect(field({ type: 'string' }, 3)).to.deep.equal([['v: must be a string, got integer 3']]);
      expect(field({ type: 'boolean' }, 'true')).to.deep.equal([['v: must be a boolean, got string "true"']]);
      expect(field({ type: 'number' }, '1')).to.deep.equal([['v: must be a number, got string "1"']]);
    });

    it('accepts each type’s own values: integers as numbers, finite numbers only', () => {
      expect(field({ type: 'number' }, 1, 1.5, -2)).to.deep.equal([[], [], []]);
      expect(field({ type: 'number' }, Infinity)).to.deep.equal([['v: must be a number, got number null']]);
      expect(field({ type: 'integer' }, 0, -7)).to.deep.equal([[], []]);
      expect(field({ type: 'array' }, [], ['a'])).to.deep.equal([[], []]);
      expect(field({ type: 'object' }, {})).to.deep.equal([[]]);
      expect(field({ type: 'object' }, [])).to.deep.equal([['v: must be an object, got array []']]);
      expect(field({ type: 'string' }, '')).to.deep.equal([[]]);
      expect(field({ type: 'boolean' }, false)).to.deep.equal([[]]);
      expect(field({ type: 'string' }, 1, null)).to.deep.equal([['v: must be a string, got integer 1'], []]);
    });

    it('lets any value through a type it does not know', () => {
      expect(field({ type: 'quantity' }, 1, 'x', [1])).to.deep.equal([[], [], []]);
    });

    it('shortens a long value in a message to 60 characters', () => {
      const long = 'x'.repeat(80);
      expect(field({ type: 'integer' }, long)).to.deep.equal([[`v: must be an integer, got string "${'x'.repeat(56)}...`]]);
      const exact = 'x'.repeat(58);
      expect(field({ type: 'integer' }, exact)).to.deep.equal([[`v: must be an integer, got string "${exact}"`]]);
    });

    it('stops at a wrong type: no further checks of that value', () => {
      expect(field({ type: 'string', enum: ['a'], minLength: 3 }, 7)).to.deep.equal([['v: must be a string, got integer 7']]);
      expect(field({ 'x-kubernetes-int-or-string': true, enum: ['a'] }, true)).to.deep.equal([['v: must be an integer or a string, got boolean true']]);
    });

    it('checks int-or-string before a type the schema also names', () => {
      expect(field({ type: 'string', 'x-kubernetes-int-or-string': true }, 80, 'http')).to.deep.equal([[], []]);
      expect(field({ 'x-kubernetes-int-or-string': true }, { a: 1 })).to.deep.equal([['v: must be an integer or a string, got object {"a":1}']]);
    });
  });

  describe('enums', () => {
    it('accepts a listed value, compared as JSON, and lists the allowed ones otherwise', () => {
      expect(field({ enum: ['A', 'B'] }, 'A', 'B')).to.deep.equal([[], []]);
      expect(field({ enum: ['A', 'B'] }, 'C')).to.deep.equal([['v: "C" is not one of A, B']]);
      expect(field({ enum: [1, 2] }, '1')).to.deep.equal([['v: "1" is not one of 1, 2']]);
      expect(field({ enum: [{ a: 1, b: 2 }] }, { b: 2, a: 1 })).to.deep.equal([[]]);
    });
  });

  describe('strings', () => {
    it('bounds the length in characters, both ends included', () => {
      const schema = { type: 'string', minLength: 2, maxLength: 3 };
      expect(field(schema, 'ab', 'abc', '日本')).to.deep.equal([[], [], []]);
      expect(field(schema, 'a', 'abcd')).to.deep.equal([['v: must be at least 2 characters long, got "a"'], ['v: must be at most 3 characters long, got 4']]);
      // counted in code points, as the API server does: two emoji are two characters, not four UTF-16 units
      expect(field({ type: 'string', maxLength: 2 }, '😀😀')).to.deep.equal([[]]);
      expect(field({ type: 'string', minLength: 3 }, '😀😀')).to.deep.equal([['v: must be at least 3 characters long, got "😀😀"']]);
      expect(field({ type: 'string', minLength: 1 }, '')).to.deep.equal([['v: must be at least 1 characters long, got ""']]);
      expect(field({ type: 'string', maxLength: 0 }, 'a')).to.deep.equal([['v: must be at most 0 characters long, got 1']]);
    });

    it('matches patterns as Unicode regular expressions, and ignores a pattern JavaScript cannot read', () => {
      expect(field({ type: 'string', pattern: '^[a-z]+$' }, 'abc', 'aBc')).to.deep.equal([[], ['v: "aBc" does not match the pattern ^[a-z]+$']]);
      expect(field({ type: 'string', pattern: '^\\p{Lu}' }, 'Été', 'été')).to.deep.equal([[], ['v: "été" does not match the pattern ^\\p{Lu}']]);
      expect(field({ type: 'string', pattern: '^.$' }, '😀')).to.deep.equal([[]]);
      expect(field({ type: 'string', pattern: '(' }, 'anything')).to.deep.equal([[]]);
      expect(field({ type: 'string', pattern: '(' }, 'again')).to.deep.equal([[]]);
    });

    it('checks the string formats the API server checks, and no others', () => {
      expect(field({ type: 'string', format: 'date-time' }, '2026-12-01T10:00:00Z', '2026-12-01 10:00:00.5+01:00', '2026-12-01')).to.deep.equal([
        [],
        [],
        ['v: "2026-12-01" must be an RFC 3339 date-time'],
      ]);
      expect(field({ type: 'string', format: 'ipv4' }, '10.0.0.1', '::1', '10.0.0')).to.deep.equal([
        [],
        ['v: "::1" must be an IPv4 address'],
        ['v: "10.0.0" must be an IPv4 address'],
      ]);
      expect(field({ type: 'string', format: 'ipv6' }, '::1', 'fe80::1', '10.0.0.1')).to.deep.equal([[], [], ['v: "10.0.0.1" must be an IPv6 address']]);
      expect(field({ type: 'string', format: 'byte' }, 'aGVsbG8=', '', 'hello!')).to.deep.equal([[], [], ['v: "hello!" must be base64-encoded']]);
      expect(field({ type: 'string', format: 'int32' }, 'x')).to.deep.equal([[]]);
    });
  });

  describe('numbers', () => {
    it('bounds a number inclusively by default', () => {
      const schema = { type: 'integer', minimum: 1, maximum: 10 };
      expect(field(schema, 1, 10)).to.deep.equal([[], []]);
      expect(field(schema, 0, 11)).to.deep.equal([['v: must be at least 1, got 0'], ['v: must be at most 10, got 11']]);
    });

    it('bounds it exclusively when told', () => {
      const schema = { type: 'number', minimum: 0, maximum: 1, exclusiveMinimum: true, exclusiveMaximum: true };
      expect(field(schema, 0.5)).to.deep.equal([[]]);
      expect(field(schema, 0, 1)).to.deep.equal([['v: must be greater than 0, got 0'], ['v: must be less than 1, got 1']]);
      expect(field({ type: 'number', minimum: 0, exclusiveMaximum: true }, 0)).to.deep.equal([[]]);
    });
  });

  describe('lists', () => {
    it('bounds the number of items', () => {
      const schema = { type: 'array', minItems: 1, maxItems: 2 };
      expect(field(schema, [1], [1, 2])).to.deep.equal([[], []]);
      expect(field(schema, [], [1, 2, 3])).to.deep.equal([['v: must have at least 1 item(s), has 0'], ['v: must have at most 2 items, has 3']]);
    });

    it('validates every item, naming its index', () => {
      expect(field({ type: 'array', items: { type: 'string' } }, ['a', 1, 'b', 2])).to.deep.equal([['v.1: must be a string, got integer 1', 'v.3: must be a string, got integer 2']]);
    });

    it('finds duplicates of a set by value, whatever the key order of its items', () => {
      const schema = { type: 'array', 'x-kubernetes-list-type': 'set' };
      expect(field(schema, [{ a: 1, b: 2 }, { b: 2, a: 1 }], ['a', 'b'])).to.deep.equal([['v.1: duplicate entry {"b":2,"a":1}: this list is a set'], []]);
      expect(field({ type: 'array', 'x-kubernetes-list-type': 'atomic' }, ['a', 'a'])).to.deep.equal([[]]);
    });

    it('finds duplicate keys of a map list, with the key fields’ defaults filled in, and skips items that are not objects', () => {
      const item = object({ port: { type: 'integer' }, protocol: { type: 'string', default: 'TCP' }, name: { type: 'string' } });
      const schema = { type: 'array', items: item, 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['port', 'protocol'] };
      expect(field(schema, [{ port: 80, name: 'a' }, { port: 80, protocol: 'UDP', name: 'b' }])).to.deep.equal([[]]);
      expect(field(schema, [{ port: 80, name: 'a' }, { port: 80, protocol: 'TCP', name: 'b' }])).to.deep.equal([
        ['v.1: duplicate entry with port=80, protocol="TCP": entries must be unique by port, protocol'],
      ]);
      expect(field({ ...schema, items: undefined }, ['x', 'x', { port: 1 }, { port: 1, protocol: 'TCP' }])).to.deep.equal([[]]);
      expect(field({ ...schema, 'x-kubernetes-list-map-keys': undefined }, [{ port: 80 }, { port: 80 }])).to.deep.equal([[]]);
      expect(field({ type: 'array', 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['a', 'b'] }, [{ a: 1, b: 23 }, { a: 12, b: 3 }])).to.deep.equal([[]]);
      expect(field({ type: 'array', 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['k'] }, [{ k: 'a' }, { k: 'a' }])).to.deep.equal([
        ['v.1: duplicate entry with k="a": entries must be unique by k'],
      ]);
    });
  });

  describe('objects', () => {
    it('counts the fields that are set against minProperties and maxProperties', () => {
      const schema = { type: 'object', additionalProperties: true, minProperties: 1, maxProperties: 2 };
      expect(field(schema, { a: 1 }, { a: 1, b: 2 })).to.deep.equal([[], []]);
      expect(field(schema, {}, { a: null }, { a: 1, b: 2, c: 3 })).to.deep.equal([
        ['v: must have at least 1 field(s)'],
        ['v: must have at least 1 field(s)'],
        ['v: must have at most 2 fields, has 3'],
      ]);
      expect(field({ type: 'object', additionalProperties: true, maxProperties: 1 }, { a: 1, b: null })).to.deep.equal([[]]);
      expect(field({ type: 'object', additionalProperties: true, maxProperties: 1 }, { a: 1, b: 2 })).to.deep.equal([['v: must have at most 1 fields, has 2']]);
    });

    it('names the closest known field of an unknown one, or the fields there are, or that there are none', () => {
      const schema = object({ timeout: { type: 'string' }, retries: { type: 'object' }, host: { type: 'string' } });
      expect(problems({ timout: '1s' }, schema)).to.deep.equal(['timout: unknown field "timout" (did you mean "timeout"?); known fields here: host, retries, timeout']);
      expect(problems({ zzz: 1 }, schema)).to.deep.equal(['zzz: unknown field "zzz"; known fields here: host, retries, timeout']);
      expect(problems({ a: 1 }, { type: 'object' })).to.deep.equal(['a: unknown field "a"; this object takes no fields']);
      expect(problems({ a: null }, { type: 'object' })).to.deep.equal([]);
    });

    it('allows unknown fields below preserve-unknown-fields, additionalProperties: true, or a schema with no type', () => {
      expect(problems({ a: 1 }, { type: 'object', 'x-kubernetes-preserve-unknown-fields': true })).to.deep.equal([]);
      expect(problems({ a: 1 }, { type: 'object', additionalProperties: true })).to.deep.equal([]);
      expect(problems({ a: 1 }, { type: 'object', additionalProperties: false })).to.deep.equal(['a: unknown field "a"; this object takes no fields']);
      expect(problems({ a: 1 }, { properties: { b: { type: 'string' } } })).to.deep.equal([]);
    });

    it('validates the values of a map against additionalProperties, and declared fields against their own schema', () => {
      const schema = object({ n: { type: 'integer' } }, { additionalProperties: { type: 'string' } });
      expect(problems({ n: 1, k: 'v' }, schema)).to.deep.equal([]);
      expect(problems({ n: 'x', k: 2 }, schema)).to.deep.equal(['n: must be an integer, got string "x"', 'k: must be a string, got integer 2']);
    });

    it('frees apiVersion, kind and metadata at the root only', () => {
      const schema = object({ spec: { type: 'object', properties: {} } });
      expect(problems({ apiVersion: 'v1', kind: 'K', metadata: {}, spec: {} }, schema)).to.deep.equal([]);
      expect(problems({ spec: { kind: 'K' } }, schema)).to.deep.equal(['spec.kind: unknown field "kind"; this object takes no fields']);
      expect(problems({ kind: 'K' }, schema, [], false)).to.deep.equal(['kind: unknown field "kind"; known fields here: spec']);
      const unsaid: SchemaProblem[] = [];
      validateStructural({ kind: 'K' }, schema, [], unsaid);
      expect(unsaid.map((p) => p.message), 'not the root unless told').to.deep.equal(['unknown field "kind"; known fields here: spec']);
    });

    it('reports each missing required field, unless its schema has a default; keys that are not names are ignored', () => {
      const schema = object({ a: { type: 'string' }, b: { type: 'string' }, c: { type: 'string', default: 'x' } }, { required: ['a', 'b', 'c', 7] });
      expect(problems({ a: 'x', b: 'y' }, schema)).to.deep.equal([]);
      expect(problems({}, schema)).to.deep.equal(['a: required field "a" is missing', 'b: required field "b" is missing']);
      expect(problems({ a: '' }, object({}, { required: ['a', 'b'] }))).to.deep.equal(['a: unknown field "a"; this object takes no fields', 'b: required field "b" is missing']);
    });

    it('reads a field set to undefined as absent, as JSON would drop it', () => {
      expect(problems({ a: undefined, b: undefined }, object({ a: { type: 'string' } }))).to.deep.equal([]);
      expect(problems({ a: 'x', b: undefined }, object({ a: { type: 'string' }, b: { type: 'string' } }, { maxProperties: 1 }))).to.deep.equal([]);
    });

    it('puts the given field path in front of every problem', () => {
      expect(problems({ a: [1] }, object({ a: { type: 'array', items: { type: 'string' } } }), ['spec', 'x'])).to.deep.equal(['spec.x.a.0: must be a string, got integer 1']);
    });
  });

  describe('oneOf, anyOf, allOf and not', () => {
    it('names the fields of an Istio-style oneOf that are set together', () => {
      const schema = object(
        { exact: { type: 'string' }, prefix: { type: 'string' }, regex: { type: 'string' } },
        { oneOf: [{ not: { anyOf: [{ required: ['exact'] }, { required: ['prefix'] }, { required: ['regex'] }] } }, { required: ['exact'] }, { required: ['prefix'] }, { required: ['regex'] }] },
      );
      expect(problems({ prefix: '/', regex: null }, schema)).to.deep.equal([]);
      expect(problems({ exact: '/a', prefix: '/', regex: '.*' }, schema)).to.deep.equal([': only one of exact, prefix, regex may be set, found exact and prefix and regex']);
      expect(problems({ exact: '/a', prefix: '/', regex: null }, schema)).to.deep.equal([': only one of exact, prefix, regex may be set, found exact and prefix']);
      expect(problems({ exact: '/a', prefix: '/' }, schema)).to.deep.equal([': only one of exact, prefix, regex may be set, found exact and prefix']);
    });

    it('counts the shapes a value matches for any other oneOf', () => {
      const schema = { oneOf: [{ type: 'integer' }, { type: 'number' }, { type: 'string' }] };
      expect(field(schema, 'x', 1.5)).to.deep.equal([[], []]);
      expect(field(schema, 2)).to.deep.equal([['v: must match exactly one of the allowed shapes, matches 2']]);
      expect(field(schema, true)).to.deep.equal([['v: must match exactly one of the allowed shapes, matches 0']]);
      const required = { type: 'object', additionalProperties: true, oneOf: [{ required: ['a'], minProperties: 1 }, { required: ['b'] }] };
      expect(field(required, { a: 1 }, { c: 1 })).to.deep.equal([[], ['v: must match exactly one of the allowed shapes, matches 0']]);
      const notOnly = { type: 'object', additionalProperties: true, oneOf: [{ not: { required: ['a'] } }, { not: { required: ['b'] } }] };
      expect(field(notOnly, { a: 1, b: 1 }, { c: 1 })).to.deep.equal([['v: must match exactly one of the allowed shapes, matches 0'], ['v: must match exactly one of the allowed shapes, matches 2']]);
      const notAndMore = { type: 'object', additionalProperties: true, oneOf: [{ not: { required: ['a'] }, minProperties: 1 }, { required: ['a'] }] };
      expect(field(notAndMore, { b: 1 }, {})).to.deep.equal([[], ['v: must match exactly one of the allowed shapes, matches 0']]);
      const withString = { type: 'object', additionalProperties: true, oneOf: ['a', { required: ['b'] }] };
      expect(field(withString, { c: 1 })).to.deep.equal([['v: must match exactly one of the allowed shapes, matches 0']]);
    });

    it('treats a required field set to null as absent when matching a shape', () => {
      const schema = { type: 'object', additionalProperties: true, oneOf: [{ required: ['a'] }, { required: ['b'] }] };
      expect(field(schema, { a: 1, b: null }, { a: null, b: 1 })).to.deep.equal([[], []]);
      expect(field(schema, { a: 1, b: 2 })).to.deep.equal([['v: only one of a, b may be set, found a and b']]);
    });

    it('does not match a shape whose required fields are set when another of its rules fails', () => {
      const schema = { type: 'object', additionalProperties: true, oneOf: [{ required: ['a'], properties: { a: { enum: ['x'] } } }, { required: ['b'] }] };
      expect(field(schema, { a: 'x' }, { a: 'y' })).to.deep.equal([[], ['v: must match exactly one of the allowed shapes, matches 0']]);
    });

    it('explains an anyOf of formats by the formats, any other by its shapes', () => {
      expect(field({ type: 'string', anyOf: [{ format: 'ipv4' }, { format: 'ipv6' }] }, 'x')).to.deep.equal([['v: "x" must be one of the formats ipv4, ipv6']]);
      expect(field({ anyOf: [{ type: 'integer' }, { type: 'string', pattern: '^a' }] }, 1, 'ab', 'b')).to.deep.equal([[], [], ['v: "b" does not match any of the allowed shapes']]);
      expect(field({ type: 'string', anyOf: [{ format: 'ipv4' }, { pattern: '^a' }] }, 'b')).to.deep.equal([['v: "b" does not match any of the allowed shapes']]);
    });

    it('reports the problems of each allOf part a value fails', () => {
      const schema = { allOf: [{ type: 'string', minLength: 2 }, { type: 'string', pattern: '^a' }] };
      expect(field(schema, 'ab')).to.deep.equal([[]]);
      expect(field(schema, 'b')).to.deep.equal([['v: must be at least 2 characters long, got "b"', 'v: "b" does not match the pattern ^a']]);
    });

    it('rejects a value that matches a not', () => {
      const schema = { type: 'object', additionalProperties: true, not: { required: ['a', 'b'] } };
      expect(field(schema, { a: 1 }, { a: 1, b: 2 })).to.deep.equal([[], ['v: has a combination of fields the schema forbids']]);
      expect(field({ not: { type: 'string' } }, 1, 'x')).to.deep.equal([[], ['v: has a combination of fields the schema forbids']]);
    });
  });

  describe('CEL rules', () => {
    it('runs a node’s rules only when the node itself is valid otherwise', () => {
      const rules = [{ rule: 'self.size() > 1', message: 'too small' }];
      const schema = object({ v: { type: 'object', properties: { a: { type: 'integer' } }, 'x-kubernetes-validations': rules } });
      expect(problems({ v: { a: 1 } }, schema)).to.deep.equal(['v: too small']);
      expect(problems({ v: { a: 'x' } }, schema)).to.deep.equal(['v.a: must be an integer, got string "x"']);
    });
  });
});

describe('closest (the "did you mean" of unknown fields)', () => {
  const known = ['host', 'port', 'timeout', 'retries', 'mtls'];

  it('finds a name one typo away, a swap of neighbours counting as one, whatever the case', () => {
    expect(closest('hots', known)).to.equal('host');
    expect(closest('mtsl', known)).to.equal('mtls');
    expect(closest('Timeout', known)).to.equal('timeout');
    expect(closest('timout', known)).to.equal('timeout');
    expect(closest('ports', known)).to.equal('port');
    expect(closest('rhost', known)).to.equal('host');
  });

  it('allows one edit per three characters of the name, and never a whole rewrite', () => {
    expect(closest('retires', known)).to.equal('retries');
    expect(closest('rtreies', known)).to.equal('retries');
    expect(closest('rtiers', known)).to.equal(undefined);
    expect(closest('timxxut', known)).to.equal('timeout');
    expect(closest('tmieutx', known)).to.equal(undefined);
    expect(closest('hostxx', known)).to.equal('host');
    expect(closest('hoxx', known)).to.equal(undefined);
    expect(closest('x', ['y'])).to.equal(undefined);
    expect(closest('ab', ['b'])).to.equal('b');
    expect(closest('zzzz', known)).to.equal(undefined);
    expect(closest('host', [])).to.equal(undefined);
  });

  it('charges for every character added or dropped at the start, and swaps only of the same two characters', () => {
    expect(closest('abcdef', ['ef'])).to.equal(undefined);
    expect(closest('ef', ['abcdef'])).to.equal(undefined);
    expect(closest('ac', ['ba'])).to.equal(undefined);
    expect(closest('ca', ['ab'])).to.equal(undefined);
  });

  it('takes the first of the nearest names', () => {
    expect(closest('cat', ['bat', 'cot'])).to.equal('bat');
    expect(closest('cat', ['cart', 'cat'])).to.equal('cat');
  });
});
