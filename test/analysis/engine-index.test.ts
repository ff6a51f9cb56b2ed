import { expect } from 'chai';
import { runAnalysis, type AnalyzeOptions, type IndexedObject, type ObjectIndex, type Workload } from '../../constructs/analysis/index.js';
import { canaryHosts, flaggerCanaryModel, primaryTemplateLabels } from '../../constructs/analysis/flagger-canaries.js';
import { parseApiVersion } from '../../constructs/analysis/object-index.js';

type Json = Record<string, unknown>;

/** The index the checks see for these objects, read through a check of its own. */
function indexOf(objects: unknown[], options: AnalyzeOptions = {}): ObjectIndex {
  let seen: ObjectIndex | undefined;
  runAnalysis(objects, { ...options, checks: [{ code: 'DAM9000', severity: 'Info', title: 'Probe', description: 'reads the index', run: ({ index }) => void (seen = index) }] });
  return seen!;
}

const names = (workloads: readonly Workload[]) => workloads.map((w) => `${w.object.kind}/${w.namespace}/${w.object.name}`);
const hostOf = (t: { object: IndexedObject; host: string } | undefined) => (t ? `${t.object.kind}/${t.object.name} ${t.host}` : undefined);

const deployment = (name: string, labels: Json, namespace = 'shop', extra: Json = {}) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace },
  spec: { selector: { matchLabels: labels }, template: { metadata: { labels, annotations: { note: 'n', bad: 1 } }, spec: { containers: [{ name: 'app', image: 'app:1' }] } }, ...extra },
});
const service = (name: string, namespace: string, spec: Json, annotations?: Json) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace, ...(annotations ? { annotations } : {}) }, spec });
const serviceEntry = (name: string, namespace: string, spec: Json) => ({ apiVersion: 'networking.istio.io/v1', kind: 'ServiceEntry', metadata: { name, namespace }, spec });
const canary = (name: string, spec: Json, namespace = 'shop') => ({ apiVersion: 'flagger.app/v1beta1', kind: 'Canary', metadata: { name, namespace }, spec });

