/**
 * npm run bench [-- --smoke] [-- --only service|synth|analyze]
 * Builds the project, runs the throughput, synth-scaling and analyze benchmarks, prints Markdown tables for
 * BENCHMARKS.md and writes the raw numbers to test-output/bench/results.json.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import type { AnalyzeScalingResult } from './analyze-scaling.js';
import type { ScenarioResult } from './service-throughput.js';
import type { SynthScalingResult } from './synth-scaling.js';

const { values } = parseArgs({
  options: { smoke: { type: 'boolean', default: false }, only: { type: 'string' } },
});
const smoke = values.smoke;
const only = values.only;
if (only !== undefined && only !== 'service' && only !== 'synth' && only !== 'analyze') {
  console.error(`--only must be service, synth or analyze, got ${only}`);
  process.exit(2);
}

const log = (line: string) => console.error(`[bench] ${line}`);
const fixed = (n: number, digits = 0) => n.toFixed(digits);

function throughputTable(rows: ScenarioResult[]): string {
  const range = (values: readonly number[]) => `${fixed(Math.min(...values), 2)}–${fixed(Math.max(...values), 2)}`;
  return [
    '| scenario | body | service req/s | Koa floor req/s | limit req/s | **service ÷ floor** (per round) | CPU µs/req service / floor / limit | **CPU ÷ floor** (per round) | service ÷ limit | floor ÷ limit | service p50 / p99 ms | errors | service RSS (peak) MiB | Dog API calls / 100 views |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows.map((r) =>
      `| ${r.scenario} \`${r.path}\` | ${r.bodyBytes} B | ${fixed(r.service.requestsPerSec)} | ${fixed(r.koaFloor.requestsPerSec)} | ${fixed(r.limit.requestsPerSec)} | **${fixed(r.toFloor, 2)}** (${range(r.toFloorPerRound)}) | ${fixed(r.service.cpuUsPerRequest, 1)} / ${fixed(r.koaFloor.cpuUsPerRequest, 1)} / ${fixed(r.limit.cpuUsPerRequest, 1)} | **${fixed(r.cpuToFloor, 2)}** (${range(r.cpuToFloorPerRound)}) | ${fixed(r.ratio, 2)} | ${fixed(r.floorRatio, 2)} | ${r.service.p50Ms} / ${r.service.p99Ms} | ${r.service.errors} | ${fixed(r.serviceRssMiB)} (${fixed(r.servicePeakRssMiB)}) | ${fixed(r.dogApiCallsPer100Views, 3)} |`),
  ].join('\n');
}

function synthTable(rows: SynthScalingResult[]): string {
  return [
    '| apps | documents | DogAppMesh ms | without analysis ms | plain ApiObject ms | ratio | ratio per round | ratio without analysis | CPU ratio (DogAppMesh / plain CPU ms) | DogAppMesh µs/doc | plain µs/doc | DogAppMesh peak MiB | plain peak MiB |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows.map((r) =>
      `| ${r.apps} | ${r.construct.documents} | ${fixed(r.construct.ms)} | ${fixed(r.withoutAnalysis.ms)} | ${fixed(r.plain.ms)} | ${fixed(r.ratio, 2)} | ${fixed(Math.min(...r.roundRatios), 2)}–${fixed(Math.max(...r.roundRatios), 2)} | ${fixed(r.withoutAnalysis.ms / r.plain.ms, 2)} | ${fixed(r.cpuRatio, 2)} (${fixed(r.construct.cpuMs)} / ${fixed(r.plain.cpuMs)}) | ${fixed((r.construct.ms * 1000) / r.construct.documents)} | ${fixed((r.plain.ms * 1000) / r.plain.documents)} | ${fixed(r.construct.peakRssMiB)} | ${fixed(r.plain.peakRssMiB)} |`),
  ].join('\n');
}

function analyzeTables(result: AnalyzeScalingResult): string {
  const { startup } = result;
  return [
    '| objects | layout | MB | analyze ms | js-yaml floor ms | ratio | ratio per round | CPU ratio (analyze / floor CPU ms) | analyze µs/object | floor µs/object | analyze peak MiB | floor peak MiB |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...result.rows.map((r) =>
      `| ${r.objects} | ${r.layout}${r.files > 1 ? ` (${r.files})` : ''} | ${fixed(r.bytes / 2 ** 20, 1)} | ${fixed(r.analyze.wallMs)} | ${fixed(r.floor.wallMs)} | ${fixed(r.ratio, 2)} | ${fixed(Math.min(...r.roundRatios), 2)}–${fixed(Math.max(...r.roundRatios), 2)} | ${fixed(r.cpuRatio, 2)} (${fixed(r.analyze.cpuMs)} / ${fixed(r.floor.cpuMs)}) | ${fixed((r.analyze.wallMs * 1000) / r.objects)} | ${fixed((r.floor.wallMs * 1000) / r.objects)} | ${fixed(r.analyze.peakRssMiB)} | ${fixed(r.floor.peakRssMiB)} |`),
    '',
    '| process | wall ms | CPU ms | peak MiB |',
    '| --- | --- | --- | --- |',
    ...([
      ['`node -e 0`', startup.node],
      ['`analyze --help` (the command\'s modules loaded, no work)', startup.help],
      [`\`analyze dist/\` (${startup.distObjects} objects)`, startup.dist],
    ] as const).map(([what, r]) => `| ${what} | ${fixed(r.wallMs)} | ${fixed(r.cpuMs)} | ${fixed(r.peakRssMiB)} |`),
  ].join('\n');
}

const started = new Date();
const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${fixed(totalmem() / 2 ** 30, 1)} GiB, Node ${process.version}`;
const results: { throughput?: ScenarioResult[]; synth?: SynthScalingResult[]; analyze?: AnalyzeScalingResult } = {};

if (only !== 'synth') {
  log('building the service and the CLI (npm run build)');
  execFileSync('npm', ['run', '--silent', 'build'], { stdio: 'inherit' });
}
if (only === undefined || only === 'service') {
  const { serviceThroughput } = await import('./service-throughput.js');
  results.throughput = await serviceThroughput(
    smoke
      ? { rounds: 1, seconds: 1, warmupSeconds: 1, connections: 10, dogApiDelayMs: 50 }
      : { rounds: 3, seconds: 6, warmupSeconds: 3, connections: 50, dogApiDelayMs: 50 },
    log,
  );
}
if (only === undefined || only === 'synth') {
  const { synthScaling } = await import('./synth-scaling.js');
  results.synth = synthScaling(smoke ? [2, 4] : [10, 50, 200], smoke ? 1 : 3, log);
}
if (only === undefined || only === 'analyze') {
  const { analyzeScaling } = await import('./analyze-scaling.js');
  results.analyze = analyzeScaling(smoke ? [2] : [20, 200, 2000], smoke ? 1 : 3, log);
}

mkdirSync('test-output/bench', { recursive: true });
writeFileSync('test-output/bench/results.json', JSON.stringify({ date: started.toISOString(), machine, smoke, ...results }, null, 2));

console.log(`Run ${started.toISOString().slice(0, 10)} on ${machine}${smoke ? ' (smoke run)' : ''}.\n`);
if (results.throughput) console.log(`### Service throughput\n\n${throughputTable(results.throughput)}\n`);
if (results.synth) console.log(`### Synth scaling\n\n${synthTable(results.synth)}\n`);
if (results.analyze) console.log(`### Analyze against the parse floor\n\n${analyzeTables(results.analyze)}\n`);

const measured = [
  ...(results.throughput ?? []).flatMap((r) => [r.service.requestsPerSec, r.koaFloor.requestsPerSec, r.limit.requestsPerSec, r.ratio, r.toFloor, r.cpuToFloor, r.serviceRssMiB]),
  ...(results.synth ?? []).flatMap((r) => [r.construct.ms, r.plain.ms, r.construct.documents, r.construct.peakRssMiB]),
  ...(results.analyze?.rows ?? []).flatMap((r) => [r.analyze.wallMs, r.floor.wallMs, r.analyze.peakRssMiB, r.ratio]),
  ...(results.analyze ? [results.analyze.startup.dist.wallMs, results.analyze.startup.distObjects] : []),
];
if (measured.length === 0 || !measured.every((n) => Number.isFinite(n) && n > 0)) {
  console.error('[bench] a measurement is missing or not a positive number');
  process.exit(1);
}
