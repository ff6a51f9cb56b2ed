import type { Finding, Suppression } from './types.js';

/** The annotation `istioctl analyze` reads to silence codes on one object: `"IST0102,IST0118"` or `"*"`. */
export const SUPPRESS_ANNOTATION = 'galley.istio.io/analyze-suppress';

const CODE = /^(\*|[A-Z]{2,4}\d{4})$/;

/**
 * Reads `CODE=Kind/name`, `CODE=Kind/namespace/name` or `CODE` (every object); each part may use `*`.
 * Throws with a readable message when the text has another shape.
 */
export function parseSuppression(text: string): Suppression {
  const eq = text.indexOf('=');
  const code = (eq < 0 ? text : text.slice(0, eq)).trim();
  if (!CODE.test(code)) {
    throw new Error(`invalid suppression '${text}': expected CODE=Kind/name (e.g. IST0102=Namespace/default), '${code}' is not a code like IST0101 or DAM0105`);
  }
  if (eq < 0) return { code };
  const parts = text.slice(eq + 1).trim().split('/');
  if (parts.some((p) => p === '') || parts.length < 2 || parts.length > 3) {
    throw new Error(`invalid suppression '${text}': expected CODE=Kind/name or CODE=Kind/namespace/name`);
  }
  const [kind, namespace, name] = parts.length === 3 ? parts : [parts[0], '*', parts[1]];
  return { code, kind, namespace, name };
}

function glob(pattern: string | undefined, value: string | undefined): boolean {
  if (pattern === undefined || pattern === '*') return true;
  if (value === undefined) return false;
  if (!pattern.includes('*')) return pattern === value;
  const re = new RegExp(`^${pattern.split('*').map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return re.test(value);
}

/** Whether a suppression silences a finding. */
export function suppresses(s: Suppression, finding: Finding): boolean {
  return (
    (s.code === '*' || s.code === finding.code) &&
    glob(s.kind, finding.object.kind) &&
    glob(s.namespace, finding.object.namespace) &&
    glob(s.name, finding.object.name)
  );
}

/** Codes an object silences for itself through {@link SUPPRESS_ANNOTATION}. */
export function annotatedSuppressions(annotations: Record<string, string>): Set<string> {
  const value = annotations[SUPPRESS_ANNOTATION];
  return new Set(value === undefined ? [] : value.split(',').map((c) => c.trim()).filter(Boolean));
}
