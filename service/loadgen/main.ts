#!/usr/bin/env node
import { run } from './command.js';
import { UsageError } from './usage-error.js';

const EXIT_USAGE = 2;

try {
  process.exitCode = await run(process.argv.slice(2));
} catch (err) {
  if (!(err instanceof UsageError)) throw err;
  process.stderr.write(`dog-loadgen: ${err.message}\n`);
  process.exitCode = EXIT_USAGE;
}
