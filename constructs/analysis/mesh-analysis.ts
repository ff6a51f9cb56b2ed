import { ApiObject } from 'cdk8s';
import type { IConstruct } from 'constructs';
import { runAnalysis, type AnalysisReport } from './engine.js';
import { formatFinding } from './format.js';
import { recordCoverage } from '../validation-plugin/coverage.js';
import { cel } from './schema/cel.js';
import { suppresses } from './suppress.js';
import { severityRank, type AnalyzeOptions, type Finding, type ObjectSource, type Severity, type Suppression } from './types.js';

// The objects DogAppMesh synthesizes always carry CEL rules: the library loads with the constructs, as before, not
// during the first synth (the CLI, which may read no CRD objects at all, loads it on the first rule).
cel();

/** Options of {@link addMeshAnalysis}. */
export interface MeshAnalysisOptions {
  /**
   * Findings at or above this severity fail the synth; the others are printed.
   * @default 'Error'
   */
  readonly failureThreshold?: Severity;
  /**
   * Findings below the failure threshold but at or above this severity are printed through `log`.
   * @default 'Warning'
   */
  readonly printThreshold?: Severity;
  /**
   * Findings to drop, as the CLI's `--suppress` takes them.
   * @default - none
   */
  readonly suppress?: readonly Suppression[];
  /**
   * Where printed findings go.
   * @default console.warn
   */
  readonly log?: (line: string) => void;
  /**
   * Analysis options (namespace defaults, root namespace, cluster domain, checks).
   * @default - the engine's defaults
   */
  readonly analysis?: Omit<AnalyzeOptions, 'sources' | 'suppress'>;
}

interface Registration {
  /** The scope whose objects' findings this registration reports. */
  readonly scope: IConstruct;
  options: MeshAnalysisOptions;
  /** The report this registration last printed from, so each synth prints once. */
  printed?: AnalysisReport;
}

interface AppAnalysis {
  /** Every scope of the app that asked for the analysis, with its own options. */
  readonly registrations: Registration[];
  /** The analyses of the current synchronous synth, one per distinct `analysis` options object. */
  cached?: { reports: Map<MeshAnalysisOptions['analysis'], AnalysisReport>; objects: unknown[]; sources: Map<object, ObjectSource>; shape: number };
}

const apps = new WeakMap<IConstruct, AppAnalysis>();

function root(scope: IConstruct): IConstruct {
  return scope.node.root;
}

/** The ApiObjects of the whole app, rendered, with the construct path each rendered from. */
function render(app: IConstruct): { objects: unknown[]; sources: Map<object, ObjectSource> } {
  const objects: unknown[] = [];
  const sources = new Map<object, ObjectSource>();
  for (const c of app.node.findAll()) {
    if (!ApiObject.isApiObject(c)) continue;
    const json = c.toJson() as object;
    objects.push(json);
    sources.set(json, { path: c.node.path });
  }
  return { objects, sources };
}

/** How deep `scope` is when it covers `path` (the construct path of a finding), or -1 when it does not. */
function coverage(scope: IConstruct, path: string | undefined): number {
  const at = scope.node.path;
  if (at === '') return 0;
  if (path !== undefined && (path === at || path.startsWith(`${at}/`))) return at.length;
  return -1;
}

/**
 * The registration that reports a finding: the innermost scope that covers it. A finding is reported once,
 * under the options of the construct closest to the object (a DogAppMesh's own, not its chart's).
 */
function owner(registrations: readonly Registration[], path: string | undefined): Registration | undefined {
  let best: Registration | undefined;
  let depth = -1;
  for (const r of registrations) {
    const d = coverage(r.scope, path);
    if (d > depth) [best, depth] = [r, d];
  }
  return best;
}

/**
 * How many charts, constructs directly under them and constructs directly under the analyzed scopes the app has:
 * a cheap sign that constructs were added between two synths of one synchronous run. Counting every construct
 * would cost a walk of the whole app for each of its charts, since cdk8s validates the app again for every chart
 * it writes.
 */
