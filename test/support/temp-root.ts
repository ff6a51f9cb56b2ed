import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Root hooks that give a run the folder `dir` and remove it at the end, naming what tests left in it. */
export function tempFolderHooks(dir: string): { beforeAll(): void; afterAll(): void } {
  return {
    // Created again at the start of every run: StrykerJS runs mocha many times in one process, after the
    // previous run's afterAll removed it.
    beforeAll(): void {
      mkdirSync(dir, { recursive: true });
    },
    afterAll(): void {
      const left = readdirSync(dir);
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
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A mocha root-hook plugin: the whole run, and every process it starts, gets one temporary folder of its
 * own (TMPDIR), removed when the run ends. Tests still remove what they create; what one leaves behind is
 * named, so the leak can be found, and the system temp folder keeps nothing either way.
 */
const runTemp = mkdtempSync(join(tmpdir(), 'dog-app-mesh-test-'));
process.env.TMPDIR = runTemp;

export const mochaHooks = tempFolderHooks(runTemp);
