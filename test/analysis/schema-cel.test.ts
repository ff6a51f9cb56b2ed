import { expect } from 'chai';
import { analyze, celCoverage } from '../../constructs/analysis/index.js';
import { validateStructural, type SchemaProblem } from '../../constructs/analysis/schema/structural.js';

type Json = Record<string, unknown>;

function problems(value: unknown, schema: Json): string[] {
  const out: SchemaProblem[] = [];
  validateStructural(value, schema, [], out, true);
  return out.map((p) => `${p.field.join('.')}: ${p.message}`);
}

/** An object schema with these properties and CEL rules: built anew in each test, as a CRD of its own. */
const ruled = (rules: Json[], properties: Json = { a: { type: 'integer' } }, extra: Json = {}) => ({ type: 'object', properties, 'x-kubernetes-validations': rules, ...extra });

describe('CEL rules (x-kubernetes-validations)', () => {
  describe('results', () => {
    it('passes a rule that holds and reports the message of one that does not', () => {
      const schema = ruled([{ rule: 'self.a == 1', message: 'a must be 1' }]);
      expect(problems({ a: 1 }, schema)).to.deep.equal([]);
      expect(problems({ a: 2 }, schema)).to.deep.equal([': a must be 1']);
    });

    it('reports a rule that fails to evaluate as failed, with the error, never as passed', () => {
      expect(problems({}, ruled([{ rule: 'self.a == 1', message: 'm' }]))).to.deep.equal([': rule evaluation error: field not found: a (rule: self.a == 1)']);
      expect(problems({ a: 1 }, ruled([{ rule: 'self.a / 0 == 1', message: 'm' }]))).to.deep.equal([': rule evaluation error: int divide by zero (rule: self.a / 0 == 1)']);
    });

    it('counts a rule whose result is not true as failed', () => {
      expect(problems({ a: 2 }, ruled([{ rule: 'self.a' }]))).to.deep.equal([': failed rule: self.a']);
      expect(problems({ a: 2 }, ruled([{ rule: "'true'" }]))).to.deep.equal([": failed rule: 'true'"]);
    });

    it('reports every failed rule of a node, in order', () => {
      const schema = ruled([{ rule: 'self.a > 5', message: 'small' }, { rule: 'self.a < 10', message: 'ok' }, { rule: 'self.a % 2 == 1', message: 'even' }]);
      expect(problems({ a: 2 }, schema)).to.deep.equal([': small', ': even']);
    });
  });

  describe('messages', () => {
    it('takes messageExpression when it gives a text, else the message, else the rule', () => {
      const rule = 'self.a == 1';
      expect(problems({ a: 2 }, ruled([{ rule, messageExpression: "'a is ' + string(self.a)", message: 'fallback' }]))).to.deep.equal([': a is 2']);
      for (const messageExpression of ["''", '1', 'self.b', 'self.a ==', 'oldSelf.a']) {
        expect(problems({ a: 2 }, ruled([{ rule, messageExpression, message: 'fallback' }])), messageExpression).to.deep.equal([': fallback']);
      }
      expect(problems({ a: 2 }, ruled([{ rule, messageExpression: 'self.a ==' }]))).to.deep.equal([': failed rule: self.a == 1']);
      expect(problems({ a: 2 }, ruled([{ rule }]))).to.deep.equal([': failed rule: self.a == 1']);
      expect(problems({ a: 2 }, ruled([{ rule, message: '' }]))).to.deep.equal([': ']);
    });
  });

  describe('rules passed over', () => {
    it('passes over transition rules, rules calling functions the library lacks, and rules that do not parse', () => {
      const schema = ruled([{ rule: 'self.a == oldSelf.a' }, { rule: 'isURL(self.a)' }, { rule: 'url(self.a).getScheme() == "x"' }, { rule: 'self.a ==' }, { rule: 'self.a == 0', message: 'evaluated' }]);
      expect(problems({ a: 2 }, schema)).to.deep.equal([': evaluated']);
    });

    it('evaluates rules that use operators, macros and the string extensions', () => {
      const schema = ruled([{ rule: "self.names.all(n, n.startsWith('x')) && self.names.exists(n, n.lowerAscii() == 'xb') && !('y' in self.names)", message: 'names' }], {
        names: { type: 'array', items: { type: 'string' } },
      });
      expect(problems({ names: ['xa', 'xB'] }, schema)).to.deep.equal([]);
      expect(problems({ names: ['xa', 'y'] }, schema)).to.deep.equal([': names']);
    });
  });

  describe('the value a rule sees', () => {
    const types = "type(self.a) == int && type(self.b) == double && type(self.c) == int && type(self.d) == string && type(self.e) == bool";
    const typed = () => ruled([{ rule: types, message: 'types' }], {
      a: { type: 'integer' },
      b: { type: 'number' },
      c: { 'x-kubernetes-int-or-string': true },
      d: { 'x-kubernetes-int-or-string': true },
      e: { type: 'boolean' },
    });

    it('types integers as CEL ints, numbers as doubles, int-or-string as it is written', () => {
      expect(problems({ a: 2, b: 2, c: 3, d: 'x', e: true }, typed())).to.deep.equal([]);
      expect(problems({ a: 2, b: 2.5, c: 3, d: 'x', e: false }, typed())).to.deep.equal([]);
      expect(problems({ b: 2 }, ruled([{ rule: 'type(self.b) == int', message: 'b is no int' }], { b: { type: 'number' } }))).to.deep.equal([': b is no int']);
      expect(problems({ a: 2 }, ruled([{ rule: 'type(self.a) == double', message: 'a is no double' }]))).to.deep.equal([': a is no double']);
    });

    it('types the items of a list by the items’ schema', () => {
      const schema = ruled([{ rule: 'self.ports.all(p, type(p) == int) && self.ports[0] + 1 == 81', message: 'ints' }], { ports: { type: 'array', items: { type: 'integer' } } });
      expect(problems({ ports: [80, 443] }, schema)).to.deep.equal([]);
      const untyped = ruled([{ rule: 'self.ports.all(p, type(p) == double)', message: 'doubles' }], { ports: { type: 'array' } });
      expect(problems({ ports: [80] }, untyped)).to.deep.equal([]);
    });

    it('fills in the defaults of absent or null properties, and leaves out other nulls', () => {
      const schema = ruled([{ rule: "self.mode == 'Auto' && !has(self.note) && self.count == 3", message: 'defaults' }], {
        mode: { type: 'string', default: 'Auto' },
        count: { type: 'integer', default: 3 },
        note: { type: 'string' },
      });
      expect(problems({}, schema)).to.deep.equal([]);
      expect(problems({ mode: null, note: null }, schema)).to.deep.equal([]);
      expect(problems({ mode: 'Manual' }, schema)).to.deep.equal([': defaults']);
      expect(problems({ count: 4 }, schema)).to.deep.equal([': defaults']);
      expect(problems({ note: 'n' }, schema)).to.deep.equal([': defaults']);
    });

    it('escapes property names as the API server does, and keeps the keys of maps as written', () => {
      const properties = { namespace: { type: 'string' }, 'a-b': { type: 'integer' }, 'x.y': { type: 'integer' }, 'p/q': { type: 'integer' }, u__v: { type: 'integer' } };
      const rule = "self.__namespace__ == 'x' && self.a__dash__b == 1 && self.x__dot__y == 2 && self.p__slash__q == 3 && self.u__underscores__v == 4";
      expect(problems({ namespace: 'x', 'a-b': 1, 'x.y': 2, 'p/q': 3, u__v: 4 }, ruled([{ rule, message: 'escaped' }], properties))).to.deep.equal([]);
      expect(problems({ namespace: 'x', 'a-b': 1, 'x.y': 2, 'p/q': 3, u__v: 5 }, ruled([{ rule, message: 'escaped' }], properties))).to.deep.equal([': escaped']);
      const map = { type: 'object', properties: { m: { type: 'object', additionalProperties: { type: 'integer' }, 'x-kubernetes-validations': [{ rule: "type(self['a-b']) == int && self['a-b'] == 1", message: 'map' }] } } };
      expect(problems({ m: { 'a-b': 1 } }, map)).to.deep.equal([]);
      expect(problems({ m: { 'a-b': 2 } }, map)).to.deep.equal(['m: map']);
      const free = { type: 'object', properties: { m: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true, 'x-kubernetes-validations': [{ rule: "type(self['a-b']) == double && !has(self.gone)", message: 'free' }] } } };
      expect(problems({ m: { 'a-b': 1, gone: null } }, free)).to.deep.equal([]);
    });

    it('sees an unknown field by its name as written, beside the declared ones', () => {
      const schema = ruled([{ rule: "self['extra-field'] == 1 && self.a == 2", message: 'seen' }], { a: { type: 'integer' } }, { 'x-kubernetes-preserve-unknown-fields': true });
      expect(problems({ a: 2, 'extra-field': 1 }, schema)).to.deep.equal([]);
    });

    it('judges one value again under another schema with that schema’s types', () => {
      const value = { n: 1 };
      const asInt = ruled([{ rule: 'type(self.n) == int', message: 'not int' }], { n: { type: 'integer' } });
      const asDouble = ruled([{ rule: 'type(self.n) == double', message: 'not double' }], { n: { type: 'number' } });
      expect(problems(value, asInt)).to.deep.equal([]);
      expect(problems(value, asDouble)).to.deep.equal([]);
      expect(problems(value, asInt)).to.deep.equal([]);
    });
  });

  describe('the pinned CRDs’ rules', () => {
    it('evaluates 600 of their 609 rule occurrences, as docs/analysis.md says, and names why the 9 others are skipped', () => {
      const c = celCoverage();
      expect({ rules: c.rules, evaluated: c.evaluated, skipped: c.skipped, distinctSkipped: c.distinctSkipped }).to.deep.equal({ rules: 609, evaluated: 600, skipped: 9, distinctSkipped: 4 });
      expect(c.distinctRules).to.be.within(50, 609);
      expect(c.skippedRules.map((s) => s.occurrences).reduce((a, b) => a + b, 0)).to.equal(9);
      const transition = c.skippedRules.filter((s) => s.reason === 'transition rule: compares with the object already stored in the cluster');
      expect(transition.map((s) => [s.rule, s.occurrences])).to.deep.equal([['self == oldSelf', 3]]);
      const url = c.skippedRules.filter((s) => s.reason.startsWith('uses '));
      expect(url.map((s) => s.occurrences).reduce((a, b) => a + b, 0)).to.equal(6);
      expect(url.map((s) => s.reason).sort()).to.deep.equal([
        'uses getScheme(), url(), which the CEL library does not provide',
        'uses isURL(), getScheme(), url(), which the CEL library does not provide',
        'uses isURL(), getScheme(), url(), which the CEL library does not provide',
      ]);
    });

    it('reports a failing rule of a pinned CRD under IST0106, naming the field', () => {
      const vs = { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: 'web' }, spec: { hosts: ['web'], http: [{ timeout: '0.0001s', route: [{ destination: { host: 'web' } }] }] } };
      const findings = analyze([vs, { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { ports: [{ name: 'http', port: 80 }] } }]).filter((f) => f.code === 'IST0106');
      expect(findings.map((f) => f.field)).to.deep.equal([['spec', 'http', 0, 'timeout']]);
      expect(findings[0].message).to.match(/^Schema validation error: spec\.http\[0\]\.timeout: must be a valid duration greater than 1ms\. Fix the object to satisfy the Istio 1\.30\.3 CRD schema\.$/);
    });
  });
});

