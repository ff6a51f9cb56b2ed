import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiObject, Chart, JsonPatch, Testing } from 'cdk8s';
import { expect } from 'chai';
import { stringify } from 'yaml';
import { analyzeCommand } from '../../cli/analyze.js';
import { analyze, formatFinding, parseSuppression, runAnalysis, SUPPRESS_ANNOTATION } from '../../constructs/analysis/index.js';
import { DogAppMesh } from '../../constructs/index.js';

type Manifest = Record<string, unknown> & { kind: string; metadata: { name: string; namespace?: string; annotations?: Record<string, string> } };

const NS = 'shop';

/** A workload `web` (pods app=web, version=v1) behind Service `web` 80 → 8080, in namespace shop. */
function web(): Manifest[] {
  return [
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web-v1', namespace: NS },
      spec: {
        selector: { matchLabels: { app: 'web', version: 'v1' } },
        template: {
          metadata: { labels: { app: 'web', version: 'v1' } },
          spec: { containers: [{ name: 'web', image: 'web:1', ports: [{ containerPort: 8080, name: 'http' }] }] },
        },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web', namespace: NS },
      spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 8080 }] },
    },
  ];
}

function peerAuthentication(name: string, namespace: string, spec: Record<string, unknown>): Manifest {
  return { apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name, namespace }, spec };
}

const selectingWeb = { selector: { matchLabels: { app: 'web' } } };

/** A DestinationRule sending plaintext to web: it fails exactly when web's pods require STRICT mTLS. */
function plaintextTo(trafficPolicy: Record<string, unknown> = { tls: { mode: 'DISABLE' } }): Manifest {
  return { apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: { name: 'web', namespace: NS }, spec: { host: 'web', trafficPolicy } };
}

const conflicts = (objects: Manifest[]) => analyze(objects).filter((f) => f.code === 'DAM0104');

