// Mutation testing of constructs/explain/ (see docs/mutation-testing.md, "### `constructs/delivery/`, `constructs/explain/`,
// validation and the top-level files"): the project's configuration, with the mutants type-checked against the
// mutated files and what they import (test/explain/tsconfig.mutate.json) rather than the whole project, and its own
// incremental file, reports and sandbox, so that it can run beside the other scopes.
//   STRYKER_SPEC='test/explain/*.test.ts,test/cli/explain.test.ts,test/cli/explain-arguments.test.ts,test/constructs/route-table-paths.test.ts' \
//     npx stryker run test/explain/stryker.config.js --ignoreStatic

import base from '../../stryker.config.js';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  ...base,
  mutate: ['constructs/explain/**/*.ts'],
  tsconfigFile: 'test/explain/tsconfig.mutate.json',
  incrementalFile: 'reports/mutation/explain-incremental.json',
  htmlReporter: { fileName: 'reports/mutation/explain.html' },
  jsonReporter: { fileName: 'reports/mutation/explain.json' },
  tempDirName: '.stryker-tmp-explain',
};
