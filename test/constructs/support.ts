/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-return, @typescript-eslint/no-explicit-any -- these assertions walk synthesized JSON */
import { expect } from 'chai';
import { Chart, Testing } from 'cdk8s';
import { DogAppMesh, type DogAppMeshProps } from '../../constructs/index.js';

/** A synthesized Kubernetes object, loosely typed for assertions. */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: any;
  [key: string]: any;
}

export interface Synthesized {
  mesh: DogAppMesh;
  objects: K8sObject[];
  /** The objects of the IstioOperator's chart, when one was asked for. */
  operatorObjects: K8sObject[];
  find: (kind: string, name: string) => K8sObject;
  all: (kind: string) => K8sObject[];
}

/** Synthesizes a DogAppMesh in a chart of its own (and the IstioOperator in another one when asked). */
export function synthMesh(props: DogAppMeshProps = {}, options: { operator?: boolean } = {}): Synthesized {
  const app = Testing.app();
  const chart = new Chart(app, 'test');
  const operatorChart = new Chart(app, 'operator');
  const mesh = new DogAppMesh(chart, 'mesh', options.operator ? { ...props, istioOperator: { ...props.istioOperator, scope: operatorChart } } : props);
  const objects = Testing.synth(chart) as K8sObject[];
  const operatorObjects = Testing.synth(operatorChart) as K8sObject[];
  return {
    mesh,
    objects,
    operatorObjects,
    all: (kind) => objects.filter((o) => o.kind === kind),
    find: (kind, name) => {
      const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
      expect(found, `${kind} ${name} in ${objects.map((o) => `${o.kind}/${o.metadata.name}`).join(', ')}`).to.exist;
      return found!;
    },
  };
}

/** Runs `fn` and returns the message of the error it throws (failing if it does not throw). */
export function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    return (err as Error).message;
  }
  expect.fail('expected an error');
}

