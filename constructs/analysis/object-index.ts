import { flaggerCanaryModel, primaryTemplateLabels, type FlaggerCanaryModel } from './flagger-canaries.js';
import { toFqdn, hostCovers, visibleFrom } from './hosts.js';
import { array, isRecord, num, record, records, str, stringMap, type JsonRecord } from './json.js';
import { crdClusterScoped } from './schema/crds.js';
import type { FieldPath, ObjectRef, ObjectSource } from './types.js';

/** `apps/v1` → group `apps`, version `v1`; `v1` → the core group `''`. */
export function parseApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.lastIndexOf('/');
  return slash < 0 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

/** `group/Kind` of the built-in kinds that live outside namespaces; the pinned CRDs say which of theirs do. */
const CLUSTER_SCOPED = new Set([
  '/Namespace', '/Node', '/PersistentVolume', '/ComponentStatus',
  'rbac.authorization.k8s.io/ClusterRole', 'rbac.authorization.k8s.io/ClusterRoleBinding',
  'apiextensions.k8s.io/CustomResourceDefinition', 'apiregistration.k8s.io/APIService',
  'admissionregistration.k8s.io/MutatingWebhookConfiguration', 'admissionregistration.k8s.io/ValidatingWebhookConfiguration',
  'admissionregistration.k8s.io/ValidatingAdmissionPolicy', 'admissionregistration.k8s.io/ValidatingAdmissionPolicyBinding',
  'storage.k8s.io/StorageClass', 'storage.k8s.io/CSIDriver', 'storage.k8s.io/CSINode', 'storage.k8s.io/VolumeAttachment',
  'scheduling.k8s.io/PriorityClass', 'networking.k8s.io/IngressClass', 'node.k8s.io/RuntimeClass',
  'certificates.k8s.io/CertificateSigningRequest', 'flowcontrol.apiserver.k8s.io/FlowSchema',
  'flowcontrol.apiserver.k8s.io/PriorityLevelConfiguration',
]);

/** One analyzed object with its identity read once. */
export class IndexedObject {
  public readonly apiVersion: string;
  public readonly group: string;
  public readonly version: string;
  public readonly kind: string;
  public readonly name: string;
  /** Undefined for cluster-scoped kinds. */
  public readonly namespace: string | undefined;
  public readonly labels: Record<string, string>;
  public readonly annotations: Record<string, string>;

  constructor(
    /** The object as given. */
    public readonly raw: JsonRecord,
    /** Position among the analyzed objects: findings are ordered by it. */
    public readonly order: number,
    defaultNamespace: string,
    public readonly source: ObjectSource | undefined,
  ) {
    this.apiVersion = str(raw.apiVersion) ?? '';
    this.kind = str(raw.kind) ?? '';
    ({ group: this.group, version: this.version } = parseApiVersion(this.apiVersion));
    const metadata = record(raw.metadata);
    this.name = str(metadata.name) ?? str(metadata.generateName) ?? '';
    this.namespace = CLUSTER_SCOPED.has(this.key) || crdClusterScoped(this.key) ? undefined : (str(metadata.namespace) ?? defaultNamespace);
    this.labels = stringMap(metadata.labels);
    this.annotations = stringMap(metadata.annotations);
  }

  /** `group/Kind`, e.g. `networking.istio.io/VirtualService` or `/Service`. */
  public get key(): string {
    return `${this.group}/${this.kind}`;
  }

  public get spec(): JsonRecord {
    return record(this.raw.spec);
  }

  public get ref(): ObjectRef {
    return {
      apiVersion: this.apiVersion,
      kind: this.kind,
      name: this.name,
      ...(this.namespace === undefined ? {} : { namespace: this.namespace }),
    };
  }

  /** `Kind namespace/name`, as messages name objects. */
  public get display(): string {
    return `${this.kind} ${this.namespace === undefined ? '' : `${this.namespace}/`}${this.name}`;
  }
}

/** The pods a workload object runs (or a WorkloadEntry stands for), as selectors see them. */
export interface Workload {
  readonly object: IndexedObject;
  readonly namespace: string;
  /** Labels of its pods. */
  readonly labels: Record<string, string>;
  /** Annotations of its pods. */
  readonly annotations: Record<string, string>;
  /** The pod spec (empty for a WorkloadEntry). */
  readonly podSpec: JsonRecord;
  /** Where the pod template sits in the object (`[]` for a Pod). */
  readonly templatePath: FieldPath;
}

