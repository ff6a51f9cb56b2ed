/**
 * `dog-app-mesh analyze` against its own limit, in the same run: js-yaml's loadAll of the same files
 * (bench/parse-floor.js), the floor of any analyzer that reads YAML. Each is its own process (the compiled CLI,
 * lib/cli/main.js), timed from spawn to exit; peak memory and CPU time come from the child itself
 * (bench/usage-probe.js).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { writeAnalyzeInputs } from './analyze-inputs.js';
import { median } from './median.js';

/** One measured process. */
export interface ProcessRun {
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly peakRssMiB: number;
}

/** One size and layout: the medians over the rounds. */
export interface AnalyzeScalingRow {
  readonly objects: number;
  readonly layout: 'one file' | 'file per app';
  readonly files: number;
  readonly bytes: number;
  readonly analyze: ProcessRun;
  readonly floor: ProcessRun;
  /** analyze wall ÷ floor wall, and of CPU time. */
  readonly ratio: number;
  readonly cpuRatio: number;
  readonly roundRatios: readonly number[];
}

/** What `analyze dist/` costs, and how much of it is starting Node and loading modules. */
export interface AnalyzeStartup {
  readonly node: ProcessRun;
  /** `analyze --help`: Node, the CLI and the analyze command's modules, no work. */
  readonly help: ProcessRun;
  readonly dist: ProcessRun;
  readonly distObjects: number;
}

export interface AnalyzeScalingResult {
  readonly rows: AnalyzeScalingRow[];
  readonly startup: AnalyzeStartup;
}

function measure(work: string, args: string[], expect?: (stdout: string) => void): ProcessRun {
  const usageFile = join(work, 'usage.json');
  rmSync(usageFile, { force: true });
  const start = performance.now();
  const child = spawnSync(process.execPath, ['--import', './bench/usage-probe.js', ...args], {
    encoding: 'utf8',
    env: { ...process.env, BENCH_USAGE_FILE: usageFile },
    maxBuffer: 64 * 2 ** 20,
  });
  const wallMs = performance.now() - start;
  if (child.status !== 0) throw new Error(`${args.join(' ')} exited ${child.status}: ${child.stderr}`);
  expect?.(child.stdout);
  const usage = JSON.parse(readFileSync(usageFile, 'utf8')) as { maxRssKiB: number; cpuMs: number };
  return { wallMs, cpuMs: usage.cpuMs, peakRssMiB: usage.maxRssKiB / 1024 };
}

function medianRun(runs: readonly ProcessRun[]): ProcessRun {
  return { wallMs: median(runs.map((r) => r.wallMs)), cpuMs: median(runs.map((r) => r.cpuMs)), peakRssMiB: median(runs.map((r) => r.peakRssMiB)) };
}

const CLI = 'lib/cli/main.js';

function analyzed(objects: number): (stdout: string) => void {
  return (stdout) => {
    if (!stdout.includes(`No validation issues found when analyzing ${objects} objects`)) throw new Error(`analyze did not report ${objects} clean objects: ${stdout.slice(0, 500)}`);
  };
}

/** The object count of an `analyze` summary line, clean (`analyzing N objects`) or with findings (`in N objects`). */
const SUMMARY_OBJECTS = /(?:analyzing|0 errors, \d+ warnings?, \d+ infos? in) (\d+) objects/;

/** dist/ holds the progressive-delivery examples too, with an informational finding (an Argo CD Application): no errors is what counts. */
function analyzedWithoutErrors(objects: number): (stdout: string) => void {
  return (stdout) => {
    if (Number(SUMMARY_OBJECTS.exec(stdout)?.[1]) !== objects) throw new Error(`analyze did not report ${objects} objects without errors: ${stdout.slice(-500)}`);
  };
}

/** Runs every size in both layouts, `rounds` times each, analyze and the floor alternating. Needs `npm run build` first. */
export function analyzeScaling(apps: readonly number[], rounds: number, log: (line: string) => void): AnalyzeScalingResult {
  const work = mkdtempSync(join(tmpdir(), 'dog-app-mesh-analyze-bench-'));
  try {
    const startupRuns: { node: ProcessRun; help: ProcessRun; dist: ProcessRun }[] = [];
    const distObjects = Number(SUMMARY_OBJECTS.exec(spawnSync(process.execPath, [CLI, 'analyze', 'dist/'], { encoding: 'utf8' }).stdout)?.[1]);
    for (let round = 0; round < Math.max(rounds, 3); round++) {
      startupRuns.push({
        node: measure(work, ['-e', '0']),
        help: measure(work, [CLI, 'analyze', '--help']),
        dist: measure(work, [CLI, 'analyze', 'dist/'], analyzedWithoutErrors(distObjects)),
      });
    }
    const startup: AnalyzeStartup = {
      node: medianRun(startupRuns.map((r) => r.node)),
      help: medianRun(startupRuns.map((r) => r.help)),
      dist: medianRun(startupRuns.map((r) => r.dist)),
      distObjects,
    };
    log(`analyze dist/ (${distObjects} objects): ${startup.dist.wallMs.toFixed(0)} ms; --help ${startup.help.wallMs.toFixed(0)} ms; node -e 0 ${startup.node.wallMs.toFixed(0)} ms`);

    const rows: AnalyzeScalingRow[] = [];
    for (const count of apps) {
      const inputs = writeAnalyzeInputs(work, count);
      for (const [layout, path, files] of [['one file', inputs.file, 1], ['file per app', inputs.folder, count]] as const) {
        const runs: { analyze: ProcessRun; floor: ProcessRun }[] = [];
        for (let round = 1; round <= rounds; round++) {
          const floor = measure(work, ['bench/parse-floor.js', path], (out) => {
            if (Number(out.trim()) !== inputs.objects) throw new Error(`the floor read ${out.trim()} documents, expected ${inputs.objects}`);
          });
          const analyze = measure(work, [CLI, 'analyze', path], analyzed(inputs.objects));
          log(`${inputs.objects} objects, ${layout}, round ${round}: analyze ${analyze.wallMs.toFixed(0)} ms (${analyze.peakRssMiB.toFixed(0)} MiB), js-yaml floor ${floor.wallMs.toFixed(0)} ms (${floor.peakRssMiB.toFixed(0)} MiB)`);
          runs.push({ analyze, floor });
        }
        const analyze = medianRun(runs.map((r) => r.analyze));
        const floor = medianRun(runs.map((r) => r.floor));
        rows.push({
          objects: inputs.objects,
          layout,
          files,
          bytes: inputs.bytes,
          analyze,
          floor,
          ratio: analyze.wallMs / floor.wallMs,
          cpuRatio: analyze.cpuMs / floor.cpuMs,
          roundRatios: runs.map((r) => r.analyze.wallMs / r.floor.wallMs),
        });
      }
      rmSync(inputs.folder, { recursive: true, force: true });
      rmSync(inputs.file, { force: true });
    }
    return { rows, startup };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