function matches(selector: Record<string, string>, labels: Record<string, string> = {}): boolean {
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

const INJECTION_LABELS = ['istio-injection', 'istio.io/rev', 'istio.io/dataplane-mode'];

/**
 * The invariants every DogAppMesh output must hold, whatever the props: selectors select pods, routes
 * name subsets and Services that exist, every port is named, pods are hardened and labelled, and the
 * namespace carries exactly one mesh enrolment, and objects come in an order `kubectl apply` can follow.
 */
export function expectMeshInvariants(objects: readonly K8sObject[]): void {
  const deployments = objects.filter((o) => o.kind === 'Deployment');
  const pods = deployments.map((d) => ({ name: d.metadata.name, labels: d.spec.template.metadata.labels as Record<string, string> }));
  const services = objects.filter((o) => o.kind === 'Service');

  const firstNamespaced = objects.findIndex((o) => o.kind !== 'Namespace' && o.metadata.namespace !== undefined);
  const lastNamespace = objects.map((o) => o.kind).lastIndexOf('Namespace');
  expect(lastNamespace, 'the namespace is applied before anything in it').to.be.lessThan(firstNamespaced);

  expectApplyOrder(objects);

  for (const ns of objects.filter((o) => o.kind === 'Namespace')) {
    const enrolment = INJECTION_LABELS.filter((l) => ns.metadata.labels?.[l] !== undefined);
    expect(enrolment, `namespace ${ns.metadata.name} enrolment labels`).to.have.lengthOf(1);
  }

  for (const d of deployments) {
    const { selector, template } = d.spec;
    expect(matches(selector.matchLabels, template.metadata.labels), `${d.metadata.name} selector matches its pods`).to.equal(true);
    expect(Object.keys(selector.matchLabels).some((k) => k.startsWith('cdk8s.io/')), `${d.metadata.name} selects by app/version`).to.equal(false);
    expect(Object.keys(template.metadata.labels).some((k) => k.startsWith('cdk8s.io/')), `${d.metadata.name} pod labels`).to.equal(false);
    expect(template.metadata.labels.app, `${d.metadata.name} app label`).to.be.a('string');
    const pod = template.spec;
    expect(pod.securityContext.runAsNonRoot).to.equal(true);
    expect(pod.securityContext.seccompProfile).to.deep.equal({ type: 'RuntimeDefault' });
    expect(pod.serviceAccountName, `${d.metadata.name} has its own service account`).to.be.a('string').and.not.equal('default');
    for (const c of pod.containers) {
      expect(c.securityContext).to.include({ runAsNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, privileged: false });
      expect(c.securityContext.runAsUser).to.not.be.oneOf([0, 1337]);
      expect(c.securityContext.capabilities).to.deep.equal({ drop: ['ALL'] });
      expect(c.resources.requests).to.have.keys('cpu', 'memory');
      expect(c.resources.limits).to.have.keys('cpu', 'memory');
      for (const p of c.ports ?? []) expect(p.name, `${d.metadata.name} container port ${p.containerPort}`).to.match(/^http(-|$)/);
    }
  }

  for (const s of services) {
    for (const p of s.spec.ports) expect(p.name, `Service ${s.metadata.name} port ${p.port}`).to.match(/^http(-|$)/);
    const selected = pods.filter((p) => matches(s.spec.selector, p.labels));
    expect(selected, `Service ${s.metadata.name} selects pods`).to.not.be.empty;
    for (const p of s.spec.ports) {
      const targets = deployments
        .filter((d) => selected.some((sp) => sp.name === d.metadata.name))
        .flatMap((d) => d.spec.template.spec.containers.flatMap((c: any) => c.ports ?? []));
      expect(targets.map((t: { containerPort: number }) => t.containerPort), `Service ${s.metadata.name} targetPort`).to.include(p.targetPort);
    }
  }

  for (const pdb of objects.filter((o) => o.kind === 'PodDisruptionBudget')) {
    expect(pods.some((p) => matches(pdb.spec.selector.matchLabels, p.labels)), `PDB ${pdb.metadata.name} selects pods`).to.equal(true);
  }
  for (const hpa of objects.filter((o) => o.kind === 'HorizontalPodAutoscaler')) {
    const target = deployments.find((d) => d.metadata.name === hpa.spec.scaleTargetRef.name);
    expect(target, `HPA ${hpa.metadata.name} target`).to.exist;
    expect(target!.spec.replicas, `HPA target ${target!.metadata.name} has no fixed replicas`).to.equal(undefined);
  }

  const rules = objects.filter((o) => o.kind === 'DestinationRule');
  for (const dr of rules) {
    for (const subset of dr.spec.subsets ?? []) {
      expect(pods.some((p) => matches(subset.labels, p.labels)), `subset ${subset.name} of ${dr.spec.host} selects pods`).to.equal(true);
    }
  }
  for (const vs of objects.filter((o) => o.kind === 'VirtualService')) {
    const names = (vs.spec.http as { name?: string }[]).map((r) => r.name);
    expect(new Set(names).size, `${vs.metadata.name} rule names are unique`).to.equal(names.length);
    const last = vs.spec.http[vs.spec.http.length - 1];
    expect(last.match, `${vs.metadata.name} ends with a catch-all route`).to.equal(undefined);
    for (const rule of vs.spec.http) {
      for (const { destination } of rule.route) {
        if (destination.subset === undefined) continue;
        const dr = rules.find((r) => r.spec.host === destination.host);
        expect(dr, `DestinationRule for ${destination.host}`).to.exist;
        expect((dr!.spec.subsets ?? []).map((s: { name: string }) => s.name), `${vs.metadata.name} routes to subset ${destination.subset}`).to.include(destination.subset);
      }
    }
  }
  for (const route of objects.filter((o) => o.kind === 'HTTPRoute')) {
    const last = route.spec.rules[route.spec.rules.length - 1];
    expect(last.matches, `${route.metadata.name} ends with a catch-all rule`).to.equal(undefined);
    for (const rule of route.spec.rules) {
      for (const ref of rule.backendRefs ?? []) {
        const svc = services.find((s) => s.metadata.name === ref.name);
        expect(svc, `HTTPRoute ${route.metadata.name} backend ${ref.name}`).to.exist;
        expect(svc!.spec.ports.map((p: { port: number }) => p.port)).to.include(ref.port);
      }
    }
    for (const parent of route.spec.parentRefs) {
      const exists = parent.kind === 'Service'
        ? services.some((s) => s.metadata.name === parent.name)
        : objects.some((o) => o.kind === 'Gateway' && o.apiVersion.startsWith('gateway.networking.k8s.io') && o.metadata.name === parent.name);
      expect(exists, `HTTPRoute ${route.metadata.name} parent ${parent.kind ?? 'Gateway'}/${parent.name}`).to.equal(true);
    }
  }
}

/**
 * What a route needs exists before the route is applied (make-before-break): the DestinationRules of the hosts it
 * routes to or serves, the Gateways it binds, the ServiceEntries of its hosts.
 */
function expectApplyOrder(objects: readonly K8sObject[]): void {
  const at = (o: K8sObject) => objects.indexOf(o);
  const before = (needed: K8sObject, route: K8sObject) =>
    expect(at(needed), `${needed.kind} ${needed.metadata.name} is applied before ${route.kind} ${route.metadata.name}`).to.be.lessThan(at(route));
  const sameNamespace = (a: K8sObject, b: K8sObject) => a.metadata.namespace === b.metadata.namespace;
  for (const vs of objects.filter((o) => o.kind === 'VirtualService')) {
    const hosts = new Set<string>([...vs.spec.hosts, ...vs.spec.http.flatMap((r: any) => r.route.map((d: any) => d.destination.host))]);
    for (const dr of objects.filter((o) => o.kind === 'DestinationRule' && sameNamespace(o, vs) && hosts.has(o.spec.host))) before(dr, vs);
    for (const se of objects.filter((o) => o.kind === 'ServiceEntry' && sameNamespace(o, vs) && o.spec.hosts.some((h: string) => hosts.has(h)))) before(se, vs);
    for (const gw of objects.filter((o) => o.kind === 'Gateway' && sameNamespace(o, vs) && (vs.spec.gateways ?? []).includes(o.metadata.name))) before(gw, vs);
  }
  for (const route of objects.filter((o) => o.kind === 'HTTPRoute')) {
    for (const dr of objects.filter((o) => o.kind === 'DestinationRule' && sameNamespace(o, route) && !o.spec.host.includes('dog.ceo'))) before(dr, route);
    const gateways = (route.spec.parentRefs as { kind?: string; name: string }[]).filter((p) => (p.kind ?? 'Gateway') === 'Gateway').map((p) => p.name);
    for (const gw of objects.filter((o) => o.kind === 'Gateway' && sameNamespace(o, route) && gateways.includes(o.metadata.name))) before(gw, route);
  }
}
