import type { PropChecker } from '../prop-errors.js';
import { durationMillis, type DurationInput } from '../validation/durations.js';
import { isEnvName } from './versions.js';

/** How a pod of the app stops: Kubernetes sends SIGTERM, the service drains, then it is killed. */
export interface ShutdownOptions {
  /**
   * How long the service keeps taking requests after SIGTERM, with `/readyz` already failing, so that
   * endpoints and proxies stop sending new requests before its listener closes.
   * @default '5s'
   */
  readonly drainDelay?: DurationInput;
  /**
   * Environment variable through which the app learns `drainDelay`, in milliseconds.
   * @default - none (DogAppMesh: `SHUTDOWN_DELAY_MS`)
   */
  readonly drainDelayEnv?: string;
  /**
   * How long requests in flight may then take to finish. The pod's
   * `terminationGracePeriodSeconds` is `drainDelay + grace` plus 5 s, so Kubernetes never kills a
   * pod that is still draining.
   * @default '10s'
   */
  readonly grace?: DurationInput;
  /**
   * Environment variable through which the app learns `grace`, in milliseconds.
   * @default - none (DogAppMesh: `SHUTDOWN_GRACE_MS`)
   */
  readonly graceEnv?: string;
}

/** The shutdown timings with every default filled in. */
export interface ResolvedShutdown {
  readonly drainDelayMs: number;
  readonly graceMs: number;
  /** `drainDelay + grace`, rounded up to seconds, plus 5 s. */
  readonly terminationGracePeriodSeconds: number;
  readonly drainDelayEnv?: string;
  readonly graceEnv?: string;
}

/** Validates the shutdown timings and derives the pod's termination grace period. */
export function resolveShutdown(check: PropChecker, props: ShutdownOptions | undefined): ResolvedShutdown {
  const drainDelay = props?.drainDelay ?? '5s';
  const grace = props?.grace ?? '10s';
  check.duration('shutdown.drainDelay', drainDelay, 0).duration('shutdown.grace', grace);
  const drainDelayMs = durationMillis(drainDelay) ?? 0;
  const graceMs = durationMillis(grace) ?? 0;
  check
    .expect(drainDelayMs <= 600_000, 'shutdown.drainDelay', drainDelay, 'expected at most 10m (what the service accepts)')
    .expect(graceMs <= 3_600_000, 'shutdown.grace', grace, 'expected at most 1h (what the service accepts)');
  for (const prop of ['drainDelayEnv', 'graceEnv'] as const) {
    const name = props?.[prop];
    if (name !== undefined) check.expect(isEnvName(name), `shutdown.${prop}`, name, 'expected an environment variable name: letters, digits, -, _ and ., not starting with a digit');
  }
  return {
    drainDelayMs,
    graceMs,
    terminationGracePeriodSeconds: Math.ceil((drainDelayMs + graceMs) / 1000) + 5,
    drainDelayEnv: props?.drainDelayEnv,
    graceEnv: props?.graceEnv,
  };
}
