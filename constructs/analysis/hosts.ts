/** Istio host names: short names, FQDNs and `*.`-wildcards. */

/** `reviews` in namespace `default` → `reviews.default.svc.cluster.local`; names with a dot are kept. */
export function toFqdn(host: string, namespace: string, clusterDomain: string): string {
  return host.includes('.') || host === '*' ? host : `${host}.${namespace}.svc.${clusterDomain}`;
}

/** Whether `pattern` (possibly `*` or `*.suffix`) covers `host` (possibly a wildcard itself). */
export function hostCovers(pattern: string, host: string): boolean {
  if (pattern === '*') return true;
  if (pattern.startsWith('*')) {
    const suffix = pattern.slice(1);
    if (host.startsWith('*')) return host.slice(1).endsWith(suffix);
    return host.endsWith(suffix) && host.length > suffix.length;
  }
  return pattern === host;
}

/** Istio's `host.Name.Matches`: two names overlap when either covers the other. */
export function hostsOverlap(a: string, b: string): boolean {
  return hostCovers(a, b) || hostCovers(b, a);
}

/**
 * Whether a resource exported with `exportTo` from `owner` is visible in `namespace`
 * (`*` or no list: everywhere; `.`: its own namespace; `~`: nowhere).
 */
export function visibleFrom(exportTo: readonly string[] | undefined, owner: string, namespace: string): boolean {
  if (!exportTo || exportTo.length === 0) return true;
  return exportTo.some((e) => e === '*' || e === namespace || (e === '.' && owner === namespace));
}
