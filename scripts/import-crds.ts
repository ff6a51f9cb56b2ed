/**
 * Regenerates constructs/imports/ with `cdk8s import` from the CRDs pinned in cdk8s.yaml.
 *
 * Each import in cdk8s.yaml names an upstream URL. When a local copy of that release is present
 * (CRD_DIR, default ../shared/crds) it is used instead, so the import works without a network;
 * otherwise the URL is fetched. It also writes crd-schemas.ts: the OpenAPI schema of every served
 * version of every pinned CRD (descriptions dropped), which the tests and the offline analysis validate
 * objects against. The output is committed and never edited by hand.
 *
 * Everything is generated into a temporary folder first; the committed files are replaced only when
 * every import succeeded, so a failed run (no network, a bad pin) leaves constructs/imports/ as it was.
 * IMPORT_ROOT names another project folder (one holding a cdk8s.yaml), for testing the script.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse, parseAllDocuments, stringify } from 'yaml';

const LOCAL_COPIES: Record<string, string> = {
  'https://raw.githubusercontent.com/istio/istio/1.30.3/manifests/charts/base/files/crd-all.gen.yaml':
    'istio-1.30.3-crd-all.gen.yaml',
  'https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.6.1/standard-install.yaml':
    'gateway-api-v1.6.1-standard.yaml',
  'https://raw.githubusercontent.com/fluxcd/flagger/v1.44.0/artifacts/flagger/crd.yaml':
    'flagger-v1.44.0-crd.yaml',
  'https://raw.githubusercontent.com/argoproj/argo-rollouts/v1.9.1/manifests/crds/rollout-crd.yaml':
    'argo-rollouts-v1.9.1-rollout-crd.yaml',
  'https://raw.githubusercontent.com/argoproj/argo-rollouts/v1.9.1/manifests/crds/analysis-template-crd.yaml':
    'argo-rollouts-v1.9.1-analysis-template-crd.yaml',
  'https://raw.githubusercontent.com/argoproj/argo-rollouts/v1.9.1/manifests/crds/cluster-analysis-template-crd.yaml':
    'argo-rollouts-v1.9.1-cluster-analysis-template-crd.yaml',
  'https://raw.githubusercontent.com/argoproj/argo-rollouts/v1.9.1/manifests/crds/analysis-run-crd.yaml':
    'argo-rollouts-v1.9.1-analysis-run-crd.yaml',
};

const toolRoot = resolve(import.meta.dirname, '..');
const root = resolve(process.env.IMPORT_ROOT ?? toolRoot);
const crdDir = resolve(root, process.env.CRD_DIR ?? '../shared/crds');
const config = parse(readFileSync(join(root, 'cdk8s.yaml'), 'utf8')) as {
  imports: string[];
  importDirectory: string;
};
const outDir = join(root, config.importDirectory);
const cdk8s = join(toolRoot, 'node_modules', '.bin', 'cdk8s');

interface Crd {
  kind: string;
  spec: {
    group: string;
    names: { kind: string };
    scope: string;
    versions: { name: string; served: boolean; schema?: { openAPIV3Schema: unknown } }[];
  };
}

function withoutDescriptions(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutDescriptions);
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node)
      .filter(([key, value]) => !(key === 'description' && typeof value === 'string'))
      .map(([key, value]) => [key, withoutDescriptions(value)]),
  );
}

/**
 * Flagger's CRD file continues some single-quoted descriptions on lines indented no deeper than their
 * key. go-yaml (what kubectl uses) accepts that; the YAML spec, the yaml library and cdk8s import do not
 * (fluxcd/flagger#1419: cdk8s import fails on it). Indenting those continuation lines two more spaces
 * keeps the content and makes the text valid YAML.
 */
function indentQuotedContinuations(text: string): string {
  const lines = text.split('\n');
  let keyIndent: number | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (keyIndent === undefined) {
      const open = /^(\s*)(?:- )?[\w.-]+: '(.*)$/.exec(line);
      if (open && open[2].replaceAll("''", '').split("'").length % 2 === 1) keyIndent = open[1].length;
      continue;
    }
    const indent = /^\s*/.exec(line)![0].length;
    if (line.trim() !== '' && indent <= keyIndent) lines[i] = ' '.repeat(keyIndent + 2 - indent) + line;
    if (line.replaceAll("''", '').split("'").length % 2 === 0) keyIndent = undefined;
  }
  return lines.join('\n');
}

