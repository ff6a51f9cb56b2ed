/**
 * Service throughput on loopback: the dog-image service (against the Dog API stand-in answering after
 * 50 ms) side by side with Koa answering the service's own response from memory (the Koa floor) and a
 * node:http server returning a page of the same size from memory (the limit).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { startDogApiStub } from '../test/support/dog-api-stub.js';
import { load, type LoadResult } from './load.js';
import { median } from './median.js';
import { startKoaFloorServer, startLimitServer, startService, type ServerProcess } from './processes.js';

/** Headers a server sets per connection or per response itself; the rest of the service's headers are replayed. */
const OWN_HEADERS = new Set(['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding']);

/** Settings of one throughput run. */
export interface ThroughputOptions {
  readonly rounds: number;
  readonly seconds: number;
  readonly warmupSeconds: number;
  readonly connections: number;
  readonly dogApiDelayMs: number;
}

/** A load run and the CPU time the server process spent on it. */
export interface ServerLoad extends LoadResult {
  /** CPU time (user + system, from /proc/<pid>/stat) of the server process per request answered, in µs. */
  readonly cpuUsPerRequest: number;
}

/** One scenario's medians over the rounds, for the service, the Koa floor and the limit. */
export interface ScenarioResult {
  readonly scenario: string;
  readonly path: string;
  readonly bodyBytes: number;
  readonly service: ServerLoad;
  /** Koa answering the service's own response (body and headers) from memory. */
  readonly koaFloor: ServerLoad;
  readonly limit: ServerLoad;
  /** service requests/s ÷ limit requests/s. */
  readonly ratio: number;
  /** Koa floor requests/s ÷ limit requests/s: the best a Koa service sending these headers could reach. */
  readonly floorRatio: number;
  /** Median over the rounds of service requests/s ÷ Koa floor requests/s of the same round (target ≥ 0.5). */
  readonly toFloor: number;
  /** Per round, service requests/s ÷ Koa floor requests/s. */
  readonly toFloorPerRound: readonly number[];
  /** Median over the rounds of service CPU µs per request ÷ Koa floor CPU µs per request (target ≤ 2). */
  readonly cpuToFloor: number;
  /** Per round, service CPU µs per request ÷ Koa floor CPU µs per request. */
  readonly cpuToFloorPerRound: readonly number[];
  readonly serviceRssMiB: number;
  readonly servicePeakRssMiB: number;
  /** Dog API calls the service made per 100 views during the measured rounds. */
  readonly dogApiCallsPer100Views: number;
}

const SCENARIOS = [
  { scenario: 'random page', path: '/' },
  { scenario: 'breed page', path: '/?breed=hound%2Fafghan' },
  { scenario: 'JSON API', path: '/api/image?breed=husky' },
];

/** Loads `server` at `url` and reads the CPU time the server process used meanwhile. */
async function measure(server: ServerProcess, url: string, seconds: number, connections: number): Promise<ServerLoad> {
  const cpuBefore = server.cpuSeconds();
  const result = await load(url, seconds, connections);
  const cpu = server.cpuSeconds() - cpuBefore;
  return { ...result, cpuUsPerRequest: result.requests > 0 ? (cpu * 1e6) / result.requests : Number.NaN };
}

function medianResult(results: ServerLoad[]): ServerLoad {
  return {
    cpuUsPerRequest: median(results.map((r) => r.cpuUsPerRequest)),
    requestsPerSec: median(results.map((r) => r.requestsPerSec)),
    p50Ms: median(results.map((r) => r.p50Ms)),
    p99Ms: median(results.map((r) => r.p99Ms)),
    requests: results.reduce((n, r) => n + r.requests, 0),
    errors: results.reduce((n, r) => n + r.errors, 0),
  };
}

