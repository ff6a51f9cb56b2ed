// Mutation testing of constructs/analysis/ (docs/mutation-testing.md, "### `constructs/analysis/`").
//   STRYKER_SPEC='test/analysis/*.test.ts' npx stryker run test/analysis/stryker.config.js --ignoreStatic
// `--mutate 'constructs/analysis/checks/**/*.ts'` (and an own `--incrementalFile`) measures a part of it.

import { scope } from '../../stryker.config.js';

export default scope('analysis', ['constructs/analysis/**/*.ts']);