function shape(app: IConstruct, registrations: readonly Registration[]): number {
  let n = 0;
  for (const child of app.node.children) n += 1 + child.node.children.length;
  for (const r of registrations) n += r.scope.node.children.length;
  return n;
}

/** The analysis of the app under `analysis` options, run once per synchronous synth for each options object. */
function analyzeOnce(app: IConstruct, state: AppAnalysis, analysis: MeshAnalysisOptions['analysis']): AnalysisReport {
  const now = shape(app, state.registrations);
  if (!state.cached || state.cached.shape !== now) {
    const cached = { reports: new Map(), ...render(app), shape: now };
    state.cached = cached;
    const analyzed = (o: unknown) => state.registrations.some((r) => coverage(r.scope, cached.sources.get(o as object)?.path) >= 0);
    recordCoverage(app, cached.objects.filter(analyzed));
    // cdk8s validates the whole app once per synth and again for every chart it writes, all in one synchronous
    // run: keep the results for that run only, so later changes to the app are analyzed afresh. A change made
    // without yielding in between is seen when it adds a construct to the app, a chart or an analyzed scope.
    queueMicrotask(() => {
      state.cached = undefined;
    });
  }
  const known = state.cached.reports.get(analysis);
  if (known) return known;
  const report = runAnalysis(state.cached.objects, { ...analysis, sources: state.cached.sources });
  state.cached.reports.set(analysis, report);
  return report;
}

/** `[path] Error [IST0101] (Kind ns/name) message`: the construct path leads, then the finding as the CLI prints it. */
function line(f: Finding): string {
  return `${f.path ? `${f.path}: ` : ''}${formatFinding({ ...f, path: undefined })}`;
}

/**
 * Runs the mesh analysis (the same as `dog-app-mesh analyze`) over every ApiObject of the app that `scope`
 * belongs to, as a cdk8s validation: findings at or above `failureThreshold` about objects under `scope` fail
 * `cdk8s synth` (and `app.synth()`, `Testing.synth()`), each naming the construct path of the ApiObject that
 * produced the object; lesser findings are printed. The whole app is analyzed so references across charts
 * resolve, once per synth for every distinct `analysis` options object.
 *
 * Each scope keeps its own options. A finding is reported once, by the innermost scope that asked and covers
 * the object, under that scope's thresholds, suppressions and log: the options of one chart's DogAppMesh never
 * change how another chart is analyzed. Calling it again for the same scope merges the options. When cdk8s
 * records construct metadata (validation plugins are configured), the analyzed objects are also listed in
 * `mesh-analysis-coverage.json` in the output folder, so the validation plugin does not report them again.
 */
export function addMeshAnalysis(scope: IConstruct, options: MeshAnalysisOptions = {}): void {
  const app = root(scope);
  let state = apps.get(app);
  if (!state) {
    state = { registrations: [] };
    apps.set(app, state);
  }
  const existing = state.registrations.find((r) => r.scope === scope);
  if (existing) {
    existing.options = { ...existing.options, ...options };
    return;
  }
  const registration: Registration = { scope, options };
  state.registrations.push(registration);
  const shared = state;
  scope.node.addValidation({
    validate: (): string[] => {
      const { options: opts } = registration;
      const report = analyzeOnce(app, shared, opts.analysis);
      const failAt = severityRank(opts.failureThreshold ?? 'Error');
      const printAt = severityRank(opts.printThreshold ?? 'Warning');
      const mine = report.findings.filter(
        (f) => owner(shared.registrations, f.path) === registration && !(opts.suppress ?? []).some((s) => suppresses(s, f)),
      );
      if (registration.printed !== report) {
        registration.printed = report;
        const log = opts.log ?? ((text: string) => console.warn(text));
        for (const f of mine) {
          const rank = severityRank(f.severity);
          if (rank < failAt && rank >= printAt) log(`mesh analysis: ${line(f)}`);
        }
      }
      return mine.filter((f) => severityRank(f.severity) >= failAt).map(line);
    },
  });
}
