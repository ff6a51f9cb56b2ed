import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parseAllDocuments } from 'yaml';

const run = promisify(execFile);

/** The files `cdk8s synth` wrote, by path relative to its output folder. */
export type SynthOutput = Map<string, string>;

async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  const entries = await readdir(join(dir, prefix), { withFileTypes: true });
  const files = await Promise.all(
    entries.map((e) => (e.isDirectory() ? listFiles(dir, join(prefix, e.name)) : Promise.resolve([join(prefix, e.name)]))),
  );
  return files.flat().sort();
}

export async function readTree(dir: string): Promise<SynthOutput> {
  const out: SynthOutput = new Map();
  for (const file of await listFiles(dir)) out.set(file, await readFile(join(dir, file), 'utf8'));
  return out;
}

let cached: Promise<SynthOutput> | undefined;

/** Runs the project's `cdk8s synth` into a temporary folder, once per test run. */
export function synthProject(): Promise<SynthOutput> {
  cached ??= (async () => {
    const outdir = await mkdtemp(join(tmpdir(), 'dog-app-mesh-synth-'));
    await run('npx', ['cdk8s', 'synth', '--check-upgrade=false', '--output', outdir]);
    return readTree(outdir);
  })();
  return cached;
}

/** Parses every YAML document of a synthesized file; fails on any YAML error. */
export function parseManifests(text: string): Record<string, unknown>[] {
  return parseAllDocuments(text).map((doc) => {
    if (doc.errors.length) throw new Error(doc.errors.map((e) => e.message).join('\n'));
    return doc.toJS() as Record<string, unknown>;
  });
}
