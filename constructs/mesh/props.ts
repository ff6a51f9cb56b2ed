import type * as kplus from 'cdk8s-plus-27';
import type { MeshAnalysisOptions } from '../analysis/mesh-analysis.js';
import type { ProgressiveDeliveryOptions } from '../delivery/props.js';
import type { DataplaneOptions } from './dataplane.js';
import type { EgressOptions, MeshEgressOptions } from './egress.js';
import type { IngressOptions } from './ingress.js';
import type { IstioOperatorOptions } from './istio-operator.js';
import type { LoadGeneratorOptions } from './load-generator.js';
import type { ResilienceOptions } from './resilience.js';
import type { FaultInjectionOptions, HeaderRouteOptions, MirrorOptions } from './routing.js';
import type { SecurityOptions } from './security.js';
import type { ShutdownOptions } from './shutdown.js';
import type { AppVersion } from './versions.js';
import type { ContainerResources, MetricsOptions, ProbesOptions } from './workload.js';

export type { DataplaneMode, DataplaneOptions } from './dataplane.js';
export type { EgressOptions, ExternalHostOptions, MeshEgressOptions } from './egress.js';
export type { IngressApi, IngressOptions, IngressTlsOptions, IstioInstall } from './ingress.js';
export type { IstioOperatorOptions, IstioProfile } from './istio-operator.js';
export type { LoadGeneratorOptions } from './load-generator.js';
export type { ConnectionPoolOptions, LoadBalancerAlgorithm, OutlierDetectionOptions, ResilienceOptions, RetryOptions } from './resilience.js';
export type { FaultAbort, FaultDelay, FaultInjectionOptions, HeaderMatch, HeaderRouteOptions, MirrorOptions } from './routing.js';
export type { MtlsMode, SecurityOptions } from './security.js';
export type { ShutdownOptions } from './shutdown.js';
export type { AppVersion, AutoscalingOptions } from './versions.js';
export type { ContainerResources, MetricsOptions, ProbeOptions, ProbesOptions } from './workload.js';

/** Props of {@link MeshService}: an HTTP service deployed into an Istio mesh. */
export interface MeshServiceProps {
  /**
   * Name of the app: the `app` label, the name of its Service, ServiceAccount and routing objects,
   * and the prefix of its Deployments.
   */
  readonly name: string;

  /**
   * Namespace of the app, created and enrolled in the mesh. Apps of one chart that name the same namespace
   * share its namespace-level objects: one Namespace, PeerAuthentication, deny-all policy, Sidecar and
   * ServiceEntry per external host.
   * @default - the app's `name`
   */
  readonly namespace?: string;

  /**
   * Container image of the app, for every version that does not set its own.
   */
  readonly image: string;

  /**
   * Extra labels of the namespace. Mesh enrolment labels are set by `dataplane` and refused here.
   * @default {}
   */
  readonly namespaceLabels?: Readonly<Record<string, string>>;


  /**
   * The versions deployed side by side, each with its Deployment and share of the traffic.
   * @default [{ name: 'v1' }]
   */
  readonly versions?: readonly AppVersion[];

  /**
   * Pods per version, for versions that set neither `replicas` nor `autoscaling`.
   * @default 2
   */
  readonly replicas?: number;

  /**
   * Port the app listens on in its container, named `http` (given to the app in `portEnv`).
   * @default 8080
   */
  readonly containerPort?: number;

  /**
   * Environment variable through which the app learns `containerPort`.
   * @default - none: the app listens on `containerPort` by itself
   */
  readonly portEnv?: string;

  /**
   * Environment variable through which each version learns its version name.
   * @default - none
   */
  readonly versionEnv?: string;

  /**
   * Environment variables of the app's container in every version (a version's own `env` comes on top).
   * @default {}
   */
  readonly env?: Readonly<Record<string, string>>;

  /**
   * The container's readiness, liveness and startup probes (HTTP GET on `containerPort`). Kubelet probes
   * reach the app through the sidecar's probe rewrite, so the AuthorizationPolicy never opens their paths.
   * @default - readiness `/readyz` every 5 s, liveness `/healthz` every 10 s, startup `/healthz` every 2 s up to 30 times; 2 s timeouts
   */
  readonly probes?: ProbesOptions;

  /**
   * Where Prometheus scrapes the app (the `prometheus.io/*` pod annotations Istio's merged metrics
   * follow); `false` for an app without metrics. The path stays closed to the ingress and other workloads.
   * @default { path: '/metrics', port: containerPort }
   */
  readonly metrics?: MetricsOptions | false;

  /**
   * Port of the app's Service; it forwards to `containerPort`.
   * @default 8000
   */
  readonly servicePort?: number;

