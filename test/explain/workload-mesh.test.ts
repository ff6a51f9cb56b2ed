import { expect } from 'chai';
import { IndexedObject, ObjectIndex } from '../../constructs/analysis/object-index.js';
import { containerPortOf, dataPlaneOf, principalOf, scaledToZero, versionOf } from '../../constructs/explain/workload-mesh.js';

type Obj = Record<string, unknown>;

/** The objects indexed as `explain()` indexes them. */
function indexOf(objects: Obj[], clusterDomain = 'cluster.local'): ObjectIndex {
  return new ObjectIndex(objects.map((o, i) => new IndexedObject(o, i, 'default', undefined)), { defaultNamespace: 'default', clusterDomain, rootNamespace: undefined });
}
const namespace = (labels: Record<string, string> = {}, name = 'shop'): Obj => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } });
function deployment(pod: { labels?: Record<string, string>; annotations?: Record<string, string>; spec?: Obj } = {}, extra: { name?: string; namespace?: string; replicas?: number } = {}): Obj {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: extra.name ?? 'web', namespace: extra.namespace ?? 'shop' },
    spec: {
      ...(extra.replicas === undefined ? {} : { replicas: extra.replicas }),
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web', ...pod.labels }, annotations: pod.annotations ?? {} }, spec: { containers: [{ name: 'app', image: 'web:1' }], ...pod.spec } },
    },
  };
}
/** The one workload of the objects, and the index it is in. */
function workload(objects: Obj[], clusterDomain?: string) {
  const index = indexOf(objects, clusterDomain);
  expect(index.workloads).to.have.length(1);
  return { index, w: index.workloads[0] };
}
const plane = (ns: Obj | undefined, pod: Parameters<typeof deployment>[0] = {}) => {
  const { index, w } = workload(ns ? [ns, deployment(pod)] : [deployment(pod)]);
  return dataPlaneOf(index, w);
};

describe('explain: how a workload joins the mesh', () => {
  it('follows the namespace: injection or a revision means a sidecar, ambient means ambient, otherwise none', () => {
    expect(plane(namespace({ 'istio-injection': 'enabled' }))).to.equal('sidecar');
    expect(plane(namespace({ 'istio.io/rev': 'canary' }))).to.equal('sidecar');
    expect(plane(namespace({ 'istio.io/dataplane-mode': 'ambient' }))).to.equal('ambient');
    expect(plane(namespace())).to.equal('none');
    expect(plane(namespace({ 'istio-injection': 'disabled' }))).to.equal('none');
  });

  it('is unknown when the namespace is not among the objects, unless the pod decides for itself', () => {
    expect(plane(undefined)).to.equal('unknown');
    expect(plane(undefined, { labels: { 'sidecar.istio.io/inject': 'true' } })).to.equal('sidecar');
    expect(plane(undefined, { labels: { 'istio.io/dataplane-mode': 'ambient' } })).to.equal('ambient');
    expect(plane(undefined, { labels: { 'sidecar.istio.io/inject': 'false' } })).to.equal('none');
  });

  it("the pod's own settings win over the namespace's", () => {
    const injected = namespace({ 'istio-injection': 'enabled' });
    const ambient = namespace({ 'istio.io/dataplane-mode': 'ambient' });
    expect(plane(injected, { labels: { 'sidecar.istio.io/inject': 'false' } }), 'opted out by label').to.equal('none');
    expect(plane(injected, { annotations: { 'sidecar.istio.io/inject': 'false' } }), 'opted out by annotation').to.equal('none');
    expect(plane(ambient, { labels: { 'istio.io/dataplane-mode': 'none' } }), 'left ambient').to.equal('none');
    expect(plane(namespace(), { labels: { 'istio.io/dataplane-mode': 'ambient' } }), 'joined ambient').to.equal('ambient');
    expect(plane(namespace(), { labels: { 'sidecar.istio.io/inject': 'True' } }), 'injected by label, any case').to.equal('sidecar');
    expect(plane(namespace(), { annotations: { 'sidecar.istio.io/inject': 'true' } }), 'injected by annotation').to.equal('sidecar');
    expect(plane(namespace(), { labels: { 'sidecar.istio.io/inject': 'false' }, annotations: { 'sidecar.istio.io/inject': 'true' } }), 'the label wins').to.equal('none');
    expect(plane(injected, { labels: { 'sidecar.istio.io/inject': 'true' }, annotations: { 'sidecar.istio.io/inject': 'false' } }), 'the label wins').to.equal('sidecar');
  });
});