describe('object index', () => {
  describe('objects', () => {
    it('splits an apiVersion into group and version at its last slash', () => {
      expect(parseApiVersion('apps/v1')).to.deep.equal({ group: 'apps', version: 'v1' });
      expect(parseApiVersion('v1')).to.deep.equal({ group: '', version: 'v1' });
      expect(parseApiVersion('a/b/v2')).to.deep.equal({ group: 'a/b', version: 'v2' });
      // as Kubernetes' ParseGroupVersion reads it: an empty group before the slash is the core group
      expect(parseApiVersion('/v1')).to.deep.equal({ group: '', version: 'v1' });
    });

    it('reads each object’s identity once: kind, name (or generateName), namespace, labels and annotations', () => {
      const index = indexOf([
        { apiVersion: 'v1', kind: 'ConfigMap', metadata: { generateName: 'cfg-', labels: { a: 'x', n: 1 }, annotations: { b: 'y', m: true } } },
        { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: 'vs', namespace: 'shop' }, spec: { hosts: ['a'] } },
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', namespace: 'ignored' } },
        { apiVersion: 7, kind: ['x'], metadata: { name: 3 }, spec: 'not an object' },
      ], { defaultNamespace: 'dflt' });
      const [cm, vs, ns, odd] = index.objects;
      expect([cm.name, cm.namespace, cm.key, cm.display]).to.deep.equal(['cfg-', 'dflt', '/ConfigMap', 'ConfigMap dflt/cfg-']);
      expect(cm.labels).to.deep.equal({ a: 'x' });
      expect(cm.annotations).to.deep.equal({ b: 'y' });
      expect([vs.group, vs.version, vs.key, vs.spec]).to.deep.equal(['networking.istio.io', 'v1', 'networking.istio.io/VirtualService', { hosts: ['a'] }]);
      expect(vs.ref).to.deep.equal({ apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', name: 'vs', namespace: 'shop' });
      expect([ns.namespace, ns.display]).to.deep.equal([undefined, 'Namespace shop']);
      expect(ns.ref).to.deep.equal({ apiVersion: 'v1', kind: 'Namespace', name: 'shop' });
      expect([odd.apiVersion, odd.kind, odd.name, odd.group, odd.version, odd.spec]).to.deep.equal(['', '', '', '', '', {}]);
      expect(index.objects.map((o) => o.order)).to.deep.equal([0, 1, 2, 3]);
    });

    it('knows which kinds are cluster-scoped', () => {
      const index = indexOf([
        { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'r' } },
        { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'GatewayClass', metadata: { name: 'istio' } },
        { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'r' } },
        { apiVersion: 'argoproj.io/v1alpha1', kind: 'ClusterAnalysisTemplate', metadata: { name: 't', namespace: 'ignored' } },
        { apiVersion: 'argoproj.io/v1alpha1', kind: 'AnalysisTemplate', metadata: { name: 't' } },
      ]);
      expect(index.objects.map((o) => o.namespace)).to.deep.equal([undefined, undefined, 'default', undefined, 'default']);
    });

    it('finds objects by kind in input order, and by kind, namespace and name, the first when given twice', () => {
      const first = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'a' }, data: { n: '1' } };
      const second = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'a' }, data: { n: '2' } };
      const other = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'b' } };
      const index = indexOf([first, service('c', 'a', {}), second, other, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a' } }]);
      expect(index.ofKind('', 'ConfigMap').map((o) => o.raw)).to.deep.equal([first, second, other]);
      expect(index.ofKind('', 'Secret')).to.deep.equal([]);
      expect(index.get('', 'ConfigMap', 'a', 'c')?.raw).to.equal(first);
      expect(index.get('', 'ConfigMap', 'b', 'c')?.raw).to.equal(other);
      expect(index.get('', 'ConfigMap', 'c', 'c')).to.equal(undefined);
      expect(index.get('', 'Service', 'a', 'c')?.kind).to.equal('Service');
      expect(index.get('', 'Namespace', undefined, 'a')?.kind).to.equal('Namespace');
      expect([...index.namespaces.keys()]).to.deep.equal(['a']);
    });

    it('takes the root namespace from the options, else from the first IstioOperator that sets one, else istio-system', () => {
      const operator = (root?: string) => ({ apiVersion: 'install.istio.io/v1alpha1', kind: 'IstioOperator', metadata: { name: 'op', namespace: 'istio-system' }, spec: root ? { meshConfig: { rootNamespace: root } } : {} });
      expect(indexOf([]).rootNamespace).to.equal('istio-system');
      expect(indexOf([operator(), operator('mesh-root'), operator('later')]).rootNamespace).to.equal('mesh-root');
      expect(indexOf([operator('mesh-root')], { rootNamespace: 'given' }).rootNamespace).to.equal('given');
      expect(indexOf([]).clusterDomain).to.equal('cluster.local');
      expect(indexOf([], { clusterDomain: 'corp' }).clusterDomain).to.equal('corp');
    });
  });

  describe('workloads', () => {
    it('reads the pods of every kind that runs them from its pod template', () => {
      const template = (app: string) => ({ metadata: { labels: { app } }, spec: { containers: [{ name: 'c', image: 'i' }] } });
      const index = indexOf([
        deployment('d', { app: 'd' }),
        { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'cj', namespace: 'shop' }, spec: { jobTemplate: { spec: { template: template('cj') } } } },
        { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'shop', labels: { app: 'p' }, annotations: { x: 'y' } }, spec: { containers: [{ name: 'c', image: 'i' }] } },
        { apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', metadata: { name: 'r', namespace: 'shop' }, spec: { template: template('r') } },
        { apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', metadata: { name: 'ref', namespace: 'shop' }, spec: { workloadRef: { kind: 'Deployment', name: 'd' } } },
        { apiVersion: 'networking.istio.io/v1', kind: 'WorkloadEntry', metadata: { name: 'vm', namespace: 'shop' }, spec: { address: '10.0.0.1', labels: { app: 'vm' } } },
        { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'not-a-workload', namespace: 'shop' } },
      ]);
      expect(index.workloads.map((w) => [w.object.name, w.labels, w.templatePath])).to.deep.equal([
        ['d', { app: 'd' }, ['spec', 'template']],
        ['cj', { app: 'cj' }, ['spec', 'jobTemplate', 'spec', 'template']],
        ['p', { app: 'p' }, []],
        ['r', { app: 'r' }, ['spec', 'template']],
        ['vm', { app: 'vm' }, []],
      ]);
      expect(index.workloads[0].annotations).to.deep.equal({ note: 'n' });
      expect(index.workloads[0].podSpec).to.deep.equal({ containers: [{ name: 'app', image: 'app:1' }] });
      expect(index.workloads[2].annotations).to.deep.equal({ x: 'y' });
      expect(index.workloads[4]).to.deep.include({ annotations: {}, podSpec: {} });
    });

    it('reads a missing or broken pod template as one without labels', () => {
      const index = indexOf([
        { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'a' } },
        { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'b' }, spec: { jobTemplate: [] } },
        { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'c' }, spec: { jobTemplate: { spec: 'x' } } },
      ]);
      expect(index.workloads.map((w) => [w.object.name, w.labels, w.podSpec])).to.deep.equal([['a', {}, {}], ['b', {}, {}], ['c', {}, {}]]);
    });

    it('selects workloads by labels, in one namespace or all, every pair required', () => {
      const index = indexOf([
        deployment('a', { app: 'web', version: 'v1' }),
        deployment('b', { app: 'web', version: 'v2' }),
        deployment('c', { app: 'web', version: 'v1' }, 'other'),
        deployment('d', { app: 'api', version: 'v1' }),
      ]);
      expect(names(index.select('shop', { app: 'web' }))).to.deep.equal(['Deployment/shop/a', 'Deployment/shop/b']);
      expect(names(index.select('shop', { version: 'v1', app: 'web' }))).to.deep.equal(['Deployment/shop/a']);
      expect(names(index.select('shop', { app: 'web', version: 'v1', tier: 'x' }))).to.deep.equal([]);
      expect(names(index.select('shop', { app: 'api', version: 'v2' }))).to.deep.equal([]);
      expect(names(index.select('shop', {}))).to.deep.equal(['Deployment/shop/a', 'Deployment/shop/b', 'Deployment/shop/d']);
      expect(names(index.select(undefined, { version: 'v1' }))).to.deep.equal(['Deployment/shop/a', 'Deployment/other/c', 'Deployment/shop/d']);
      expect(names(index.select('nowhere', {}))).to.deep.equal([]);
      expect(names(index.workloadsIn('other'))).to.deep.equal(['Deployment/other/c']);
      expect(names(index.workloadsIn('nowhere'))).to.deep.equal([]);
    });

    it('starts from the rarest label pair but checks every pair', () => {
      const index = indexOf([deployment('a', { app: 'web', v: '1' }), deployment('b', { app: 'web', v: '2' }), deployment('c', { app: 'api', v: '1' })]);
      expect(names(index.select('shop', { v: '1', app: 'web' }))).to.deep.equal(['Deployment/shop/a']);
      expect(names(index.select('shop', { app: 'web', v: '1' }))).to.deep.equal(['Deployment/shop/a']);
    });
  });

  describe('hosts', () => {
    it('registers Services by FQDN with their ports, the pods they select and their exportTo', () => {
      const index = indexOf([
        deployment('web', { app: 'web' }),
        service('web', 'shop', { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP', appProtocol: 'http' }, { port: 'x' }, { port: 81, targetPort: 'http' }, { port: 82, targetPort: true }] }, { 'networking.istio.io/exportTo': '., other ' }),
        service('headless', 'shop', { selector: {}, ports: [{ port: 80 }] }),
      ]);
      const web = index.service('shop', 'web')!;
      expect(web.host).to.equal('web.shop.svc.cluster.local');
      expect(web.ports).to.deep.equal([
        { number: 80, name: 'http', protocol: 'TCP', appProtocol: 'http', targetPort: 8080 },
        { number: 81, name: undefined, protocol: undefined, appProtocol: undefined, targetPort: 'http' },
        { number: 82, name: undefined, protocol: undefined, appProtocol: undefined, targetPort: undefined },
      ]);
      expect(web.selector).to.deep.equal({ app: 'web' });
      expect(web.exportTo).to.deep.equal(['.', 'other']);
      expect(names(index.workloadsOf(web))).to.deep.equal(['Deployment/shop/web']);
      const headless = index.service('shop', 'headless')!;
      expect([headless.selector, headless.exportTo]).to.deep.equal([undefined, undefined]);
      expect(index.workloadsOf(headless)).to.deep.equal([]);
      expect(index.servicesSelecting(index.workloads[0]).map((t) => t.host)).to.deep.equal(['web.shop.svc.cluster.local']);
      expect(index.service('shop', 'nothing')).to.equal(undefined);
      expect(index.service('other', 'web')).to.equal(undefined);
    });

    it('lists every Service that selects a workload, and none for one no Service selects', () => {
      const index = indexOf([
        deployment('web', { app: 'web', tier: 'front' }),
        deployment('lonely', { app: 'lonely' }),
        service('web', 'shop', { selector: { app: 'web' } }),
        service('front', 'shop', { selector: { tier: 'front' } }),
        service('elsewhere', 'other', { selector: { app: 'web' } }),
      ]);
      expect(index.servicesSelecting(index.workloads[0]).map((t) => t.object.name)).to.deep.equal(['web', 'front']);
      expect(index.servicesSelecting(index.workloads[1])).to.deep.equal([]);
    });

    it('registers ServiceEntry hosts, qualified in its namespace, with its ports, workload selector and exportTo', () => {
      const index = indexOf([
        serviceEntry('ext', 'shop', { hosts: ['api.example.com', 7, 'local'], ports: [{ number: 443, name: 'https', protocol: 'HTTPS', targetPort: 8443 }, { name: 'bad' }], exportTo: ['.', 3] }),
        serviceEntry('vm', 'shop', { hosts: ['vm.example.com'], workloadSelector: { labels: { app: 'vm' } }, exportTo: [] }),
      ]);
      const ext = index.resolveHost('api.example.com', 'shop')!;
      expect(ext.ports).to.deep.equal([{ number: 443, name: 'https', protocol: 'HTTPS', targetPort: 8443 }]);
      expect([ext.selector, ext.exportTo, ext.namespace]).to.deep.equal([undefined, ['.'], 'shop']);
      expect(hostOf(index.resolveHost('local', 'shop'))).to.equal('ServiceEntry/ext local.shop.svc.cluster.local');
      const vm = index.resolveHost('vm.example.com', 'other')!;
      expect([vm.selector, vm.exportTo]).to.deep.equal([{ app: 'vm' }, undefined]);
      expect(index.resolveHost('api.example.com', 'other')).to.equal(undefined);
    });

    it('resolves a host to the definition of the caller’s namespace first, then the first visible one, then a wildcard', () => {
      const index = indexOf([
        serviceEntry('wild', 'x', { hosts: ['*.example.com'] }),
        serviceEntry('a', 'x', { hosts: ['api.example.com'], exportTo: ['x'] }),
        serviceEntry('b', 'y', { hosts: ['api.example.com'] }),
        serviceEntry('c', 'z', { hosts: ['api.example.com'] }),
      ]);
      expect(hostOf(index.resolveHost('api.example.com', 'z'))).to.equal('ServiceEntry/c api.example.com');
      expect(hostOf(index.resolveHost('api.example.com', 'x'))).to.equal('ServiceEntry/a api.example.com');
      expect(hostOf(index.resolveHost('api.example.com', 'w'))).to.equal('ServiceEntry/b api.example.com');
      expect(hostOf(index.resolveHost('db.example.com', 'w'))).to.equal('ServiceEntry/wild *.example.com');
      expect(index.resolveHost('example.com', 'w')).to.equal(undefined);
      expect(index.resolveHost('db.example.org', 'w')).to.equal(undefined);
    });

    it('does not resolve through a wildcard the caller cannot see', () => {
      const index = indexOf([serviceEntry('wild', 'x', { hosts: ['*.example.com'], exportTo: ['.'] })]);
      expect(index.resolveHost('db.example.com', 'y')).to.equal(undefined);
      expect(hostOf(index.resolveHost('db.example.com', 'x'))).to.equal('ServiceEntry/wild *.example.com');
    });

    it('tells whether any visible host overlaps a pattern, wildcard or not', () => {
      const index = indexOf([
        service('web', 'shop', {}),
        service('hidden', 'shop', {}, { 'networking.istio.io/exportTo': '.' }),
        serviceEntry('wild', 'shop', { hosts: ['*.example.com'] }),
        serviceEntry('wild-hidden', 'shop', { hosts: ['*.internal.org'], exportTo: ['.'] }),
      ]);
      expect(index.anyHostMatches('web', 'shop')).to.equal(true);
      expect(index.anyHostMatches('nothing', 'shop')).to.equal(false);
      expect(index.anyHostMatches('*.shop.svc.cluster.local', 'other')).to.equal(true);
      expect(index.anyHostMatches('*.svc.cluster.local', 'other')).to.equal(true);
      expect(index.anyHostMatches('*.nothing.local', 'shop')).to.equal(false);
      expect(index.anyHostMatches('*.api.example.com', 'other')).to.equal(true);
      expect(index.anyHostMatches('*.com', 'other')).to.equal(true);
      expect(index.anyHostMatches('*.internal.org', 'other')).to.equal(false);
      expect(index.anyHostMatches('*.internal.org', 'shop')).to.equal(true);
      expect(index.anyHostMatches('*', 'other')).to.equal(true);
      expect(index.fqdn('web', 'shop')).to.equal('web.shop.svc.cluster.local');
    });

    it('sees only exported Services from another namespace when matching a wildcard', () => {
      const index = indexOf([service('hidden', 'shop', {}, { 'networking.istio.io/exportTo': '.' })]);
      expect(index.anyHostMatches('*.shop.svc.cluster.local', 'other')).to.equal(false);
      expect(index.anyHostMatches('*.shop.svc.cluster.local', 'shop')).to.equal(true);
    });

    it('matches a wildcard against a host one of whose definitions is visible, when another is not', () => {
      const index = indexOf([
        serviceEntry('hidden', 'b', { hosts: ['api.example.com'], exportTo: ['.'] }),
        serviceEntry('mine', 'a', { hosts: ['api.example.com'] }),
      ]);
      expect(index.anyHostMatches('*.example.com', 'a')).to.equal(true);
      expect(index.anyHostMatches('*.example.com', 'b')).to.equal(true);
      expect(index.anyHostMatches('*.example.org', 'a')).to.equal(false);
    });
  });

  describe('Flagger canaries', () => {
    const target = () => deployment('web', { app: 'web' }, 'shop');

    it('models the Services and primary pods a Canary of a Deployment creates', () => {
      const index = indexOf([target(), canary('web', { targetRef: { kind: 'Deployment', name: 'web' }, service: { port: 80, targetPort: 8080, portName: 'grpc' } })]);
      expect(index.canaries).to.have.lengthOf(1);
      expect(index.impliedWorkloads.map((w) => [w.object.name, w.labels])).to.deep.equal([['web', { app: 'web-primary' }]]);
      const hosts = ['web', 'web-primary', 'web-canary'].map((n) => index.resolveHost(n, 'shop'));
      expect(hosts.map((t) => [t?.object.kind, t?.selector, t?.ports])).to.deep.equal([
        ['Canary', { app: 'web-primary' }, [{ number: 80, name: 'grpc', targetPort: 8080 }]],
        ['Canary', { app: 'web-primary' }, [{ number: 80, name: 'grpc', targetPort: 8080 }]],
        ['Canary', { app: 'web' }, [{ number: 80, name: 'grpc', targetPort: 8080 }]],
      ]);
      expect(names(index.workloadsOf(hosts[0]!))).to.deep.equal(['Deployment/shop/web']);
      expect(index.workloadsOf(hosts[0]!)[0].labels).to.deep.equal({ app: 'web-primary' });
      expect(index.workloadsOf(hosts[2]!)[0].labels).to.deep.equal({ app: 'web' });
      expect(index.servicesSelecting(index.workloads[0]).map((t) => t.host)).to.deep.equal(['web-canary.shop.svc.cluster.local']);
      expect(index.service('shop', 'web')).to.equal(undefined);
    });

    it('takes the target Deployment of the Canary’s own namespace and name, not a workload of another kind, namespace or name', () => {
      const statefulSet = { ...deployment('web', { app: 'from-statefulset' }), kind: 'StatefulSet' };
      const index = indexOf([
        statefulSet,
        deployment('web', { app: 'from-other-namespace' }, 'other'),
        deployment('api', { app: 'from-other-name' }),
        deployment('web', { app: 'web' }),
        canary('web', { targetRef: { kind: 'Deployment', name: 'web' }, service: { port: 80 } }),
      ]);
      expect(index.impliedWorkloads.map((w) => [w.object.kind, w.namespace, w.object.name, w.labels])).to.deep.equal([['Deployment', 'shop', 'web', { app: 'web-primary' }]]);
      expect(['web', 'web-primary', 'web-canary'].map((n) => index.resolveHost(n, 'shop')?.selector)).to.deep.equal([{ app: 'web-primary' }, { app: 'web-primary' }, { app: 'web' }]);
    });

    it('keeps a named target port of the Canary’s Service', () => {
      const index = indexOf([target(), canary('web', { targetRef: { kind: 'Deployment', name: 'web' }, service: { port: 80, targetPort: 'http' } })]);
      expect(index.resolveHost('web', 'shop')?.ports).to.deep.equal([{ number: 80, name: 'http', targetPort: 'http' }]);
    });

    it('names the Services after spec.service.name, and leaves out ports it is not given', () => {
      const index = indexOf([target(), canary('c', { targetRef: { kind: 'Deployment', name: 'web' }, service: { name: 'front' } })]);
      expect(index.resolveHost('front-canary', 'shop')?.ports).to.deep.equal([]);
      expect(index.resolveHost('web', 'shop')).to.equal(undefined);
    });

    it('creates nothing for a Canary whose target is missing, elsewhere, not a Deployment, or without a selector label', () => {
      const cases: unknown[][] = [
        [canary('web', { targetRef: { kind: 'Deployment', name: 'web' } })],
        [deployment('web', { app: 'web' }, 'other'), canary('web', { targetRef: { kind: 'Deployment', name: 'web' } })],
        [target(), canary('web', { targetRef: { kind: 'DaemonSet', name: 'web' } })],
        [target(), canary('web', { targetRef: { kind: 'Deployment' } })],
      ];
      for (const objects of cases) {
        const index = indexOf(objects);
        expect(index.impliedWorkloads, JSON.stringify(objects)).to.deep.equal([]);
        expect(index.resolveHost('web-canary', 'shop'), JSON.stringify(objects)).to.equal(undefined);
      }
      // without a selector label Flagger still copies the pods, unrelabelled, but the Services select nothing
      const unlabelled = indexOf([deployment('web', { tier: 'web' }), canary('web', { targetRef: { kind: 'Deployment', name: 'web' } })]);
      expect(unlabelled.impliedWorkloads.map((w) => w.labels)).to.deep.equal([{ tier: 'web' }]);
      expect(unlabelled.resolveHost('web-canary', 'shop')).to.equal(undefined);
    });

    it('uses the first selector label Flagger looks for: app, then name, then app.kubernetes.io/name', () => {
      const label = (labels: Json) => indexOf([deployment('web', labels), canary('web', { targetRef: { kind: 'Deployment', name: 'web' } })]).canaries[0].selectorLabel;
      expect(label({ 'app.kubernetes.io/name': 'w', name: 'w', app: 'w' })).to.equal('app');
      expect(label({ 'app.kubernetes.io/name': 'w', name: 'w' })).to.equal('name');
      expect(label({ 'app.kubernetes.io/name': 'w' })).to.equal('app.kubernetes.io/name');
    });
  });
});

