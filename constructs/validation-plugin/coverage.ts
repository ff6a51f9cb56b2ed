import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IConstruct } from 'constructs';
import { isRecord } from '../analysis/json.js';

/**
 * Written beside `construct-metadata.json` when an app that runs the synth-time analysis is synthesized
 * for validation plugins: the objects that analysis already judged, so the validation plugin leaves them out.
 */
export const COVERAGE_FILE = 'mesh-analysis-coverage.json';

/** An object as written in its manifest: namespace only when it sets one. */
export interface CoveredObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
}

interface CoverageJson {
  readonly version: 1;
  readonly objects: readonly CoveredObject[];
}

function identity(object: unknown): CoveredObject | undefined {
  if (!isRecord(object) || !isRecord(object.metadata)) return undefined;
  const { apiVersion, kind } = object;
  const { name, namespace } = object.metadata;
  if (typeof apiVersion !== 'string' || typeof kind !== 'string' || typeof name !== 'string') return undefined;
  return { apiVersion, kind, name, ...(typeof namespace === 'string' ? { namespace } : {}) };
}

const recorded = new WeakMap<IConstruct, Map<string, CoveredObject>>();

/** Whether cdk8s records construct metadata for this app: `cdk8s synth` asks for it when validation plugins are configured. */
function recordsMetadata(app: IConstruct): boolean {
  const own = (app as { recordConstructMetadata?: unknown }).recordConstructMetadata;
  return own === true || (own === undefined && process.env.CDK8S_RECORD_CONSTRUCT_METADATA === 'true');
}

/**
 * Adds rendered objects to the app's coverage file, when cdk8s records construct metadata and the app's
 * output folder exists (`App.synth` creates it before validating). Does nothing otherwise.
 */
export function recordCoverage(app: IConstruct, objects: readonly unknown[]): void {
  if (!recordsMetadata(app)) return;
  const outdir = (app as { outdir?: unknown }).outdir;
  if (typeof outdir !== 'string' || !existsSync(outdir)) return;
  let all = recorded.get(app);
  if (!all) recorded.set(app, (all = new Map<string, CoveredObject>()));
  for (const object of objects) {
    const id = identity(object);
    if (id) all.set(JSON.stringify([id.apiVersion, id.kind, id.namespace ?? null, id.name]), id);
  }
  const json: CoverageJson = { version: 1, objects: [...all.values()] };
  writeFileSync(join(outdir, COVERAGE_FILE), `${JSON.stringify(json)}\n`);
}

/** The objects a coverage file lists; throws naming the file when it is not one. */
export function readCoverage(file: string): CoveredObject[] {
  const json: unknown = JSON.parse(readFileSync(file, 'utf8'));
  if (!isRecord(json) || json.version !== 1 || !Array.isArray(json.objects)) {
    throw new Error(`${file}: not a dog-app-mesh analysis coverage file (expected { "version": 1, "objects": [...] })`);
  }
  return json.objects
    .map((o) => (isRecord(o) ? identity({ apiVersion: o.apiVersion, kind: o.kind, metadata: { name: o.name, namespace: o.namespace } }) : undefined))
    .filter((o) => o !== undefined);
}
