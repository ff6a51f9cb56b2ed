// Mutation testing of cli/ (see docs/mutation-testing.md, "### `cli/`"): the project's configuration, with the mutants
// type-checked against cli/ and what it imports (test/cli/tsconfig.mutate.json) rather than the whole project, which made
// the checker, not the tests, take nearly all the time. `npm run typecheck` still checks the tests.
//   STRYKER_SPEC='test/cli/*.test.ts,test/analysis/behaviour.test.ts' npx stryker run test/cli/stryker.config.js --ignoreStatic
// Without --ignoreStatic, each static mutant (module-level constants: the regular expressions of yaml-schema.ts) runs in a
// fresh test process, which takes several times longer.

import base from '../../stryker.config.js';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  ...base,
  mutate: ['cli/**/*.ts'],
  tsconfigFile: 'test/cli/tsconfig.mutate.json',
  incrementalFile: 'reports/mutation/cli-incremental.json',
};
