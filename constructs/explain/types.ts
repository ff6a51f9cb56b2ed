/** Who sends the request that {@link explain} follows. */
export type ExplainSource =
  /** A client outside the cluster, through the ingress gateway (Istio Gateway or Gateway API Gateway). */
  | { readonly kind: 'ingress' }
  /** A client outside the cluster, straight to a LoadBalancer (or NodePort) Service, with no proxy of its own. */
  | { readonly kind: 'outside' }
  /** A pod running as a service account: in the mesh (with mTLS) unless its workload is among the objects and runs without a proxy. */
  | { readonly kind: 'workload'; readonly namespace: string; readonly serviceAccount: string };

/** The request to follow. */
export interface ExplainRequest {
  readonly source: ExplainSource;
  /** HTTP method, upper case as sent (Istio rejects a lower-case method with 400). */
  readonly method: string;
  /**
   * A path with its query (`/api/image?breed=hound`) or an absolute URL. A host of the form
   * `<workload>.<namespace>.pod` stands for a pod IP of that workload, as Prometheus addresses pods.
   */
  readonly target: string;
  /**
   * Request headers; names are case-insensitive. `host` sets the host when the target is a path.
   * @default {}
   */
  readonly headers?: Readonly<Record<string, string>>;
}

/** Options of {@link explain}. */
export interface ExplainOptions {
  /**
   * Namespace of objects that set none.
   * @default 'default'
   */
  readonly defaultNamespace?: string;
  /**
   * DNS domain of the cluster.
   * @default 'cluster.local'
   */
  readonly clusterDomain?: string;
  /**
   * Istio's root namespace.
   * @default - `meshConfig.rootNamespace` of an IstioOperator among the objects, else 'istio-system'
   */
  readonly rootNamespace?: string;
}

/** `allowed`: the request reaches a pod; `denied`: an AuthorizationPolicy refuses it (403); `failed`: routing or transport fails; `unknown`: an element on its path is not modelled. */
export type Verdict = 'allowed' | 'denied' | 'failed' | 'unknown';

/** One step of the request's path. */
export interface ExplainStep {
  /** What the step decides: `request`, `gateway`, `route`, `destination`, `traffic-policy`, `peer-authentication`, `authorization`, `workload`, `egress`. */
  readonly stage: string;
  /** `ok`: passed; `fail`: the request stops here; `unknown`: not modelled, so what follows is not known. */
  readonly outcome: 'ok' | 'fail' | 'unknown';
  /** One line, as the text output prints it. */
  readonly text: string;
  /** The object that decided it, as `Kind namespace/name`. */
  readonly object?: string;
  /** Structured facts of the step for `-o json` (rule index, match, policy and rule, mode, ...). */
  readonly details?: Readonly<Record<string, unknown>>;
}

/** A pod template that can receive the request. */
export interface ExplainWorkload {
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  /** The pods' `version` label (or `app.kubernetes.io/version`), when set. */
  readonly version?: string;
  /** The container port the request arrives on. */
  readonly containerPort?: number;
  readonly container?: string;
}

/** One destination of the route, with the rest of the path to it. */
export interface ExplainDestination {
  readonly host: string;
  readonly port?: number;
  readonly subset?: string;
  /** Share of the route's traffic in percent (relative weights normalized to 100). */
  readonly weight: number;
  readonly verdict: Verdict;
  /** The HTTP status a failing or denied request gets (403, 404, 503, ...) and Envoy's response flag. */
  readonly status?: number;
  readonly flag?: string;
  readonly steps: readonly ExplainStep[];
  readonly workloads: readonly ExplainWorkload[];
}

/** What happens to the request. */
export interface ExplainResult {
  /** The overall verdict: `allowed` only when every destination with traffic is reached. */
  readonly verdict: Verdict;
  /** The first line of the text output. */
  readonly summary: string;
  /** The HTTP status when the request does not reach a pod. */
  readonly status?: number;
  readonly flag?: string;
  /** The request as the proxies see it (method, host, normalized path, query, headers). */
  readonly request: {
    readonly source: string;
    readonly method: string;
    readonly scheme: string;
    readonly host?: string;
    readonly port?: number;
    readonly path: string;
    readonly query: string;
    readonly headers: Readonly<Record<string, string>>;
  };
  /** Steps before the route splits into destinations. */
  readonly steps: readonly ExplainStep[];
  readonly destinations: readonly ExplainDestination[];
  /** Versions that get traffic (weight > 0) and are reached. */
  readonly versions: readonly string[];
  /** Everything on the path that is not modelled, one line each. */
  readonly unknowns: readonly string[];
}
