import type { IConstruct } from 'constructs';
import { PropChecker } from '../prop-errors.js';
import { durationMillis, formatDuration, type DurationInput } from '../validation/durations.js';
import type { DogAppMeshProps } from '../mesh/props.js';
import type { MeshConfig, ResolvedVersion } from '../mesh/resolve.js';
import { PROMETHEUS_PORT } from '../observability/prometheus.js';
import { promqlSyntaxError } from './promql.js';
import type { DeliveryEngine, FlaggerOptions, ProgressiveDeliveryOptions } from './props.js';

/** A check with every default filled in; `query` is still in the neutral template form. */
export interface ResolvedCheck {
  readonly name: string;
  readonly query: string;
  readonly min?: number;
  readonly max?: number;
}

/** ProgressiveDeliveryOptions validated, with every default filled in. */
export interface DeliveryConfig {
  readonly engine: DeliveryEngine;
  /** The version rolled out: the only one of `versions`. */
  readonly version: ResolvedVersion;
  /** Step weights, expanded from `stepWeight`/`maxWeight` when those were given. */
  readonly stepWeights: readonly number[];
  /** `stepWeight`/`maxWeight` as given (Flagger takes them as they are). */
  readonly stepWeight?: { readonly step: number; readonly max: number };
  readonly interval: string;
  readonly intervalMs: number;
  readonly threshold: number;
  /** With a header route under Flagger: A/B testing for this many intervals. */
  readonly iterations?: number;
  readonly manualPromotion: boolean;
  readonly window: string;
  /** Success rate as a ratio, 0..1. */
  readonly minSuccessRatio: number;
  readonly maxLatencyMs: number;
  readonly extraChecks: readonly ResolvedCheck[];
  readonly prometheusAddress: string;
  readonly flagger: { readonly alertProvider?: FlaggerOptions['alertProvider']; readonly loadtesterUrl: string };
  readonly argoRollouts: { readonly workloadRef: boolean };
}

const AT = 'progressiveDelivery';
const PLACEHOLDERS = ['namespace', 'app', 'canary', 'window'];
/** Requests the canary should get per check window at the first step, so that no check finds no values. */
export const MIN_REQUESTS_PER_WINDOW = 30;

/**
 * The loadgen a rollout needs when the props set none: enough requests per second that the canary gets
 * {@link MIN_REQUESTS_PER_WINDOW} requests per check window at the first step's weight.
 */
export function deliveryLoadgen(props: DogAppMeshProps): DogAppMeshProps['loadgen'] {
  const d = props.progressiveDelivery;
  if (!d || props.loadgen) return props.loadgen;
  const first = d.stepWeights?.[0] ?? d.stepWeight ?? 10;
  const windowMs = durationMillis(d.checks?.window ?? d.interval ?? '1m') ?? 60_000;
  const rps = Math.ceil((MIN_REQUESTS_PER_WINDOW / (windowMs / 1000) / (Math.max(first, 1) / 100)) * 10) / 10;
  return { rps: Math.min(Math.max(rps, 1), 1000) };
}

