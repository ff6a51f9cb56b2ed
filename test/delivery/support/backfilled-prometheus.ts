import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { freePort } from '../../observability/support/prometheus-server.js';

const run = promisify(execFile);

/** A Prometheus serving series backfilled from OpenMetrics text, on 127.0.0.1. */
export interface BackfilledPrometheus {
  /** Evaluates an instant query at `time` (Unix seconds); the values of the result vector, by labels. */
  query(expr: string, time: number): Promise<{ metric: Record<string, string>; value: number }[]>;
  /** Stops the server and deletes its data. */
  stop(): Promise<void>;
}

/**
 * Writes `openMetrics` into TSDB blocks with `promtool tsdb create-blocks-from openmetrics`, then starts
 * `prometheus` on them (no scrape targets), so a query sees exactly the series given.
 */
export async function startBackfilledPrometheus(prometheus: string, promtool: string, openMetrics: string): Promise<BackfilledPrometheus> {
  const dir = await mkdtemp(join(tmpdir(), 'dog-app-mesh-backfill-'));
  const data = join(dir, 'data');
  let child: ChildProcess | undefined;
  const stop = async () => {
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child!.once('exit', resolve));
      child.kill('SIGTERM');
      await Promise.race([exited, sleep(10_000).then(() => child!.kill('SIGKILL'))]);
    }
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await writeFile(join(dir, 'series.om'), openMetrics);
    await writeFile(join(dir, 'prometheus.yml'), 'global: {}\nscrape_configs: []\n');
    await run(promtool, ['tsdb', 'create-blocks-from', 'openmetrics', join(dir, 'series.om'), data], { timeout: 120_000 });
    const address = `127.0.0.1:${await freePort()}`;
    child = spawn(prometheus, [`--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${data}`, `--web.listen-address=${address}`, '--log.level=warn'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const url = `http://${address}`;
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`prometheus exited with ${child.exitCode}:\n${stderr}`);
      try {
        if ((await fetch(`${url}/-/ready`)).ok) break;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`prometheus not ready within 60 s:\n${stderr}`);
      await sleep(100);
    }
    return {
      stop,
      async query(expr, time) {
        const response = await fetch(`${url}/api/v1/query?${new URLSearchParams({ query: expr, time: String(time) }).toString()}`);
        const body = (await response.json()) as { status: string; error?: string; data: { resultType: string; result: { metric: Record<string, string>; value: [number, string] }[] } };
        if (body.status !== 'success') throw new Error(`${expr}: ${body.error ?? response.status}`);
        if (body.data.resultType !== 'vector') throw new Error(`${expr}: a ${body.data.resultType}, not a vector`);
        return body.data.result.map((r) => ({ metric: r.metric, value: Number(r.value[1]) }));
      },
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
