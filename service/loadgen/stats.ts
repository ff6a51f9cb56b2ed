import { createHistogram, type RecordableHistogram } from 'node:perf_hooks';

/** How one request ended: an HTTP status, or why there was none. */
export type Outcome = { status: number; version?: string } | { failure: 'timeout' | 'network' };

/** Counts and latencies of a load run, in bounded memory (an HDR histogram, not a list of samples). */
export class LoadStats {
  sent = 0;
  ok = 0;
  errors = 0;
  /** Requests due while the process could not send them (e.g. it was paused); skipped, not sent late. */
  missed = 0;
  /** Requests still running when the run was stopped and given up on; neither ok nor errors. */
  abandoned = 0;
  readonly outcomes = new Map<string, number>();
  readonly versions = new Map<string, number>();
  private readonly latency: RecordableHistogram = createHistogram({ lowest: 1, highest: 3_600_000_000, figures: 3 });

  get completed(): number {
    return this.ok + this.errors;
  }

  get errorRate(): number {
    return this.completed ? this.errors / this.completed : 0;
  }

  record(outcome: Outcome, latencyMs: number): void {
    const key = 'status' in outcome ? String(outcome.status) : outcome.failure;
    this.outcomes.set(key, (this.outcomes.get(key) ?? 0) + 1);
    const good = 'status' in outcome && outcome.status >= 200 && outcome.status < 400;
    if (good) this.ok++;
    else this.errors++;
    if ('status' in outcome) {
      const version = outcome.version ?? 'unknown';
      this.versions.set(version, (this.versions.get(version) ?? 0) + 1);
      this.latency.record(Math.max(1, Math.round(latencyMs * 1000)));
    }
  }

  /** Latency percentile in ms over the requests that got an answer; undefined before the first. */
  percentile(p: number): number | undefined {
    return this.latency.count ? this.latency.percentile(p) / 1000 : undefined;
  }

  get maxLatencyMs(): number | undefined {
    return this.latency.count ? this.latency.max / 1000 : undefined;
  }

  /** Share of answers per `x-app-version`, largest first. */
  versionShares(): { version: string; count: number; share: number }[] {
    const total = [...this.versions.values()].reduce((a, b) => a + b, 0);
    return [...this.versions]
      .map(([version, count]) => ({ version, count, share: total ? count / total : 0 }))
      .sort((a, b) => b.count - a.count || a.version.localeCompare(b.version));
  }
}

export function formatMs(ms: number | undefined): string {
  if (ms === undefined) return '-';
  return ms < 10 ? `${ms.toFixed(1)}ms` : `${Math.round(ms)}ms`;
}

export function formatPercent(fraction: number): string {
  return `${(fraction * 100).toFixed(fraction > 0 && fraction < 0.001 ? 3 : 1)}%`;
}

/** The live line: `12.0s sent 120 ok 118 errors 2 (1.7%) p50 4.1ms p99 87ms v1 90% v2 10%`. */
export function statusLine(stats: LoadStats, elapsedSeconds: number): string {
  const versions = stats.versionShares().map((v) => `${v.version} ${formatPercent(v.share)}`).join('  ');
  return [
    `${elapsedSeconds.toFixed(1)}s`,
    `sent ${stats.sent}`,
    `ok ${stats.ok}`,
    `errors ${stats.errors} (${formatPercent(stats.errorRate)})`,
    `p50 ${formatMs(stats.percentile(50))}`,
    `p99 ${formatMs(stats.percentile(99))}`,
    versions,
  ].filter(Boolean).join('  ');
}

/** The end-of-run report as data (what `--json` prints). */
export function summaryData(stats: LoadStats, run: { url: string; rps: number; elapsedSeconds: number; maxErrorRate: number }) {
  return {
    url: run.url,
    rps: run.rps,
    durationSeconds: Math.round(run.elapsedSeconds * 1000) / 1000,
    sent: stats.sent,
    completed: stats.completed,
    ok: stats.ok,
    errors: stats.errors,
    errorRate: stats.errorRate,
    maxErrorRate: run.maxErrorRate,
    missed: stats.missed,
    abandoned: stats.abandoned,
    latencyMs: { p50: stats.percentile(50), p90: stats.percentile(90), p99: stats.percentile(99), max: stats.maxLatencyMs },
    outcomes: Object.fromEntries([...stats.outcomes].sort()),
    versions: stats.versionShares(),
    passed: stats.completed > 0 && stats.errorRate <= run.maxErrorRate,
  };
}

export type Summary = ReturnType<typeof summaryData>;

/** The end-of-run report as text. */
export function summaryText(s: Summary): string {
  const lines = [
    `loadgen summary: ${s.url} at ${s.rps} req/s for ${s.durationSeconds.toFixed(1)}s`,
    `  requests  ${s.sent} sent, ${s.completed} completed, ${s.ok} ok, ${s.errors} errors (${formatPercent(s.errorRate)})` +
      (s.missed ? `, ${s.missed} missed` : '') + (s.abandoned ? `, ${s.abandoned} abandoned at stop` : ''),
    `  latency   p50 ${formatMs(s.latencyMs.p50)}  p90 ${formatMs(s.latencyMs.p90)}  p99 ${formatMs(s.latencyMs.p99)}  max ${formatMs(s.latencyMs.max)}`,
    `  outcomes  ${Object.entries(s.outcomes).map(([k, n]) => `${k}: ${n}`).join(', ') || '-'}`,
    `  versions  ${s.versions.map((v) => `${v.version}: ${v.count} (${formatPercent(v.share)})`).join(', ') || '-'}`,
    s.passed
      ? `  result    ok: error rate ${formatPercent(s.errorRate)} within ${formatPercent(s.maxErrorRate)}`
      : s.completed === 0
        ? '  result    FAILED: no request completed'
        : `  result    FAILED: error rate ${formatPercent(s.errorRate)} is above ${formatPercent(s.maxErrorRate)}`,
  ];
  return lines.join('\n');
}
