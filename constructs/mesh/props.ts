import type * as kplus from 'cdk8s-plus-27';
import type { Construct } from 'constructs';
import type { MeshAnalysisOptions } from '../analysis/mesh-analysis.js';
import type { DurationInput } from './durations.js';
import type { IstioOperatorProps } from './istio-operator.js';

/** One version of the app: its own Deployment, DestinationRule subset and share of the traffic. */
export interface AppVersion {
  /**
   * Version name (a DNS label such as `v1`): the pods' `version` and `app.kubernetes.io/version`
   * labels, the DestinationRule subset, the Deployment name `<name>-<version>` and `APP_VERSION`.
   */
  readonly name: string;

  /**
   * Percentage of the traffic this version receives from the weighted default route, 0..100.
   * The weights of all versions must add up to 100 (see the README for why).
   * @default - 100 for the first version when no version sets a weight, otherwise 0
   */
  readonly weight?: number;

  /**
   * Container image of this version.
   * @default - DogAppMeshProps.image
   */
  readonly image?: string;

  /**
   * Pods of this version. Must not be set together with `autoscaling`.
   * @default - DogAppMeshProps.replicas
   */
  readonly replicas?: number;

  /**
   * Scale this version with a HorizontalPodAutoscaler on CPU instead of a fixed replica count.
   * @default - no autoscaler: `replicas` pods
   */
  readonly autoscaling?: AutoscalingOptions;

  /**
   * Extra environment variables of this version's container (on top of PORT, APP_VERSION, DOG_API_URL).
   * @default {}
   */
  readonly env?: Readonly<Record<string, string>>;
}

/** A HorizontalPodAutoscaler (autoscaling/v2) on average CPU utilisation. */
export interface AutoscalingOptions {
  /**
   * Fewest pods.
   * @default 2
   */
  readonly minReplicas?: number;
  /** Most pods. */
  readonly maxReplicas: number;
  /**
   * Target average CPU utilisation, percent of the CPU request.
   * @default 70
   */
  readonly cpuUtilization?: number;
}

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

/** How the app's pods join the mesh. */
export type DataplaneMode = 'sidecar' | 'ambient';

/** The namespace's mesh enrolment. Exactly one injection label is ever written. */
export interface DataplaneOptions {
  /**
   * `sidecar`: an Envoy sidecar is injected into every pod. `ambient`: ztunnel carries L4 traffic and a
   * waypoint proxy (a Gateway of class `istio-waypoint`) does L7 routing and authorization.
   * @default 'sidecar'
   */
  readonly mode?: DataplaneMode;

  /**
   * Sidecar mode only: label the namespace `istio.io/rev=<revision>` (a revisioned control plane)
   * instead of `istio-injection=enabled`.
   * @default - no revision: `istio-injection=enabled`
   */
  readonly revision?: string;

  /**
   * Ambient mode only: name of the waypoint Gateway, also written as `istio.io/use-waypoint` on the namespace.
   * @default 'waypoint'
   */
  readonly waypointName?: string;

  /**
   * Sidecar mode only: start the app container only once its proxy is ready (pod annotation
   * `proxy.istio.io/config`), so the app's first Dog API calls do not fail.
   * @default true
   */
  readonly holdApplicationUntilProxyStarts?: boolean;
}

/** Which API brings traffic from outside the cluster to the app. */
export type IngressApi = 'istio' | 'gateway-api' | 'none';

/** The entry point from outside the cluster. */
export interface IngressOptions {
  /**
   * `istio`: an Istio `Gateway` on the shared ingress gateway plus a VirtualService bound to it.
   * `gateway-api`: a Kubernetes `Gateway` of class `istio` (Istio deploys its proxy and LoadBalancer
   * Service) plus an HTTPRoute to one Service per version. `none`: no ingress; the app's own Service
   * is the entry point.
   * @default - 'istio' in sidecar mode, 'gateway-api' in ambient mode (Istio's advice for ambient)
   */
  readonly api?: IngressApi;