/** Validates `progressiveDelivery` against the resolved mesh (every problem at once) and fills in defaults. */
export function resolveDelivery(scope: IConstruct, options: ProgressiveDeliveryOptions, config: MeshConfig, props: DogAppMeshProps): DeliveryConfig {
  const check = new PropChecker(scope);
  check.oneOf(`${AT}.engine`, options.engine, ['flagger', 'argo-rollouts'] as const);
  const engine = options.engine;

  check.expect(
    config.versions.length === 1,
    'versions',
    config.versions.map((v) => v.name),
    `expected exactly one version with ${AT}: the engine keeps the running version as the stable one and rolls this one out; give the new version's name and image, and remove the others`,
  );
  check.expect(props.versions?.every((v) => v.weight === undefined) ?? true, 'versions[*].weight', props.versions?.map((v) => v.weight), `expected no weights with ${AT}: the engine sets them step by step`);
  const version = config.versions[config.versions.length - 1];

  // Variants the engines do not support
  check.expect(
    config.dataplane.mode === 'sidecar',
    'dataplane.mode',
    config.dataplane.mode,
    `expected 'sidecar' with ${AT}: neither Flagger nor Argo Rollouts documents ambient mode (routing through a waypoint); use static weights in ambient mode`,
  );
  check.expect(
    config.ingress.api !== 'gateway-api',
    'ingress.api',
    config.ingress.api,
    engine === 'flagger'
      ? `expected 'istio' or 'none' with ${AT}.engine 'flagger': DogAppMesh drives Flagger's istio provider; Flagger's gatewayapi:v1 provider is not supported here`
      : `expected 'istio' or 'none' with ${AT}.engine 'argo-rollouts': Argo Rollouts routes HTTPRoutes only through its Gateway API plugin, which DogAppMesh does not drive`,
  );
  check.expect(config.mirror === undefined, 'mirror', props.mirror, `expected no mirroring with ${AT}: the engine owns the routes (Flagger: analysis.mirror; Argo Rollouts: setMirrorRoute)`);
  check.expect(config.fault === undefined, 'faultInjection', props.faultInjection, `expected no fault injection with ${AT}: the engine owns the routes (Flagger needs VirtualService delegation for faults)`);

  // Schedule
  let stepWeights: number[] = [10, 25, 50];
  let stepWeight: DeliveryConfig['stepWeight'];
  if (options.stepWeight !== undefined || options.maxWeight !== undefined) {
    check.expect(options.stepWeights === undefined, `${AT}.stepWeights`, options.stepWeights, 'expected either stepWeights or stepWeight/maxWeight, not both');
    const step = options.stepWeight ?? 10;
    const max = options.maxWeight ?? 50;
    check.integer(`${AT}.stepWeight`, step, 1, 100).integer(`${AT}.maxWeight`, max, 1, 100);
    check.expect(step <= max, `${AT}.maxWeight`, max, `expected at least stepWeight (${step})`);
    if (Number.isInteger(step) && step >= 1 && step <= max) {
      stepWeights = [];
      for (let w = step; w <= max; w += step) stepWeights.push(w);
    }
    stepWeight = { step, max };
  } else if (options.stepWeights !== undefined) {
    stepWeights = [...options.stepWeights];
    check.expect(stepWeights.length >= 1 && stepWeights.length <= 50, `${AT}.stepWeights`, stepWeights, 'expected 1 to 50 steps');
    stepWeights.forEach((w, i) => check.integer(`${AT}.stepWeights[${i}]`, w, 1, 100));
    check.expect(stepWeights.every((w, i) => i === 0 || w > stepWeights[i - 1]), `${AT}.stepWeights`, stepWeights, 'expected strictly increasing weights, e.g. [10, 25, 50]');
  }
  const interval = options.interval ?? '1m';
  check.duration(`${AT}.interval`, interval, 1000);
  const intervalMs = durationMillis(interval) ?? 60_000;
  const threshold = options.threshold ?? 5;
  check.integer(`${AT}.threshold`, threshold, 1, 100);

  let iterations: number | undefined;
  if (config.headerRoute) {
    check.expect(config.headerRoute.version === version.name, 'headerRoute.version', config.headerRoute.version, `expected the version rolled out (${version.name}): the header route reaches the canary`);
    if (engine === 'flagger') {
      iterations = options.iterations ?? 10;
      check.integer(`${AT}.iterations`, iterations, 1, 1000);
      check.expect(
        options.stepWeights === undefined && options.stepWeight === undefined && options.maxWeight === undefined,
        `${AT}.stepWeights`,
        options.stepWeights ?? options.stepWeight ?? options.maxWeight,
        "expected no weights with engine 'flagger' and a headerRoute: Flagger's header match (analysis.match) is A/B testing, which sends the matching requests to the canary for `iterations` intervals instead of shifting weights; drop headerRoute for a weighted canary",
      );
    }
  }
  if (options.iterations !== undefined && iterations === undefined) {
    check.expect(false, `${AT}.iterations`, options.iterations, "expected only with engine 'flagger' and a headerRoute (A/B testing)");
  }

  // Checks
  const c = options.checks ?? {};
  const successRate = c.successRate ?? 99;
  check.number(`${AT}.checks.successRate`, successRate, 0, 100);
  const latency: DurationInput = c.latencyP99 ?? '500ms';
  check.duration(`${AT}.checks.latencyP99`, latency);
  const window: DurationInput = c.window ?? interval;
  check.duration(`${AT}.checks.window`, window, 1000);
  const extraChecks: ResolvedCheck[] = (c.extra ?? []).map((e, i) => {
    const at = `${AT}.checks.extra[${i}]`;
    check.dnsLabel(`${at}.name`, e.name, 40);
    check.expect(!['success-rate', 'latency-p99'].includes(e.name), `${at}.name`, e.name, 'expected a name other than the built-in checks success-rate and latency-p99');
    check.expect(e.min !== undefined || e.max !== undefined, at, e, 'expected min, max or both');
    if (e.min !== undefined) check.number(`${at}.min`, e.min, -Number.MAX_VALUE, Number.MAX_VALUE);
    if (e.max !== undefined) check.number(`${at}.max`, e.max, -Number.MAX_VALUE, Number.MAX_VALUE);
    if (e.min !== undefined && e.max !== undefined) check.expect(e.min <= e.max, `${at}.max`, e.max, `expected at least min (${e.min})`);
    const unknown = [...(typeof e.query === 'string' ? e.query : '').matchAll(/\{\{\s*([^}\s]*)\s*\}\}/g)].map((m) => m[1]).filter((p) => !PLACEHOLDERS.includes(p));
    check.expect(unknown.length === 0, `${at}.query`, e.query, `expected only the placeholders ${PLACEHOLDERS.map((p) => `{{ ${p} }}`).join(', ')}; unknown: ${unknown.join(', ')}`);
    const syntax = typeof e.query === 'string' ? promqlSyntaxError(e.query.replace(/\{\{\s*canary\s*\}\}/g, 'reporter="destination"')) : 'not a string';
    check.expect(syntax === undefined, `${at}.query`, e.query, `expected PromQL that parses (${syntax})`);
    return { name: e.name, query: e.query, min: e.min, max: e.max };
  });
  check.unique(`${AT}.checks.extra[*].name`, extraChecks.map((e) => e.name));

  // Prometheus
  check.expect(!(options.observability && options.prometheusAddress), `${AT}.prometheusAddress`, options.prometheusAddress, 'expected either observability or prometheusAddress, not both');
  let prometheusAddress = options.prometheusAddress ?? 'http://prometheus.istio-system:9090';
  if (options.observability && options.prometheusAddress === undefined) {
    const service = options.observability.prometheus.service;
    prometheusAddress = `http://${service.name}.${service.metadata.namespace ?? 'default'}:${PROMETHEUS_PORT}`;
  } else if (options.prometheusAddress !== undefined) {
    check.expect(/^https?:\/\/[^\s/]+(\/\S*)?$/.test(options.prometheusAddress), `${AT}.prometheusAddress`, options.prometheusAddress, 'expected an http(s) URL, e.g. http://prometheus.istio-system:9090');
  }

  // Engine options
  const flaggerOptions = options.flagger ?? {};
  const argoOptions = options.argoRollouts ?? {};
  if (engine !== 'flagger') check.expect(options.flagger === undefined, `${AT}.flagger`, options.flagger, "expected only with engine 'flagger'");
  if (engine !== 'argo-rollouts') check.expect(options.argoRollouts === undefined, `${AT}.argoRollouts`, options.argoRollouts, "expected only with engine 'argo-rollouts'");
  if (flaggerOptions.alertProvider) {
    check.oneOf(`${AT}.flagger.alertProvider.type`, flaggerOptions.alertProvider.type, ['slack', 'msteams', 'discord', 'rocket', 'gchat'] as const);
    check.dnsLabel(`${AT}.flagger.alertProvider.secretName`, flaggerOptions.alertProvider.secretName);
  }
  const loadtesterUrl = flaggerOptions.loadtesterUrl ?? 'http://flagger-loadtester.flagger-system';
  check.expect(/^https?:\/\/[^\s/]+$/.test(loadtesterUrl), `${AT}.flagger.loadtesterUrl`, loadtesterUrl, 'expected an http(s) base URL without a path, e.g. http://flagger-loadtester.flagger-system');

  check.throwIfAny();
  return {
    engine,
    version,
    stepWeights,
    stepWeight,
    interval: formatDuration(interval),
    intervalMs,
    threshold,
    iterations,
    manualPromotion: options.manualPromotion ?? false,
    window: formatDuration(window),
    minSuccessRatio: successRate / 100,
    maxLatencyMs: durationMillis(latency) ?? 500,
    extraChecks,
    prometheusAddress,
    flagger: { alertProvider: flaggerOptions.alertProvider, loadtesterUrl },
    argoRollouts: { workloadRef: argoOptions.workloadRef ?? false },
  };
}
