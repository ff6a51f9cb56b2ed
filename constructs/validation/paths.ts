/**
 * AuthorizationPolicy string matching: exact, prefix `abc*`, suffix `*abc`, presence `*`
 * (https://istio.io/latest/docs/reference/config/security/authorization-policy/ "exact match, prefix
 * match, suffix match and presence match"). Presence needs a non-empty value. Paths are matched this way
 * without the query string.
 */
export function policyMatch(pattern: string, value: string | undefined, ignoreCase = false): boolean {
  if (value === undefined || value === '') return false;
  const p = ignoreCase ? pattern.toLowerCase() : pattern;
  const v = ignoreCase ? value.toLowerCase() : value;
  if (p === '*') return true;
  if (p.endsWith('*')) return v.startsWith(p.slice(0, -1));
  if (p.startsWith('*')) return v.endsWith(p.slice(1));
  return v === p;
}