/** Where kinds that run pods keep their pod template. */
const POD_TEMPLATES: Record<string, FieldPath> = {
  'apps/Deployment': ['spec', 'template'],
  'apps/StatefulSet': ['spec', 'template'],
  'apps/DaemonSet': ['spec', 'template'],
  'apps/ReplicaSet': ['spec', 'template'],
  '/ReplicationController': ['spec', 'template'],
  'batch/Job': ['spec', 'template'],
  'batch/CronJob': ['spec', 'jobTemplate', 'spec', 'template'],
  '/Pod': [],
  // Without a template (workloadRef), the referenced Deployment holds it and is a workload itself.
  'argoproj.io/Rollout': ['spec', 'template'],
};

function at(value: unknown, path: FieldPath): unknown {
  let current = value;
  for (const key of path) current = isRecord(current) || Array.isArray(current) ? (current as JsonRecord)[key] : undefined;
  return current;
}

/** A port of a Service or ServiceEntry. */
export interface ServicePort {
  readonly number: number;
  readonly name?: string;
  readonly protocol?: string;
  readonly appProtocol?: string;
  readonly targetPort?: number | string;
}

/** Something a host name resolves to: a Kubernetes Service or a ServiceEntry. */
export interface HostTarget {
  /** The Service or ServiceEntry. */
  readonly object: IndexedObject;
  /** The host as it is registered (FQDN for Services). */
  readonly host: string;
  readonly namespace: string;
  readonly ports: readonly ServicePort[];
  /** Service selector or ServiceEntry `workloadSelector.labels`; undefined when it selects no pods itself. */
  readonly selector: Record<string, string> | undefined;
  readonly exportTo: readonly string[] | undefined;
}

class LabelIndex {
  public readonly all: Workload[] = [];
  private readonly byPair = new Map<string, Workload[]>();

  public add(workload: Workload): void {
    this.all.push(workload);
    for (const [k, v] of Object.entries(workload.labels)) {
      const key = `${k}=${v}`;
      const list = this.byPair.get(key);
      if (list) list.push(workload);
      else this.byPair.set(key, [workload]);
    }
  }

  /** Workloads whose labels include every pair of `selector`: starts from the rarest pair. */
  public select(selector: Record<string, string>): Workload[] {
    const pairs = Object.entries(selector);
    if (pairs.length === 0) return this.all;
    let smallest: Workload[] | undefined;
    for (const [k, v] of pairs) {
      const list = this.byPair.get(`${k}=${v}`);
      if (!list) return [];
      if (!smallest || list.length < smallest.length) smallest = list;
    }
    return smallest!.filter((w) => pairs.every(([k, v]) => w.labels[k] === v));
  }
}

/** Options of {@link ObjectIndex}. */
export interface IndexOptions {
  readonly defaultNamespace: string;
  readonly clusterDomain: string;
  readonly rootNamespace?: string;
}

/** Every analyzed object indexed once by kind, namespace, name, labels and host, so checks stay linear. */
export class ObjectIndex {
  public readonly objects: readonly IndexedObject[];
  public readonly clusterDomain: string;
  public readonly rootNamespace: string;
  /** Namespace objects by name. */
  public readonly namespaces = new Map<string, IndexedObject>();
  public readonly workloads: readonly Workload[];
  /**
   * Pods that no analyzed object runs but a controller will create from one: Flagger's primaries. They
   * count for selectors, not as objects of their own.
   */
  public readonly impliedWorkloads: readonly Workload[];
  /** Flagger Canaries targeting a Deployment, with what each creates. */
  public readonly canaries: readonly FlaggerCanaryModel[];

  private readonly byKind = new Map<string, IndexedObject[]>();
  private readonly byName = new Map<string, IndexedObject>();
  private readonly labelsByNamespace = new Map<string, LabelIndex>();
  private readonly allLabels = new LabelIndex();
  private readonly hostsExact = new Map<string, HostTarget[]>();
  /** The same targets by `namespace host`: a host defined in many namespaces (an egress ServiceEntry per app) resolves without a scan. */
  private readonly hostsExactByNamespace = new Map<string, HostTarget[]>();
  private readonly hostsWildcard: HostTarget[] = [];
  private readonly servicesOfWorkload = new Map<Workload, HostTarget[]>();

  constructor(objects: readonly IndexedObject[], options: IndexOptions) {
    this.objects = objects;
    this.clusterDomain = options.clusterDomain;
    for (const o of objects) {
      const list = this.byKind.get(o.key);
      if (list) list.push(o);
      else this.byKind.set(o.key, [o]);
      const nameKey = this.nameKey(o.group, o.kind, o.namespace, o.name);
      if (!this.byName.has(nameKey)) this.byName.set(nameKey, o);
      if (o.key === '/Namespace') this.namespaces.set(o.name, o);
    }
    this.rootNamespace = options.rootNamespace ?? this.meshConfigRootNamespace() ?? 'istio-system';
    this.canaries = this.ofKind('flagger.app', 'Canary').flatMap((c) => {
      const target = c.namespace === undefined ? undefined : this.get('apps', 'Deployment', c.namespace, str(record(c.spec.targetRef).name) ?? '');
      return flaggerCanaryModel(c, target) ?? [];
    });
    this.workloads = this.collectWorkloads();
    this.impliedWorkloads = this.collectPrimaries();
    for (const w of [...this.workloads, ...this.impliedWorkloads]) {
      let index = this.labelsByNamespace.get(w.namespace);
      if (!index) this.labelsByNamespace.set(w.namespace, (index = new LabelIndex()));
      index.add(w);
      this.allLabels.add(w);
    }
    this.registerHosts();
  }

