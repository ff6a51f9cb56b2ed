import { SEVERITIES, severityRank, type FieldPath, type Finding, type ObjectRef, type Severity } from './types.js';

/** `['spec', 'http', 0, 'route']` → `spec.http[0].route`; keys that are not plain names are quoted. */
export function formatField(field: FieldPath): string {
  let out = '';
  for (const part of field) {
    if (typeof part === 'number') out += `[${part}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(part)) out += out ? `.${part}` : part;
    else out += `[${JSON.stringify(part)}]`;
  }
  return out;
}

/** `VirtualService dog-app/dog-app`, or `Namespace dog-app` for cluster-scoped kinds. */
export function formatObject(ref: ObjectRef): string {
  return `${ref.kind || '(no kind)'} ${ref.namespace === undefined ? '' : `${ref.namespace}/`}${ref.name || '(no name)'}`;
}

/** One finding on one line, as `istioctl analyze` prints it: `Error [IST0101] (VirtualService ns/name file:line) message`. */
export function formatFinding(finding: Finding): string {
  const where = finding.file ? ` ${finding.file}${finding.line ? `:${finding.line}` : ''}` : '';
  const construct = finding.path !== undefined ? ` at ${finding.path}` : '';
  return `${finding.severity} [${finding.code}] (${formatObject(finding.object)}${where}${construct}) ${finding.message}`;
}

/** Counts of findings by severity. */
export type SeverityCounts = Record<Severity, number>;

export function countBySeverity(findings: readonly Finding[]): SeverityCounts {
  const counts: SeverityCounts = { Error: 0, Warning: 0, Info: 0 };
  for (const f of findings) counts[f.severity]++;
  return counts;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 || word === 'info' ? '' : 's'}`;
}

/** What was analyzed, for the closing line of a report. */
export interface ReportSummary {
  /** Objects analyzed. */
  readonly objects: number;
  /** Files they came from. */
  readonly files?: number;
  /** Findings suppressed. */
  readonly suppressed?: number;
}

/** Findings grouped by severity (errors first), one per line, then a summary line. */
export function formatText(findings: readonly Finding[], summary: ReportSummary): string {
  const analyzed = `${plural(summary.objects, 'object')}${summary.files === undefined ? '' : ` from ${plural(summary.files, 'file')}`}`;
  const suppressed = summary.suppressed ? ` (${summary.suppressed} suppressed)` : '';
  if (findings.length === 0) return `✔ No validation issues found when analyzing ${analyzed}${suppressed}.\n`;
  const lines: string[] = [];
  for (const severity of SEVERITIES) {
    const group = findings.filter((f) => f.severity === severity);
    if (group.length === 0) continue;
    if (lines.length) lines.push('');
    lines.push(...group.map(formatFinding));
  }
  const c = countBySeverity(findings);
  lines.push('', `${plural(c.Error, 'error')}, ${plural(c.Warning, 'warning')}, ${plural(c.Info, 'info')} in ${analyzed}${suppressed}.`);
  return `${lines.join('\n')}\n`;
}

/** Whether any finding is at least as serious as `threshold`. */
export function reachesThreshold(findings: readonly Finding[], threshold: Severity): boolean {
  return findings.some((f) => severityRank(f.severity) >= severityRank(threshold));
}
