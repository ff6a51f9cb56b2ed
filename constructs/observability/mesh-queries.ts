import { METRICS } from './dashboards/metric-names.js';

/**
 * The PromQL of the mesh's golden signals of an app, as Istio's proxies report them at the destination
 * (`reporter="destination"`): one definition for the Grafana dashboards' per-version panels and for the
 * progressive delivery checks (Flagger MetricTemplates, Argo Rollouts AnalysisTemplates), which only
 * fill in a different selector, window and grouping.
 */

/** Which requests a query counts: label matchers on Istio's standard metrics. */
export interface MeshSelector {
  /** `destination_workload_namespace`: a value or a template such as `$namespace` or `{{ namespace }}`. */
  readonly namespace: string;
  /** `destination_app`, when set. */
  readonly app?: string;
  /** `destination_workload` (the Deployment), when set. */
  readonly workload?: string;
  /** `destination_version`, when set. */
  readonly version?: string;
}

/** The label matchers of a selector, without braces. */
export function meshMatchers(selector: MeshSelector): string {
  const matchers = ['reporter="destination"', `destination_workload_namespace="${selector.namespace}"`];
  if (selector.app !== undefined) matchers.push(`destination_app="${selector.app}"`);
  if (selector.workload !== undefined) matchers.push(`destination_workload="${selector.workload}"`);
  if (selector.version !== undefined) matchers.push(`destination_version="${selector.version}"`);
  return matchers.join(', ');
}

function sumBy(by: readonly string[]): string {
  return by.length ? `sum by (${by.join(', ')})` : 'sum';
}

/** Requests per second. */
export function requestRate(selector: MeshSelector, window: string, by: readonly string[] = []): string {
  return `${sumBy(by)} (rate(${METRICS.istioRequests}{${meshMatchers(selector)}}[${window}]))`;
}

/**
 * Share of requests not answered with a 5xx, 0..1. Counted from the non-5xx series, so that it is 1
 * (not "no data") while no request has failed yet.
 */
export function successRatio(selector: MeshSelector, window: string, by: readonly string[] = []): string {
  const matchers = meshMatchers(selector);
  return `${sumBy(by)} (rate(${METRICS.istioRequests}{${matchers}, response_code!~"5.."}[${window}])) / ${sumBy(by)} (rate(${METRICS.istioRequests}{${matchers}}[${window}]))`;
}

/** Share of requests answered with a 5xx, 0..1: one minus {@link successRatio}. */
export function errorRatio(selector: MeshSelector, window: string, by: readonly string[] = []): string {
  return `1 - (${successRatio(selector, window, by)})`;
}

/** A latency quantile (0..1) in milliseconds, from Istio's request duration histogram. */
export function latencyQuantile(quantile: number, selector: MeshSelector, window: string, by: readonly string[] = []): string {
  return `histogram_quantile(${quantile}, ${sumBy([...by, 'le'])} (rate(${METRICS.istioRequestDuration}_bucket{${meshMatchers(selector)}}[${window}])))`;
}