describe('analysis: which PeerAuthentication governs a workload (workload, then namespace, then mesh)', () => {
  it('a STRICT workload policy wins over a PERMISSIVE namespace policy: plaintext to it is reported', () => {
    const found = conflicts([
      ...web(),
      peerAuthentication('namespace-wide', NS, { mtls: { mode: 'PERMISSIVE' } }),
      peerAuthentication('web-strict', NS, { ...selectingWeb, mtls: { mode: 'STRICT' } }),
      plaintextTo(),
    ]);
    expect(found.map(formatFinding)).to.have.lengthOf(1);
    expect(found[0].message).to.include(`PeerAuthentication ${NS}/web-strict requires STRICT mTLS`);
    expect(found[0].object).to.include({ kind: 'DestinationRule', name: 'web' });
  });

  it('a PERMISSIVE workload policy wins over a STRICT namespace policy: no false conflict', () => {
    expect(
      conflicts([
        ...web(),
        peerAuthentication('web-permissive', NS, { ...selectingWeb, mtls: { mode: 'PERMISSIVE' } }),
        peerAuthentication('namespace-wide', NS, { mtls: { mode: 'STRICT' } }),
        plaintextTo(),
      ]),
    ).to.deep.equal([]);
  });

  it('the namespace policy wins over the mesh-wide one in the root namespace, both ways', () => {
    const meshStrict = peerAuthentication('default', 'istio-system', { mtls: { mode: 'STRICT' } });
    const meshPermissive = peerAuthentication('default', 'istio-system', { mtls: { mode: 'PERMISSIVE' } });
    expect(conflicts([...web(), meshStrict, peerAuthentication('ns', NS, { mtls: { mode: 'PERMISSIVE' } }), plaintextTo()])).to.deep.equal([]);
    const strictNs = conflicts([...web(), meshPermissive, peerAuthentication('ns', NS, { mtls: { mode: 'STRICT' } }), plaintextTo()]);
    expect(strictNs[0]?.message).to.include(`PeerAuthentication ${NS}/ns requires STRICT`);
    const meshOnly = conflicts([...web(), meshStrict, plaintextTo()]);
    expect(meshOnly[0]?.message).to.include('PeerAuthentication istio-system/default requires STRICT');
  });

  it('UNSET inherits: a workload policy without a mode leaves the namespace STRICT in force', () => {
    const found = conflicts([
      ...web(),
      peerAuthentication('web-unset', NS, { ...selectingWeb, mtls: { mode: 'UNSET' } }),
      peerAuthentication('ns', NS, { mtls: { mode: 'STRICT' } }),
      plaintextTo(),
    ]);
    expect(found[0]?.message).to.include(`PeerAuthentication ${NS}/ns requires STRICT`);
  });

  it('a policy selecting other pods, or in another namespace, does not govern the workload', () => {
    expect(conflicts([...web(), peerAuthentication('other', NS, { selector: { matchLabels: { app: 'other' } }, mtls: { mode: 'STRICT' } }), plaintextTo()])).to.deep.equal([]);
    expect(conflicts([...web(), peerAuthentication('elsewhere', 'billing', { mtls: { mode: 'STRICT' } }), plaintextTo()])).to.deep.equal([]);
    const otherVersion = peerAuthentication('v2-only', NS, { selector: { matchLabels: { app: 'web', version: 'v2' } }, mtls: { mode: 'STRICT' } });
    expect(conflicts([...web(), otherVersion, plaintextTo()]), 'a selector matches only pods with all of its labels').to.deep.equal([]);
    const otherPodsInRoot = peerAuthentication('gateways', 'istio-system', { selector: { matchLabels: { app: 'other' } }, mtls: { mode: 'STRICT' } });
    expect(conflicts([...web(), otherPodsInRoot, plaintextTo()]), 'a selecting policy in the root namespace is not mesh-wide').to.deep.equal([]);
  });

  it('ignores port-level modes of a policy without a selector, as Istio does', () => {
    const portPlaintext = plaintextTo({ portLevelSettings: [{ port: { number: 80 }, tls: { mode: 'DISABLE' } }] });
    const namespaceWide = peerAuthentication('ns', NS, { mtls: { mode: 'STRICT' }, portLevelMtls: { 8080: { mode: 'PERMISSIVE' } } });
    expect(conflicts([...web(), namespaceWide, portPlaintext])[0]?.message).to.include(`PeerAuthentication ${NS}/ns requires STRICT`);
  });

  it("a workload policy's port-level mode applies to the pod port the DestinationRule's port reaches", () => {
    const portPlaintext = plaintextTo({ portLevelSettings: [{ port: { number: 80 }, tls: { mode: 'DISABLE' } }] });
    const strictOnAppPort = peerAuthentication('web', NS, { ...selectingWeb, mtls: { mode: 'PERMISSIVE' }, portLevelMtls: { 8080: { mode: 'STRICT' } } });
    const found = conflicts([...web(), strictOnAppPort, portPlaintext]);
    expect(found[0]?.message).to.include('port 80');
    const permissiveOnAppPort = peerAuthentication('web', NS, { ...selectingWeb, mtls: { mode: 'STRICT' }, portLevelMtls: { 8080: { mode: 'PERMISSIVE' } } });
    expect(conflicts([...web(), permissiveOnAppPort, portPlaintext])).to.deep.equal([]);
  });
});

/** A VirtualService for web with one route rule whose timeout is `timeout`. */
function routeWithTimeout(timeout: string): Manifest {
  return {
    apiVersion: 'networking.istio.io/v1',
    kind: 'VirtualService',
    metadata: { name: 'web', namespace: NS },
    spec: { hosts: ['web'], http: [{ timeout, route: [{ destination: { host: 'web' } }] }] },
  };
}

