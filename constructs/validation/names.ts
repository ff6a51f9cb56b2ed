/** A DNS-1123 label (RFC 1123): what Kubernetes requires of Namespace, Service and most object names. */
export const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** A DNS-1123 subdomain: dot-separated DNS labels (host names, most object names). */
export const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** A DNS-1035 label: a DNS label that starts with a letter (Service names, port names). */
export const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
/** The name part of a qualified name (label and annotation keys): alphanumerics, `-`, `_`, `.` inside. */
export const QUALIFIED_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
/** A label value: empty, or alphanumerics with `-`, `_`, `.` inside. */
export const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/;

/** Whether `name` is a DNS-1123 label of at most `maxLength` (63) characters. */
export function isDnsLabel(name: unknown, maxLength = 63): boolean {
  return typeof name === 'string' && name.length <= maxLength && DNS_LABEL.test(name);
}

/** Whether `name` is a DNS-1123 subdomain of at most 253 characters (as Kubernetes checks it). */
export function isDnsSubdomain(name: unknown): boolean {
  return typeof name === 'string' && name.length <= 253 && DNS_SUBDOMAIN.test(name);
}

/** Whether `value` is a label value: at most 63 characters. */
export function isLabelValue(value: unknown): boolean {
  return typeof value === 'string' && value.length <= 63 && LABEL_VALUE.test(value);
}

/**
 * What is wrong with a label or annotation key (`[prefix/]name`), or undefined when it is valid: the prefix a
 * DNS subdomain, the name 1-63 characters of letters, digits, '-', '_' or '.', alphanumeric at both ends.
 */
export function qualifiedNameProblem(key: string): string | undefined {
  const slash = key.lastIndexOf('/');
  const prefix = slash < 0 ? undefined : key.slice(0, slash);
  const name = slash < 0 ? key : key.slice(slash + 1);
  if (prefix !== undefined && (prefix.length === 0 || prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix))) {
    return `the prefix "${prefix}" must be a DNS subdomain (lowercase letters, digits, '-' and '.')`;
  }
  if (name.length === 0 || name.length > 63 || !QUALIFIED_NAME.test(name)) {
    return `"${name}" must be 1-63 characters of letters, digits, '-', '_' or '.', starting and ending with a letter or digit`;
  }
  return undefined;
}
