/**
 * One synth measurement in a fresh process, so peak memory belongs to it alone.
 * Usage: synth-child.ts construct|construct-without-analysis <apps> <outdir> | plain <docs.json> <outdir>
 * Prints a JSON line { ms, cpuMs, documents, peakRssMiB }: wall and CPU time of the synth.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { ApiObject, App, Chart } from 'cdk8s';
import { addMeshApps } from './synth-apps.js';

const [mode, arg, outdir] = process.argv.slice(2);
const start = performance.now();
const cpuStart = process.cpuUsage();
const app = new App({ outdir });
if (mode === 'construct' || mode === 'construct-without-analysis') {
  addMeshApps(app, Number(arg), mode === 'construct');
} else if (mode === 'plain') {
  const charts = JSON.parse(readFileSync(arg, 'utf8')) as { name: string; documents: { kind: string; metadata: { name: string; namespace?: string } }[] }[];
  for (const { name, documents } of charts) {
    const chart = new Chart(app, name);
    documents.forEach((doc, i) => new ApiObject(chart, `${i}-${doc.kind}`, doc as never));
  }
} else {
  throw new Error(`unknown mode ${mode}`);
}
app.synth();
const ms = performance.now() - start;
const cpu = process.cpuUsage(cpuStart);
const documents = app.charts.reduce((n, chart) => n + chart.node.findAll().filter((c) => c instanceof ApiObject).length, 0);
process.stdout.write(`${JSON.stringify({ ms, cpuMs: (cpu.user + cpu.system) / 1000, documents, peakRssMiB: process.resourceUsage().maxRSS / 1024 })}\n`);
