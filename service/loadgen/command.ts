import { performance } from 'node:perf_hooks';
import { LOADGEN_HELP, parseLoadgenArgs } from './options.js';
import { runLoad } from './runner.js';
import { LoadStats, statusLine, summaryData, summaryText } from './stats.js';

/** Where `dog-loadgen` writes and hears SIGTERM/SIGINT: the process's, unless a caller gives its own. */
export interface LoadgenIo {
  /** The live status (redrawn in place on a terminal, a progress line otherwise) and the summary. */
  readonly stdout: { write(text: string): unknown; readonly isTTY?: boolean };
  /** The start line and the stop notice. */
  readonly stderr: { write(text: string): unknown };
  /** Emits `SIGTERM` and `SIGINT`. */
  readonly signals: Pick<NodeJS.EventEmitter, 'on' | 'off'>;
}

const PROCESS_IO: LoadgenIo = { stdout: process.stdout, stderr: process.stderr, signals: process };

/** `dog-loadgen`: steady-rate traffic with a live status, a summary, and an exit code from the error rate. */
export async function run(args: string[], io: LoadgenIo = PROCESS_IO): Promise<number> {
  const { stdout, stderr, signals } = io;
  const options = parseLoadgenArgs(args);
  if (options.help) {
    stdout.write(`${LOADGEN_HELP}\n`);
    return 0;
  }

  const stop = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    if (!stop.signal.aborted) stderr.write(`${stdout.isTTY ? '\n' : ''}loadgen: ${signal}, stopping\n`);
    stop.abort();
  };
  signals.on('SIGTERM', onSignal);
  signals.on('SIGINT', onSignal);

  const stats = new LoadStats();
  const started = performance.now();
  const elapsed = () => (performance.now() - started) / 1000;
  const tty = Boolean(stdout.isTTY);
  const target = options.url.href;
  stderr.write(
    `loadgen: ${target} at ${options.rps} req/s ${options.durationSeconds ? `for ${options.durationSeconds}s` : 'until stopped (SIGTERM/SIGINT)'}\n`,
  );
  const ticker = tty
    ? setInterval(() => stdout.write(`\r\x1b[2K${statusLine(stats, elapsed())}`), 250)
    : setInterval(() => stdout.write(`loadgen: ${statusLine(stats, elapsed())}\n`), options.reportEverySeconds * 1000);
  ticker.unref();

  try {
    await runLoad(options, stop.signal, stats);
  } finally {
    clearInterval(ticker);
    signals.off('SIGTERM', onSignal);
    signals.off('SIGINT', onSignal);
  }
  if (tty) stdout.write(`\r\x1b[2K${statusLine(stats, elapsed())}\n`);

  const summary = summaryData(stats, { url: target, rps: options.rps, elapsedSeconds: elapsed(), maxErrorRate: options.maxErrorRate });
  stdout.write(options.json ? `${JSON.stringify(summary)}\n` : `${summaryText(summary)}\n`);
  return summary.passed ? 0 : 1;
}