  /**
   * Type of the app's Service. A LoadBalancer or NodePort Service takes plaintext traffic from outside
   * the mesh, so the app port then accepts it (port-level PERMISSIVE mTLS and an ALLOW rule for any
   * caller on `allowedPaths`); not possible in ambient mode.
   * @default - ClusterIP when an ingress gateway fronts the app, LoadBalancer (as in the seed) when `ingress.api` is 'none'
   */
  readonly serviceType?: kplus.ServiceType;

  /**
   * Requests and limits of the app container.
   * @default { cpuRequestMillis: 100, cpuLimitMillis: 500, memoryRequestMebibytes: 128, memoryLimitMebibytes: 256 }
   */
  readonly resources?: ContainerResources;

  /**
   * uid the app runs as: not 0, and not 1337 (Istio's proxy; its traffic would bypass the mesh).
   * @default 10001 (the Dockerfile's user)
   */
  readonly runAsUser?: number;

  /**
   * gid the app runs as: not 0 and not 1337.
   * @default 10001
   */
  readonly runAsGroup?: number;

  /**
   * Most pods of a version the PodDisruptionBudget lets voluntary disruptions (drains) take down at once.
   * @default 1
   */
  readonly maxUnavailable?: number;

  /**
   * Mesh enrolment: sidecar injection (optionally by revision) or ambient with a waypoint.
   * @default { mode: 'sidecar' }
   */
  readonly dataplane?: DataplaneOptions;

  /**
   * Ingress from outside the cluster.
   * @default { api: 'istio', hosts: ['*'], port: 80 } (sidecar mode)
   */
  readonly ingress?: IngressOptions;

  /**
   * A header route ahead of the weighted split, e.g. `x-canary: always` → v2.
   * @default - none
   */
  readonly headerRoute?: HeaderRouteOptions;

  /**
   * Timeouts, retries, outlier detection and connection pool.
   * @default - see ResilienceOptions
   */
  readonly resilience?: ResilienceOptions;

  /**
   * Fault injection (delay and/or abort) for resilience testing.
   * @default - none
   */
  readonly faultInjection?: FaultInjectionOptions;

  /**
   * Mutual TLS and authorization.
   * @default - STRICT mTLS, deny-by-default authorization
   */
  readonly security?: SecurityOptions;

  /**
   * External hosts the app calls, registered in the mesh (optionally with TLS origination).
   * @default - no hosts registered, outbound not restricted
   */
  readonly egress?: MeshEgressOptions;

  /**
   * Graceful shutdown of the app's pods.
   * @default { drainDelay: '5s', grace: '10s' }, given to the app in no environment variable
   */
  readonly shutdown?: ShutdownOptions;

  /**
   * Run the traffic generator against the in-mesh Service.
   * @default - no load generator
   */
  readonly loadgen?: LoadGeneratorOptions;

  /**
   * Emit an IstioOperator for `istioctl install -f`.
   * @default - none
   */
  readonly istioOperator?: IstioOperatorOptions;

  /**
   * Mirror a share of the default route's traffic to a version (answers discarded).
   * @default - no mirroring
   */
  readonly mirror?: MirrorOptions;

  /**
   * Roll the version out with Flagger or Argo Rollouts: its share of the traffic rises step by step
   * while the mesh's metrics of the canary are checked, and it is rolled back when they fail. Needs
   * exactly one version (the one rolled out); without `loadgen`, a load generator is added whose rate
   * gives the canary enough requests per check window at the first step.
   * @default - static weights from `versions`
   */
  readonly progressiveDelivery?: ProgressiveDeliveryOptions;

  /**
   * Offline mesh analysis of the synthesized app at synth time (see docs/analysis.md): findings at or
   * above `failureThreshold` fail `cdk8s synth` naming the construct path, lower ones down to
   * `printThreshold` are printed. `false` turns it off.
   * @default - errors fail the synth, warnings print
   */
  readonly analysis?: MeshAnalysisOptions | false;
}

/** Props of {@link DogAppMesh}: MeshService props with the dog-image service's defaults. */
export interface DogAppMeshProps extends Omit<MeshServiceProps, 'name' | 'image' | 'egress'> {
  /**
   * Name of the app: the `app` label, the name of its Service, ServiceAccount and routing objects,
   * and the prefix of its Deployments.
   * @default 'dog-app'
   */
  readonly name?: string;

  /**
   * Namespace of the app, enrolled in the mesh (see {@link MeshServiceProps.namespace}).
   * @default 'dog-app'
   */
  readonly namespace?: string;

  /**
   * Container image of the dog-image service (built from this project's service/Dockerfile), for every
   * version that does not set its own.
   * @default 'dog-app-mesh:0.1.0'
   */
  readonly image?: string;

  /**
   * Egress to the Dog API.
   * @default - ServiceEntries for dog.ceo and images.dog.ceo, no TLS origination, outbound not restricted
   */
  readonly egress?: EgressOptions;
}
