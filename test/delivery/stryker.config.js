// Mutation testing of constructs/delivery/ (see docs/mutation-testing.md, "### `constructs/delivery/`, `constructs/explain/`,
// validation and the top-level files"): the project's configuration, with the mutants type-checked against the
// mutated files and what they import (test/delivery/tsconfig.mutate.json) rather than the whole project, and its own
// incremental file, reports and sandbox, so that it can run beside the other scopes.
//   STRYKER_SPEC='test/delivery/delivery.test.ts,test/delivery/static-extras.test.ts,test/delivery/checks-prometheus.test.ts' \
//     npx stryker run test/delivery/stryker.config.js --ignoreStatic

import base from '../../stryker.config.js';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  ...base,
  mutate: ['constructs/delivery/**/*.ts'],
  tsconfigFile: 'test/delivery/tsconfig.mutate.json',
  incrementalFile: 'reports/mutation/delivery-incremental.json',
  htmlReporter: { fileName: 'reports/mutation/delivery.html' },
  jsonReporter: { fileName: 'reports/mutation/delivery.json' },
  tempDirName: '.stryker-tmp-delivery',
};