export async function serviceThroughput(options: ThroughputOptions, log: (line: string) => void): Promise<ScenarioResult[]> {
  const stub = await startDogApiStub({ delayMs: options.dogApiDelayMs });
  const service = await startService(stub.url);
  const results: ScenarioResult[] = [];
  try {
    mkdirSync('test-output/bench', { recursive: true });
    for (const [i, { scenario, path }] of SCENARIOS.entries()) {
      const url = `${service.url}${path}`;
      const sample = await fetch(url);
      if (!sample.ok) throw new Error(`${url} answered ${sample.status}`);
      const body = Buffer.from(await sample.arrayBuffer());
      const bodyBytes = body.byteLength;
      const sampleFile = `test-output/bench/sample-${i}.json`;
      const headers = Object.fromEntries([...sample.headers].filter(([name]) => !OWN_HEADERS.has(name)));
      writeFileSync(sampleFile, JSON.stringify({ headers, body: body.toString('base64') }));
      const limit = await startLimitServer(bodyBytes, sample.headers.get('content-type') ?? 'text/html');
      const floor = await startKoaFloorServer(sampleFile);
      try {
        log(`${scenario}: warm-up ${options.warmupSeconds}s each`);
        for (const target of [url, floor.url, limit.url]) await load(target, options.warmupSeconds, options.connections);
        const ours: ServerLoad[] = [];
        const floors: ServerLoad[] = [];
        const theirs: ServerLoad[] = [];
        const callsBefore = stub.callCount();
        for (let round = 1; round <= options.rounds; round++) {
          // Alternating order, so that neither side always runs right after the same other one.
          const order = round % 2 === 1 ? (['service', 'floor'] as const) : (['floor', 'service'] as const);
          for (const side of order) {
            if (side === 'service') ours.push(await measure(service, url, options.seconds, options.connections));
            else floors.push(await measure(floor, floor.url, options.seconds, options.connections));
          }
          theirs.push(await measure(limit, limit.url, options.seconds, options.connections));
          const [o, f, t] = [ours.at(-1)!, floors.at(-1)!, theirs.at(-1)!];
          log(
            `${scenario} round ${round}: service ${o.requestsPerSec.toFixed(0)} req/s ${o.cpuUsPerRequest.toFixed(1)} µs CPU/req p99 ${o.p99Ms} ms, ` +
              `Koa floor ${f.requestsPerSec.toFixed(0)} req/s ${f.cpuUsPerRequest.toFixed(1)} µs, limit ${t.requestsPerSec.toFixed(0)} req/s ${t.cpuUsPerRequest.toFixed(1)} µs; ` +
              `service/floor ${(o.requestsPerSec / f.requestsPerSec).toFixed(2)}, CPU ${(o.cpuUsPerRequest / f.cpuUsPerRequest).toFixed(2)}×`,
          );
        }
        const toFloorPerRound = ours.map((o, i) => o.requestsPerSec / floors[i].requestsPerSec);
        const cpuToFloorPerRound = ours.map((o, i) => o.cpuUsPerRequest / floors[i].cpuUsPerRequest);
        const service50 = medianResult(ours);
        const floor50 = medianResult(floors);
        const limit50 = medianResult(theirs);
        const memory = service.memory();
        results.push({
          scenario,
          path,
          bodyBytes,
          service: service50,
          koaFloor: floor50,
          limit: limit50,
          ratio: service50.requestsPerSec / limit50.requestsPerSec,
          floorRatio: floor50.requestsPerSec / limit50.requestsPerSec,
          toFloor: median(toFloorPerRound),
          toFloorPerRound,
          cpuToFloor: median(cpuToFloorPerRound),
          cpuToFloorPerRound,
          serviceRssMiB: memory.rssMiB,
          servicePeakRssMiB: memory.peakMiB,
          dogApiCallsPer100Views: ((stub.callCount() - callsBefore) / service50.requests) * 100,
        });
      } finally {
        await limit.stop();
        await floor.stop();
      }
    }
  } finally {
    await service.stop();
    await stub.close();
  }
  return results;
}
