import { expect } from 'chai';
import { analyze, runAnalysis, type Check, type CheckContext, type ObjectSource, type ReportOptions, type Severity } from '../../constructs/analysis/index.js';

type Json = Record<string, unknown>;

const configMap = (name: string, extra: Json = {}) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, ...extra } });

/** A check that reports what `reports` says for every object, in input order. */
function reporting(code: string, severity: Severity, reports: (name: string) => { message: string; options?: ReportOptions }[]): Check {
  return {
    code,
    severity,
    title: `Check${code}`,
    description: 'reports what the test says',
    run({ index, report }: CheckContext) {
      for (const o of index.objects) for (const r of reports(o.name)) report(o, r.message, r.options);
    },
  };
}

const once = (code: string, severity: Severity = 'Warning', options?: ReportOptions) => reporting(code, severity, (name) => [{ message: `about ${name}`, options }]);

describe('analysis engine: findings as the checks report them', () => {
  it('gives a finding the check’s code and severity, the object, and no field, file or line it does not have', () => {
    const [f] = analyze([configMap('a', { namespace: 'shop' })], { checks: [once('DAM9001')] });
    expect(f).to.deep.equal({ code: 'DAM9001', severity: 'Warning', object: { apiVersion: 'v1', kind: 'ConfigMap', name: 'a', namespace: 'shop' }, message: 'about a' });
  });

  it('takes a severity a report gives over the check’s own, and a field when it has one', () => {
    const [f] = analyze([configMap('a')], { checks: [once('DAM9001', 'Warning', { severity: 'Info', field: ['data', 'x'] })] });
    expect(f).to.deep.include({ severity: 'Info', field: ['data', 'x'] });
    const [g] = analyze([configMap('a')], { checks: [once('DAM9001', 'Warning', { field: [] })] });
    expect(g).not.to.have.property('field');
  });

  it('copies the source: path and file, the line of the field when the source knows it, else the object’s line', () => {
    const objects = [configMap('a'), configMap('b'), configMap('c'), configMap('d')];
    const sources = new Map<object, ObjectSource>([
      [objects[0], { file: 'a.yaml', line: 4, lineOf: (field) => (field[0] === 'data' ? 9 : undefined) }],
      [objects[1], { file: 'b.yaml', line: 5, lineOf: () => undefined }],
      [objects[2], { path: 'app/chart/c' }],
      [objects[3], { file: 'd.yaml', lineOf: () => 7 }],
    ]);
    const check = reporting('DAM9001', 'Warning', () => [{ message: 'with field', options: { field: ['data'] } }, { message: 'without' }]);
    const found = analyze(objects, { sources, checks: [check] }).map((f) => [f.object.name, f.message, f.file, f.line, f.path]);
    expect(found).to.deep.equal([
      ['a', 'with field', 'a.yaml', 9, undefined],
      ['a', 'without', 'a.yaml', 4, undefined],
      ['b', 'with field', 'b.yaml', 5, undefined],
      ['b', 'without', 'b.yaml', 5, undefined],
      ['c', 'with field', undefined, undefined, 'app/chart/c'],
      ['c', 'without', undefined, undefined, 'app/chart/c'],
      ['d', 'with field', 'd.yaml', 7, undefined],
      ['d', 'without', 'd.yaml', undefined, undefined],
    ]);
    const keys = analyze([objects[2]], { sources, checks: [once('DAM9001')] }).map((f) => Object.keys(f).sort());
    expect(keys).to.deep.equal([['code', 'message', 'object', 'path', 'severity']]);
  });

  it('reports the same finding once, but the same message about another field or object again', () => {
    const check = reporting('DAM9001', 'Warning', () => [
      { message: 'm', options: { field: ['a'] } },
      { message: 'm', options: { field: ['a'] } },
      { message: 'm', options: { field: ['b'] } },
      { message: 'm' },
      { message: 'm' },
      { message: 'n' },
    ]);
    const found = analyze([configMap('x'), configMap('y')], { checks: [check] }).map((f) => `${f.object.name} ${f.message} ${f.field?.join('.') ?? '-'}`);
    expect(found).to.deep.equal(['x m a', 'x m b', 'x m -', 'x n -', 'y m a', 'y m b', 'y m -', 'y n -']);
    // a report without a field and one at the object's root (field []) are the same finding
    const root = reporting('DAM9001', 'Warning', () => [{ message: 'm' }, { message: 'm', options: { field: [] } }]);
    expect(analyze([configMap('x')], { checks: [root] })).to.have.lengthOf(1);
    const two = analyze([configMap('x')], { checks: [once('DAM9001'), once('DAM9002')] }).map((f) => f.code);
    expect(two).to.deep.equal(['DAM9001', 'DAM9002']);
  });

  it('orders findings by severity, then input order, then code', () => {
    const checks = [once('DAM9003', 'Info'), once('DAM9002', 'Warning'), once('DAM9001', 'Warning'), once('DAM9004', 'Error')];
    const found = analyze([configMap('a'), configMap('b')], { checks }).map((f) => `${f.severity} ${f.object.name} ${f.code}`);
    expect(found).to.deep.equal([
      'Error a DAM9004',
      'Error b DAM9004',
      'Warning a DAM9001',
      'Warning a DAM9002',
      'Warning b DAM9001',
      'Warning b DAM9002',
      'Info a DAM9003',
      'Info b DAM9003',
    ]);
  });

  it('reports a failed check as an internal error first among the errors, whatever it threw, and runs the others', () => {
    const throwing = (code: string, thrown: unknown): Check => ({ code, severity: 'Info', title: `Broken${code}`, description: 'throws', run: () => { throw thrown; } });
    const found = analyze([configMap('a')], { checks: [once('DAM9001', 'Error'), throwing('DAM9998', 'plain text'), throwing('DAM9999', new Error('boom'))] });
    expect(found.map((f) => `${f.severity} ${f.code} ${f.object.kind}/${f.object.name}`)).to.deep.equal(['Error IST0001 Analysis/DAM9998', 'Error IST0001 Analysis/DAM9999', 'Error DAM9001 ConfigMap/a']);
    expect(found[0].message).to.equal(
      'Internal error: check DAM9998 (BrokenDAM9998) failed: plain text. This is a bug in the analysis; please report it with the objects analyzed.',
    );
    expect(found[1].message).to.match(/^Internal error: check DAM9999 \(BrokenDAM9999\) failed: boom\. /);
    expect(found[0].object).to.deep.equal({ apiVersion: '', kind: 'Analysis', name: 'DAM9998' });
  });

  it('runs every check when none are named', () => {
    const codes = new Set(analyze([{ apiVersion: 'v1', kind: 'Service', metadata: { name: 'Bad_Name' }, spec: { selector: { app: 'nothing' }, ports: [{ name: 'web', port: 80 }] } }]).map((f) => f.code));
    expect([...codes].sort()).to.deep.equal(['DAM0105', 'IST0106', 'IST0118']);
  });
});

