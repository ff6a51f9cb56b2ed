import { ISTIO_PROXY_UID, type PropChecker } from '../prop-errors.js';
import type { DogAppMeshProps } from './props.js';

/** Requests and limits of the app container. */
export interface ContainerResources {
  /**
   * CPU request, millicores.
   * @default 100
   */
  readonly cpuRequestMillis?: number;
  /**
   * CPU limit, millicores.
   * @default 500
   */
  readonly cpuLimitMillis?: number;
  /**
   * Memory request, MiB.
   * @default 128
   */
  readonly memoryRequestMebibytes?: number;
  /**
   * Memory limit, MiB.
   * @default 256
   */
  readonly memoryLimitMebibytes?: number;
}

/** The props of the app's workload: who it is, what it runs, how many and with what. */
export type WorkloadProps = Pick<
  DogAppMeshProps,
  'name' | 'namespace' | 'image' | 'replicas' | 'containerPort' | 'servicePort' | 'resources' | 'runAsUser' | 'runAsGroup' | 'maxUnavailable'
>;

/** The workload's defaults: what differs between one app and another. */
export interface WorkloadDefaults {
  readonly name: string;
  readonly namespace: string;
  readonly image: string;
}

/** The workload with every default filled in. */
export interface ResolvedWorkload {
  readonly name: string;
  readonly namespace: string;
  readonly image: string;
  readonly replicas: number;
  readonly containerPort: number;
  readonly servicePort: number;
  readonly resources: Required<ContainerResources>;
  readonly runAsUser: number;
  readonly runAsGroup: number;
  readonly maxUnavailable: number;
  /** `<name>.<namespace>.svc.cluster.local` */
  readonly serviceHost: string;
  /** Labels of every object of the app. */
  readonly labels: Readonly<Record<string, string>>;
}

/** Longest app name: `<name>-<version>`, `<name>-gateway-istio` and `<name>-loadgen` must stay DNS labels. */
export const MAX_APP_NAME = 40;

/** Validates the workload props and fills in the defaults. */
export function resolveWorkload(check: PropChecker, props: WorkloadProps, defaults: WorkloadDefaults): ResolvedWorkload {
  const name = props.name ?? defaults.name;
  const namespace = props.namespace ?? defaults.namespace;
  const image = props.image ?? defaults.image;
  const replicas = props.replicas ?? 2;
  const containerPort = props.containerPort ?? 8080;
  const servicePort = props.servicePort ?? 8000;
  const runAsUser = props.runAsUser ?? 10001;
  const runAsGroup = props.runAsGroup ?? 10001;
  const maxUnavailable = props.maxUnavailable ?? 1;
  check
    .dnsLabel('name', name, MAX_APP_NAME)
    .dnsLabel('namespace', namespace)
    .image('image', image)
    .integer('replicas', replicas, 1, 1000)
    .port('containerPort', containerPort)
    .port('servicePort', servicePort)
    .integer('maxUnavailable', maxUnavailable, 1, 1000);
  return {
    name,
    namespace,
    image,
    replicas,
    containerPort,
    servicePort,
    resources: resolveResources(check, props.resources),
    runAsUser,
    runAsGroup,
    maxUnavailable,
    serviceHost: `${name}.${namespace}.svc.cluster.local`,
    labels: { app: name, 'app.kubernetes.io/name': name },
  };
}

/** Checks the uid and gid the app runs as: not root, not Istio's proxy. */
export function checkRunAs(check: PropChecker, workload: Pick<ResolvedWorkload, 'runAsUser' | 'runAsGroup'>): void {
  for (const [prop, id] of [['runAsUser', workload.runAsUser], ['runAsGroup', workload.runAsGroup]] as const) {
    check.expect(
      Number.isInteger(id) && id >= 1 && id <= 2_147_483_647 && id !== ISTIO_PROXY_UID,
      prop,
      id,
      `expected an id from 1 to 2147483647 other than ${ISTIO_PROXY_UID}, which Istio reserves for its proxy (traffic of that id bypasses the sidecar)`,
    );
  }
}

/** Validates the container's requests and limits (each request at most its limit) and fills in the defaults. */
export function resolveResources(check: PropChecker, props: ContainerResources | undefined): Required<ContainerResources> {
  const resources = {
    cpuRequestMillis: props?.cpuRequestMillis ?? 100,
    cpuLimitMillis: props?.cpuLimitMillis ?? 500,
    memoryRequestMebibytes: props?.memoryRequestMebibytes ?? 128,
    memoryLimitMebibytes: props?.memoryLimitMebibytes ?? 256,
  };
  check
    .integer('resources.cpuRequestMillis', resources.cpuRequestMillis, 1, 64_000)
    .integer('resources.cpuLimitMillis', resources.cpuLimitMillis, 1, 64_000)
    .integer('resources.memoryRequestMebibytes', resources.memoryRequestMebibytes, 1, 1_048_576)
    .integer('resources.memoryLimitMebibytes', resources.memoryLimitMebibytes, 1, 1_048_576)
    .expect(resources.cpuRequestMillis <= resources.cpuLimitMillis, 'resources.cpuLimitMillis', resources.cpuLimitMillis, `expected at least the CPU request (${resources.cpuRequestMillis})`)
    .expect(resources.memoryRequestMebibytes <= resources.memoryLimitMebibytes, 'resources.memoryLimitMebibytes', resources.memoryLimitMebibytes, `expected at least the memory request (${resources.memoryRequestMebibytes})`);
  return resources;
}