  /** Objects of one kind, in input order. */
  public ofKind(group: string, kind: string): readonly IndexedObject[] {
    return this.byKind.get(`${group}/${kind}`) ?? [];
  }

  /** The object of a kind with that namespace and name (the first one when given twice). */
  public get(group: string, kind: string, namespace: string | undefined, name: string): IndexedObject | undefined {
    return this.byName.get(this.nameKey(group, kind, namespace, name));
  }

  /** Workloads in `namespace` (or in every namespace when undefined) whose pod labels match `selector`. */
  public select(namespace: string | undefined, selector: Record<string, string>): readonly Workload[] {
    if (namespace === undefined) return this.allLabels.select(selector);
    return this.labelsByNamespace.get(namespace)?.select(selector) ?? [];
  }

  /** Workloads of one namespace. */
  public workloadsIn(namespace: string): readonly Workload[] {
    return this.labelsByNamespace.get(namespace)?.all ?? [];
  }

  /** Services in the workload's namespace whose selector matches its pods. */
  public servicesSelecting(workload: Workload): readonly HostTarget[] {
    return this.servicesOfWorkload.get(workload) ?? [];
  }

  /** The Service of that namespace and name, as a host target. */
  public service(namespace: string, name: string): HostTarget | undefined {
    return this.hostsExact.get(`${name}.${namespace}.svc.${this.clusterDomain}`)?.find((t) => t.object.kind === 'Service');
  }

  /** `host` as written in an object of namespace `from`, made fully qualified. */
  public fqdn(host: string, from: string): string {
    return toFqdn(host, from, this.clusterDomain);
  }

  /**
   * What `host`, written in an object of namespace `from`, resolves to: a Service or ServiceEntry
   * visible there (`exportTo`), exact names before ServiceEntry wildcards.
   */
  public resolveHost(host: string, from: string): HostTarget | undefined {
    const fqdn = this.fqdn(host, from);
    const visible = (t: HostTarget) => visibleFrom(t.exportTo, t.namespace, from);
    const exact = this.hostsExactByNamespace.get(`${from} ${fqdn}`)?.find(visible) ?? this.hostsExact.get(fqdn)?.find(visible);
    if (exact) return exact;
    return this.hostsWildcard.find((t) => visibleFrom(t.exportTo, t.namespace, from) && hostCovers(t.host, fqdn));
  }

  /** Whether any known host overlaps `pattern` (which may be a wildcard) from namespace `from`. */
  public anyHostMatches(pattern: string, from: string): boolean {
    const fqdn = this.fqdn(pattern, from);
    if (!fqdn.startsWith('*')) return this.resolveHost(pattern, from) !== undefined;
    for (const targets of this.hostsExact.values()) {
      if (targets.some((t) => visibleFrom(t.exportTo, t.namespace, from) && hostCovers(fqdn, t.host))) return true;
    }
    return this.hostsWildcard.some((t) => visibleFrom(t.exportTo, t.namespace, from) && (hostCovers(fqdn, t.host) || hostCovers(t.host, fqdn)));
  }

  /** Workloads a host target sends traffic to: the pods its selector matches in its namespace. */
  public workloadsOf(target: HostTarget): readonly Workload[] {
    return target.selector === undefined ? [] : this.select(target.namespace, target.selector);
  }

  private nameKey(group: string, kind: string, namespace: string | undefined, name: string): string {
    return `${group}/${kind}/${namespace ?? ''}/${name}`;
  }

  private meshConfigRootNamespace(): string | undefined {
    for (const op of this.ofKind('install.istio.io', 'IstioOperator')) {
      const root = str(record(op.spec.meshConfig).rootNamespace);
      if (root) return root;
    }
    return undefined;
  }

  private collectWorkloads(): Workload[] {
    const out: Workload[] = [];
    for (const o of this.objects) {
      const path = POD_TEMPLATES[o.key];
      if (o.key === 'argoproj.io/Rollout' && !isRecord(o.spec.template)) continue;
      if (path !== undefined && o.namespace !== undefined) {
        const template = record(path.length === 0 ? o.raw : at(o.raw, path));
        const metadata = record(template.metadata);
        out.push({
          object: o,
          namespace: o.namespace,
          labels: stringMap(metadata.labels),
          annotations: stringMap(metadata.annotations),
          podSpec: record(template.spec),
          templatePath: path,
        });
      } else if (o.key === 'networking.istio.io/WorkloadEntry' && o.namespace !== undefined) {
        out.push({ object: o, namespace: o.namespace, labels: stringMap(o.spec.labels), annotations: {}, podSpec: {}, templatePath: [] });
      }
    }
    return out;
  }

