import { expect } from 'chai';
import {
  analyze,
  formatFinding,
  formatText,
  parseSuppression,
  runAnalysis,
  type Check,
  type ObjectSource,
} from '../../constructs/analysis/index.js';
import { loadYaml } from './support.js';

const service = (name: string, namespace?: string, extra: Record<string, unknown> = {}) => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name, ...(namespace ? { namespace } : {}), ...extra },
  spec: { ports: [{ name: 'http', port: 80 }] },
});

const routeTo = (host: string, namespace?: string) => ({
  apiVersion: 'networking.istio.io/v1',
  kind: 'VirtualService',
  metadata: { name: 'to', ...(namespace ? { namespace } : {}) },
  spec: { hosts: ['to'], http: [{ route: [{ destination: { host } }] }] },
});

describe('analysis engine', () => {
  it('analyzes the items of List kinds one by one', () => {
    const findings = analyze([{ apiVersion: 'v1', kind: 'List', items: loadYaml('checks', 'IST0101-subset', 'trigger.yaml') }]);
    expect(findings.map((f) => f.code)).to.deep.equal(['IST0101']);
    expect(runAnalysis([{ apiVersion: 'v1', kind: 'ServiceList', items: [service('a'), service('b')] }]).objects).to.equal(2);
  });

  it('reports values that are not Kubernetes objects instead of failing', () => {
    const findings = analyze(['text', { metadata: { name: 'x' } }]);
    expect(findings).to.have.lengthOf(2);
    for (const f of findings) expect(f.message).to.match(/not a Kubernetes object: "apiVersion" and "kind" are required/);
  });

  it('orders findings by severity, then by input order', () => {
    const findings = analyze([...loadYaml('checks', 'IST0118', 'trigger.yaml'), ...loadYaml('checks', 'DAM0107', 'trigger.yaml'), ...loadYaml('checks', 'IST0127', 'trigger.yaml')]);
    expect(findings.map((f) => `${f.severity} ${f.code}`)).to.deep.equal(['Error DAM0107', 'Warning IST0127', 'Info IST0118']);
  });

  it('copies construct paths, files and lines from the sources onto findings, using the field line when known', () => {
    const [vs] = loadYaml('checks', 'IST0101-host', 'trigger.yaml');
    const source: ObjectSource = { file: 'app.yaml', line: 3, path: 'app/chart/vs', lineOf: (field) => (field.join('.').endsWith('host') ? 42 : undefined) };
    const [finding] = analyze([vs], { sources: new Map([[vs, source]]) });
    expect(finding).to.include({ file: 'app.yaml', line: 42, path: 'app/chart/vs' });
    expect(finding.field).to.deep.equal(['spec', 'http', 0, 'route', 0, 'destination', 'host']);
    expect(formatFinding(finding)).to.equal(`Error [IST0101] (VirtualService default/api app.yaml:42 at app/chart/vs) ${finding.message}`);
  });

  it('drops findings matched by a suppression, and counts them', () => {
    const objects = loadYaml('checks', 'IST0101-host', 'trigger.yaml');
    expect(runAnalysis(objects, { suppress: [parseSuppression('IST0101=VirtualService/api')] }).findings).to.deep.equal([]);
    expect(runAnalysis(objects, { suppress: [parseSuppression('IST0101=VirtualService/default/a*')] }).suppressed).to.have.lengthOf(1);
    expect(runAnalysis(objects, { suppress: [parseSuppression('IST0101=VirtualService/other/api')] }).findings).to.have.lengthOf(1);
    expect(runAnalysis(objects, { suppress: [parseSuppression('IST0102')] }).findings).to.have.lengthOf(1);
  });

  it('honours the galley.istio.io/analyze-suppress annotation istioctl reads', () => {
    const [vs] = loadYaml('checks', 'IST0101-host', 'trigger.yaml') as [{ metadata: Record<string, unknown> }];
    vs.metadata.annotations = { 'galley.istio.io/analyze-suppress': 'IST0118, IST0101' };
    expect(analyze([vs])).to.deep.equal([]);
  });

  it('rejects suppressions that are not CODE=Kind/name with a readable message', () => {
    expect(() => parseSuppression('nope')).to.throw(/invalid suppression 'nope'.*not a code like IST0101/);
    expect(() => parseSuppression('IST0101=VirtualService')).to.throw(/expected CODE=Kind\/name/);
    expect(parseSuppression('IST0102=Namespace/default')).to.deep.equal({ code: 'IST0102', kind: 'Namespace', namespace: '*', name: 'default' });
  });

  it('turns a check that throws into an IST0001 internal-error finding and runs the others', () => {
    const broken: Check = { code: 'DAM9999', severity: 'Error', title: 'Broken', description: 'throws', run: () => { throw new Error('boom'); } };
    const findings = analyze([service('a')], { checks: [broken] });
    expect(findings).to.have.lengthOf(1);
    expect(findings[0]).to.include({ code: 'IST0001', severity: 'Error' });
    expect(findings[0].message).to.match(/check DAM9999 \(Broken\) failed: boom/);
  });

  it('resolves hosts across namespaces by FQDN and respects exportTo', () => {
    expect(analyze([service('web', 'b'), routeTo('web.b.svc.cluster.local', 'a')])).to.deep.equal([]);
    expect(analyze([service('web', 'b'), routeTo('web', 'a')]).map((f) => f.code)).to.deep.equal(['IST0101']);
    const hidden = service('web', 'b', { annotations: { 'networking.istio.io/exportTo': '.' } });
    expect(analyze([hidden, routeTo('web.b.svc.cluster.local', 'a')]).map((f) => f.code)).to.deep.equal(['IST0101']);
  });

  it('resolves a host defined in several namespaces to the one of the caller’s namespace first, then the first visible one', () => {
    const entry = (namespace: string, port: number, exportTo?: string[]) => ({
      apiVersion: 'networking.istio.io/v1',
      kind: 'ServiceEntry',
      metadata: { name: 'dog-api', namespace },
      spec: { hosts: ['dog.ceo'], location: 'MESH_EXTERNAL', resolution: 'DNS', ports: [{ number: port, name: `tls-${port}`, protocol: 'TLS' }], ...(exportTo ? { exportTo } : {}) },
    });
    const routeToPort = (namespace: string, port: number) => ({
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      metadata: { name: `to-${port}`, namespace },
      spec: { hosts: ['dog.ceo'], tls: [{ match: [{ port, sniHosts: ['dog.ceo'] }], route: [{ destination: { host: 'dog.ceo', port: { number: port } } }] }] },
    });
    const codes = (objects: unknown[]) => analyze(objects).map((f) => f.code);
    const entries = [entry('x', 443), entry('y', 8443), entry('z', 9443, ['w'])];
    expect(codes([...entries, routeToPort('x', 443)])).to.deep.equal([]);
    expect(codes([...entries, routeToPort('y', 8443)])).to.deep.equal([]);
    expect(codes([...entries, routeToPort('y', 443)]), 'y resolves its own entry, which has no port 443').to.deep.equal(['IST0101']);
    expect(codes([...entries, routeToPort('v', 443)]), 'v has none: the first visible one (x)').to.deep.equal([]);
    expect(codes([...entries, routeToPort('z', 443)]), 'z’s own entry is exported to w only: x’s is used').to.deep.equal([]);
    expect(codes([...entries, routeToPort('w', 9443)]), 'w sees z’s entry, exported to it, after x’s and y’s').to.deep.equal(['IST0101']);
  });

  it('resolves hosts through ServiceEntry wildcards and a custom cluster domain', () => {
    const se = {
      apiVersion: 'networking.istio.io/v1',
      kind: 'ServiceEntry',
      metadata: { name: 'wild' },
      spec: { hosts: ['*.example.com'], location: 'MESH_EXTERNAL', resolution: 'NONE', ports: [{ number: 443, name: 'tls', protocol: 'TLS' }] },
    };
    expect(analyze([se, routeTo('api.example.com')])).to.deep.equal([]);
    expect(analyze([service('web'), routeTo('web.default.svc.corp.internal')], { clusterDomain: 'corp.internal' })).to.deep.equal([]);
  });

  it('puts objects without a namespace in defaultNamespace', () => {
    const findings = analyze(loadYaml('checks', 'IST0101-host', 'trigger.yaml'), { defaultNamespace: 'shop' });
    expect(findings[0].object.namespace).to.equal('shop');
    expect(findings[0].message).to.include('api.shop.svc.cluster.local');
  });

  it('takes the root namespace from an IstioOperator, so its PeerAuthentication is mesh-wide', () => {
    const objects = loadYaml('checks', 'DAM0104', 'trigger.yaml').filter((o) => o.kind !== 'PeerAuthentication');
    const meshWide = { apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name: 'default', namespace: 'mesh-root' }, spec: { mtls: { mode: 'STRICT' } } };
    const operator = { apiVersion: 'install.istio.io/v1alpha1', kind: 'IstioOperator', metadata: { name: 'demo', namespace: 'istio-system' }, spec: { meshConfig: { rootNamespace: 'mesh-root' } } };
    expect(analyze([...objects, meshWide]).map((f) => f.code)).to.deep.equal([]);
    expect(analyze([...objects, meshWide, operator]).map((f) => f.code)).to.deep.equal(['DAM0104']);
    expect(analyze([...objects, meshWide], { rootNamespace: 'mesh-root' }).map((f) => f.code)).to.deep.equal(['DAM0104']);
  });

  it('formats a readable report with a summary line', () => {
    const report = runAnalysis(loadYaml('checks', 'IST0101-host', 'trigger.yaml'));
    const text = formatText(report.findings, { objects: report.objects, files: 1 });
    expect(text).to.match(/^Error \[IST0101\] \(VirtualService default\/api\) Referenced host not found/);
    expect(text).to.match(/\n\n1 error, 0 warnings, 0 info in 1 object from 1 file\.\n$/);
    expect(formatText([], { objects: 3, files: 2, suppressed: 1 })).to.equal('✔ No validation issues found when analyzing 3 objects from 2 files (1 suppressed).\n');
  });
});
