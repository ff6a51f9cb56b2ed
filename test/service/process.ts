import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';

/** The service running as its own process, as in production. */
export interface Spawned {
  readonly child: ChildProcess;
  readonly url: string;
  readonly logs: { msg: string; level: string; [k: string]: unknown }[];
  readonly exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** The process's resident set size now, in MiB. */
  rssMiB(): number;
}

/** Runs the real entry point (`npm start` runs the same file) and waits for its "listening" log line. */
export async function spawnService(env: Record<string, string>): Promise<Spawned> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'service/main.ts'], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exit = once(child, 'exit').then(([code, signal]) => ({ code: code as number | null, signal: signal as NodeJS.Signals | null }));
  const logs: Spawned['logs'] = [];
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      const entry = JSON.parse(line) as Spawned['logs'][number];
      logs.push(entry);
      if (entry.msg === 'listening') resolve(entry.url as string);
    });
    void exit.then(({ code }) => reject(new Error(`service exited early with ${code}`)));
  });
  return { child, url, logs, exit, rssMiB: () => rssMiB(child.pid!) };
}

/** VmRSS of a process, in MiB (Linux). */
export function rssMiB(pid: number): number {
  const kib = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  if (!kib) throw new Error(`no VmRSS for process ${pid}`);
  return Number(kib) / 1024;
}

/** Samples `sample()` every `everyMs` until `done` settles; returns the highest value seen. */
export async function peakWhile(done: Promise<unknown>, sample: () => number, everyMs = 25): Promise<number> {
  let finished = false;
  void done.finally(() => (finished = true)).catch(() => undefined);
  let peak = sample();
  while (!finished) {
    await sleep(everyMs);
    try {
      peak = Math.max(peak, sample());
    } catch {
      break; // the process is gone
    }
  }
  return peak;
}

export async function until(condition: () => boolean, what: string, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}
