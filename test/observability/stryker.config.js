// Mutation testing of constructs/observability/ (see docs/mutation-testing.md, "### `constructs/observability/`"): the
// project's configuration, with the mutants type-checked against constructs/observability/ and what it imports
// (test/observability/tsconfig.mutate.json) rather than the whole project.
//   STRYKER_SPEC='test/observability/*.test.ts,test/delivery/delivery.test.ts,test/delivery/checks-prometheus.test.ts' \
//     npx stryker run test/observability/stryker.config.js --ignoreStatic

import base from '../../stryker.config.js';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  ...base,
  mutate: ['constructs/observability/**/*.ts'],
  tsconfigFile: 'test/observability/tsconfig.mutate.json',
  incrementalFile: 'reports/mutation/observability-incremental.json',
};
