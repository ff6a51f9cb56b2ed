// Mutation testing of constructs/analysis/ (see docs/mutation-testing.md, "### `constructs/analysis/`"): the
// project's configuration, with the mutants type-checked against constructs/analysis/ and what it imports
// (test/analysis/tsconfig.mutate.json) rather than the whole project.
//   STRYKER_SPEC='test/analysis/*.test.ts' npx stryker run test/analysis/stryker.config.js --ignoreStatic
// `--mutate 'constructs/analysis/checks/**/*.ts'` (and an own `--incrementalFile`) measures a part of it.

import base from '../../stryker.config.js';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  ...base,
  mutate: ['constructs/analysis/**/*.ts'],
  tsconfigFile: 'test/analysis/tsconfig.mutate.json',
  incrementalFile: 'reports/mutation/analysis-incremental.json',
};