describe('explain: what a workload is called', () => {
  it("its pods' principal: the service account, the deprecated serviceAccount, else default, in the cluster's trust domain", () => {
    const principal = (spec: Obj, domain?: string) => {
      const { index, w } = workload([deployment({ spec })], domain);
      return principalOf(index, w);
    };
    expect(principal({ serviceAccountName: 'web', serviceAccount: 'old' })).to.equal('cluster.local/ns/shop/sa/web');
    expect(principal({ serviceAccount: 'old' })).to.equal('cluster.local/ns/shop/sa/old');
    expect(principal({}, 'corp.example')).to.equal('corp.example/ns/shop/sa/default');
  });

  it('its version: the version label, else app.kubernetes.io/version', () => {
    const version = (labels: Record<string, string>) => versionOf(workload([deployment({ labels })]).w);
    expect(version({ version: 'v2', 'app.kubernetes.io/version': '2.0.0' })).to.equal('v2');
    expect(version({ 'app.kubernetes.io/version': '2.0.0' })).to.equal('2.0.0');
    expect(version({})).to.equal(undefined);
  });
});

describe("explain: where a Service's targetPort lands", () => {
  const containers = [
    { name: 'proxy', image: 'p:1', ports: [{ containerPort: 9000, name: 'admin' }] },
    { name: 'app', image: 'a:1', ports: [{ containerPort: 8080, name: 'http' }, { containerPort: 8443, name: 'https' }] },
  ];
  const at = (targetPort: number | string) => containerPortOf(workload([deployment({ spec: { containers } })]).w, targetPort);

  it('a number or a name finds the container that declares it', () => {
    expect(at(8443)).to.deep.equal({ port: 8443, container: 'app' });
    expect(at('http')).to.deep.equal({ port: 8080, container: 'app' });
    expect(at('admin')).to.deep.equal({ port: 9000, container: 'proxy' });
  });

  it('an undeclared number still reaches that port of the first container; an undeclared name reaches nothing', () => {
    expect(at(7000)).to.deep.equal({ port: 7000, container: 'proxy' });
    expect(at('grpc')).to.deep.equal({});
  });

  it('a pod template without containers: a number reaches that port of no named container, and nothing breaks', () => {
    expect(containerPortOf(workload([deployment({ spec: { containers: [] } })]).w, 8080)).to.deep.equal({ port: 8080, container: undefined });
  });
});

describe('explain: a workload scaled to zero', () => {
  const hpa = (name: string, namespace = 'shop'): Obj => ({
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: 'hpa', namespace },
    spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name }, minReplicas: 1, maxReplicas: 3 },
  });
  const zero = (objects: Obj[]) => {
    const { index, w } = workload(objects);
    return scaledToZero(index, w);
  };

  it('has no pods unless an autoscaler in its namespace targets it', () => {
    expect(zero([deployment({}, { replicas: 0 })])).to.equal(true);
    expect(zero([deployment({}, { replicas: 0 }), hpa('web')])).to.equal(false);
    expect(zero([deployment({}, { replicas: 0 }), hpa('web', 'other')]), 'an autoscaler elsewhere').to.equal(true);
    expect(zero([deployment({}, { replicas: 0 }), hpa('api')]), 'an autoscaler of another Deployment').to.equal(true);
  });

  it('a Deployment with replicas, or with the field left out, is not', () => {
    expect(zero([deployment({}, { replicas: 1 })])).to.equal(false);
    expect(zero([deployment()])).to.equal(false);
  });
});