  /**
   * Host names the ingress answers for.
   * @default ['*']
   */
  readonly hosts?: readonly string[];

  /**
   * Port of the ingress listener: the Istio Gateway server port (80 is the demo ingress gateway's
   * HTTP port) or the Gateway API listener port.
   * @default 80
   */
  readonly port?: number;

  /**
   * `istio` only: labels selecting the ingress gateway pods.
   * @default - from `istioInstall`: { istio: 'ingressgateway' } (istioctl) or { istio: 'ingress' } (helm)
   */
  readonly gatewaySelector?: Readonly<Record<string, string>>;

  /**
   * `istio` only: the ingress gateway's service account as `<namespace>/<name>`; its identity is allowed
   * to call the app.
   * @default - from `istioInstall`: 'istio-system/istio-ingressgateway-service-account' (istioctl) or 'istio-ingress/istio-ingress' (helm)
   */
  readonly gatewayServiceAccount?: string;

  /**
   * `istio` only: how Istio's ingress gateway was installed, which gives `gatewaySelector` and
   * `gatewayServiceAccount` their defaults (either one set explicitly wins). `istioctl`: `istioctl
   * install` (and the IstioOperator of `istioOperator`) labels the pods `istio: ingressgateway`, service
   * account `istio-system/istio-ingressgateway-service-account`. `helm`: Istio's Helm `gateway` chart
   * installed as istio.io's Helm guide does (release `istio-ingress` in namespace `istio-ingress`) labels
   * them `istio: ingress`, service account `istio-ingress/istio-ingress`.
   * @default 'istioctl' (the only choice when `istioOperator` is set)
   */
  readonly istioInstall?: IstioInstall;

  /**
   * HTTPS at the ingress, next to HTTP on `port`. With `istio` the Gateway gets an HTTPS server whose
   * `tls.credentialName` names the Secret, looked up in the ingress gateway's namespace (`istio-system`,
   * or `istio-ingress` with Helm); with `gateway-api` the Gateway gets an HTTPS listener whose
   * `certificateRefs` name it, in the app's namespace. Not with `api: 'none'`.
   * @default - HTTP only
   */
  readonly tls?: IngressTlsOptions;
}

/** How Istio's ingress gateway was installed: with `istioctl install`, or with Istio's Helm `gateway` chart. */
export type IstioInstall = 'istioctl' | 'helm';

/** The ingress's HTTPS server: its certificate, port and what its HTTP server does. */
export interface IngressTlsOptions {
  /**
   * Name of a Secret of type `kubernetes.io/tls` (keys `tls.crt` and `tls.key`, as cert-manager's
   * Certificate writes it) with the certificate for `ingress.hosts`. Referenced, never created.
   */
  readonly secretName: string;
  /**
   * Port of the HTTPS server (443 is the ingress gateway Service's HTTPS port).
   * @default 443
   */
  readonly port?: number;
  /**
   * Answer plain HTTP on `ingress.port` with a 301 redirect to HTTPS instead of serving the app there.
   * @default true
   */
  readonly httpsRedirect?: boolean;
}

/** A route ahead of the weighted split that sends requests carrying a header to one version. */
export interface HeaderRouteOptions {
  /**
   * The version that receives the matching requests.
   */
  readonly version: string;
  /**
   * Header name (lowercase).
   * @default 'x-canary'
   */
  readonly header?: string;
  /**
   * Exact header value.
   * @default 'always'
   */
  readonly value?: string;
  /**
   * Whether callers from outside the cluster may pick the version through the ingress. `false`: the
   * ingress route has no header rule and removes the header before forwarding, so only callers inside
   * the mesh that the authorization policy allows (the load generator, `allowedPrincipals`) reach the
   * version by header, and visitors always get the weighted split. `true`: anyone who can reach the
   * ingress can send the header (a staging cluster, say).
   * @default false
   */
  readonly fromIngress?: boolean;
}

