import { type PropChecker } from '../prop-errors.js';
import { prometheusDurationMillis } from '../validation/durations.js';

/** A Prometheus duration such as `15s`, `1m30s` or `15d`: units y, w, d, h, m, s, ms in that order, not zero. */
export function prometheusDuration(check: PropChecker, prop: string, value: string, min = '1s'): PropChecker {
  const ms = prometheusDurationMillis(value);
  const ok = ms !== undefined && ms >= prometheusDurationMillis(min)!;
  return check.expect(ok, prop, value, `expected a Prometheus duration of at least ${min} such as '15s', '1m' or '15d' (units y, w, d, h, m, s, ms, largest first)`);
}

/** A percentage from 0 to 100, fractions allowed. */
export function percentage(check: PropChecker, prop: string, value: number): PropChecker {
  return check.expect(
    typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 100,
    prop,
    value,
    'expected a number from 0 to 100',
  );
}

/** One of a fixed set of strings. */
export function oneOf<T extends string>(check: PropChecker, prop: string, value: T, allowed: readonly T[]): PropChecker {
  return check.expect(allowed.includes(value), prop, value, `expected one of ${allowed.map((a) => `'${a}'`).join(', ')}`);
}

/** An absolute http(s) URL, as a browser would open it. */
export function httpUrl(check: PropChecker, prop: string, value: string): PropChecker {
  let ok: boolean;
  try {
    const url = new URL(value);
    ok = (url.protocol === 'http:' || url.protocol === 'https:') && !/\s/.test(value);
  } catch {
    ok = false;
  }
  return check.expect(ok, prop, value, "expected an absolute http:// or https:// URL such as 'http://localhost:3000'");
}

/** A key of a Secret or ConfigMap: letters, digits, '-', '_' and '.'. */
export function dataKey(check: PropChecker, prop: string, value: string): PropChecker {
  return check.expect(
    typeof value === 'string' && /^[-._a-zA-Z0-9]{1,253}$/.test(value),
    prop,
    value,
    "expected a Secret key: 1 to 253 letters, digits, '-', '_' or '.'",
  );
}
