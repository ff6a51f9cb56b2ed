import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
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
  // A process that runs the suite more than once (StrykerJS's mocha runner reruns it in one worker per mutant)
  // gets the folder back for each run: without it, every run after the first fails on its first temporary file.
  beforeAll(): void {
    mkdirSync(runTemp, { recursive: true });
  },
  afterAll(): void {
    const left = readdirSync(runTemp);
    const leaks = new Map<string, number>();
    for (const name of left) {
      if (/^(tsx|v8-compile-cache)-/.test(name)) continue; // compile caches of tsx and ts-node, not a test's
      const prefix = name.replace(/[.-][A-Za-z0-9]{6}$/, '');
      leaks.set(prefix, (leaks.get(prefix) ?? 0) + 1);
    }
    if (leaks.size) {
      const list = [...leaks].map(([prefix, n]) => `${prefix}-* ×${n}`).join(', ');
      process.stderr.write(`\nTemporary files left behind by tests (now removed): ${list}\n`);
    }
    rmSync(runTemp, { recursive: true, force: true });
  },
};