/** Retry policy of a route. */
export interface RetryOptions {
  /**
   * Retries after the first try; 0 disables retries.
   * @default 2
   */
  readonly attempts?: number;
  /**
   * Time budget of each try.
   * @default '3s'
   */
  readonly perTryTimeout?: DurationInput;
  /**
   * Envoy retry conditions, comma separated.
   * @default 'connect-failure,refused-stream,reset,503'
   */
  readonly retryOn?: string;
}

/** Outlier detection: eject pods that keep failing from the load-balancing pool. */
export interface OutlierDetectionOptions {
  /**
   * Consecutive 5xx answers (or connection failures) that eject a pod; 0 disables.
   * @default 5
   */
  readonly consecutive5xxErrors?: number;
  /**
   * Time between ejection sweeps.
   * @default '10s'
   */
  readonly interval?: DurationInput;
  /**
   * Minimum ejection time (multiplied by the number of times the pod was ejected).
   * @default '30s'
   */
  readonly baseEjectionTime?: DurationInput;
  /**
   * Most pods of a version that may be ejected at once, percent.
   * @default 50
   */
  readonly maxEjectionPercent?: number;
}

/** Connection-pool limits (circuit breaking) per pod of the app. */
export interface ConnectionPoolOptions {
  /**
   * Most TCP connections.
   * @default 100
   */
  readonly maxConnections?: number;
  /**
   * TCP connect timeout.
   * @default '2s'
   */
  readonly connectTimeout?: DurationInput;
  /**
   * Most requests queued while waiting for a connection (HTTP/1.1).
   * @default 64
   */
  readonly http1MaxPendingRequests?: number;
  /**
   * Most concurrent requests (HTTP/2, and HTTP/1.1 through Envoy).
   * @default 256
   */
  readonly http2MaxRequests?: number;
  /**
   * Most retries in flight at once across the pool: the retry budget that stops retry storms.
   * @default 10
   */
  readonly maxRetries?: number;
}

/** Load-balancing algorithm across the pods of a version. */
export type LoadBalancerAlgorithm = 'LEAST_REQUEST' | 'ROUND_ROBIN' | 'RANDOM';

/** Timeouts, retries and circuit breaking for calls to the app. */
export interface ResilienceOptions {
  /**
   * Total time budget of a request, retries included. Must be at least
   * `perTryTimeout × (attempts + 1)` so that every retry can run.
   * @default '10s'
   */
  readonly timeout?: DurationInput;
  /**
   * Retry policy. Not expressible in the Gateway API's standard channel: with `ingress.api:
   * 'gateway-api'` it must stay unset (Istio's default of 2 retries on connection failures applies).
   * @default { attempts: 2, perTryTimeout: '3s', retryOn: 'connect-failure,refused-stream,reset,503' }
   */
  readonly retries?: RetryOptions;
  /**
   * Outlier detection on the DestinationRule.
   * @default { consecutive5xxErrors: 5, interval: '10s', baseEjectionTime: '30s', maxEjectionPercent: 50 }
   */
  readonly outlierDetection?: OutlierDetectionOptions;
  /**
   * Connection-pool limits on the DestinationRule.
   * @default { maxConnections: 100, connectTimeout: '2s', http1MaxPendingRequests: 64, http2MaxRequests: 256, maxRetries: 10 }
   */
  readonly connectionPool?: ConnectionPoolOptions;
  /**
   * Load-balancing algorithm.
   * @default 'LEAST_REQUEST'
   */
  readonly loadBalancer?: LoadBalancerAlgorithm;
}

/** A header match limiting a rule to requests that carry it. */
export interface HeaderMatch {
  /** Header name (lowercase). */
  readonly header: string;
  /** Exact header value. */
  readonly value: string;
}

/** A fixed delay injected into a share of the requests. */
export interface FaultDelay {
  /** How long to delay. */
  readonly fixedDelay: DurationInput;
  /** Share of the matched requests delayed, percent (0..100). */
  readonly percentage: number;
}

/** An HTTP error returned instead of calling the app for a share of the requests. */
export interface FaultAbort {
  /** HTTP status returned, 200..599. */
  readonly httpStatus: number;
  /** Share of the matched requests aborted, percent (0..100). */
  readonly percentage: number;
}

