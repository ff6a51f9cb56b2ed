import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { tempFolderHooks } from './temp-root.js';

describe('the test run temp folder', () => {
  it('is there again for a second run in the same process, as StrykerJS runs mocha', () => {
    const parent = mkdtempSync(join(process.env.TMPDIR!, 'runs-'));
    try {
      const dir = join(parent, 'run');
      const hooks = tempFolderHooks(dir);
      for (let run = 0; run < 2; run++) {
        hooks.beforeAll();
        expect(existsSync(dir), `run ${run}`).to.equal(true);
        expect(() => hooks.afterAll()).not.to.throw();
        expect(existsSync(dir)).to.equal(false);
      }
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
  });
});