describe('analysis engine: objects and suppressions', () => {
  it('counts the items of every List kind and leaves other objects with items whole', () => {
    const report = runAnalysis([
      { apiVersion: 'v1', kind: 'List', items: [configMap('a'), configMap('b')] },
      { apiVersion: 'v1', kind: 'ConfigMapList', items: [configMap('c')] },
      { apiVersion: 'v1', kind: 'List', items: 'none' },
      { apiVersion: 'example.com/v1', kind: 'Shelf', metadata: { name: 's' }, items: [configMap('d')] },
    ], { checks: [once('DAM9001')] });
    expect(report.objects).to.equal(5);
    expect(report.findings.map((f) => `${f.object.kind} ${f.object.name}`)).to.deep.equal(['ConfigMap a', 'ConfigMap b', 'ConfigMap c', 'List ', 'Shelf s']);
  });

  it('gives the items of a List the List’s source unless they have their own, also through nested Lists', () => {
    const own = configMap('own');
    const inner = { apiVersion: 'v1', kind: 'List', items: [configMap('deep')] };
    const list = { apiVersion: 'v1', kind: 'List', items: [configMap('inherits'), own, inner] };
    const sources = new Map<object, ObjectSource>([[list, { file: 'list.yaml', line: 1 }], [own, { file: 'own.yaml', line: 2 }]]);
    const found = analyze([list, configMap('alone')], { sources, checks: [once('DAM9001')] }).map((f) => `${f.object.name} ${f.file ?? '-'}:${f.line ?? '-'}`);
    expect(found).to.deep.equal(['inherits list.yaml:1', 'own own.yaml:2', 'deep list.yaml:1', 'alone -:-']);
  });

  it('analyzes values that are not objects as empty objects', () => {
    const found = analyze(['text', 7, null, [configMap('in-array')]], { checks: [once('DAM9001')] });
    expect(found.map((f) => f.object)).to.deep.equal(Array(4).fill({ apiVersion: '', kind: '', name: '', namespace: 'default' }));
  });

  it('puts namespaced objects without a namespace in "default" unless told another', () => {
    expect(analyze([configMap('a')], { checks: [once('DAM9001')] })[0].object.namespace).to.equal('default');
    expect(analyze([configMap('a')], { checks: [once('DAM9001')], defaultNamespace: 'shop' })[0].object.namespace).to.equal('shop');
  });

  it('silences the codes an object’s annotation names, or all of them with "*", and only on that object', () => {
    const annotated = (name: string, value: string) => configMap(name, { annotations: { 'galley.istio.io/analyze-suppress': value } });
    const checks = [once('DAM9001'), once('DAM9002')];
    const report = runAnalysis([annotated('one', 'DAM9001'), annotated('all', '*'), annotated('other', 'DAM9003, ,'), configMap('none')], { checks });
    expect(report.findings.map((f) => `${f.object.name} ${f.code}`)).to.deep.equal(['one DAM9002', 'other DAM9001', 'other DAM9002', 'none DAM9001', 'none DAM9002']);
    expect(report.suppressed.map((f) => `${f.object.name} ${f.code}`)).to.deep.equal(['one DAM9001', 'all DAM9001', 'all DAM9002']);
  });

  it('silences findings a suppression matches and keeps them among the suppressed', () => {
    const checks = [once('DAM9001'), once('DAM9002')];
    const report = runAnalysis([configMap('a'), configMap('b')], { checks, suppress: [{ code: 'DAM9001', name: 'a' }, { code: '*', kind: 'ConfigMap', name: 'b' }] });
    expect(report.findings.map((f) => `${f.object.name} ${f.code}`)).to.deep.equal(['a DAM9002']);
    expect(report.suppressed.map((f) => `${f.object.name} ${f.code}`)).to.deep.equal(['a DAM9001', 'b DAM9001', 'b DAM9002']);
  });

  it('never lets an annotation silence an internal error', () => {
    const broken: Check = { code: 'DAM9999', severity: 'Error', title: 'Broken', description: 'throws', run: () => { throw new Error('boom'); } };
    const report = runAnalysis([configMap('a', { annotations: { 'galley.istio.io/analyze-suppress': '*' } })], { checks: [broken] });
    expect(report.findings.map((f) => f.code)).to.deep.equal(['IST0001']);
    expect(runAnalysis([configMap('a')], { checks: [broken], suppress: [{ code: 'IST0001' }] }).findings).to.deep.equal([]);
  });
});
