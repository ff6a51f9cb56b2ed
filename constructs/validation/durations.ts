import { Duration } from 'cdk8s';

/**
 * A duration: a Go duration string (`250ms`, `5s`, `1m30s`, `1.5s`), the format Istio's CRDs check with
 * CEL, or a cdk8s `Duration`. Props take whole milliseconds, at least `1ms` unless the prop says otherwise.
 */
export type DurationInput = string | Duration;

const UNIT_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, μs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
/** Go's `time.ParseDuration` grammar: an optional sign, then number-unit pairs; `0` alone needs no unit. */
const GO_DURATION = /^[-+]?(?:0|(?:(?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+)$/;
const GO_PART = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/g;

/**
 * Milliseconds of a Go duration string as `time.ParseDuration` reads it (`250ms`, `1m30s`, `-1.5h`, `0`), or
 * undefined when Go would refuse it. What the analysis reads from manifests and what props accept.
 */
export function parseGoDuration(text: unknown): number | undefined {
  if (typeof text !== 'string' || !GO_DURATION.test(text)) return undefined;
  let ms = 0;
  for (const [, amount, unit] of text.matchAll(GO_PART)) ms += Number(amount) * UNIT_MS[unit];
  ms = Math.round(ms * 1e6) / 1e6;
  return text.startsWith('-') && ms !== 0 ? -ms : ms;
}

/** Milliseconds of a duration prop: a Go duration string or a cdk8s Duration; undefined for anything else. */
export function durationMillis(value: unknown): number | undefined {
  if (value instanceof Duration) return value.toMilliseconds();
  return parseGoDuration(value);
}

/** Why a duration prop is unacceptable (not a duration, below `minMs`, or not whole milliseconds), or undefined. */
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

/** The canonical text of a duration prop already checked with {@link durationProblem}. */
export function formatDuration(value: DurationInput): string {
  return formatMillis(durationMillis(value)!);
}

/**
 * The canonical text of a duration prop, or '' when it is invalid: a resolver records the problem with
 * {@link durationProblem}, and nothing is built from the ''.
 */
export function durationText(value: DurationInput): string {
  return durationProblem(value) === undefined ? formatDuration(value) : '';
}

/** Milliseconds for a reader of a message: `2500` → `2.5s`, `90` → `90ms`. */
export function describeMillis(ms: number): string {
  if (ms >= 1000 && ms % 1 === 0) return `${ms / 1000}s`;
  return `${Number(ms.toFixed(3))}ms`;
}

/** Prometheus' duration grammar (`15s`, `1m30s`, `15d`): units y, w, d, h, m, s, ms, largest first. */
export const PROMETHEUS_DURATION = /^(?:(?:\d+y)?(?:\d+w)?(?:\d+d)?(?:\d+h)?(?:\d+m)?(?:\d+s)?(?:\d+ms)?)$/;
const PROMETHEUS_UNIT_MS: Record<string, number> = { y: 365 * 86_400_000, w: 7 * 86_400_000, d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000, ms: 1 };

/** Milliseconds of a Prometheus duration, or undefined when it is not one (empty included). */
export function prometheusDurationMillis(value: unknown): number | undefined {
  if (typeof value !== 'string' || value === '' || !PROMETHEUS_DURATION.test(value)) return undefined;
  let total = 0;
  for (const [, amount, unit] of value.matchAll(/(\d+)(ms|y|w|d|h|m|s)/g)) total += Number(amount) * PROMETHEUS_UNIT_MS[unit];
  return total;
}
