import { expect } from 'chai';
import { analyze, celCoverage, formatFinding } from '../../constructs/analysis/index.js';
import { escapeProperty } from '../../constructs/analysis/schema/cel.js';
import { validateStructural, type SchemaProblem } from '../../constructs/analysis/schema/structural.js';

function problems(value: unknown, schema: Record<string, unknown>): string[] {
  const out: SchemaProblem[] = [];
  validateStructural(value, schema, [], out, true);
  return out.map((p) => `${p.field.join('.')}: ${p.message}`);
}

const httpRoute = (spec: Record<string, unknown>) => ({
  apiVersion: 'gateway.networking.k8s.io/v1',
  kind: 'HTTPRoute',
  metadata: { name: 'r' },
  spec,
});

describe('schema validation', () => {
  describe('structural schemas', () => {
    const object = (properties: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({ type: 'object', properties, ...extra });

    it('rejects unknown fields, but not below x-kubernetes-preserve-unknown-fields or in maps', () => {
      const schema = object({
        a: { type: 'string' },
        free: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
        map: { type: 'object', additionalProperties: { type: 'string' } },
      });
      expect(problems({ a: 'x', b: 1, free: { anything: [1] }, map: { k: 'v' } }, schema)).to.deep.equal(['b: unknown field "b"; known fields here: a, free, map']);
      expect(problems({ map: { k: 1 } }, schema)).to.deep.equal(['map.k: must be a string, got integer 1']);
    });

    it('always allows apiVersion, kind and metadata at the root, whatever the CRD schema says', () => {
      expect(problems({ apiVersion: 'x/v1', kind: 'X', metadata: { name: 'n', labels: {} }, spec: {} }, object({ spec: { type: 'object' }, metadata: { type: 'object' } }))).to.deep.equal([]);
    });

    it('accepts an integer or a string for int-or-string, nothing else', () => {
      const schema = object({ port: { 'x-kubernetes-int-or-string': true } });
      expect(problems({ port: 80 }, schema)).to.deep.equal([]);
      expect(problems({ port: 'http' }, schema)).to.deep.equal([]);
      expect(problems({ port: 1.5 }, schema)).to.deep.equal(['port: must be an integer or a string, got number 1.5']);
    });

    it('treats null as absent, and a required field with a default as present', () => {
      const schema = object({ a: { type: 'string' }, b: { type: 'string', default: 'x' } }, { required: ['a', 'b'] });
      expect(problems({ a: 'set', b: null }, schema)).to.deep.equal([]);
      expect(problems({ a: null }, schema)).to.deep.equal(['a: required field "a" is missing']);
    });

    it('explains Istio-style oneOf as mutually exclusive fields', () => {
      const schema = object(
        { exact: { type: 'string' }, prefix: { type: 'string' } },
        { oneOf: [{ not: { anyOf: [{ required: ['exact'] }, { required: ['prefix'] }] } }, { required: ['exact'] }, { required: ['prefix'] }] },
      );
      expect(problems({ exact: '/a' }, schema)).to.deep.equal([]);
      expect(problems({}, schema)).to.deep.equal([]);
      expect(problems({ exact: '/a', prefix: '/' }, schema)).to.deep.equal([': only one of exact, prefix may be set, found exact and prefix']);
    });

    it('finds duplicates in list-type set and map lists', () => {
      const schema = object({
        set: { type: 'array', items: { type: 'string' }, 'x-kubernetes-list-type': 'set' },
        map: { type: 'array', items: object({ port: { type: 'integer' }, name: { type: 'string' } }), 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['port'] },
      });
      expect(problems({ set: ['a', 'b', 'a'], map: [{ port: 1, name: 'x' }, { port: 1, name: 'y' }] }, schema)).to.deep.equal([
        'set.2: duplicate entry "a": this list is a set',
        'map.1: duplicate entry with port=1: entries must be unique by port',
      ]);
    });

    it('checks string formats anyOf-ed as Istio does for addresses', () => {
      const schema = object({ address: { type: 'string', anyOf: [{ format: 'ipv4' }, { format: 'ipv6' }] } });
      expect(problems({ address: '10.0.0.1' }, schema)).to.deep.equal([]);
      expect(problems({ address: '::1' }, schema)).to.deep.equal([]);
      expect(problems({ address: 'ten' }, schema)).to.deep.equal(['address: "ten" must be one of the formats ipv4, ipv6']);
    });

    it('evaluates CEL rules with schema defaults applied and integers typed as CEL ints', () => {
      const schema = object(
        { mode: { type: 'string', default: 'Auto' }, count: { type: 'integer' } },
        { 'x-kubernetes-validations': [{ rule: "self.mode == 'Auto' ? self.count + 1 > 1 : true", message: 'count must be positive in Auto mode' }] },
      );
      expect(problems({ count: 2 }, schema)).to.deep.equal([]);
      expect(problems({ count: 0 }, schema)).to.deep.equal([': count must be positive in Auto mode']);
    });

    it('judges each value of a rule-bearing scalar field on its own, however often a value comes back', () => {
      const schema = object({ ports: { type: 'array', items: { type: 'integer', 'x-kubernetes-validations': [{ rule: '0 < self && self <= 65535', message: 'port out of range' }] } } });
      expect(problems({ ports: [80, 0, 80, 70000, 0] }, schema)).to.deep.equal(['ports.1: port out of range', 'ports.3: port out of range', 'ports.4: port out of range']);
      expect(problems({ ports: [0, 443] }, schema)).to.deep.equal(['ports.0: port out of range']);
      const timeout = object({ timeout: { type: 'string', 'x-kubernetes-validations': [{ rule: "duration(self) >= duration('1ms')", message: 'too short' }] } });
      expect(problems({ timeout: '10s' }, timeout)).to.deep.equal([]);
      expect(problems({ timeout: '0s' }, timeout)).to.deep.equal(['timeout: too short']);
      expect(problems({ timeout: '10s' }, timeout)).to.deep.equal([]);
    });

    it('judges each rule-bearing list and mapping on its own, however often the same one comes back', () => {
      const rules = [{ rule: '!has(self.perTry) || self.perTry < 10.0', message: 'perTry too long' }];
      const retries = object({ attempts: { type: 'integer' }, perTry: { type: 'number' } }, { 'x-kubernetes-validations': rules });
      const schema = object({ retries: { type: 'array', items: retries } });
      expect(problems({ retries: [{ attempts: 2, perTry: 1 }, { attempts: 2, perTry: 12 }, { attempts: 2, perTry: 1 }] }, schema)).to.deep.equal(['retries.1: perTry too long']);
      expect(problems({ retries: [{ attempts: 2, perTry: 12 }, { attempts: 2, perTry: 1 }] }, schema)).to.deep.equal(['retries.0: perTry too long']);
      // NaN and Infinity print as null in JSON: a value holding them must not be taken for one holding a null
      const untyped = object({ retries: { type: 'array', items: object({ perTry: {} }, { 'x-kubernetes-validations': rules }) } });
      expect(problems({ retries: [{ perTry: null }, { perTry: Infinity }] }, untyped)).to.deep.equal(['retries.1: perTry too long']);
    });
  });

  describe('CEL rules of the pinned CRDs', () => {
    it('evaluates all but a handful; the rest need URL functions the library lacks or the stored object', () => {
      const c = celCoverage();
      expect(c.rules).to.be.greaterThan(500);
      expect(c.evaluated + c.skipped).to.equal(c.rules);
      expect(c.evaluated / c.rules).to.be.greaterThan(0.98);
      for (const s of c.skippedRules) expect(s.reason).to.match(/^(uses (isURL|getScheme|url)\(\)|transition rule)/, s.rule);
    });

    it('escapes property names the way the API server does, so rules reading __namespace__ work', () => {
      expect(escapeProperty('namespace')).to.equal('__namespace__');
      expect(escapeProperty('x-y.z/w')).to.equal('x__dash__y__dot__z__slash__w');
      const parentRefs = [{ name: 'gw', namespace: 'a' }, { name: 'gw', namespace: 'a' }];
      const findings = analyze([httpRoute({ parentRefs })]).filter((f) => f.code === 'IST0106');
      expect(findings.map(formatFinding).join('\n')).to.match(/spec\.parentRefs: sectionName must be unique when parentRefs includes 2 or more references to the same parent/);
      expect(findings.map((f) => f.message).join('\n')).not.to.match(/evaluation error/);
    });

    it('rejects a Gateway API path that the CRD rules forbid', () => {
      const findings = analyze([httpRoute({ rules: [{ matches: [{ path: { type: 'PathPrefix', value: 'no-slash' } }] }] })]);
      expect(findings.map((f) => f.message).join('\n')).to.match(/must be an absolute path/);
    });
  });

  describe('Kubernetes built-in kinds', () => {
    const deployment = (selector: Record<string, string>, labels: Record<string, string>) => ({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: { selector: { matchLabels: selector }, template: { metadata: { labels }, spec: { containers: [{ name: 'web', image: 'web:1' }] } } },
    });

    it('rejects a kind Kubernetes does not serve at that apiVersion', () => {
      const findings = analyze([{ apiVersion: 'apps/v1', kind: 'Deploymnet', metadata: { name: 'x' } }]);
      expect(findings.map((f) => f.message)).to.deep.equal([
        'Schema validation error: apiVersion: Kubernetes serves no kind "Deploymnet" at apiVersion "apps/v1". Fix the object to satisfy the Kubernetes 1.33 schema.',
      ]);
    });

    it('rejects a workload whose selector does not select its own pod template', () => {
      expect(analyze([deployment({ app: 'web' }, { app: 'web', version: 'v1' })])).to.deep.equal([]);
      const findings = analyze([deployment({ app: 'web' }, { app: 'api' })]);
      expect(findings.map((f) => f.message).join('\n')).to.match(/spec\.selector: does not match the pod template labels/);
    });

    it('names the missing field of a required-field error', () => {
      const findings = analyze([{ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ image: 'x' }] } }]);
      expect(findings.map((f) => f.message).join('\n')).to.match(/spec\.containers\[0\]\.name: required field "name" is missing/);
    });

    it('reads null as absent, the way the API server does, without changing the object', () => {
      const withNulls = deployment({ app: 'web' }, { app: 'web' });
      const spec = withNulls.spec as Record<string, unknown> & { template: { spec: { containers: Record<string, unknown>[] } } };
      spec.replicas = null;
      spec.template.spec.containers[0].name = null;
      const before = JSON.stringify(withNulls);
      expect(analyze([withNulls]).map((f) => f.message)).to.deep.equal([
        'Schema validation error: spec.template.spec.containers[0].name: required field "name" is missing. Fix the object to satisfy the Kubernetes 1.33 schema.',
      ]);
      expect(JSON.stringify(withNulls)).to.equal(before);
    });
  });
});
