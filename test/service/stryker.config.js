// Mutation testing of service/ (see docs/mutation-testing.md, "### `service/`"): the project's configuration, with
// the mutants type-checked against service/ and what it imports (test/service/tsconfig.mutate.json) rather than the
// whole project. service/main.ts runs only as a child process, where no mutant is active: it is left out.
//   STRYKER_SPEC='test/service/**/*.test.ts' npx stryker run test/service/stryker.config.js --ignoreStatic

import base from '../../stryker.config.js';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  ...base,
  mutate: ['service/**/*.ts', '!service/main.ts', '!service/lib/**'],
  tsconfigFile: 'test/service/tsconfig.mutate.json',
  incrementalFile: 'reports/mutation/service-incremental.json',
};