describe('which schema an object is validated against', () => {
  const named = (apiVersion: string, kind: string, spec?: Json) => ({ apiVersion, kind, metadata: { name: 'x' }, ...(spec ? { spec } : {}) });
  const messages = (...objects: unknown[]) => analyze(objects).map((f) => `${f.code} ${f.message}`);

  it('names the pinned CRD set of each API group in its messages', () => {
    const tail = (o: unknown) => messages(o).map((m) => m.replace(/^.*Fix the object to satisfy /, ''));
    expect(tail(named('security.istio.io/v1', 'PeerAuthentication', { bogus: 1 }))).to.deep.equal(['the Istio 1.30.3 CRD schema.']);
    expect(tail(named('telemetry.istio.io/v1', 'Telemetry', { bogus: 1 }))).to.deep.equal(['the Istio 1.30.3 CRD schema.']);
    expect(tail(named('gateway.networking.k8s.io/v1', 'GatewayClass', { controllerName: 'example.com/gw', bogus: 1 }))).to.deep.equal(['the Gateway API v1.6.1 CRD schema.']);
    expect(tail(named('argoproj.io/v1alpha1', 'AnalysisTemplate', { metrics: [], bogus: 1 })).slice(-1)).to.deep.equal(['the Argo Rollouts v1.9.1 CRD schema.']);
    expect(tail(named('flagger.app/v1beta1', 'MetricTemplate', { query: 'up', provider: { type: 'prometheus', address: 'http://p:9090' }, bogus: 1 })).slice(-1)).to.deep.equal(['the Flagger 1.44.0 CRD schema.']);
  });

  it('names the served versions of a pinned kind at another version', () => {
    expect(messages(named('networking.istio.io/v2', 'VirtualService'))).to.deep.equal([
      'IST0106 Schema validation error: apiVersion: apiVersion "networking.istio.io/v2" is not served for VirtualService; use networking.istio.io/v1 or networking.istio.io/v1alpha3 or networking.istio.io/v1beta1. Fix the object to satisfy the Istio 1.30.3 CRD schema.',
    ]);
  });

  it('rejects an unknown kind in a group the pinned CRDs own wholly, and lists the group’s kinds in order', () => {
    expect(messages(named('security.istio.io/v1', 'Policy'))).to.deep.equal([
      'IST0106 Schema validation error: kind: the API group security.istio.io has no kind "Policy"; it has AuthorizationPolicy, PeerAuthentication, RequestAuthentication. Fix the object to satisfy the Istio 1.30.3 CRD schema.',
    ]);
    expect(messages(named('networking.istio.io/v1', 'Route'))).to.deep.equal([
      'IST0106 Schema validation error: kind: the API group networking.istio.io has no kind "Route"; it has DestinationRule, EnvoyFilter, Gateway, ProxyConfig, ServiceEntry, Sidecar, VirtualService, WorkloadEntry, WorkloadGroup. Fix the object to satisfy the Istio 1.30.3 CRD schema.',
    ]);
  });

  it('leaves other kinds of a group it shares with unpinned projects (Argo CD in argoproj.io) unknown, not wrong', () => {
    const codes = analyze([named('argoproj.io/v1alpha1', 'Application', { anything: 1 })]).map((f) => f.code);
    expect(codes).to.deep.equal(['DAM0001']);
  });
});