describe('analysis: a CRD validation rule that cannot even evaluate is a failed rule', () => {
  it("reports `timeout: 10 seconds` (the CRD's duration() rule errors on it), and passes `10s`", () => {
    const findings = analyze([...web(), routeWithTimeout('10 seconds')]);
    expect(findings.map((f) => `${f.code} ${f.object.kind}/${f.object.name}`)).to.deep.equal(['IST0106 VirtualService/web']);
    expect(findings[0]).to.deep.include({ severity: 'Error', field: ['spec', 'http', 0, 'timeout'] });
    expect(findings[0].message).to.match(/spec\.http\[0\]\.timeout: rule evaluation error: .*duration/);
    expect(analyze([...web(), routeWithTimeout('10s')])).to.deep.equal([]);
  });

  it('fails `dog-app-mesh analyze` on it with exit 1, and passes `10s` with exit 0', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dog-app-mesh-cel-'));
    try {
      const file = join(dir, 'web.yaml');
      await writeFile(file, [...web(), routeWithTimeout('10 seconds')].map((o) => stringify(o)).join('---\n'));
      let out = '';
      const code = await analyzeCommand([file], { write: (s: string) => (out += s) });
      expect(code).to.equal(1);
      expect(out).to.match(/Error \[IST0106\] \(VirtualService shop\/web \S*web\.yaml:\d+\) Schema validation error: spec\.http\[0\]\.timeout: rule evaluation error/);
      await writeFile(file, [...web(), routeWithTimeout('10s')].map((o) => stringify(o)).join('---\n'));
      out = '';
      expect(await analyzeCommand([file], { write: (s: string) => (out += s) }), out).to.equal(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('fails the synth of a DogAppMesh whose VirtualService was patched to such a timeout', () => {
    const chart = new Chart(Testing.app(), 'chart');
    const mesh = new DogAppMesh(chart, 'mesh');
    const vs = mesh.node.findAll().filter((c): c is ApiObject => ApiObject.isApiObject(c)).find((o) => o.kind === 'VirtualService' && o.name === 'dog-app');
    expect(vs, 'the mesh VirtualService').to.exist;
    vs!.addJsonPatch(JsonPatch.replace('/spec/http/0/timeout', '10 seconds'));
    expect(() => void Testing.synth(chart)).to.throw(/Error \[IST0106\] \(VirtualService dog-app\/dog-app\) Schema validation error: spec\.http\[0\]\.timeout: rule evaluation error/);
  });
});

describe("analysis: the '*' suppression", () => {
  /** Two findings of different codes on one VirtualService: a dangling host (IST0101) and a bad timeout (IST0106). */
  const broken = (): Manifest[] => [{ ...routeWithTimeout('10 seconds'), spec: { hosts: ['api'], http: [{ timeout: '10 seconds', route: [{ destination: { host: 'api' } }] }] } }];

  it('has something to silence: two codes on one object', () => {
    expect(analyze(broken()).map((f) => f.code).sort()).to.deep.equal(['IST0101', 'IST0106']);
  });

  it(`${SUPPRESS_ANNOTATION}: "*" silences every code on that object, and only on it`, () => {
    const [vs] = broken();
    vs.metadata.annotations = { [SUPPRESS_ANNOTATION]: '*' };
    const other = { ...broken()[0], metadata: { name: 'other', namespace: NS } };
    const report = runAnalysis([vs, other]);
    expect(report.suppressed.map((f) => `${f.code} ${f.object.name}`).sort()).to.deep.equal(['IST0101 web', 'IST0106 web']);
    expect(report.findings.map((f) => `${f.code} ${f.object.name}`).sort()).to.deep.equal(['IST0101 other', 'IST0106 other']);
  });

  it('--suppress "*" silences every finding; "*=VirtualService/web" only those of that object', () => {
    const other = { ...broken()[0], metadata: { name: 'other', namespace: NS } };
    const all = runAnalysis([...broken(), other], { suppress: [parseSuppression('*')] });
    expect(all.findings).to.deep.equal([]);
    expect(all.suppressed).to.have.lengthOf(4);
    const one = runAnalysis([...broken(), other], { suppress: [parseSuppression('*=VirtualService/web')] });
    expect(one.findings.map((f) => f.object.name)).to.deep.equal(['other', 'other']);
    expect(one.suppressed.map((f) => f.object.name)).to.deep.equal(['web', 'web']);
  });
});
