/**
 * npm run bench [-- --smoke] [-- --only service|synth]
 * Builds the service, runs the throughput and synth-scaling benchmarks, prints Markdown tables for
 * BENCHMARKS.md and writes the raw numbers to test-output/bench/results.json.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import type { ScenarioResult } from './service-throughput.js';
import type { SynthScalingResult } from './synth-scaling.js';

const { values } = parseArgs({
  options: { smoke: { type: 'boolean', default: false }, only: { type: 'string' } },
});
const smoke = values.smoke;
const only = values.only;
if (only !== undefined && only !== 'service' && only !== 'synth') {
  console.error(`--only must be service or synth, got ${only}`);
  process.exit(2);
}

const log = (line: string) => console.error(`[bench] ${line}`);
const fixed = (n: number, digits = 0) => n.toFixed(digits);

function throughputTable(rows: ScenarioResult[]): string {
  return [
    '| scenario | body | service req/s | Koa floor req/s | limit req/s | ratio | Koa floor ratio | service p50 / p99 ms | limit p50 / p99 ms | errors | service RSS (peak) MiB | Dog API calls / 100 views |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows.map((r) =>
      `| ${r.scenario} \`${r.path}\` | ${r.bodyBytes} B | ${fixed(r.service.requestsPerSec)} | ${fixed(r.koaFloor.requestsPerSec)} | ${fixed(r.limit.requestsPerSec)} | ${fixed(r.ratio, 2)} | ${fixed(r.floorRatio, 2)} | ${r.service.p50Ms} / ${r.service.p99Ms} | ${r.limit.p50Ms} / ${r.limit.p99Ms} | ${r.service.errors} | ${fixed(r.serviceRssMiB)} (${fixed(r.servicePeakRssMiB)}) | ${fixed(r.dogApiCallsPer100Views, 3)} |`),
  ].join('\n');
}

function synthTable(rows: SynthScalingResult[]): string {
  return [
    '| apps | documents | DogAppMesh ms | without analysis ms | plain ApiObject ms | ratio | ratio per round | ratio without analysis | DogAppMesh µs/doc | plain µs/doc | DogAppMesh peak MiB | plain peak MiB |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows.map((r) =>
      `| ${r.apps} | ${r.construct.documents} | ${fixed(r.construct.ms)} | ${fixed(r.withoutAnalysis.ms)} | ${fixed(r.plain.ms)} | ${fixed(r.ratio, 2)} | ${fixed(Math.min(...r.roundRatios), 2)}–${fixed(Math.max(...r.roundRatios), 2)} | ${fixed(r.withoutAnalysis.ms / r.plain.ms, 2)} | ${fixed((r.construct.ms * 1000) / r.construct.documents)} | ${fixed((r.plain.ms * 1000) / r.plain.documents)} | ${fixed(r.construct.peakRssMiB)} | ${fixed(r.plain.peakRssMiB)} |`),
  ].join('\n');
}

const started = new Date();
const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${fixed(totalmem() / 2 ** 30, 1)} GiB, Node ${process.version}`;
const results: { throughput?: ScenarioResult[]; synth?: SynthScalingResult[] } = {};

if (only !== 'synth') {
  log('building the service (npm run build)');
  execFileSync('npm', ['run', '--silent', 'build'], { stdio: 'inherit' });
  const { serviceThroughput } = await import('./service-throughput.js');
  results.throughput = await serviceThroughput(
    smoke
      ? { rounds: 1, seconds: 1, warmupSeconds: 1, connections: 10, dogApiDelayMs: 50 }
      : { rounds: 3, seconds: 6, warmupSeconds: 3, connections: 50, dogApiDelayMs: 50 },
    log,
  );
}
if (only !== 'service') {
  const { synthScaling } = await import('./synth-scaling.js');
  results.synth = synthScaling(smoke ? [2, 4] : [10, 50, 200], smoke ? 1 : 3, log);
}

mkdirSync('test-output/bench', { recursive: true });
writeFileSync('test-output/bench/results.json', JSON.stringify({ date: started.toISOString(), machine, smoke, ...results }, null, 2));

console.log(`Run ${started.toISOString().slice(0, 10)} on ${machine}${smoke ? ' (smoke run)' : ''}.\n`);
if (results.throughput) console.log(`### Service throughput\n\n${throughputTable(results.throughput)}\n`);
if (results.synth) console.log(`### Synth scaling\n\n${synthTable(results.synth)}\n`);

const measured = [
  ...(results.throughput ?? []).flatMap((r) => [r.service.requestsPerSec, r.koaFloor.requestsPerSec, r.limit.requestsPerSec, r.ratio, r.serviceRssMiB]),
  ...(results.synth ?? []).flatMap((r) => [r.construct.ms, r.plain.ms, r.construct.documents, r.construct.peakRssMiB]),
];
if (measured.length === 0 || !measured.every((n) => Number.isFinite(n) && n > 0)) {
  console.error('[bench] a measurement is missing or not a positive number');
  process.exit(1);
}
