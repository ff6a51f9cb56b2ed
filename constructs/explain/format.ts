import { round } from './destination.js';
import type { ExplainResult, ExplainStep } from './types.js';

const MARK: Record<ExplainStep['outcome'], string> = { ok: '✓', fail: '✗', unknown: '?' };

/** Text output: the verdict on the first line, then each step, then each destination with its steps. */
export function formatExplain(result: ExplainResult): string {
  const lines = [result.summary];
  for (const s of result.steps) lines.push(`  ${MARK[s.outcome]} ${s.stage}: ${s.text}`);
  for (const d of result.destinations) {
    lines.push(`  → ${d.host}${d.port ? `:${d.port}` : ''}${d.subset ? ` subset ${d.subset}` : ''} weight ${round(d.weight)}%: ${d.verdict}${d.status ? ` (${d.status}${d.flag ? ` ${d.flag}` : ''})` : ''}${d.workloads.length ? ` → ${d.workloads.map((w) => `${w.kind} ${w.namespace}/${w.name}${w.version ? ` version ${w.version}` : ''} port ${w.containerPort ?? '?'}`).join(', ')}` : ''}`);
    for (const s of d.steps) lines.push(`      ${MARK[s.outcome]} ${s.stage}: ${s.text}`);
  }
  if (result.unknowns.length > 0) lines.push(`  not modelled (unknown): ${result.unknowns.length}; see docs/explain.md`);
  return `${lines.join('\n')}\n`;
}
