import { createHash } from 'node:crypto';
import { ApiObject, JsonPatch, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { type Construct } from 'constructs';
import { stringify } from 'yaml';

/** Pod label that keeps Istio's sidecar out of an addon: the addons observe the mesh from outside it. */
export const NO_SIDECAR_LABEL = 'sidecar.istio.io/inject';

/** Labels of one addon's objects and pods: `app` (what Istio's tooling selects on) plus the recommended ones. */
export function addonLabels(name: string): Record<string, string> {
  return { app: name, 'app.kubernetes.io/name': name, 'app.kubernetes.io/part-of': 'dog-app-mesh' };
}

/** The in-cluster DNS name of a Service, e.g. `prometheus.istio-system.svc.cluster.local`. */
export function serviceHost(service: kplus.Service, clusterDomain: string): string {
  const namespace = service.metadata.namespace;
  if (!namespace) throw new Error(`Service ${service.name} has no namespace; its host cannot be derived`);
  return `${service.name}.${namespace}.svc.${clusterDomain}`;
}

/** The port of a Service by its name; throws when the Service has no such port. */
export function servicePort(service: kplus.Service, portName: string): number {
  const port = service.ports.find((p) => p.name === portName);
  if (!port) throw new Error(`Service ${service.name} has no port named ${portName}`);
  return port.port;
}

/** `http://<service host>:<port><path>` for a named port of a Service. */
export function serviceUrl(service: kplus.Service, portName: string, clusterDomain: string, path = ''): string {
  return `http://${serviceHost(service, clusterDomain)}:${servicePort(service, portName)}${path}`;
}

/** YAML text of a configuration object: no anchors or aliases, no line folding. */
export function toYaml(value: unknown): string {
  return stringify(value, { lineWidth: 0, aliasDuplicateObjects: false });
}

/**
 * The cluster identity of an addon that reads the Kubernetes API: its ServiceAccount (no token mounted by
 * default) and a ClusterRole of the same name, to be given rules and bound with {@link bindClusterRole}.
 */
export function addonIdentity(scope: Construct, name: string, namespace: string): { serviceAccount: kplus.ServiceAccount; clusterRole: kplus.ClusterRole } {
  const serviceAccount = new kplus.ServiceAccount(scope, 'service-account', {
    metadata: { name, namespace, labels: addonLabels(name) },
    automountToken: false,
  });
  const clusterRole = new kplus.ClusterRole(scope, 'cluster-role', { metadata: { name, labels: addonLabels(name) } });
  return { serviceAccount, clusterRole };
}

/** Binds a ClusterRole to a ServiceAccount under a fixed name (the default would be a hashed one). */
export function bindClusterRole(scope: Construct, id: string, name: string, role: kplus.ClusterRole, account: kplus.ServiceAccount): kplus.ClusterRoleBinding {
  const binding = new kplus.ClusterRoleBinding(scope, id, { metadata: { name, labels: addonLabels(name) }, role });
  binding.addSubjects(account);
  return binding;
}

/** A short digest of configuration text, put on a pod template so that a config change rolls the pods. */
export function configChecksum(...texts: string[]): string {
  const hash = createHash('sha256');
  for (const text of texts) hash.update(text).update('\0');
  return hash.digest('hex').slice(0, 16);
}

/** CPU in millicores and memory in MiB, as requests and limits. */
export interface AddonResources {
  readonly cpuRequestMillis: number;
  readonly cpuLimitMillis: number;
  readonly memoryRequestMebibytes: number;
  readonly memoryLimitMebibytes: number;
}

/** What {@link addonDeployment} needs to know about one addon's single container. */
export interface AddonDeploymentOptions {
  readonly name: string;
  readonly namespace: string;
  readonly image: string;
  /** Numeric uid (and gid) the image runs as; Kubernetes cannot verify `runAsNonRoot` for named users. */
  readonly uid: number;
  readonly ports: kplus.ContainerPort[];
  readonly args?: string[];
  readonly command?: string[];
  readonly envVariables?: Record<string, kplus.EnvValue>;
  readonly volumeMounts?: kplus.VolumeMount[];
  readonly readiness: kplus.Probe;
  readonly liveness: kplus.Probe;
  readonly startup?: kplus.Probe;
  readonly resources: AddonResources;
  readonly serviceAccount?: kplus.IServiceAccount;
  /** Annotations of the pod template (config checksums, scrape hints). */
  readonly podAnnotations?: Record<string, string>;
}

/**
 * One replica of an addon: pinned image pulled if not present, non-root with a read-only root filesystem
 * under the runtime's default seccomp profile, probes, requests and limits, selected by its `app` label,
 * and never injected with a sidecar.
 */
export function addonDeployment(scope: Construct, id: string, options: AddonDeploymentOptions): kplus.Deployment {
  const labels = addonLabels(options.name);
  const deployment = new kplus.Deployment(scope, id, {
    metadata: { name: options.name, namespace: options.namespace, labels },
    replicas: 1,
    select: false,
    serviceAccount: options.serviceAccount,
    automountServiceAccountToken: options.serviceAccount !== undefined,
    podMetadata: {
      labels: { ...labels, [NO_SIDECAR_LABEL]: 'false' },
      annotations: options.podAnnotations,
    },
    securityContext: { user: options.uid, group: options.uid, fsGroup: options.uid, ensureNonRoot: true },
    containers: [
      {
        name: options.name,
        image: options.image,
        imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
        command: options.command,
        args: options.args,
        ports: options.ports,
        envVariables: options.envVariables,
        volumeMounts: options.volumeMounts,
        readiness: options.readiness,
        liveness: options.liveness,
        startup: options.startup,
        securityContext: {
          user: options.uid,
          group: options.uid,
          ensureNonRoot: true,
          readOnlyRootFilesystem: true,
          allowPrivilegeEscalation: false,
          privileged: false,
        },
        resources: {
          cpu: {
            request: kplus.Cpu.millis(options.resources.cpuRequestMillis),
            limit: kplus.Cpu.millis(options.resources.cpuLimitMillis),
          },
          memory: {
            request: Size.mebibytes(options.resources.memoryRequestMebibytes),
            limit: Size.mebibytes(options.resources.memoryLimitMebibytes),
          },
        },
      },
    ],
  });
  deployment.select(kplus.LabelSelector.of({ labels: { app: options.name } }));
  // cdk8s-plus-27 cannot express these: its Capability enum has no ALL, and it has no seccomp profile.
  ApiObject.of(deployment).addJsonPatch(
    JsonPatch.add('/spec/template/spec/containers/0/securityContext/capabilities', { drop: ['ALL'] }),
    JsonPatch.add('/spec/template/spec/securityContext/seccompProfile', { type: 'RuntimeDefault' }),
  );
  return deployment;
}

/** A ClusterIP Service selecting an addon's pods by their `app` label. */
export function addonService(
  scope: Construct,
  id: string,
  options: { name: string; namespace: string; app: string; ports: kplus.ServicePort[]; after?: kplus.Deployment },
): kplus.Service {
  const service = new kplus.Service(scope, id, {
    metadata: { name: options.name, namespace: options.namespace, labels: addonLabels(options.app) },
    ports: options.ports,
  });
  service.selectLabel('app', options.app);
  if (options.after) ApiObject.of(service).addDependency(options.after);
  return service;
}

/** An emptyDir scratch volume with a size limit. */
export function scratchVolume(scope: Construct, id: string, name: string, mebibytes: number): kplus.Volume {
  return kplus.Volume.fromEmptyDir(scope, id, name, { sizeLimit: Size.mebibytes(mebibytes) });
}
