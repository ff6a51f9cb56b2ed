import { ApiObject } from 'cdk8s';
import type { IConstruct } from 'constructs';
import { runAnalysis, type AnalysisReport } from './engine.js';
import { formatFinding } from './format.js';
import { recordCoverage } from '../validation-plugin/coverage.js';
import { cel } from './schema/cel.js';
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
  /** Scopes whose objects' findings are reported, outermost first. */
  readonly scopes: IConstruct[];
  options: MeshAnalysisOptions;
  /** The last analysis, kept until the current synchronous synth is over. */
  cached?: { report: AnalysisReport; objects: Map<object, ApiObject>; shape: number };
  printed: boolean;
}

const registrations = new WeakMap<IConstruct, Registration>();

function root(scope: IConstruct): IConstruct {
  return scope.node.root;
}

/** The ApiObjects of the whole app, rendered, with the object each rendered to. */
function render(app: IConstruct): { objects: unknown[]; byObject: Map<object, ApiObject>; sources: Map<object, ObjectSource> } {
  const objects: unknown[] = [];
  const byObject = new Map<object, ApiObject>();
  const sources = new Map<object, ObjectSource>();
  for (const c of app.node.findAll()) {
    if (!ApiObject.isApiObject(c)) continue;
    const json = c.toJson() as object;
    objects.push(json);
    byObject.set(json, c);
    sources.set(json, { path: c.node.path });
  }
  return { objects, byObject, sources };
}

function covered(scopes: readonly IConstruct[], path: string | undefined): boolean {
  if (path === undefined) return scopes.some((s) => s.node.path === '');
  return scopes.some((s) => s.node.path === '' || path === s.node.path || path.startsWith(`${s.node.path}/`));
}

/**
 * How many charts, constructs directly under them and constructs directly under the analyzed scopes the app has:
 * a cheap sign that constructs were added between two synths of one synchronous run. Counting every construct
 * would cost a walk of the whole app for each of its charts, since cdk8s validates the app again for every chart
 * it writes.
 */
function shape(app: IConstruct, scopes: readonly IConstruct[]): number {
  let n = 0;
  for (const child of app.node.children) n += 1 + child.node.children.length;
  for (const scope of scopes) n += scope.node.children.length;
  return n;
}

function analyzeOnce(app: IConstruct, reg: Registration): AnalysisReport {
  const now = shape(app, reg.scopes);
  if (reg.cached && reg.cached.shape === now) return reg.cached.report;
  const { objects, byObject, sources } = render(app);
  const report = runAnalysis(objects, { ...reg.options.analysis, sources, suppress: reg.options.suppress });
  reg.cached = { report, objects: byObject, shape: now };
  recordCoverage(app, [...byObject].filter(([, o]) => covered(reg.scopes, o.node.path)).map(([json]) => json));
  reg.printed = false;
  // cdk8s validates the whole app once per synth and again for every chart it writes, all in one synchronous
  // run: keep the result for that run only, so later changes to the app are analyzed afresh. A change made
  // without yielding in between is seen when it adds a construct to the app, a chart or an analyzed scope.
  queueMicrotask(() => {
    reg.cached = undefined;
  });
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
 * resolve. Calling it for several scopes of one app analyzes the app once per synth. When cdk8s records
 * construct metadata (validation plugins are configured), the objects under `scope` are also listed in
 * `mesh-analysis-coverage.json` in the output folder, so the validation plugin does not report them again.
 */
export function addMeshAnalysis(scope: IConstruct, options: MeshAnalysisOptions = {}): void {
  const app = root(scope);
  const existing = registrations.get(app);
  if (existing) {
    if (!existing.scopes.includes(scope)) existing.scopes.push(scope);
    existing.options = { ...existing.options, ...options };
    return;
  }
  const registration: Registration = { scopes: [scope], options, printed: false };
  registrations.set(app, registration);
  scope.node.addValidation({
    validate: (): string[] => {
      const report = analyzeOnce(app, registration);
      const failAt = severityRank(registration.options.failureThreshold ?? 'Error');
      const printAt = severityRank(registration.options.printThreshold ?? 'Warning');
      const mine = report.findings.filter((f) => covered(registration.scopes, f.path));
      if (!registration.printed) {
        registration.printed = true;
        const log = registration.options.log ?? ((text: string) => console.warn(text));
        for (const f of mine) {
          const rank = severityRank(f.severity);
          if (rank < failAt && rank >= printAt) log(`mesh analysis: ${line(f)}`);
        }
      }
      return mine.filter((f) => severityRank(f.severity) >= failAt).map(line);
    },
  });
}
