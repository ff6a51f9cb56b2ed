import { isRecord, record, records, stringMap, type JsonRecord } from '../json.js';
import type { IndexedObject, Workload } from '../object-index.js';
import type { FieldPath } from '../types.js';
import { isDnsLabel, labelValueProblem, qualifiedNameProblem } from './metadata.js';
import type { SchemaProblem } from './structural.js';

const IANA_SVC_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

/** A problem with a port name (IANA service name), or undefined when it is valid. */
export function portNameProblem(name: string): string | undefined {
  if (name.length > 15 || !IANA_SVC_NAME.test(name) || name.includes('--') || !/[a-z]/.test(name)) {
    return `port name "${name}" must be at most 15 lowercase letters, digits and '-', with at least one letter, no '--', not starting or ending with '-'`;
  }
  return undefined;
}

/** A problem with a port number; a missing (or null) one is the schema's required field. */
function portNumberProblem(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 65535 ? undefined : `port ${JSON.stringify(value)} must be from 1 to 65535`;
}

function targetPortProblem(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return portNameProblem(value);
  return portNumberProblem(value);
}

function validateService(object: IndexedObject, problems: SchemaProblem[]): void {
  const spec = object.spec;
  const ports = records(spec.ports);
  const names = new Set<string>();
  ports.forEach((p, i) => {
    const at: FieldPath = ['spec', 'ports', i];
    const portProblem = portNumberProblem(p.port);
    if (portProblem) problems.push({ field: [...at, 'port'], message: portProblem });
    const target = targetPortProblem(p.targetPort);
    if (target) problems.push({ field: [...at, 'targetPort'], message: target });
    if (typeof p.name === 'string' && p.name !== '') {
      const nameProblem = portNameProblem(p.name);
      if (nameProblem) problems.push({ field: [...at, 'name'], message: nameProblem });
      if (names.has(p.name)) problems.push({ field: [...at, 'name'], message: `duplicate port name "${p.name}"` });
      names.add(p.name);
    } else if (ports.length > 1) {
      problems.push({ field: [...at, 'name'], message: 'every port needs a name when a Service has more than one' });
    }
  });
  if (spec.type === 'ExternalName' && typeof spec.externalName !== 'string') {
    problems.push({ field: ['spec', 'externalName'], message: 'a Service of type ExternalName needs spec.externalName' });
  }
  for (const [k, v] of Object.entries(record(spec.selector))) {
    const keyProblem = qualifiedNameProblem(k);
    if (keyProblem) problems.push({ field: ['spec', 'selector', k], message: `selector key "${k}" is invalid: ${keyProblem}` });
    const valueProblem = typeof v === 'string' ? labelValueProblem(v) : 'must be a string';
    if (valueProblem) problems.push({ field: ['spec', 'selector', k], message: `selector value ${JSON.stringify(v)} ${valueProblem}` });
  }
}

function validatePodSpec(spec: JsonRecord, at: FieldPath, problems: SchemaProblem[]): void {
  const containerNames = new Set<string>();
  const portNames = new Set<string>();
  for (const listName of ['initContainers', 'containers'] as const) {
    records(spec[listName]).forEach((c, i) => {
      const cAt: FieldPath = [...at, listName, i];
      if (typeof c.name === 'string') {
        if (!isDnsLabel(c.name)) problems.push({ field: [...cAt, 'name'], message: `container name "${c.name}" must be a DNS-1123 label` });
        if (containerNames.has(c.name)) problems.push({ field: [...cAt, 'name'], message: `duplicate container name "${c.name}"` });
        containerNames.add(c.name);
      }
      if (typeof c.image !== 'string' || c.image.trim() === '') {
        if (listName === 'containers' || c.image !== undefined) problems.push({ field: [...cAt, 'image'], message: 'an image is required' });
      } else if (/\s/.test(c.image)) {
        problems.push({ field: [...cAt, 'image'], message: `image ${JSON.stringify(c.image)} is not an image reference: it contains whitespace` });
      }
      records(c.ports).forEach((p, j) => {
        const pAt: FieldPath = [...cAt, 'ports', j];
        const portProblem = portNumberProblem(p.containerPort);
        if (portProblem) problems.push({ field: [...pAt, 'containerPort'], message: portProblem });
        if (typeof p.name === 'string') {
          const nameProblem = portNameProblem(p.name);
          if (nameProblem) problems.push({ field: [...pAt, 'name'], message: nameProblem });
          if (portNames.has(p.name)) problems.push({ field: [...pAt, 'name'], message: `duplicate port name "${p.name}" in the pod` });
          portNames.add(p.name);
        }
      });
    });
  }
  if (records(spec.containers).length === 0) problems.push({ field: [...at, 'containers'], message: 'a pod needs at least one container' });
}

function selectorMatches(selector: JsonRecord, labels: Record<string, string>): boolean {
  const matchLabels = stringMap(selector.matchLabels);
  if (!Object.entries(matchLabels).every(([k, v]) => labels[k] === v)) return false;
  return records(selector.matchExpressions).every((e) => {
    const key = typeof e.key === 'string' ? e.key : '';
    const values = Array.isArray(e.values) ? e.values : [];
    switch (e.operator) {
      case 'In':
        return key in labels && values.includes(labels[key]);
      case 'NotIn':
        return !(key in labels) || !values.includes(labels[key]);
      case 'Exists':
        return key in labels;
      case 'DoesNotExist':
        return !(key in labels);
      default:
        return false;
    }
  });
}

/**
 * Validations the API server makes of built-in kinds beyond their OpenAPI schema: port ranges and names,
 * container names, replicas, and a workload selector (a Job's with `manualSelector`) that selects its own pod template.
 */
export function validateApiRules(object: IndexedObject, workload: Workload | undefined): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  if (object.key === '/Service') validateService(object, problems);
  if (workload && workload.object === object && object.key !== 'networking.istio.io/WorkloadEntry') {
    validatePodSpec(workload.podSpec, [...workload.templatePath, 'spec'], problems);
    const spec = object.spec;
    if (typeof spec.replicas === 'number' && spec.replicas < 0) {
      problems.push({ field: ['spec', 'replicas'], message: `replicas must be 0 or more, got ${spec.replicas}` });
    }
    // A Job's selector is the API server's to make unless manualSelector is set; then it must select the template too.
    const ownSelector = ['apps/Deployment', 'apps/StatefulSet', 'apps/DaemonSet', 'apps/ReplicaSet'].includes(object.key) || (object.key === 'batch/Job' && spec.manualSelector === true);
    if (ownSelector) {
      // a missing selector, or one that is not an object, is the schema's to report
      if (isRecord(spec.selector) && !selectorMatches(spec.selector, workload.labels)) {
        problems.push({ field: ['spec', 'selector'], message: 'does not match the pod template labels, so the workload would never own its pods: make the selector a subset of spec.template.metadata.labels' });
      }
    }
  }
  return problems;
}
