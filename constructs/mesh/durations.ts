import { Duration } from 'cdk8s';

/**
 * A duration: a Go duration string (`250ms`, `5s`, `1m30s`, `1.5s`), the format Istio's CRDs check with
 * CEL, or a cdk8s `Duration`. It must be a whole number of milliseconds, at least `1ms`.
 */
export type DurationInput = string | Duration;

const UNIT_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, μs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const GO_DURATION = /^(?:(?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+$/;
const GO_PART = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/g;

/** Milliseconds of a duration, or undefined when it is not a Go duration or cdk8s Duration. */
export function durationMillis(value: unknown): number | undefined {
  if (value instanceof Duration) return value.toMilliseconds();
  if (typeof value !== 'string' || !GO_DURATION.test(value)) return undefined;
  let ms = 0;
  for (const [, amount, unit] of value.matchAll(GO_PART)) ms += Number(amount) * UNIT_MS[unit];
  return Math.round(ms * 1e6) / 1e6;
}

/** Why a duration is unacceptable, or undefined when it is fine. */
export function durationProblem(value: unknown, minMs = 1): string | undefined {
  const ms = durationMillis(value);
  if (ms === undefined) return `expected a Go duration such as "250ms", "5s" or "1m30s" (units h, m, s, ms) or a cdk8s Duration`;
  if (ms < minMs) return `expected at least ${formatMillis(minMs)}`;
  if (!Number.isInteger(ms)) return 'expected a whole number of milliseconds';
  return undefined;
}

/**
 * The canonical text of a whole number of milliseconds, valid both as a Go duration (Istio) and as a
 * Gateway API duration (`^([0-9]{1,5}(h|m|s|ms)){1,4}$`): `250ms`, `5s`, `2m`, `1h`, `2s500ms`.
 */
export function formatMillis(ms: number): string {
  if (ms < 1000 || (ms % 1000 !== 0 && ms <= 99_999)) return `${ms}ms`;
  const parts: string[] = [];
  let rest = ms;
  for (const [unit, size] of [['h', 3_600_000], ['m', 60_000], ['s', 1000], ['ms', 1]] as const) {
    const amount = Math.floor(rest / size);
    rest -= amount * size;
    if (amount > 0) parts.push(`${amount}${unit}`);
  }
  const whole = parts.join('');
  if (ms % 3_600_000 === 0 || ms % 60_000 === 0) return whole;
  if (ms % 1000 === 0 && ms / 1000 <= 99_999) return `${ms / 1000}s`;
  return whole;
}

/** The canonical text of a duration already checked with {@link durationProblem}. */
export function formatDuration(value: DurationInput): string {
  return formatMillis(durationMillis(value)!);
}
