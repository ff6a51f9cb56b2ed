import { expect } from 'chai';
import { parseSuppression, runAnalysis, SUPPRESS_ANNOTATION } from '../../constructs/analysis/index.js';

/** A VirtualService whose host has no Service: one IST0101 finding on `VirtualService <namespace>/<name>`. */
function dangling(name: string, namespace = 'default'): Record<string, unknown> {
  return {
    apiVersion: 'networking.istio.io/v1',
    kind: 'VirtualService',
    metadata: { name, namespace },
    spec: { hosts: ['api'], http: [{ route: [{ destination: { host: 'api' } }] }] },
  };
}

/** Names of the objects whose findings `--suppress <text>` silences, among VirtualServices with these names. */
function silencedBy(text: string, names: string[], namespace = 'default'): string[] {
  const report = runAnalysis(names.map((n) => dangling(n, namespace)), { suppress: [parseSuppression(text)] });
  return report.suppressed.map((f) => f.object.name);
}

describe('analysis suppressions (--suppress CODE=Kind/[namespace/]name)', () => {
  it('reads a code, a kind and a name, trimming spaces around the code and the target', () => {
    expect(parseSuppression('IST0101')).to.deep.equal({ code: 'IST0101' });
    expect(parseSuppression(' IST0101 = VirtualService/api ')).to.deep.equal({ code: 'IST0101', kind: 'VirtualService', namespace: '*', name: 'api' });
    expect(parseSuppression('DAM0104=DestinationRule/shop/web')).to.deep.equal({ code: 'DAM0104', kind: 'DestinationRule', namespace: 'shop', name: 'web' });
    expect(silencedBy(' IST0101 = VirtualService/api ', ['api', 'other'])).to.deep.equal(['api']);
  });

  for (const [text, why] of [
    ['IST0101x', "'IST0101x' is not a code like IST0101"],
    ['xIST0101', "'xIST0101' is not a code like IST0101"],
    ['=VirtualService/api', "'' is not a code like IST0101"],
    ['IST0101=', 'expected CODE=Kind/name or CODE=Kind/namespace/name'],
    ['IST0101=VirtualService', 'expected CODE=Kind/name or CODE=Kind/namespace/name'],
    ['IST0101=VirtualService//api', 'expected CODE=Kind/name or CODE=Kind/namespace/name'],
    ['IST0101=a/b/c/d', 'expected CODE=Kind/name or CODE=Kind/namespace/name'],
  ] as const) {
    it(`rejects '${text}': ${why}`, () => {
      expect(() => parseSuppression(text)).to.throw(`invalid suppression '${text}'`);
      expect(() => parseSuppression(text)).to.throw(why);
    });
  }

  it('matches names, kinds and namespaces exactly unless they use *', () => {
    expect(silencedBy('IST0101=VirtualService/ap', ['api', 'ap'])).to.deep.equal(['ap']);
    expect(silencedBy('IST0101=Virtual/api', ['api'])).to.deep.equal([]);
    expect(silencedBy('IST0101=*/api', ['api', 'web'])).to.deep.equal(['api']);
    expect(silencedBy('IST0101=VirtualService/*', ['api', 'web'])).to.deep.equal(['api', 'web']);
    expect(silencedBy('IST0101=VirtualService/shop/*', ['api'], 'shop')).to.deep.equal(['api']);
    expect(silencedBy('IST0101=VirtualService/shop/*', ['api'], 'billing')).to.deep.equal([]);
    expect(silencedBy('IST0102', ['api'])).to.deep.equal([]);
  });

  it('never matches a namespace pattern against a cluster-scoped object', () => {
    const ns = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', labels: { 'istio-injection': 'enabled', 'istio.io/rev': 'canary' } } };
    const [finding] = runAnalysis([ns]).findings;
    expect(finding?.object).to.deep.include({ kind: 'Namespace', name: 'shop' });
    expect(finding.object.namespace).to.equal(undefined);
    const suppressed = (text: string) => runAnalysis([ns], { suppress: [parseSuppression(text)] }).suppressed.length;
    expect(suppressed(`${finding.code}=Namespace/default/shop`)).to.equal(0);
    expect(suppressed(`${finding.code}=Namespace/*/shop`)).to.equal(1);
    expect(suppressed(`${finding.code}=Namespace/shop`)).to.equal(1);
  });

  it('reads * in a pattern as "any characters" and every other character literally', () => {
    expect(silencedBy('IST0101=VirtualService/api-*', ['api-v1', 'api-v2', 'apiv1', 'web-api-v1'])).to.deep.equal(['api-v1', 'api-v2']);
    expect(silencedBy('IST0101=VirtualService/*-canary', ['web-canary', 'web-canary-2'])).to.deep.equal(['web-canary']);
    expect(silencedBy('IST0101=VirtualService/a.b*', ['a.bc', 'axbc'])).to.deep.equal(['a.bc']);
    expect(silencedBy('IST0101=VirtualService/x*', ['api'])).to.deep.equal([]);
  });

  it(`reads ${SUPPRESS_ANNOTATION} as a comma-separated list of codes, spaces allowed`, () => {
    const vs = dangling('api');
    (vs.metadata as { annotations?: Record<string, string> }).annotations = { [SUPPRESS_ANNOTATION]: 'IST0118 ,IST0101' };
    expect(runAnalysis([vs]).suppressed.map((f) => f.code)).to.deep.equal(['IST0101']);
    (vs.metadata as { annotations?: Record<string, string> }).annotations = { [SUPPRESS_ANNOTATION]: 'IST0118' };
    expect(runAnalysis([vs]).findings.map((f) => f.code)).to.deep.equal(['IST0101']);
  });
});
