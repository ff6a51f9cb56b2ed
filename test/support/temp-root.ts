import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A mocha root-hook plugin: the whole run, and every process it starts, gets one temporary folder of its
 * own (TMPDIR), removed when the run ends. Tests still remove what they create; what one leaves behind is
 * named, so the leak can be found, and the system temp folder keeps nothing either way.
 */
const runTemp = mkdtempSync(join(tmpdir(), 'dog-app-mesh-test-'));
process.env.TMPDIR = runTemp;

export const mochaHooks = {
  afterAll(): void {
    const left = readdirSync(runTemp);
    const leaks = left.filter((name) => !/^(tsx|v8-compile-cache)-/.test(name)); // compile caches of tsx and ts-node, not a test's
    if (leaks.length) process.stderr.write(`\nThese temporary files were left behind by tests (now removed): ${leaks.join(', ')}\n`);
    rmSync(runTemp, { recursive: true, force: true });
  },
};
