import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { load } from '../../cli/yaml-loader.js';
import { ALL_CHECKS } from '../analysis/checks/index.js';
import { runAnalysis } from '../analysis/engine.js';
import { countBySeverity, formatField, formatObject } from '../analysis/format.js';
import { IndexedObject } from '../analysis/object-index.js';
import { severityRank, type Finding, type ObjectRef, type ObjectSource } from '../analysis/types.js';
import { COVERAGE_FILE, readCoverage } from './coverage.js';
import { constructPaths, type ResourceMetadata } from './construct-paths.js';
import { resolveProperties, type MeshAnalysisValidationProperties, type ResolvedProperties } from './properties.js';

/** A resource in a violation, as cdk8s-cli's `ValidationViolatingResource`. */
export interface ViolatingResource {
  readonly resourceName: string;
  readonly locations: readonly string[];
  readonly manifestPath: string;
}

/** A violation, as cdk8s-cli's `ValidationViolation`. */
export interface Violation {
  readonly ruleName: string;
  readonly recommendation: string;
  readonly fix: string;
  readonly violatingResources: readonly ViolatingResource[];
}

/** What the plugin uses of the `ValidationContext` cdk8s-cli passes `validate` (cdk8s-cli/plugins). */
export interface MeshValidationContext {
  /** The synthesized manifest files. */
  readonly manifests: readonly string[];
  /** Construct paths keyed by `metadata.name`, from `construct-metadata.json`. */
  readonly metadata: ResourceMetadata;
  readonly report: {
    addViolation(violation: Violation): void;
    submit(status: 'success' | 'failure', metadata?: { readonly [key: string]: string }): void;
  };
}

const CONSTRUCT_METADATA = 'construct-metadata.json';

function refKey(ref: ObjectRef): string {
  return JSON.stringify([ref.apiVersion, ref.kind, ref.namespace ?? null, ref.name]);
}

/**
 * The coverage file the app's synth-time analysis left in the app's output folder: the folder holding
 * `construct-metadata.json`, which is a manifest's own folder or, with a folder per chart, its parent.
 */
function findCoverage(manifests: readonly string[]): string | undefined {
  for (const manifest of manifests) {
    for (const dir of [dirname(manifest), dirname(dirname(manifest))]) {
      if (existsSync(join(dir, CONSTRUCT_METADATA)) && existsSync(join(dir, COVERAGE_FILE))) return join(dir, COVERAGE_FILE);
    }
  }
  return undefined;
}

/** `Error VirtualService shop/web spec.http[0].route[0].destination (line 37): message` */
function location(f: Finding): string {
  const field = f.field?.length ? ` ${formatField(f.field)}` : '';
  const line = f.line ? ` (line ${f.line})` : '';
  return `${f.severity} ${formatObject(f.object)}${field}${line}: ${f.message}`;
}

/**
 * The `resourceName` cdk8s looks the construct path up by: the object's name when the finding carries the
 * path cdk8s recorded for that name, else `Kind/name` where the recorded path is another object's, so the
 * report shows none rather than a wrong one.
 */
function reportedName(f: Finding, metadata: ResourceMetadata): string {
  const { kind, name } = f.object;
  return f.path === undefined && Object.hasOwn(metadata, name) ? `${kind}/${name}` : name;
}

/**
 * The dog-app-mesh analysis as a cdk8s validation plugin. List it in `cdk8s.yaml`:
 *
 * ```yaml
 * validations:
 *   - package: ./node_modules/dog-app-mesh/lib/constructs/validation-plugin/index.js
 *     version: 0.1.0
 *     class: MeshAnalysisValidation
 *     properties: { failureThreshold: Error, suppress: [IST0102=Namespace/default] }
 * ```
 *
 * `cdk8s synth` then analyzes every synthesized manifest, lists the findings in its validation report
 * (one rule per code, each occurrence with the construct path cdk8s recorded for it) and exits 2 when one
 * reaches `failureThreshold`.
 */
export class MeshAnalysisValidation {
  private readonly props: ResolvedProperties;

