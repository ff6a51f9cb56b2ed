import { expect } from 'chai';
import { countBySeverity, formatField, formatFinding, formatText, reachesThreshold, severityRank, type Finding } from '../../constructs/analysis/index.js';
import { formatObject } from '../../constructs/analysis/format.js';
import { hostCovers, hostsOverlap, toFqdn, visibleFrom } from '../../constructs/analysis/hosts.js';
import { array, canonicalJson, formatLabels, num, record, records, str, stringMap } from '../../constructs/analysis/json.js';

const finding = (severity: Finding['severity'], code: string, extra: Partial<Finding> = {}): Finding => ({
  code,
  severity,
  object: { apiVersion: 'v1', kind: 'Service', name: 'api', namespace: 'shop' },
  message: `${code} message`,
  ...extra,
});

describe('analysis output', () => {
  describe('formatField', () => {
    it('joins names with dots, indexes in brackets, and quotes keys that are not plain names', () => {
      expect(formatField(['spec', 'http', 0, 'route', 1, 'destination'])).to.equal('spec.http[0].route[1].destination');
      expect(formatField(['metadata', 'labels', 'app.kubernetes.io/name'])).to.equal('metadata.labels["app.kubernetes.io/name"]');
      expect(formatField(['data', 'my-key', '$ref', '_x'])).to.equal('data.my-key.$ref._x');
      expect(formatField(['data', '1st', 'a b', ''])).to.equal('data["1st"]["a b"][""]');
      expect(formatField([0, 'a'])).to.equal('[0].a');
      expect(formatField(['-a'])).to.equal('["-a"]');
      expect(formatField(['a-'])).to.equal('a-');
      expect(formatField([])).to.equal('');
    });
  });

  describe('formatObject and formatFinding', () => {
    it('names an object by kind and namespace/name, standing in for a missing kind or name', () => {
      expect(formatObject({ apiVersion: 'v1', kind: 'Service', name: 'api', namespace: 'shop' })).to.equal('Service shop/api');
      expect(formatObject({ apiVersion: 'v1', kind: 'Namespace', name: 'shop' })).to.equal('Namespace shop');
      expect(formatObject({ apiVersion: '', kind: '', name: '', namespace: 'default' })).to.equal('(no kind) default/(no name)');
    });

    it('prints a finding as istioctl does, with the file, line and construct path it has', () => {
      expect(formatFinding(finding('Error', 'IST0101'))).to.equal('Error [IST0101] (Service shop/api) IST0101 message');
      expect(formatFinding(finding('Warning', 'IST0101', { file: 'a.yaml', line: 3 }))).to.equal('Warning [IST0101] (Service shop/api a.yaml:3) IST0101 message');
      expect(formatFinding(finding('Info', 'IST0101', { file: 'a.yaml' }))).to.equal('Info [IST0101] (Service shop/api a.yaml) IST0101 message');
      expect(formatFinding(finding('Info', 'IST0101', { line: 3 }))).to.equal('Info [IST0101] (Service shop/api) IST0101 message');
      expect(formatFinding(finding('Error', 'IST0101', { path: 'app/chart/api' }))).to.equal('Error [IST0101] (Service shop/api at app/chart/api) IST0101 message');
      expect(formatFinding(finding('Error', 'IST0101', { path: '' }))).to.equal('Error [IST0101] (Service shop/api at ) IST0101 message');
    });
  });

  describe('formatText', () => {
    it('groups findings by severity, errors first, with a blank line between groups and a summary', () => {
      const text = formatText([finding('Info', 'IST0118'), finding('Error', 'IST0101'), finding('Warning', 'IST0132'), finding('Error', 'IST0106')], { objects: 1, files: 1, suppressed: 2 });
      expect(text).to.equal(
        [
          'Error [IST0101] (Service shop/api) IST0101 message',
          'Error [IST0106] (Service shop/api) IST0106 message',
          '',
          'Warning [IST0132] (Service shop/api) IST0132 message',
          '',
          'Info [IST0118] (Service shop/api) IST0118 message',
          '',
          '2 errors, 1 warning, 1 info in 1 object from 1 file (2 suppressed).',
          '',
        ].join('\n'),
      );
    });

    it('leaves out empty groups, the file count when not given, and the suppressed count when zero', () => {
      expect(formatText([finding('Warning', 'IST0132'), finding('Warning', 'IST0133')], { objects: 2, suppressed: 0 })).to.equal(
        'Warning [IST0132] (Service shop/api) IST0132 message\nWarning [IST0133] (Service shop/api) IST0133 message\n\n0 errors, 2 warnings, 0 info in 2 objects.\n',
      );
      expect(formatText([finding('Info', 'IST0118')], { objects: 0, files: 0 })).to.equal('Info [IST0118] (Service shop/api) IST0118 message\n\n0 errors, 0 warnings, 1 info in 0 objects from 0 files.\n');
    });

    it('says so when there is nothing to report', () => {
      expect(formatText([], { objects: 1 })).to.equal('✔ No validation issues found when analyzing 1 object.\n');
      expect(formatText([], { objects: 2, files: 1, suppressed: 3 })).to.equal('✔ No validation issues found when analyzing 2 objects from 1 file (3 suppressed).\n');
    });
  });

  describe('severities', () => {
    it('ranks Error over Warning over Info', () => {
      expect(['Error', 'Warning', 'Info'].map((s) => severityRank(s as Finding['severity']))).to.deep.equal([3, 2, 1]);
    });

    it('counts findings by severity', () => {
      expect(countBySeverity([finding('Error', 'A'), finding('Info', 'B'), finding('Error', 'C')])).to.deep.equal({ Error: 2, Warning: 0, Info: 1 });
      expect(countBySeverity([])).to.deep.equal({ Error: 0, Warning: 0, Info: 0 });
    });

    it('tells whether a finding reaches a threshold, the threshold itself included', () => {
      const warnings = [finding('Info', 'A'), finding('Warning', 'B')];
      expect(reachesThreshold(warnings, 'Warning')).to.equal(true);
      expect(reachesThreshold(warnings, 'Error')).to.equal(false);
      expect(reachesThreshold(warnings, 'Info')).to.equal(true);
      expect(reachesThreshold([], 'Info')).to.equal(false);
    });
  });
});

