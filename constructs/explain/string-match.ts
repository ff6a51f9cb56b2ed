import { isRecord, str } from '../analysis/json.js';
import type { Tri } from './tri.js';

/**
 * Istio's StringMatch (`exact`, `prefix`, `regex`) in VirtualService matches
 * (https://istio.io/latest/docs/reference/config/networking/virtual-service/#StringMatch). `regex` is
 * RE2 matched against the whole value; it runs here when JavaScript reads it the same way, else unknown.
 * `ignoreCase` (a match's `ignoreUriCase`) folds case for `exact` and `prefix` only: Istio applies it to no `regex`.
 */
export function stringMatch(match: unknown, value: string | undefined, ignoreCase = false): Tri {
  if (!isRecord(match)) return 'unknown';
  const fold = (s: string): string => (ignoreCase ? s.toLowerCase() : s);
  const exact = str(match.exact);
  const prefix = str(match.prefix);
  const regex = str(match.regex);
  if (exact !== undefined) return value !== undefined && fold(value) === fold(exact);
  if (prefix !== undefined) return value !== undefined && fold(value).startsWith(fold(prefix));
  if (regex !== undefined) return value === undefined ? false : fullRegexMatch(regex, value);
  return 'unknown';
}

/** RE2 syntax JavaScript does not read the same way (named groups `(?P<`, `\C`, `\z`, flags groups, possessive classes). */
const RE2_ONLY = /\(\?P<|\\[CzQE]|\(\?[imsU-]+[):]|\[\[:/;

/** A whole-value regex match as RE2 full match; unknown when the pattern is not portable. */
export function fullRegexMatch(pattern: string, value: string): Tri {
  if (RE2_ONLY.test(pattern) || /\(\?[=!<]/.test(pattern) || /\\[1-9]/.test(pattern)) return 'unknown';
  try {
    return new RegExp(`^(?:${pattern})$`, 'u').test(value);
  } catch {
    return 'unknown';
  }
}
