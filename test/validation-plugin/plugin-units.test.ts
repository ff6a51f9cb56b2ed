import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { constructPaths } from '../../constructs/validation-plugin/construct-paths.js';
import { readCoverage } from '../../constructs/validation-plugin/coverage.js';
import { InvalidPropertiesError, resolveProperties } from '../../constructs/validation-plugin/properties.js';

const problemsOf = (input: unknown): string[] => {
  try {
    resolveProperties(input);
  } catch (err) {
    expect(err).to.be.instanceOf(InvalidPropertiesError);
    expect((err as Error).name).to.equal('InvalidPropertiesError');
    return [...(err as InvalidPropertiesError).problems];
  }
  throw new Error('accepted');
};

describe('validation plugin: properties', () => {
  it('defaults: Error fails, Warning is reported, nothing suppressed, objects judged at synth skipped', () => {
    const defaults = { failureThreshold: 'Error', reportThreshold: 'Warning', suppress: [], defaultNamespace: undefined, rootNamespace: undefined, clusterDomain: undefined, skipAnalyzedAtSynth: true };
    expect(resolveProperties(undefined)).to.deep.equal(defaults);
    expect(resolveProperties(null)).to.deep.equal(defaults);
    expect(resolveProperties({})).to.deep.equal(defaults);
  });

  it('takes severities in any case, the namespaces and domain, and skipAnalyzedAtSynth false', () => {
    expect(resolveProperties({ failureThreshold: 'warning', reportThreshold: 'INFO', defaultNamespace: 'shop', rootNamespace: 'mesh', clusterDomain: 'corp.local', skipAnalyzedAtSynth: false })).to.deep.equal({
      failureThreshold: 'Warning', reportThreshold: 'Info', suppress: [], defaultNamespace: 'shop', rootNamespace: 'mesh', clusterDomain: 'corp.local', skipAnalyzedAtSynth: false,
    });
    expect(resolveProperties({ skipAnalyzedAtSynth: true }).skipAnalyzedAtSynth).to.equal(true);
  });

  it('reads suppressions given as strings and as mappings', () => {
    expect(resolveProperties({ suppress: ['IST0101', 'DAM0105=Service/shop/web', { code: '*', kind: 'Service' }, { code: 'IST0101', namespace: 'shop', name: 'w*' }] }).suppress).to.deep.equal([
      { code: 'IST0101' },
      { code: 'DAM0105', kind: 'Service', namespace: 'shop', name: 'web' },
      { code: '*', kind: 'Service' },
      { code: 'IST0101', namespace: 'shop', name: 'w*' },
    ]);
  });

  it('names each bad value', () => {
    expect(problemsOf({ reportThreshold: 3 })).to.deep.equal(['reportThreshold: got 3; expected one of Error, Warning, Info']);
    expect(problemsOf({ rootNamespace: 7, defaultNamespace: '' })).to.deep.equal(['defaultNamespace: got ""; expected a non-empty string', 'rootNamespace: got 7; expected a non-empty string']);
    expect(problemsOf('Error')).to.deep.equal(['properties: got "Error"; expected a mapping']);
    expect(problemsOf({ suppress: [5] })).to.deep.equal(['suppress[0]: got 5; expected a CODE=Kind/name string or a { code, kind, namespace, name } mapping']);
    const mapping = (item: unknown) => `suppress[0]: got ${JSON.stringify(item)}; expected { code, kind?, namespace?, name? } with a code like IST0101 or '*' and non-empty strings`;
    for (const item of [{ code: 'IST0101', colour: 'x' }, { code: 'IST0101', name: '' }, { code: 'nope' }, { code: 5 }, {}]) expect(problemsOf({ suppress: [item] }), JSON.stringify(item)).to.deep.equal([mapping(item)]);
    expect(problemsOf({ suppress: [['IST0101']] })).to.deep.equal(['suppress[0]: got ["IST0101"]; expected a CODE=Kind/name string or a { code, kind, namespace, name } mapping']);
    expect(problemsOf({ skipAnalyzedAtSynth: 'false' })).to.deep.equal(['skipAnalyzedAtSynth: got "false"; expected true or false']);
  });
});

describe('validation plugin: coverage file', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'dam-coverage-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads the objects, with a namespace only where one was set, and skips entries that are not objects', () => {
    const file = join(dir, 'c.json');
    writeFileSync(file, JSON.stringify({ version: 1, objects: [{ apiVersion: 'v1', kind: 'Service', name: 'web', namespace: 'shop' }, { apiVersion: 'v1', kind: 'Namespace', name: 'shop' }, 'x', { kind: 'Service', name: 'no-version' }] }));
    expect(readCoverage(file)).to.deep.equal([{ apiVersion: 'v1', kind: 'Service', name: 'web', namespace: 'shop' }, { apiVersion: 'v1', kind: 'Namespace', name: 'shop' }]);
  });

  it('names a file that is not a coverage file', () => {
    for (const content of [{ version: 2, objects: [] }, { version: 1 }, [1]]) {
      const file = join(dir, 'bad.json');
      writeFileSync(file, JSON.stringify(content));
      expect(() => readCoverage(file), JSON.stringify(content)).to.throw(`${file}: not a dog-app-mesh analysis coverage file (expected { "version": 1, "objects": [...] })`);
    }
  });
});

describe('validation plugin: construct paths', () => {
  const obj = (kind: string, name?: string) => ({ kind, metadata: name === undefined ? {} : { name } });

  it("gives an object the path cdk8s recorded for its name; of several objects with one name in one manifest, the last one's", () => {
    const svc = obj('Service', 'web');
    const dr = obj('DestinationRule', 'web');
    const ns = obj('Namespace', 'shop');
    const paths = constructPaths([{ object: ns, file: 'a.yaml' }, { object: svc, file: 'a.yaml' }, { object: dr, file: 'a.yaml' }, { object: obj('Service'), file: 'a.yaml' }], { web: { path: 'app/web/dr' }, shop: { path: 'app/ns' } });
    expect([...paths.entries()]).to.deep.equal([[ns, 'app/ns'], [dr, 'app/web/dr']]);
  });

  it('gives none when the objects of a name are in several manifests, or cdk8s recorded nothing for it', () => {
    const paths = constructPaths([{ object: obj('Service', 'web'), file: 'a.yaml' }, { object: obj('DestinationRule', 'web'), file: 'b.yaml' }, { object: obj('Service', 'toString'), file: 'a.yaml' }, { object: obj('Service', 'other'), file: 'a.yaml' }], { web: { path: 'p' }, other: undefined });
    expect(paths.size).to.equal(0);
  });
});
