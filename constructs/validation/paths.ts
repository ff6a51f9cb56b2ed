/**
 * Whether an Istio AuthorizationPolicy path pattern matches a request path: exact, `prefix*`, `*suffix`,
 * or `*` (any path), as Istio's `paths` and `notPaths` match (without the query string).
 */
export function istioPathMatches(pattern: string, path: string): boolean {
  if (pattern === '*') return true;
  if (pattern.endsWith('*')) return path.startsWith(pattern.slice(0, -1));
  if (pattern.startsWith('*')) return path.endsWith(pattern.slice(1));
  return pattern === path;
}