async function readSource(url: string): Promise<{ text: string; from: string }> {
  const local = LOCAL_COPIES[url] && join(crdDir, LOCAL_COPIES[url]);
  if (local && existsSync(local)) return { text: readFileSync(local, 'utf8'), from: local };
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(60_000) });
  } catch (err) {
    throw new Error(`cannot fetch ${url} (${err instanceof Error && err.cause instanceof Error ? err.cause.message : String(err)}) and no local copy ${local || '(none known for this URL)'}`, { cause: err });
  }
  if (!response.ok) throw new Error(`cannot fetch ${url}: HTTP ${response.status}`);
  return { text: await response.text(), from: url };
}

/** Generates every import and crd-schemas.ts into `dir`. */
async function generate(work: string, dir: string): Promise<void> {
  const schemas: { group: string; version: string; kind: string; scope: string; schema: unknown }[] = [];
  for (const spec of config.imports) {
    const [prefix, url] = spec.split(':=') as [string, string];
    const { text, from } = await readSource(url);
    console.log(`${prefix}: ${from}`);
    const docs = parseAllDocuments(indentQuotedContinuations(text)).map((d) => {
      if (d.errors.length) throw new Error(`${from}: ${d.errors[0].message}`);
      return d.toJS() as Crd | null;
    });
    // Re-serialized, so that cdk8s import reads the repaired text too.
    const normalized = join(work, `${prefix}.yaml`);
    writeFileSync(normalized, docs.filter((d) => d !== null).map((d) => stringify(d, { lineWidth: 0 })).join('---\n'));
    execFileSync(
      cdk8s,
      ['import', `${prefix}:=${normalized}`, '--output', dir, '--language', 'typescript', '--no-save', '--check-upgrade=false'],
      { cwd: work, stdio: 'inherit' },
    );
    for (const crd of docs) {
      if (crd?.kind !== 'CustomResourceDefinition') continue;
      if (crd.spec.scope !== 'Namespaced' && crd.spec.scope !== 'Cluster') throw new Error(`${from}: CRD ${crd.spec.names.kind} has scope ${JSON.stringify(crd.spec.scope)}, expected Namespaced or Cluster`);
      for (const v of crd.spec.versions) {
        if (!v.served || !v.schema) continue;
        schemas.push({ group: crd.spec.group, version: v.name, kind: crd.spec.names.kind, scope: crd.spec.scope, schema: withoutDescriptions(v.schema.openAPIV3Schema) });
      }
    }
  }
  schemas.sort((a, b) => `${a.group}/${a.version}/${a.kind}`.localeCompare(`${b.group}/${b.version}/${b.kind}`));
  writeFileSync(
    join(dir, 'crd-schemas.ts'),
    `// Generated by scripts/import-crds.ts from the CRDs pinned in cdk8s.yaml. Do not edit.

/** The OpenAPI v3 schema of one served version of a pinned CRD. */
export interface CrdSchema {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  /** Whether its objects live in a namespace. */
  readonly scope: 'Namespaced' | 'Cluster';
  readonly schema: Record<string, unknown>;
}

export const CRD_SCHEMAS: readonly CrdSchema[] = JSON.parse(${JSON.stringify(JSON.stringify(schemas))}) as CrdSchema[];
`,
  );
  console.log(`crd-schemas.ts: ${schemas.length} schemas`);
}

const work = mkdtempSync(join(tmpdir(), 'import-crds-'));
try {
  const staged = join(work, 'out');
  mkdirSync(staged);
  await generate(work, staged);
  mkdirSync(outDir, { recursive: true });
  for (const file of readdirSync(outDir)) {
    if (file.endsWith('.ts')) rmSync(join(outDir, file));
  }
  for (const file of readdirSync(staged)) copyFileSync(join(staged, file), join(outDir, file));
  console.log(`${config.importDirectory}: ${readdirSync(staged).length} files replaced`);
} catch (err) {
  console.error(`import failed, ${config.importDirectory} left unchanged: ${(err as Error).message}`);
  process.exitCode = 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}