describe('host names', () => {
  it('qualifies short names in the namespace and keeps names with a dot and "*"', () => {
    expect(toFqdn('reviews', 'shop', 'cluster.local')).to.equal('reviews.shop.svc.cluster.local');
    expect(toFqdn('reviews.other', 'shop', 'cluster.local')).to.equal('reviews.other');
    expect(toFqdn('*', 'shop', 'cluster.local')).to.equal('*');
    expect(toFqdn('*x', 'shop', 'corp')).to.equal('*x.shop.svc.corp');
  });

  it('covers a host with "*", a "*." suffix longer than nothing, or the same name', () => {
    expect(hostCovers('*', 'anything.example.com')).to.equal(true);
    expect(hostCovers('*.example.com', 'api.example.com')).to.equal(true);
    expect(hostCovers('*.example.com', '.example.com')).to.equal(false);
    expect(hostCovers('*.example.com', 'example.com')).to.equal(false);
    expect(hostCovers('*.example.com', 'api.example.org')).to.equal(false);
    expect(hostCovers('*.example.com', '*.api.example.com')).to.equal(true);
    expect(hostCovers('*.example.com', '*.example.com')).to.equal(true);
    expect(hostCovers('*.api.example.com', '*.example.com')).to.equal(false);
    expect(hostCovers('api.example.com', 'api.example.com')).to.equal(true);
    expect(hostCovers('api.example.com', '*.example.com')).to.equal(false);
    expect(hostCovers('api.example.com', 'xapi.example.com')).to.equal(false);
    // an empty name (what a Gateway host `shop/` leaves after its namespace): "*" covers it, it covers nothing else
    expect(hostCovers('*', '')).to.equal(true);
    expect(hostCovers('', 'api.example.com')).to.equal(false);
  });

  it('makes two names overlap when either covers the other', () => {
    expect(hostsOverlap('*.example.com', 'api.example.com')).to.equal(true);
    expect(hostsOverlap('api.example.com', '*.example.com')).to.equal(true);
    expect(hostsOverlap('api.example.com', 'web.example.com')).to.equal(false);
  });

  it('reads exportTo: everywhere by default or with "*", its own namespace with ".", listed namespaces, nowhere with "~"', () => {
    expect(visibleFrom(undefined, 'a', 'b')).to.equal(true);
    expect(visibleFrom([], 'a', 'b')).to.equal(true);
    expect(visibleFrom(['*'], 'a', 'b')).to.equal(true);
    expect(visibleFrom(['.'], 'a', 'a')).to.equal(true);
    expect(visibleFrom(['.'], 'a', 'b')).to.equal(false);
    expect(visibleFrom(['b'], 'a', 'b')).to.equal(true);
    expect(visibleFrom(['c', '.'], 'a', 'b')).to.equal(false);
    expect(visibleFrom(['b', 'c'], 'a', 'b')).to.equal(true);
    expect(visibleFrom(['~'], 'a', 'a')).to.equal(false);
  });
});

describe('manifest readers', () => {
  it('return the value when it has the wanted shape, a safe fallback otherwise', () => {
    expect(record({ a: 1 })).to.deep.equal({ a: 1 });
    expect([record([1]), record(null), record('x')]).to.deep.equal([{}, {}, {}]);
    expect(array([1])).to.deep.equal([1]);
    expect(array({ 0: 1 })).to.deep.equal([]);
    expect(records([{ a: 1 }, null, [2], 'x', { b: 2 }])).to.deep.equal([{ a: 1 }, { b: 2 }]);
    expect([str('x'), str(1)]).to.deep.equal(['x', undefined]);
    expect([num(1.5), num('1'), num(Infinity), num(NaN)]).to.deep.equal([1.5, undefined, undefined, undefined]);
    expect(stringMap({ a: 'x', b: 1, c: null })).to.deep.equal({ a: 'x' });
    expect(stringMap(['x'])).to.deep.equal({});
  });

  it('writes JSON with sorted keys and without undefined values, to compare structures', () => {
    expect(canonicalJson({ b: [1, { d: 1, c: undefined, a: 'x' }], a: null })).to.equal('{"a":null,"b":[1,{"a":"x","d":1}]}');
    expect(canonicalJson(undefined)).to.equal('null');
    expect(canonicalJson([undefined])).to.equal('[null]');
    expect(canonicalJson('a"b')).to.equal('"a\\"b"');
  });

  it('prints labels as a=1,b=2', () => {
    expect(formatLabels({ app: 'web', version: 'v1' })).to.equal('app=web,version=v1');
    expect(formatLabels({})).to.equal('');
  });
});
