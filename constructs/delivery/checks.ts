import type { MeshConfig } from '../mesh/resolve.js';
import { latencyQuantile, meshMatchers, successRatio, type MeshSelector } from '../observability/mesh-queries.js';
import type { DeliveryConfig } from './resolve.js';

/** One check in an engine's own template syntax: a query whose single value must stay within bounds. */
export interface EngineCheck {
  /** `success-rate`, `latency-p99` or the name of an extra check. */
  readonly name: string;
  readonly query: string;
  readonly min?: number;
  readonly max?: number;
}

/** How an engine names the canary's requests, its namespace and the check window in a query. */
interface EngineTemplates {
  readonly namespace: string;
  readonly canary: MeshSelector;
  readonly window: string;
}

/**
 * Flagger renders a MetricTemplate per check with `{{ namespace }}`, `{{ target }}` (the canary
 * Deployment `<name>`; its primary is `<name>-primary`, so `destination_workload` tells them apart)
 * and `{{ interval }}` (the metric's interval).
 */
export function flaggerTemplates(): EngineTemplates {
  return { namespace: '{{ namespace }}', canary: { namespace: '{{ namespace }}', workload: '{{ target }}' }, window: '{{ interval }}' };
}

/**
 * Argo Rollouts renders an AnalysisTemplate's `{{args.version}}`, set by the Rollout to the version
 * rolled out: stable and canary pods come from one Rollout (`destination_workload` is the same), so the
 * `version` label tells them apart; each release needs a new version name.
 */
export function argoTemplates(config: MeshConfig, delivery: DeliveryConfig): EngineTemplates {
  return { namespace: config.namespace, canary: { namespace: config.namespace, app: config.name, version: '{{args.version}}' }, window: delivery.window };
}

/**
 * The checks of a rollout: the canary's success rate and p99 latency, with the same query definitions
 * as the dashboards' per-version panels (constructs/observability/mesh-queries.ts), and the extra checks
 * with their placeholders filled in.
 */
export function engineChecks(config: MeshConfig, delivery: DeliveryConfig, t: EngineTemplates): EngineCheck[] {
  const fill = (query: string) =>
    query.replace(/\{\{\s*(namespace|app|canary|window)\s*\}\}/g, (_m, p: string) =>
      p === 'namespace' ? t.namespace : p === 'app' ? config.name : p === 'canary' ? meshMatchers(t.canary) : t.window,
    );
  return [
    { name: 'success-rate', query: successRatio(t.canary, t.window), min: delivery.minSuccessRatio },
    { name: 'latency-p99', query: latencyQuantile(0.99, t.canary, t.window), max: delivery.maxLatencyMs },
    ...delivery.extraChecks.map((e) => ({ name: e.name, query: fill(e.query), min: e.min, max: e.max })),
  ];
}