/**
 * Fault injection for resilience testing, in a rule of its own since Istio turns off a rule's retries
 * and timeout while it injects faults. Istio API only (the Gateway API has no fault injection).
 */
export interface FaultInjectionOptions {
  /**
   * Delay to inject. At least one of `delay` and `abort` is required.
   * @default - no delay
   */
  readonly delay?: FaultDelay;
  /**
   * Abort to inject.
   * @default - no abort
   */
  readonly abort?: FaultAbort;
  /**
   * Inject only into requests with this header (a rule ahead of the others). Without it the faults
   * apply to the catch-all default route, which then has no retries or timeout.
   * @default - every request reaching the default route
   */
  readonly match?: HeaderMatch;
}

/** Mutual TLS mode of the namespace. */
export type MtlsMode = 'STRICT' | 'PERMISSIVE';

/** How a pod of the app stops: Kubernetes sends SIGTERM, the service drains, then it is killed. */
export interface ShutdownOptions {
  /**
   * How long the service keeps taking requests after SIGTERM, with `/readyz` already failing, so that
   * endpoints and proxies stop sending new requests before its listener closes (`SHUTDOWN_DELAY_MS`).
   * @default '5s'
   */
  readonly drainDelay?: DurationInput;
  /**
   * How long requests in flight may then take to finish (`SHUTDOWN_GRACE_MS`). The pod's
   * `terminationGracePeriodSeconds` is `drainDelay + grace` plus 5 s, so Kubernetes never kills a
   * pod that is still draining.
   * @default '10s'
   */
  readonly grace?: DurationInput;
}

/** Mutual TLS and authorization. */
export interface SecurityOptions {
  /**
   * Namespace-wide PeerAuthentication mode. PERMISSIVE accepts plaintext too (for migrations only).
   * @default 'STRICT'
   */
  readonly mtlsMode?: MtlsMode;
  /**
   * Deny-by-default authorization: an empty AuthorizationPolicy for the namespace plus narrow ALLOW
   * policies for the ingress gateway, the load generator and `allowedPrincipals`.
   * @default true
   */
  readonly authorization?: boolean;
  /**
   * HTTP methods the allowed callers may use.
   * @default ['GET', 'HEAD', 'POST']
   */
  readonly allowedMethods?: readonly string[];
  /**
   * Paths the allowed callers may request (Istio path syntax: exact, `prefix*` or `*suffix`). Health and
   * metrics endpoints are not listed: kubelet probes and Prometheus' merged-metrics scrape reach the
   * pod through the sidecar agent on port 15020, not through the app port.
   * @default ['/', '/api/*']
   */
  readonly allowedPaths?: readonly string[];
  /**
   * Further callers allowed like the ingress gateway, as SPIFFE principals
   * (`cluster.local/ns/<namespace>/sa/<service-account>`).
   * @default []
   */
  readonly allowedPrincipals?: readonly string[];
  /**
   * Ambient mode only: principals allowed to reach the app port at L4 to scrape `/metrics` (there is
   * no sidecar to merge metrics; Prometheus itself must be in the ambient mesh).
   * @default ['cluster.local/ns/istio-system/sa/prometheus']
   */
  readonly metricsPrincipals?: readonly string[];
  /**
   * Trust domain of the mesh, the first part of every principal.
   * @default 'cluster.local'
   */
  readonly trustDomain?: string;
}

