// Mutation testing of cli/ (docs/mutation-testing.md, "### `cli/`"). `npm run typecheck` still checks the tests.
//   STRYKER_SPEC='test/cli/*.test.ts,test/analysis/behaviour.test.ts' npx stryker run test/cli/stryker.config.js --ignoreStatic
// Without --ignoreStatic, each static mutant (module-level constants: the regular expressions of yaml-schema.ts) runs in a
// fresh test process, which takes several times longer.

import { scope } from '../../stryker.config.js';

export default scope('cli', ['cli/**/*.ts']);
