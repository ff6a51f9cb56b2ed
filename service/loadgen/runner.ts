import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { LoadgenOptions } from './options.js';
import { LoadStats } from './stats.js';

/** How long requests still running at a stop may finish before they are given up on. */
const STOP_GRACE_MS = 5000;

/**
 * Sends requests on an absolute schedule (request i is due at start + i/rps, so timer drift does not
 * accumulate) and never waits for answers before sending the next (an open loop, like real visitors).
 * Latency is measured from when a request was due, so a stalled sender shows up in the numbers instead of
 * hiding (coordinated omission). Resolves when the duration is over or `stop` fires, once in-flight
 * requests have finished or been given up on.
 */
export async function runLoad(options: LoadgenOptions, stop: AbortSignal, stats = new LoadStats()): Promise<LoadStats> {
  const period = 1000 / options.rps;
  const timeoutMs = options.timeoutSeconds * 1000;
  const giveUp = new AbortController();
  const inFlight = new Set<Promise<void>>();
  let start = performance.now();
  const end = options.durationSeconds === undefined ? Number.POSITIVE_INFINITY : start + options.durationSeconds * 1000;
  const maxBurst = Math.max(1, Math.ceil(options.rps));
  let index = 0;

  const send = (dueAt: number) => {
    stats.sent++;
    const request = (async () => {
      try {
        const response = await fetch(options.url, {
          redirect: 'manual',
          headers: { 'user-agent': 'dog-app-mesh-loadgen' },
          signal: AbortSignal.any([AbortSignal.timeout(timeoutMs), giveUp.signal]),
        });
        await response.arrayBuffer();
        stats.record({ status: response.status, version: response.headers.get('x-app-version') ?? undefined }, performance.now() - dueAt);
      } catch (err) {
        if (giveUp.signal.aborted) {
          stats.abandoned++;
          return;
        }
        const timedOut = err instanceof DOMException && err.name === 'TimeoutError';
        stats.record({ failure: timedOut ? 'timeout' : 'network' }, performance.now() - dueAt);
      }
    })();
    inFlight.add(request);
    void request.finally(() => inFlight.delete(request));
  };

  while (!stop.aborted) {
    const now = performance.now();
    let burst = 0;
    while (start + index * period <= now && start + index * period < end && burst < maxBurst) {
      send(start + index * period);
      index++;
      burst++;
    }
    // More than a second's worth still due: the process was paused. Skip ahead rather than flood the target.
    const behind = Math.floor((now - (start + index * period)) / period);
    if (behind > 0 && burst === maxBurst) {
      stats.missed += behind;
      start += behind * period;
    }
    const next = start + index * period;
    if (next >= end) break;
    await sleep(Math.max(0, next - performance.now()), undefined, { signal: stop }).catch(() => undefined);
  }

  const pending = Promise.all(inFlight);
  if (stop.aborted) {
    const grace = new AbortController();
    await Promise.race([pending, sleep(Math.min(timeoutMs, STOP_GRACE_MS), undefined, { signal: grace.signal }).catch(() => undefined)]);
    grace.abort();
    giveUp.abort();
  }
  await pending;
  return stats;
}
