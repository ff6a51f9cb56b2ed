import type { IndexedObject, ObjectIndex } from './object-index.js';

/** How serious a finding is, as `istioctl analyze` grades its messages. */
export type Severity = 'Error' | 'Warning' | 'Info';

/** Every severity, most serious first. */
export const SEVERITIES: readonly Severity[] = ['Error', 'Warning', 'Info'];

/** 3 for Error, 2 for Warning, 1 for Info: compare severities with it. */
export function severityRank(severity: Severity): number {
  return 3 - SEVERITIES.indexOf(severity);
}

/** Where inside an object a finding points: keys and list indexes from the object's root. */
export type FieldPath = readonly (string | number)[];

/** The object a finding concerns. */
export interface ObjectRef {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  /** Absent for cluster-scoped kinds. */
  readonly namespace?: string;
}

/** Where an object came from; the engine copies it onto the object's findings. */
export interface ObjectSource {
  /** File the object was read from. */
  readonly file?: string;
  /** 1-based line of the object's document in that file. */
  readonly line?: number;
  /** Construct path of the cdk8s ApiObject that produced the object. */
  readonly path?: string;
  /** The 1-based line of a field of the object, when it can be told; falls back to `line`. */
  readonly lineOf?: (field: FieldPath) => number | undefined;
}

/** One problem found in the analyzed objects. */
export interface Finding {
  /** `IST0101`-style code: Istio's where the check is the same as `istioctl analyze`, `DAM0nnn` otherwise. */
  readonly code: string;
  readonly severity: Severity;
  readonly object: ObjectRef;
  /** What is wrong and how to fix it. */
  readonly message: string;
  /** The field of the object the finding is about, when there is one. */
  readonly field?: FieldPath;
  /** Construct path of the ApiObject that produced the object, when known. */
  readonly path?: string;
  /** File the object was read from, when known. */
  readonly file?: string;
  /** 1-based line in `file`: the field's when known, else the object's. */
  readonly line?: number;
}

/** Drops findings: a code (or `*`) for objects matching kind, namespace and name (each `*`-globbed). */
export interface Suppression {
  readonly code: string;
  /** @default '*' */
  readonly kind?: string;
  /** @default '*' */
  readonly namespace?: string;
  /** @default '*' */
  readonly name?: string;
}

/** Options of {@link analyze}. */
export interface AnalyzeOptions {
  /**
   * Where each object came from (file and line, or construct path), keyed by the object given to `analyze`;
   * items of a `List` inherit the list's source unless they have their own.
   * @default - findings carry no file, line or path
   */
  readonly sources?: ReadonlyMap<object, ObjectSource>;
  /**
   * Findings to drop. Objects can also carry the annotation `galley.istio.io/analyze-suppress: "CODE,CODE"`,
   * which `istioctl analyze` honours too.
   * @default - none
   */
  readonly suppress?: readonly Suppression[];
  /**
   * Namespace of namespaced objects that set none (what `kubectl apply` without `-n` would use).
   * @default 'default'
   */
  readonly defaultNamespace?: string;
  /**
   * Istio's root namespace: policies there without a selector apply to the whole mesh.
   * @default - `meshConfig.rootNamespace` of an IstioOperator among the objects, else 'istio-system'
   */
  readonly rootNamespace?: string;
  /**
   * DNS domain of the cluster, for `name.namespace.svc.<domain>` hosts.
   * @default 'cluster.local'
   */
  readonly clusterDomain?: string;
  /**
   * The checks to run.
   * @default ALL_CHECKS
   */
  readonly checks?: readonly Check[];
}

/** Options of one report made by a check. */
export interface ReportOptions {
  /**
   * The field the finding is about.
   * @default - the object as a whole
   */
  readonly field?: FieldPath;
  /**
   * This finding's severity.
   * @default - the check's severity
   */
  readonly severity?: Severity;
}

/** What a check sees while it runs. */
export interface CheckContext {
  /** Every analyzed object, indexed once. */
  readonly index: ObjectIndex;
  /** Records a finding of this check about `object`. */
  readonly report: (object: IndexedObject, message: string, options?: ReportOptions) => void;
}

/** One analysis: finds one kind of problem and reports it under one code. */
export interface Check {
  readonly code: string;
  /** Severity of its findings unless a report says otherwise. */
  readonly severity: Severity;
  /** Short PascalCase name, Istio's where the code is Istio's. */
  readonly title: string;
  /** One sentence: what the check looks for. */
  readonly description: string;
  run(context: CheckContext): void;
}