describe('Flagger canary model', () => {
  const objectOf = (raw: Json) => indexOf([raw]).objects[0];

  it('reads a Canary with its defaults: the Service named after the target, port name http', () => {
    const c = objectOf(canary('c', { targetRef: { kind: 'Deployment', name: 'web' }, service: { port: 'x', targetPort: true } }));
    expect(flaggerCanaryModel(c, undefined)).to.deep.include({ namespace: 'shop', target: 'web', service: 'web', port: undefined, portName: 'http', targetPort: undefined, selectorLabel: undefined });
  });

  it('gives the hosts of the three Services a Canary owns', () => {
    const c = objectOf(canary('c', { targetRef: { kind: 'Deployment', name: 'web' }, service: { name: 'front' } }));
    expect(canaryHosts(flaggerCanaryModel(c, undefined)!, 'corp')).to.deep.equal(['front.shop.svc.corp', 'front-primary.shop.svc.corp', 'front-canary.shop.svc.corp']);
  });

  it('relabels the primary’s pods, falling back to the target’s name for the value', () => {
    const c = objectOf(canary('c', { targetRef: { kind: 'Deployment', name: 'web' } }));
    const d = objectOf(deployment('web', { app: 'w' }));
    const model = flaggerCanaryModel(c, d)!;
    expect(primaryTemplateLabels(model, { metadata: { labels: { app: 'w', v: '1' } } })).to.deep.equal({ app: 'w-primary', v: '1' });
    expect(primaryTemplateLabels(model, { metadata: { labels: { v: '1' } } })).to.deep.equal({ v: '1', app: 'web-primary' });
    expect(primaryTemplateLabels(flaggerCanaryModel(c, undefined)!, { metadata: { labels: { app: 'w' } } })).to.deep.equal({ app: 'w' });
  });
});
