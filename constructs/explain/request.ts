/** The request as the proxies see it after Istio's path normalization. */
export interface ParsedRequest {
  readonly method: string;
  readonly scheme: 'http' | 'https';
  /** Host without port, lower case; undefined when neither the target nor a `host` header names one. */
  readonly host?: string;
  /** The port from the URL; undefined for a bare path. */
  readonly port?: number;
  /** Normalized path without the query string. */
  readonly path: string;
  /** The query string without `?`. */
  readonly query: string;
  readonly queryParams: ReadonlyMap<string, string>;
  /** Lower-case names. */
  readonly headers: Readonly<Record<string, string>>;
  /** Why the request is rejected before routing (400), when it is. */
  readonly rejected?: string;
}

/** Istio's `meshConfig.pathNormalization.normalization` options. */
export type PathNormalization = 'NONE' | 'BASE' | 'MERGE_SLASHES' | 'DECODE_AND_MERGE_SLASHES';

/** Percent-encoded characters BASE decodes (https://istio.io/latest/docs/reference/config/security/normalization/#1-single-percent-encoded-character-hh). */
const BASE_DECODED = /%(2[dDeE]|3[0-9]|[46][1-9a-fA-F]|[57][0-9aA]|5[fF]|7[eE])/g;

/** RFC 3986 section 5.2.4 remove_dot_segments. */
function removeDotSegments(path: string): string {
  const out: string[] = [];
  const segments = path.split('/');
  for (let i = 0; i < segments.length; i++) {
    const s = segments[i];
    const last = i === segments.length - 1;
    if (s === '.') {
      if (last) out.push('');
    } else if (s === '..') {
      if (out.length > 1) out.pop();
      if (last) out.push('');
    } else {
      out.push(s);
    }
  }
  const joined = out.join('/');
  return joined.startsWith('/') ? joined : `/${joined}`;
}

/**
 * Normalizes a path the way Istio does before routing and authorization
 * (https://istio.io/latest/docs/reference/config/security/normalization/): BASE decodes percent-encoded
 * unreserved characters once, turns `\` into `/` and resolves `.`/`..` segments (RFC 3986); MERGE_SLASHES
 * also merges `//`; DECODE_AND_MERGE_SLASHES first decodes `%2F` and `%5C`.
 */
export function normalizePath(raw: string, mode: PathNormalization = 'BASE'): string {
  if (mode === 'NONE') return raw;
  let path = raw;
  if (mode === 'DECODE_AND_MERGE_SLASHES') path = path.replace(/%2[fF]/g, '/').replace(/%5[cC]/g, '\\');
  path = path.replace(BASE_DECODED, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  path = removeDotSegments(path.replace(/\\/g, '/'));
  if (mode !== 'BASE') path = path.replace(/\/{2,}/g, '/');
  return path;
}

/** Parses the target (a path or an absolute URL), the method and the headers. */
export function parseRequest(method: string, target: string, headers: Readonly<Record<string, string>> = {}, normalization: PathNormalization = 'BASE'): ParsedRequest {
  const lower: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) lower[k.toLowerCase()] = v;
  let scheme: 'http' | 'https' = 'http';
  let host: string | undefined;
  let port: number | undefined;
  let rawPath = target;
  const absolute = /^(https?):\/\/([^/?#]*)([^#]*)/i.exec(target);
  if (absolute) {
    scheme = absolute[1].toLowerCase() as 'http' | 'https';
    const authority = absolute[2];
    const colon = authority.lastIndexOf(':');
    if (colon > 0 && /^\d+$/.test(authority.slice(colon + 1))) {
      host = authority.slice(0, colon);
      port = Number(authority.slice(colon + 1));
    } else {
      host = authority;
    }
    rawPath = absolute[3] || '/';
  } else if (!target.startsWith('/')) {
    throw new Error(`the target must be a path starting with '/' or an http(s):// URL, got '${target}'`);
  }
  if (host === undefined && lower.host !== undefined) {
    const [h, p] = lower.host.split(':');
    host = h;
    if (p !== undefined && /^\d+$/.test(p)) port = Number(p);
  }
  const q = rawPath.indexOf('?');
  const pathPart = q < 0 ? rawPath : rawPath.slice(0, q);
  const query = q < 0 ? '' : rawPath.slice(q + 1);
  const queryParams = new Map<string, string>();
  for (const [k, v] of new URLSearchParams(query)) if (!queryParams.has(k)) queryParams.set(k, v);
  let rejected: string | undefined;
  if (method !== method.toUpperCase()) rejected = `method '${method}' is not upper case: Istio rejects it with 400 (https://istio.io/latest/docs/reference/config/security/normalization/#method-related)`;
  if (/%00/.test(pathPart)) rejected = 'the path contains %00: Istio rejects it with 400';
  if (host !== undefined) lower.host = port === undefined ? host : `${host}:${port}`;
  return { method, scheme, host: host?.toLowerCase(), port, path: normalizePath(pathPart, normalization), query, queryParams, headers: lower, rejected };
}

/** The port the request is sent to: the URL's, else the scheme's default. */
export function requestPort(request: ParsedRequest): number {
  return request.port ?? (request.scheme === 'https' ? 443 : 80);
}
