import { parseSuppression } from '../analysis/suppress.js';
import { SEVERITIES, type Severity, type Suppression } from '../analysis/types.js';

/**
 * `properties` of the plugin's entry in `cdk8s.yaml` `validations:`: the options of `dog-app-mesh analyze`.
 */
export interface MeshAnalysisValidationProperties {
  /**
   * Findings at or above this severity fail the validation, and so `cdk8s synth` (exit status 2).
   * @default 'Error'
   */
  readonly failureThreshold?: Severity;
  /**
   * Findings at or above this severity are listed in the report; those at or above `failureThreshold`
   * always are.
   * @default 'Warning'
   */
  readonly reportThreshold?: Severity;
  /**
   * Findings to drop: `CODE=Kind/name`, `CODE=Kind/namespace/name` or `CODE` strings as `--suppress` takes
   * them, or `{ code, kind?, namespace?, name? }` objects; every part may use `*`.
   * @default - none
   */
  readonly suppress?: readonly (string | Suppression)[];
  /**
   * Namespace of namespaced objects that set none.
   * @default 'default'
   */
  readonly defaultNamespace?: string;
  /**
   * Istio's root namespace.
   * @default - `meshConfig.rootNamespace` of an IstioOperator among the objects, else 'istio-system'
   */
  readonly rootNamespace?: string;
  /**
   * DNS domain of the cluster.
   * @default 'cluster.local'
   */
  readonly clusterDomain?: string;
  /**
   * Leave out findings about objects that the app's own synth-time analysis (`addMeshAnalysis`, which
   * DogAppMesh registers) already judged, so nothing is reported twice; `false` reports every object.
   * @default true
   */
  readonly skipAnalyzedAtSynth?: boolean;
}

/** The properties checked, with defaults applied. */
export interface ResolvedProperties {
  readonly failureThreshold: Severity;
  readonly reportThreshold: Severity;
  readonly suppress: readonly Suppression[];
  readonly defaultNamespace?: string;
  readonly rootNamespace?: string;
  readonly clusterDomain?: string;
  readonly skipAnalyzedAtSynth: boolean;
}

const KEYS = ['failureThreshold', 'reportThreshold', 'suppress', 'defaultNamespace', 'rootNamespace', 'clusterDomain', 'skipAnalyzedAtSynth'];
const SUPPRESSION_KEYS = ['code', 'kind', 'namespace', 'name'];

/** Thrown when the plugin's `properties` in `cdk8s.yaml` are invalid; lists every problem at once. */
export class InvalidPropertiesError extends Error {
  constructor(public readonly problems: readonly string[]) {
    super(`dog-app-mesh validation plugin: invalid properties in cdk8s.yaml:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'InvalidPropertiesError';
  }
}

function isCode(value: unknown): boolean {
  if (typeof value !== 'string' || value.includes('=')) return false;
  try {
    parseSuppression(value);
    return true;
  } catch {
    return false;
  }
}

function show(value: unknown): string {
  return value === undefined ? 'undefined' : JSON.stringify(value);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Checks the properties cdk8s passes the plugin's constructor and applies the defaults. */
export function resolveProperties(input: unknown): ResolvedProperties {
  const problems: string[] = [];
  const props: Record<string, unknown> = input === undefined || input === null ? {} : isPlainObject(input) ? input : {};
  if (input !== undefined && input !== null && !isPlainObject(input)) problems.push(`properties: got ${show(input)}; expected a mapping`);
  for (const key of Object.keys(props)) {
    if (!KEYS.includes(key)) problems.push(`${key}: unknown property; expected one of ${KEYS.join(', ')}`);
  }
  const severity = (key: string, fallback: Severity): Severity => {
    const value = props[key];
    if (value === undefined) return fallback;
    const match = SEVERITIES.find((s) => typeof value === 'string' && s.toLowerCase() === value.toLowerCase());
    if (match) return match;
    problems.push(`${key}: got ${show(value)}; expected one of ${SEVERITIES.join(', ')}`);
    return fallback;
  };
  const text = (key: string): string | undefined => {
    const value = props[key];
    if (value === undefined || (typeof value === 'string' && value !== '')) return value;
    problems.push(`${key}: got ${show(value)}; expected a non-empty string`);
    return undefined;
  };
  const failureThreshold = severity('failureThreshold', 'Error');
  const reportThreshold = severity('reportThreshold', 'Warning');
  const suppress: Suppression[] = [];
  const list = props.suppress;
  if (list !== undefined && !Array.isArray(list)) problems.push(`suppress: got ${show(list)}; expected a list of CODE=Kind/name strings or { code, kind, namespace, name } mappings`);
  (Array.isArray(list) ? (list as unknown[]) : []).forEach((item, i) => {
    if (typeof item === 'string') {
      try {
        suppress.push(parseSuppression(item));
      } catch (err) {
        problems.push(`suppress[${i}]: ${(err as Error).message}`);
      }
    } else if (isPlainObject(item)) {
      const badKeys = Object.entries(item).some(([k, v]) => !SUPPRESSION_KEYS.includes(k) || typeof v !== 'string' || v === '');
      if (badKeys || !isCode(item.code)) {
        problems.push(`suppress[${i}]: got ${show(item)}; expected { code, kind?, namespace?, name? } with a code like IST0101 or '*' and non-empty strings`);
      } else {
        suppress.push(item as unknown as Suppression);
      }
    } else {
      problems.push(`suppress[${i}]: got ${show(item)}; expected a CODE=Kind/name string or a { code, kind, namespace, name } mapping`);
    }
  });
  const skip = props.skipAnalyzedAtSynth;
  if (skip !== undefined && typeof skip !== 'boolean') problems.push(`skipAnalyzedAtSynth: got ${show(skip)}; expected true or false`);
  const resolved: ResolvedProperties = {
    failureThreshold,
    reportThreshold,
    suppress,
    defaultNamespace: text('defaultNamespace'),
    rootNamespace: text('rootNamespace'),
    clusterDomain: text('clusterDomain'),
    skipAnalyzedAtSynth: skip !== false,
  };
  if (problems.length) throw new InvalidPropertiesError(problems);
  return resolved;
}
