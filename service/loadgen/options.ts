import { parseArgs } from 'node:util';
import { UsageError } from './usage-error.js';

/** What `dog-loadgen` was asked to do. */
export interface LoadgenOptions {
  /** The page or API URL to request. */
  readonly url: URL;
  /** Requests started per second, on a fixed schedule whatever the answers take. */
  readonly rps: number;
  /** Seconds to run; undefined runs until SIGTERM or SIGINT. */
  readonly durationSeconds?: number;
  /** Fraction of failed requests (0..1) above which the run exits 1. */
  readonly maxErrorRate: number;
  /** Seconds one request may take before it counts as a timeout error. */
  readonly timeoutSeconds: number;
  /** Seconds between progress lines when the output is not a terminal (e.g. in a pod's log). */
  readonly reportEverySeconds: number;
  /** Print the final summary as one JSON object instead of text. */
  readonly json: boolean;
  /** Print the help instead of running. */
  readonly help: boolean;
}

export const LOADGEN_HELP = `Usage: dog-loadgen --url URL [--rps N] [--duration S] [--max-error-rate X] [options]

Sends GET requests to URL at a steady rate (the schedule does not slow down when answers do), shows a live
status line (sent, ok, errors, p50/p99 latency), and prints a summary with the share of answers per
x-app-version header, which is how a canary split shows. Stops after --duration, or on SIGTERM/SIGINT.

Options:
  --url URL              http(s) URL to request (required)
  --rps N                requests per second, up to 10000 (default 1)
  --duration S           seconds to run (default: until stopped)
  --max-error-rate X     fraction of errors allowed, 0 to 1, or a percentage like 5% (default 0.01);
                         above it the exit code is 1
  --timeout S            seconds before a request counts as timed out (default 10)
  --report-every S       seconds between progress lines when stdout is not a terminal (default 10)
  --json                 print the summary as JSON
  -h, --help             show this help

An error is any answer other than 2xx or 3xx, a timeout, or a failed connection.
Exit codes: 0 within the error budget, 1 over it (or nothing completed), 2 bad arguments.`;

function positiveNumber(name: string, raw: string | undefined, fallback: number | undefined, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  // A blank value reads as 0, which is refused with the rest.
  if (!Number.isFinite(value) || value <= 0 || value > max) {
    throw new UsageError(`--${name} must be a number above 0${max < Number.MAX_SAFE_INTEGER ? ` and at most ${max}` : ''}, got ${JSON.stringify(raw)}`);
  }
  return value;
}

function errorRate(raw: string | undefined): number {
  if (raw === undefined) return 0.01;
  const percent = raw.trim().endsWith('%');
  const value = Number(percent ? raw.trim().slice(0, -1) : raw);
  const fraction = percent ? value / 100 : value;
  if (raw.trim() === '' || !Number.isFinite(fraction) || fraction < 0 || fraction > 1) {
    throw new UsageError(`--max-error-rate must be a fraction from 0 to 1 or a percentage like 5%, got ${JSON.stringify(raw)}`);
  }
  return fraction;
}

/** Parses the arguments after `loadgen`; throws `UsageError` (exit 2) with a precise message. */
export function parseLoadgenArgs(args: string[]): LoadgenOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        url: { type: 'string' },
        rps: { type: 'string' },
        duration: { type: 'string' },
        'max-error-rate': { type: 'string' },
        timeout: { type: 'string' },
        'report-every': { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (err) {
    // parseArgs' messages can run over several lines and end with a period of their own.
    const message = (err as Error).message.split('\n').map((l) => l.trim()).filter(Boolean).join(' ').replace(/\.$/, '');
    throw new UsageError(`${message}. Run 'dog-loadgen --help' for the options.`);
  }
  const help = values.help ?? false;
  if (help) {
    return { url: new URL('http://localhost/'), rps: 1, maxErrorRate: 0.01, timeoutSeconds: 10, reportEverySeconds: 10, json: false, help };
  }
  if (values.url === undefined) throw new UsageError("--url is required, e.g. --url http://localhost:8080/. Run 'dog-loadgen --help' for the options.");
  let url: URL;
  try {
    url = new URL(values.url);
  } catch {
    throw new UsageError(`--url must be an absolute http(s) URL, got ${JSON.stringify(values.url)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`--url must be an http:// or https:// URL, got ${JSON.stringify(values.url)}`);
  }
  return {
    url,
    rps: positiveNumber('rps', values.rps, 1, 10_000)!,
    durationSeconds: positiveNumber('duration', values.duration, undefined),
    maxErrorRate: errorRate(values['max-error-rate']),
    timeoutSeconds: positiveNumber('timeout', values.timeout, 10, 3600)!,
    reportEverySeconds: positiveNumber('report-every', values['report-every'], 10, 86_400)!,
    json: values.json ?? false,
    help,
  };
}
