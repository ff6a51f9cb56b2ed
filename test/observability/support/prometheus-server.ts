import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** A free TCP port on 127.0.0.1 (free when asked; the caller binds it right away). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return address.port;
}

/** A Prometheus server started by a test, on 127.0.0.1 with its own data folder. */
export interface RunningPrometheus {
  readonly url: string;
  readonly address: string;
  /** Stops the server and deletes its data folder. */
  stop(): Promise<void>;
  /** GET `<url><path>` and its parsed JSON `data`; throws unless `status` is `success`. */
  api<T>(path: string, params?: Record<string, string>): Promise<T>;
}

/**
 * Starts `prometheus` with the given configuration text on a free port of 127.0.0.1, storage in a temporary
 * folder, and waits until `/-/ready` answers. `configText` is given the server's own address; `flags` are
 * passed on after the config file, data folder, address and log level.
 */
export async function startPrometheus(binary: string, configText: (address: string) => string, flags: readonly string[] = []): Promise<RunningPrometheus> {
  const dir = await mkdtemp(join(tmpdir(), 'dog-app-mesh-prometheus-'));
  const port = await freePort();
  const address = `127.0.0.1:${port}`;
  const configFile = join(dir, 'prometheus.yml');
  await writeFile(configFile, configText(address));
  const child: ChildProcess = spawn(
    binary,
    [`--config.file=${configFile}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=${address}`, '--log.level=warn', ...flags],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = `http://${address}`;

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await Promise.race([exited, sleep(10_000).then(() => child.kill('SIGKILL'))]);
    }
    await rm(dir, { recursive: true, force: true });
  };

  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`prometheus exited with ${child.exitCode}:\n${stderr}`);
    }
    try {
      if ((await fetch(`${url}/-/ready`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`prometheus not ready within 30 s:\n${stderr}`);
    }
    await sleep(100);
  }

  return {
    url,
    address,
    stop,
    async api<T>(path: string, params: Record<string, string> = {}): Promise<T> {
      const response = await fetch(`${url}${path}?${new URLSearchParams(params).toString()}`);
      const body = (await response.json()) as { status: string; data: T; error?: string };
      if (body.status !== 'success') throw new Error(`${path} ${JSON.stringify(params)}: ${body.error ?? response.status}`);
      return body.data;
    },
  };
}
