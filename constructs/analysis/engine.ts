import { ALL_CHECKS } from './checks/index.js';
import { isRecord } from './json.js';
import { IndexedObject, ObjectIndex } from './object-index.js';
import { annotatedSuppressions, suppresses } from './suppress.js';
import { severityRank, type AnalyzeOptions, type Finding, type ObjectSource, type ReportOptions } from './types.js';

/** Everything one analysis produced. */
export interface AnalysisReport {
  /** Findings that were not suppressed, most serious first, then in input order. */
  readonly findings: readonly Finding[];
  /** Findings a suppression or an object's `galley.istio.io/analyze-suppress` annotation silenced. */
  readonly suppressed: readonly Finding[];
  /** Objects analyzed, with `List` items counted one by one. */
  readonly objects: number;
}

/** Each `List` (or `<Kind>List`) becomes its items; every other value stays as it is. */
function expand(input: readonly unknown[], sources: ReadonlyMap<object, ObjectSource> | undefined): { value: unknown; source?: ObjectSource }[] {
  const out: { value: unknown; source?: ObjectSource }[] = [];
  const visit = (value: unknown, inherited: ObjectSource | undefined): void => {
    const source = (isRecord(value) && sources?.get(value)) || inherited;
    if (isRecord(value) && typeof value.kind === 'string' && value.kind.endsWith('List') && Array.isArray(value.items)) {
      for (const item of value.items) visit(item, source);
    } else {
      out.push({ value, source });
    }
  };
  for (const value of input) visit(value, undefined);
  return out;
}

/** Runs the checks over the objects and returns findings and suppressions. */
export function runAnalysis(objects: readonly unknown[], options: AnalyzeOptions = {}): AnalysisReport {
  const defaultNamespace = options.defaultNamespace ?? 'default';
  const indexed = expand(objects, options.sources).map(
    ({ value, source }, order) => new IndexedObject(isRecord(value) ? value : {}, order, defaultNamespace, source),
  );
  const index = new ObjectIndex(indexed, {
    defaultNamespace,
    clusterDomain: options.clusterDomain ?? 'cluster.local',
    rootNamespace: options.rootNamespace,
  });

  const raw: { finding: Finding; order: number }[] = [];
  const seen = new Set<string>();
  for (const check of options.checks ?? ALL_CHECKS) {
    const report = (object: IndexedObject, message: string, opts: ReportOptions = {}): void => {
      const key = `${check.code}\u0000${object.order}\u0000${message}\u0000${JSON.stringify(opts.field ?? [])}`;
      if (seen.has(key)) return;
      seen.add(key);
      const source = object.source;
      const line = (opts.field && source?.lineOf?.(opts.field)) || source?.line;
      raw.push({
        order: object.order,
        finding: {
          code: check.code,
          severity: opts.severity ?? check.severity,
          object: object.ref,
          message,
          ...(opts.field?.length ? { field: opts.field } : {}),
          ...(source?.path !== undefined ? { path: source.path } : {}),
          ...(source?.file !== undefined ? { file: source.file } : {}),
          ...(line ? { line } : {}),
        },
      });
    };
    try {
      check.run({ index, report });
    } catch (err) {
      raw.push({
        order: -1,
        finding: {
          code: 'IST0001',
          severity: 'Error',
          object: { apiVersion: '', kind: 'Analysis', name: check.code },
          message: `Internal error: check ${check.code} (${check.title}) failed: ${err instanceof Error ? err.message : String(err)}. This is a bug in the analysis; please report it with the objects analyzed.`,
        },
      });
    }
  }

  raw.sort(
    (a, b) =>
      severityRank(b.finding.severity) - severityRank(a.finding.severity) ||
      a.order - b.order ||
      a.finding.code.localeCompare(b.finding.code),
  );
  const findings: Finding[] = [];
  const suppressed: Finding[] = [];
  for (const { finding, order } of raw) {
    const annotated = order >= 0 ? annotatedSuppressions(indexed[order].annotations) : new Set<string>();
    const silenced = annotated.has('*') || annotated.has(finding.code) || (options.suppress ?? []).some((s) => suppresses(s, finding));
    (silenced ? suppressed : findings).push(finding);
  }
  return { findings, suppressed, objects: indexed.length };
}

/**
 * Analyzes Kubernetes and Istio objects the way `istioctl analyze --use-kube=false` would, without a cluster:
 * schema validation against the pinned CRDs and the Kubernetes schema, dangling references, selectors that
 * select nothing, port naming, mTLS conflicts, unreachable rules and more (see `docs/analysis.md`).
 * `List` objects are analyzed item by item. Returns the findings that are not suppressed.
 */
export function analyze(objects: readonly unknown[], options: AnalyzeOptions = {}): Finding[] {
  return [...runAnalysis(objects, options).findings];
}
