// Mutation testing of constructs/validation/, constructs/validation-plugin/ and the top-level files constructs/*.ts
// (see docs/mutation-testing.md, "### `constructs/delivery/`, `constructs/explain/`, validation and the top-level
// files"): the project's configuration, with the mutants type-checked against the mutated files and what they import
// (test/validation-plugin/tsconfig.mutate.json) rather than the whole project, and its own incremental file, reports
// and sandbox, so that it can run beside the other scopes.
//   STRYKER_SPEC='test/constructs/*.test.ts,test/validation-plugin/*.test.ts,test/observability/addons.test.ts,test/observability/addon-helpers.test.ts' \
//     npx stryker run test/validation-plugin/stryker.config.js --ignoreStatic

import base from '../../stryker.config.js';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  ...base,
  mutate: ['constructs/validation/**/*.ts', 'constructs/validation-plugin/**/*.ts', 'constructs/*.ts'],
  tsconfigFile: 'test/validation-plugin/tsconfig.mutate.json',
  incrementalFile: 'reports/mutation/validation-incremental.json',
  htmlReporter: { fileName: 'reports/mutation/validation.html' },
  jsonReporter: { fileName: 'reports/mutation/validation.json' },
  tempDirName: '.stryker-tmp-validation',
};
