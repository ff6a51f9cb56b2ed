// Mutation testing of constructs/mesh/ (see docs/mutation-testing.md, "### `constructs/mesh/`"): the project's
// configuration, with the mutants type-checked against constructs/mesh/ and what it imports
// (test/constructs/tsconfig.mutate.json) rather than the whole project.
//   STRYKER_SPEC='test/constructs/*.test.ts' npx stryker run test/constructs/stryker.config.js --ignoreStatic

import base from '../../stryker.config.js';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  ...base,
  mutate: ['constructs/mesh/**/*.ts'],
  tsconfigFile: 'test/constructs/tsconfig.mutate.json',
  incrementalFile: 'reports/mutation/mesh-incremental.json',
};