  constructor(properties: MeshAnalysisValidationProperties = {}) {
    this.props = resolveProperties(properties);
  }

  public async validate(context: MeshValidationContext): Promise<void> {
    const props = this.props;
    const loaded = await load(context.manifests);
    const paths = constructPaths(
      loaded.objects.map((object) => ({ object, file: loaded.sources.get(object as object)?.file ?? '' })),
      context.metadata,
    );
    const sources = new Map<object, ObjectSource>();
    for (const object of loaded.objects) {
      const path = paths.get(object);
      const source = loaded.sources.get(object as object);
      // Copied field by field: the loader's sources compute their lines on demand (getters a spread would drop).
      sources.set(object as object, { file: source?.file, line: source?.line, lineOf: source?.lineOf && ((field) => source.lineOf?.(field)), path });
    }
    const report = runAnalysis(loaded.objects, {
      sources,
      suppress: props.suppress,
      defaultNamespace: props.defaultNamespace,
      rootNamespace: props.rootNamespace,
      clusterDomain: props.clusterDomain,
    });

    const coverageFile = props.skipAnalyzedAtSynth ? findCoverage(context.manifests) : undefined;
    const covered = new Set(
      (coverageFile ? readCoverage(coverageFile) : []).map((o) =>
        refKey(new IndexedObject({ apiVersion: o.apiVersion, kind: o.kind, metadata: { name: o.name, namespace: o.namespace } }, 0, props.defaultNamespace ?? 'default', undefined).ref),
      ),
    );
    const judged = report.findings.filter((f) => !covered.has(refKey(f.object)));
    const failAt = severityRank(props.failureThreshold);
    const listAt = Math.min(failAt, severityRank(props.reportThreshold));
    const listed = judged.filter((f) => severityRank(f.severity) >= listAt);
    const failed = judged.some((f) => severityRank(f.severity) >= failAt);

    const rules = new Map<string, { severity: string; code: string; resources: Map<string, { resourceName: string; manifestPath: string; locations: string[] }> }>();
    for (const f of listed) {
      const rule = `${f.code}\u0000${f.severity}`;
      let entry = rules.get(rule);
      if (!entry) rules.set(rule, (entry = { severity: f.severity, code: f.code, resources: new Map() }));
      const resourceName = reportedName(f, context.metadata);
      const manifestPath = f.file ?? '';
      const key = `${resourceName}\u0000${manifestPath}`;
      let resource = entry.resources.get(key);
      if (!resource) entry.resources.set(key, (resource = { resourceName, manifestPath, locations: [] }));
      resource.locations.push(location(f));
    }
    for (const { severity, code, resources } of rules.values()) {
      const checks = ALL_CHECKS.filter((c) => c.code === code);
      const title = checks[0]?.title ?? 'InternalError';
      context.report.addViolation({
        ruleName: `[${severity}] ${code} ${title}`,
        recommendation: checks.map((c) => c.description).join(' ') || 'A check of the analysis failed: report it with the manifests analyzed.',
        fix: `each occurrence says what to change; 'dog-app-mesh analyze --list-codes' lists the codes and docs/analysis.md (section ${code} ${title}) has an example and the fix. Silence a finding with the plugin's 'suppress' property or the annotation galley.istio.io/analyze-suppress: "${code}"`,
        violatingResources: [...resources.values()],
      });
    }
    const counts = countBySeverity(judged);
    context.report.submit(failed ? 'failure' : 'success', {
      'Objects analyzed': String(report.objects),
      Findings: `${plural(counts.Error, 'error')}, ${plural(counts.Warning, 'warning')}, ${counts.Info} info`,
      'Failure threshold': props.failureThreshold,
      'Listed from': severityName(listAt),
      Suppressed: String(report.suppressed.length),
      ...(coverageFile ? { 'Left to the synth-time analysis': `${plural(report.findings.length - judged.length, 'finding')} about ${plural(covered.size, 'object')}` } : {}),
    });
  }
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function severityName(rank: number): string {
  return (['Info', 'Warning', 'Error'] as const)[rank - 1];
}
