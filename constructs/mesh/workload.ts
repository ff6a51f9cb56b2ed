import { ISTIO_PROXY_UID, type PropChecker } from '../prop-errors.js';
import { durationMillis, type DurationInput } from '../validation/durations.js';
import type { MeshServiceProps } from './props.js';
import { isEnvName } from './versions.js';

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
  MeshServiceProps,
  'name' | 'namespace' | 'image' | 'replicas' | 'containerPort' | 'servicePort' | 'resources' | 'runAsUser' | 'runAsGroup' | 'maxUnavailable'
>;

/** An HTTP GET probe of the app container on `containerPort`. */
export interface ProbeOptions {
  /**
   * Path requested.
   * @default - '/readyz' for readiness, '/healthz' for liveness and startup
   */
  readonly path?: string;
  /**
   * Time between probes, whole seconds.
   * @default - 5s for readiness, 10s for liveness, 2s for startup
   */
  readonly period?: DurationInput;
  /**
   * Time a probe may take, whole seconds.
   * @default '2s'
   */
  readonly timeout?: DurationInput;
  /**
   * Failed probes in a row that count as a failure.
   * @default - 3 for readiness and liveness, 30 for startup (a minute to start)
   */
  readonly failureThreshold?: number;
}

/** The container's probes. */
export interface ProbesOptions {
  /**
   * Readiness: whether the pod receives requests (the service fails it while it drains).
   * @default { path: '/readyz', period: '5s', timeout: '2s', failureThreshold: 3 }
   */
  readonly readiness?: ProbeOptions;
  /**
   * Liveness: whether the container is restarted.
   * @default { path: '/healthz', period: '10s', timeout: '2s', failureThreshold: 3 }
   */
  readonly liveness?: ProbeOptions;
  /**
   * Startup: holds off the other probes until the app has started.
   * @default { path: '/healthz', period: '2s', timeout: '2s', failureThreshold: 30 }
   */
  readonly startup?: ProbeOptions;
}

/** Where Prometheus scrapes the app. */
export interface MetricsOptions {
  /**
   * Path of the Prometheus metrics.
   * @default '/metrics'
   */
  readonly path?: string;
  /**
   * Port of the metrics endpoint in the container.
   * @default - the app's containerPort
   */
  readonly port?: number;
}

/** A probe with every default filled in, its timings in whole seconds. */
export interface ResolvedProbe {
  readonly path: string;
  readonly periodSeconds: number;
  readonly timeoutSeconds: number;
  readonly failureThreshold: number;
}

/** The probes with every default filled in. */
export interface ResolvedProbes {
  readonly readiness: ResolvedProbe;
  readonly liveness: ResolvedProbe;
  readonly startup: ResolvedProbe;
}

const PROBE_DEFAULTS: Record<keyof ProbesOptions, Required<ProbeOptions>> = {
  readiness: { path: '/readyz', period: '5s', timeout: '2s', failureThreshold: 3 },
  liveness: { path: '/healthz', period: '10s', timeout: '2s', failureThreshold: 3 },
  startup: { path: '/healthz', period: '2s', timeout: '2s', failureThreshold: 30 },
};
const HTTP_PATH = /^\/\S*$/;
const HTTP_PATH_ALLOWED = "expected an absolute path starting with '/', without whitespace";

/** Validates the probes (paths, whole-second timings, thresholds) and fills in the defaults. */
export function resolveProbes(check: PropChecker, props: ProbesOptions | undefined): ResolvedProbes {
  const one = (kind: keyof ProbesOptions): ResolvedProbe => {
    const at = `probes.${kind}`;
    const given = props?.[kind];
    const { path, period, timeout, failureThreshold } = { ...PROBE_DEFAULTS[kind], ...given };
    check.expect(typeof path === 'string' && HTTP_PATH.test(path), `${at}.path`, path, HTTP_PATH_ALLOWED);
    const seconds = (prop: string, value: DurationInput): number => {
      const ms = durationMillis(value);
      const ok = ms !== undefined && ms >= 1000 && ms <= 3_600_000 && ms % 1000 === 0;
      check.expect(ok, `${at}.${prop}`, value, 'expected a whole number of seconds from 1s to 1h, such as "5s" (Kubernetes counts probe timings in seconds)');
      return ok ? ms / 1000 : 0;
    };
    const periodSeconds = seconds('period', period);
    const timeoutSeconds = seconds('timeout', timeout);
    check.integer(`${at}.failureThreshold`, failureThreshold, 1, 1000);
    return { path, periodSeconds, timeoutSeconds, failureThreshold };
  };
  return { readiness: one('readiness'), liveness: one('liveness'), startup: one('startup') };
}

/** Validates where metrics are scraped and fills in the defaults; undefined for an app without metrics. */
export function resolveMetrics(check: PropChecker, props: MetricsOptions | false | undefined, containerPort: number): { readonly path: string; readonly port: number } | undefined {
  if (props === false) return undefined;
  const path = props?.path ?? '/metrics';
  const port = props?.port ?? containerPort;
  check.expect(typeof path === 'string' && HTTP_PATH.test(path), 'metrics.path', path, HTTP_PATH_ALLOWED).port('metrics.port', port);
  return { path, port };
}

/** The environment the app is given: variable names for the port and version, and fixed values. */
export interface ResolvedEnv {
  readonly portEnv?: string;
  readonly versionEnv?: string;
  /** Variables of every version, after `portEnv` and `versionEnv`. */
  readonly env: Readonly<Record<string, string>>;
}

/** Validates the app's environment: variable names Kubernetes accepts, none given twice. */
export function resolveEnv(check: PropChecker, props: Pick<MeshServiceProps, 'portEnv' | 'versionEnv' | 'env'>): ResolvedEnv {
  const env = props.env ?? {};
  const allowed = 'expected an environment variable name: letters, digits, -, _ and ., not starting with a digit';
  if (props.portEnv !== undefined) check.expect(isEnvName(props.portEnv), 'portEnv', props.portEnv, allowed);
  if (props.versionEnv !== undefined) check.expect(isEnvName(props.versionEnv), 'versionEnv', props.versionEnv, allowed);
  for (const key of Object.keys(env)) {
    check.expect(isEnvName(key), 'env', key, allowed);
    check.expect(typeof env[key] === 'string', `env[${JSON.stringify(key)}]`, env[key], 'expected a string value');
  }
  const named = [props.portEnv, props.versionEnv, ...Object.keys(env)].filter((n): n is string => n !== undefined);
  check.unique('portEnv, versionEnv, env', named);
  return { portEnv: props.portEnv, versionEnv: props.versionEnv, env };
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
export function resolveWorkload(check: PropChecker, props: WorkloadProps): ResolvedWorkload {
  const name = props.name;
  const namespace = props.namespace ?? name;
  const image = props.image;
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