  /** The pods of Flagger's `<target>-primary` Deployments: copies of the targets' pods, relabelled. */
  private collectPrimaries(): Workload[] {
    return this.canaries.flatMap((model) => {
      const target = this.workloads.find((w) => w.object.key === 'apps/Deployment' && w.namespace === model.namespace && w.object.name === model.target);
      if (!target) return [];
      return [{ ...target, labels: primaryTemplateLabels(model, record(at(target.object.raw, target.templatePath))) }];
    });
  }

  private addHost(target: HostTarget): void {
    if (target.host.startsWith('*')) {
      this.hostsWildcard.push(target);
      return;
    }
    const list = this.hostsExact.get(target.host);
    if (list) list.push(target);
    else this.hostsExact.set(target.host, [target]);
    const key = `${target.namespace} ${target.host}`;
    const local = this.hostsExactByNamespace.get(key);
    if (local) local.push(target);
    else this.hostsExactByNamespace.set(key, [target]);
  }

  private registerHosts(): void {
    for (const svc of this.ofKind('', 'Service')) {
      const spec = svc.spec;
      const namespace = svc.namespace ?? '';
      const exportTo = svc.annotations['networking.istio.io/exportTo'];
      const selector = isRecord(spec.selector) && Object.keys(spec.selector).length > 0 ? stringMap(spec.selector) : undefined;
      const target: HostTarget = {
        object: svc,
        host: `${svc.name}.${namespace}.svc.${this.clusterDomain}`,
        namespace,
        ports: records(spec.ports).flatMap((p) => {
          const number = num(p.port);
          if (number === undefined) return [];
          const targetPort = typeof p.targetPort === 'number' || typeof p.targetPort === 'string' ? p.targetPort : undefined;
          return [{ number, name: str(p.name), protocol: str(p.protocol), appProtocol: str(p.appProtocol), targetPort }];
        }),
        selector,
        exportTo: exportTo === undefined ? undefined : exportTo.split(',').map((s) => s.trim()),
      };
      this.addHost(target);
      for (const w of this.workloadsOf(target)) {
        const list = this.servicesOfWorkload.get(w);
        if (list) list.push(target);
        else this.servicesOfWorkload.set(w, [target]);
      }
    }
    // The Services a Flagger Canary creates: `<service>` and `-primary` select the primary, `-canary` the target.
    for (const model of this.canaries) {
      if (model.selectorLabel === undefined) continue;
      const targetValue = this.workloads.find((w) => w.object.key === 'apps/Deployment' && w.namespace === model.namespace && w.object.name === model.target)?.labels[model.selectorLabel];
      if (targetValue === undefined) continue;
      const ports = model.port === undefined ? [] : [{ number: model.port, name: model.portName, targetPort: model.targetPort }];
      for (const [suffix, value] of [['', `${targetValue}-primary`], ['-primary', `${targetValue}-primary`], ['-canary', targetValue]] as const) {
        const target: HostTarget = {
          object: model.canary,
          host: `${model.service}${suffix}.${model.namespace}.svc.${this.clusterDomain}`,
          namespace: model.namespace,
          ports,
          selector: { [model.selectorLabel]: value },
          exportTo: undefined,
        };
        this.addHost(target);
        for (const w of this.workloadsOf(target)) {
          const list = this.servicesOfWorkload.get(w);
          if (list) list.push(target);
          else this.servicesOfWorkload.set(w, [target]);
        }
      }
    }
    for (const se of this.ofKind('networking.istio.io', 'ServiceEntry')) {
      const spec = se.spec;
      const selector = isRecord(spec.workloadSelector) ? stringMap(record(spec.workloadSelector).labels) : undefined;
      const ports = records(spec.ports).flatMap((p) => {
        const number = num(p.number);
        return number === undefined ? [] : [{ number, name: str(p.name), protocol: str(p.protocol), targetPort: num(p.targetPort) }];
      });
      const exportTo = array(spec.exportTo).filter((e): e is string => typeof e === 'string');
      for (const host of array(spec.hosts)) {
        if (typeof host !== 'string') continue;
        this.addHost({
          object: se,
          host: this.fqdn(host, se.namespace ?? ''),
          namespace: se.namespace ?? '',
          ports,
          selector,
          exportTo: exportTo.length > 0 ? exportTo : undefined,
        });
      }
    }
  }
}
