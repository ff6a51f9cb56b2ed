/**
 * Synth scaling: N DogAppMesh apps against the same documents built as plain cdk8s ApiObjects from
 * literal objects, each measured in its own process.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { median } from './median.js';

/** One measured synth. */
export interface SynthRun {
  readonly ms: number;
  /** CPU time of the same span: steadier than wall time on a shared machine. */
  readonly cpuMs: number;
  readonly documents: number;
  readonly peakRssMiB: number;
}

/** Construct and plain results for one size: the medians over the rounds of each. */
export interface SynthScalingResult {
  readonly apps: number;
  readonly construct: SynthRun;
  /** The same apps with `analysis: false`. */
  readonly withoutAnalysis: SynthRun;
  readonly plain: SynthRun;
  /** construct ms ÷ plain ms. */
  readonly ratio: number;
  /** construct ms ÷ plain ms of each round, for the spread. */
  readonly roundRatios: readonly number[];
  /** construct CPU ms ÷ plain CPU ms. */
  readonly cpuRatio: number;
}

function child(...args: string[]): SynthRun {
  const out = execFileSync(process.execPath, ['--import', 'tsx', 'bench/synth-child.ts', ...args], { encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').at(-1)!) as SynthRun;
}

function literalDocuments(outdir: string): { name: string; documents: unknown[] }[] {
  return readdirSync(outdir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((file) => ({
      name: basename(file, '.k8s.yaml'),
      documents: parseAllDocuments(readFileSync(join(outdir, file), 'utf8')).map((d) => d.toJS() as unknown),
    }));
}

function medianRun(runs: readonly SynthRun[]): SynthRun {
  return { ms: median(runs.map((r) => r.ms)), cpuMs: median(runs.map((r) => r.cpuMs)), documents: runs[0].documents, peakRssMiB: median(runs.map((r) => r.peakRssMiB)) };
}

/** Each size is synthesized `rounds` times per variant, the variants alternating, and the medians kept. */
export function synthScaling(sizes: number[], rounds: number, log: (line: string) => void): SynthScalingResult[] {
  const work = mkdtempSync(join(tmpdir(), 'dog-app-mesh-bench-'));
  try {
    return sizes.map((apps) => {
      const constructDir = join(work, `construct-${apps}`);
      const docsFile = join(work, `docs-${apps}.json`);
      const runs: { construct: SynthRun; withoutAnalysis: SynthRun; plain: SynthRun }[] = [];
      for (let round = 1; round <= rounds; round++) {
        const construct = child('construct', String(apps), constructDir);
        if (round === 1) writeFileSync(docsFile, JSON.stringify(literalDocuments(constructDir)));
        const plain = child('plain', docsFile, join(work, `plain-${apps}`));
        const withoutAnalysis = child('construct-without-analysis', String(apps), join(work, `bare-${apps}`));
        if (plain.documents !== construct.documents) {
          throw new Error(`plain synth made ${plain.documents} documents, construct synth ${construct.documents}`);
        }
        log(`${apps} apps round ${round}: construct ${construct.ms.toFixed(0)} ms (${withoutAnalysis.ms.toFixed(0)} ms without analysis), plain ${plain.ms.toFixed(0)} ms, ${construct.documents} documents`);
        runs.push({ construct, withoutAnalysis, plain });
      }
      const construct = medianRun(runs.map((r) => r.construct));
      const plain = medianRun(runs.map((r) => r.plain));
      return {
        apps,
        construct,
        withoutAnalysis: medianRun(runs.map((r) => r.withoutAnalysis)),
        plain,
        ratio: construct.ms / plain.ms,
        roundRatios: runs.map((r) => r.construct.ms / r.plain.ms),
        cpuRatio: construct.cpuMs / plain.cpuMs,
      };
    });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
