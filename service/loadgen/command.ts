import { performance } from 'node:perf_hooks';
import { LOADGEN_HELP, parseLoadgenArgs } from './options.js';
import { runLoad } from './runner.js';
import { LoadStats, statusLine, summaryData, summaryText } from './stats.js';

/** `dog-loadgen`: steady-rate traffic with a live status, a summary, and an exit code from the error rate. */
export async function run(args: string[]): Promise<number> {
  const options = parseLoadgenArgs(args);
  if (options.help) {
    process.stdout.write(`${LOADGEN_HELP}\n`);
    return 0;
  }

  const stop = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    if (!stop.signal.aborted) process.stderr.write(`${process.stdout.isTTY ? '\n' : ''}loadgen: ${signal}, stopping\n`);
    stop.abort();
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);

  const stats = new LoadStats();
  const started = performance.now();
  const elapsed = () => (performance.now() - started) / 1000;
  const tty = Boolean(process.stdout.isTTY);
  const target = options.url.href;
  process.stderr.write(
    `loadgen: ${target} at ${options.rps} req/s ${options.durationSeconds ? `for ${options.durationSeconds}s` : 'until stopped (SIGTERM/SIGINT)'}\n`,
  );
  const ticker = tty
    ? setInterval(() => process.stdout.write(`\r\x1b[2K${statusLine(stats, elapsed())}`), 250)
    : setInterval(() => process.stdout.write(`loadgen: ${statusLine(stats, elapsed())}\n`), options.reportEverySeconds * 1000);
  ticker.unref();

  try {
    await runLoad(options, stop.signal, stats);
  } finally {
    clearInterval(ticker);
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
  }
  if (tty) process.stdout.write(`\r\x1b[2K${statusLine(stats, elapsed())}\n`);

  const summary = summaryData(stats, { url: target, rps: options.rps, elapsedSeconds: elapsed(), maxErrorRate: options.maxErrorRate });
  process.stdout.write(options.json ? `${JSON.stringify(summary)}\n` : `${summaryText(summary)}\n`);
  return summary.passed ? 0 : 1;
}