/** Egress to the Dog API. */
export interface EgressOptions {
  /**
   * Register the Dog API hosts as ServiceEntries (needed when outbound traffic is REGISTRY_ONLY, and
   * what makes them visible in telemetry and Kiali).
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * Host of the Dog API the service calls.
   * @default 'dog.ceo'
   */
  readonly apiHost?: string;
  /**
   * Further hosts to register, reached over TLS on 443 (the image host the pages link to).
   * @default ['images.dog.ceo']
   */
  readonly extraHosts?: readonly string[];
  /**
   * The app calls `http://<apiHost>` and its sidecar originates TLS to port 443, so that the mesh sees
   * HTTP and applies `timeout` and `retries` to Dog API calls. `DOG_API_URL` follows.
   * @default false
   */
  readonly tlsOrigination?: boolean;
  /**
   * With TLS origination: the mesh's timeout for one Dog API call. The service already gives each call a
   * 2.5 s budget (`UPSTREAM_TIMEOUT_MS`) with its own retries, so this stays above that budget.
   * @default '3s'
   */
  readonly timeout?: DurationInput;
  /**
   * With TLS origination: retries of Dog API calls by the mesh. None by default: the service retries
   * inside its own budget, and retries in two layers multiply (3 × 2 tries per call).
   * @default { attempts: 0 }
   */
  readonly retries?: RetryOptions;
  /**
   * Add a `Sidecar` resource with `outboundTrafficPolicy: REGISTRY_ONLY`: the app's pods may only reach
   * services of the mesh and the registered hosts. Sidecar mode only.
   * @default false
   */
  readonly restrictOutbound?: boolean;
}

/** The traffic generator: `dog-app-mesh loadgen` in a Deployment inside the mesh. */
export interface LoadGeneratorOptions {
  /**
   * Requests per second.
   * @default 1
   */
  readonly rps?: number;
  /**
   * Image holding the `dog-app-mesh` CLI.
   * @default - DogAppMeshProps.image
   */
  readonly image?: string;
}

/** Istio install profiles the IstioOperator can start from. */
export type IstioProfile = 'demo' | 'default' | 'minimal' | 'ambient';

/**
 * An IstioOperator (`install.istio.io/v1alpha1`) for `istioctl install -f`. It is not applied with kubectl,
 * so it goes to its own construct scope: give it a Chart whose App writes to a folder that
 * `kubectl apply -f dist/` does not read (the example app uses `dist/istio/`).
 */
export interface IstioOperatorOptions
  extends Pick<IstioOperatorProps, 'name' | 'extensionProviders' | 'defaultTracingProvider' | 'accessLogFile' | 'outboundTrafficPolicy'> {
  /** Where to add the IstioOperator: normally a Chart of its own in an App writing to a subfolder. */
  readonly scope: Construct;
  /**
   * Construct id within `scope`.
   * @default 'istio-operator'
   */
  readonly id?: string;
  /**
   * Install profile.
   * @default - 'demo' in sidecar mode, 'ambient' in ambient mode
   */
  readonly profile?: IstioProfile;
}

/** Props of {@link DogAppMesh}. */
export interface DogAppMeshProps {
  /**
   * Name of the app: the `app` label, the name of its Service, ServiceAccount and routing objects,
   * and the prefix of its Deployments.
   * @default 'dog-app'
   */
  readonly name?: string;

  /**
   * Namespace created for the app and enrolled in the mesh.
   * @default 'dog-app'
   */
  readonly namespace?: string;

  /**
   * Extra labels of the namespace. Mesh enrolment labels are set by `dataplane` and refused here.
   * @default {}
   */
  readonly namespaceLabels?: Readonly<Record<string, string>>;

  /**
   * Container image of the dog-image service (built from this project's Dockerfile), for every version
   * that does not set its own.
   * @default 'dog-app-mesh:0.1.0'
   */
  readonly image?: string;

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
   * Port the app listens on in its container (`PORT`), named `http`.
   * @default 8080
   */
  readonly containerPort?: number;

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
   * Egress to the Dog API.
   * @default - ServiceEntries for dog.ceo and images.dog.ceo, no TLS origination, outbound not restricted
   */
  readonly egress?: EgressOptions;

  /**
   * Graceful shutdown of the app's pods.
   * @default { drainDelay: '5s', grace: '10s' }
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
   * Offline mesh analysis of the synthesized app at synth time (see docs/analysis.md): findings at or
   * above `failureThreshold` fail `cdk8s synth` naming the construct path, lower ones down to
   * `printThreshold` are printed. `false` turns it off.
   * @default - errors fail the synth, warnings print
   */
  readonly analysis?: MeshAnalysisOptions | false;
}
