import { isRecord, type JsonRecord } from '../json.js';
import { DNS1035_LABEL, isDnsLabel, isDnsSubdomain, isLabelValue, qualifiedNameProblem as checkQualifiedName } from '../../validation/names.js';
import type { SchemaProblem } from './structural.js';

/** Object names RBAC allows beyond DNS names (`system:aggregate-to-view`): any path segment. */
const PATH_SEGMENT_NAMED = new Set(['rbac.authorization.k8s.io/ClusterRole', 'rbac.authorization.k8s.io/ClusterRoleBinding', 'rbac.authorization.k8s.io/Role', 'rbac.authorization.k8s.io/RoleBinding']);

export { isDnsLabel };

/** Verdicts of the keys seen so far: the same few label and annotation keys recur on every object. */
const keyVerdicts = new Map<string, string | undefined>();
const MAX_KEPT = 10_000;

/** A problem with a label or annotation key (`prefix/name`), or undefined when it is valid. */
export function qualifiedNameProblem(key: string): string | undefined {
  if (keyVerdicts.has(key)) return keyVerdicts.get(key);
  const problem = checkQualifiedName(key);
  if (keyVerdicts.size < MAX_KEPT) keyVerdicts.set(key, problem);
  return problem;
}

/** A problem with a label value, or undefined when it is valid. */
export function labelValueProblem(value: string): string | undefined {
  return isLabelValue(value)
    ? undefined
    : 'must be at most 63 characters of letters, digits, \'-\', \'_\' or \'.\', starting and ending with a letter or digit (or empty)';
}

function nameProblem(key: string, name: string): string | undefined {
  if (key === '/Namespace') {
    return isDnsLabel(name) ? undefined : 'must be a DNS-1123 label: at most 63 lowercase letters, digits and \'-\', starting and ending with a letter or digit';
  }
  if (key === '/Service') {
    return name.length <= 63 && DNS1035_LABEL.test(name)
      ? undefined
      : 'must be a DNS-1035 label: at most 63 lowercase letters, digits and \'-\', starting with a letter and ending with a letter or digit';
  }
  if (PATH_SEGMENT_NAMED.has(key)) {
    return name === '.' || name === '..' || /[/%]/.test(name) ? 'may not be "." or ".." or contain "/" or "%"' : undefined;
  }
  return isDnsSubdomain(name)
    ? undefined
    : 'must be a DNS-1123 subdomain: at most 253 lowercase letters, digits, \'-\' and \'.\', starting and ending with a letter or digit';
}

/** What the API server checks of `metadata` for every kind: name, namespace, labels and annotations. */
export function validateMetadata(object: JsonRecord, key: string): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  const metadata = object.metadata;
  if (!isRecord(metadata)) {
    problems.push({ field: ['metadata'], message: 'metadata with a name is required' });
    return problems;
  }
  const name = metadata.name;
  if (name === undefined || name === null || name === '') {
    if (typeof metadata.generateName !== 'string') problems.push({ field: ['metadata', 'name'], message: 'a name is required' });
  } else if (typeof name !== 'string') {
    problems.push({ field: ['metadata', 'name'], message: `must be a string, got ${JSON.stringify(name)}` });
  } else {
    const problem = nameProblem(key, name);
    if (problem) problems.push({ field: ['metadata', 'name'], message: `name "${name}" ${problem}` });
  }
  const namespace = metadata.namespace;
  if (namespace !== undefined && namespace !== null && (typeof namespace !== 'string' || !isDnsLabel(namespace))) {
    problems.push({ field: ['metadata', 'namespace'], message: `namespace ${JSON.stringify(namespace)} must be a DNS-1123 label` });
  }
  for (const [mapName, checkValue] of [['labels', true], ['annotations', false]] as const) {
    const map = metadata[mapName];
    if (map === undefined || map === null) continue;
    if (!isRecord(map)) {
      problems.push({ field: ['metadata', mapName], message: `must be a map of strings` });
      continue;
    }
    for (const [k, v] of Object.entries(map)) {
      const keyProblem = qualifiedNameProblem(k);
      if (keyProblem) problems.push({ field: ['metadata', mapName, k], message: `key "${k}" is invalid: ${keyProblem}` });
      if (typeof v !== 'string') {
        problems.push({ field: ['metadata', mapName, k], message: `value must be a string, got ${JSON.stringify(v)}: quote it in YAML` });
      } else if (checkValue) {
        const valueProblem = labelValueProblem(v);
        if (valueProblem) problems.push({ field: ['metadata', mapName, k], message: `value "${v}" ${valueProblem}` });
      }
    }
  }
  return problems;
}
