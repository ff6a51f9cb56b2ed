import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { once } from 'node:events';

/** A child process serving HTTP on 127.0.0.1. */
export interface ServerProcess {
  readonly url: string;
  readonly child: ChildProcess;
  /** Resident and peak resident memory of the process, in MiB, read from /proc. */
  memory(): { rssMiB: number; peakMiB: number };
  /** CPU time (user + system) the process has used so far, in seconds, read from /proc/<pid>/stat. */
  cpuSeconds(): number;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  if (!address || typeof address !== 'object') throw new Error('no port');
  return address.port;
}

function memoryOf(pid: number): { rssMiB: number; peakMiB: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rssMiB: kib('VmRSS') / 1024, peakMiB: kib('VmHWM') / 1024 };
}

const CLOCK_TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

function cpuSecondsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces), counted from field 3: utime is 14, stime 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
}

function wrap(child: ChildProcess, url: string): ServerProcess {
  return {
    url,
    child,
    memory: () => memoryOf(child.pid!),
    cpuSeconds: () => cpuSecondsOf(child.pid!),
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}

async function waitFor(url: string, child: ChildProcess, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`process exited with ${child.exitCode} before ${url} answered`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

/** Starts the compiled service (service/lib/main.js) against the given Dog API. */
export async function startService(dogApiUrl: string): Promise<ServerProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['service/lib/main.js'], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DOG_API_URL: dogApiUrl, LOG_LEVEL: 'info', NODE_ENV: 'production' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  await waitFor(`${url}/readyz`, child);
  return wrap(child, url);
}

/** Starts a bench server script (run with tsx) that prints its port on stdout. */
async function startScript(script: string, env: Record<string, string>): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [chunk] = (await once(child.stdout, 'data')) as [Buffer];
  const url = `http://127.0.0.1:${chunk.toString().trim()}`;
  await waitFor(url, child);
  return wrap(child, url);
}

/** Starts the node:http limit server answering `bytes` bytes of `contentType`. */
export function startLimitServer(bytes: number, contentType: string): Promise<ServerProcess> {
  return startScript('bench/limit-server.ts', { BODY_BYTES: String(bytes), CONTENT_TYPE: contentType });
}

/** Starts the Koa floor server answering the response sample in `sampleFile` (see bench/koa-floor-server.ts). */
export function startKoaFloorServer(sampleFile: string): Promise<ServerProcess> {
  return startScript('bench/koa-floor-server.ts', { SAMPLE_FILE: sampleFile });
}
