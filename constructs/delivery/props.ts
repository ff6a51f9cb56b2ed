import type { DurationInput } from '../validation/durations.js';
import type { ObservabilityAddons } from '../observability-addons.js';

/** The controller that shifts traffic step by step and rolls back on bad metrics. */
export type DeliveryEngine = 'flagger' | 'argo-rollouts';

/** A further check of the canary: a PromQL query whose single value must stay within bounds. */
export interface DeliveryCheck {
  /** Name of the check (a DNS label): the MetricTemplate `<app>-<name>` or the AnalysisTemplate metric. */
  readonly name: string;
  /**
   * PromQL returning one value. It may use `{{ namespace }}`, `{{ app }}`, `{{ canary }}` (the canary's
   * selector as label matchers, without braces) and `{{ window }}` (the check's time window), which
   * DogAppMesh turns into each engine's own template syntax.
   */
  readonly query: string;
  /**
   * Least value that passes.
   * @default - no lower bound (at least one of `min` and `max` is required)
   */
  readonly min?: number;
  /**
   * Greatest value that passes.
   * @default - no upper bound
   */
  readonly max?: number;
}

/** What must hold for the canary at every step. */
export interface DeliveryChecksOptions {
  /**
   * Least share of the canary's requests answered without a 5xx, percent (0..100), from
   * `istio_requests_total` at the destination.
   * @default 99
   */
  readonly successRate?: number;
  /**
   * Greatest p99 latency of the canary's requests, from `istio_request_duration_milliseconds_bucket`.
   * @default '500ms'
   */
  readonly latencyP99?: DurationInput;
  /**
   * Time window of each check's rates.
   * @default - the schedule's `interval`
   */
  readonly window?: DurationInput;
  /**
   * Further checks.
   * @default []
   */
  readonly extra?: readonly DeliveryCheck[];
}

/** Flagger settings beyond the shared schedule and checks. */
export interface FlaggerOptions {
  /**
   * Send the canary's events to a chat: an `AlertProvider` (`slack`, `msteams`, `discord`, `rocket`,
   * `gchat`) whose webhook URL is read from a Secret you create, key `address`.
   * @default - no alerts
   */
  readonly alertProvider?: {
    /** Chat type. */
    readonly type: 'slack' | 'msteams' | 'discord' | 'rocket' | 'gchat';
    /** Channel to post to (Slack, Rocket). @default - the webhook's own */
    readonly channel?: string;
    /** Name of the Secret (in the app's namespace) holding the webhook URL under `address`. */
    readonly secretName: string;
  };
  /**
   * Base URL of the flagger-loadtester, whose gate API holds the promotion with `manualPromotion`.
   * @default 'http://flagger-loadtester.flagger-system'
   */
  readonly loadtesterUrl?: string;
}

/** Argo Rollouts settings beyond the shared schedule and checks. */
export interface ArgoRolloutsOptions {
  /**
   * `true`: the Rollout points at a Deployment `<name>` (`workloadRef`) that holds the pod template and
   * is kept at 0 replicas (Argo Rollouts' migration path from a Deployment). `false`: the Rollout holds
   * the pod template itself.
   * @default false
   */
  readonly workloadRef?: boolean;
}

/**
 * Progressive delivery: the version is rolled out by an engine that raises its share of the traffic step
 * by step, checks the mesh's metrics of the canary at every step, and rolls back when they fail.
 */
export interface ProgressiveDeliveryOptions {
  /** The engine. */
  readonly engine: DeliveryEngine;
  /**
   * Canary weights of the steps, percent, strictly increasing, at most 100; not with `stepWeight`.
   * @default [10, 25, 50] (when `stepWeight` is not set)
   */
  readonly stepWeights?: readonly number[];
  /**
   * Weight added at every step, percent, up to `maxWeight`; instead of `stepWeights`.
   * @default - stepWeights
   */
  readonly stepWeight?: number;
  /**
   * With `stepWeight`: the last step's weight, percent.
   * @default 50
   */
  readonly maxWeight?: number;
  /**
   * Time between steps, which is also how often the checks run.
   * @default '1m'
   */
  readonly interval?: DurationInput;
  /**
   * Failed checks that abort the rollout and send all traffic back to the stable version.
   * @default 5
   */
  readonly threshold?: number;
  /**
   * With `headerRoute`, Flagger runs A/B testing instead of weights: requests with the header go to the
   * canary for this many intervals, the others stay on the primary.
   * @default 10
   */
  readonly iterations?: number;
  /**
   * Hold the rollout after the last step until a person promotes it (Flagger: the loadtester's gate
   * through a `confirm-promotion` webhook, plus a `rollback` webhook to abort by hand; Argo Rollouts: an
   * indefinite pause).
   * @default false
   */
  readonly manualPromotion?: boolean;
  /**
   * The checks run at every step.
   * @default - success rate ≥ 99 %, p99 latency ≤ 500 ms
   */
  readonly checks?: DeliveryChecksOptions;
  /**
   * The observability add-ons whose Prometheus the checks query.
   * @default - none: `prometheusAddress`
   */
  readonly observability?: ObservabilityAddons;
  /**
   * Address of the Prometheus the checks query; not with `observability`.
   * @default - the add-ons' Prometheus when `observability` is given, else 'http://prometheus.istio-system:9090'
   */
  readonly prometheusAddress?: string;
  /**
   * Flagger only.
   * @default {}
   */
  readonly flagger?: FlaggerOptions;
  /**
   * Argo Rollouts only.
   * @default {}
   */
  readonly argoRollouts?: ArgoRolloutsOptions;
}
