// Mutation testing of constructs/validation/, constructs/validation-plugin/ and the top-level files constructs/*.ts
// (docs/mutation-testing.md, "### `constructs/delivery/`, `constructs/explain/`, validation and the top-level files").
//   STRYKER_SPEC='test/constructs/*.test.ts,test/validation-plugin/*.test.ts,test/observability/addons.test.ts' \
//     npx stryker run test/validation-plugin/stryker.config.js --ignoreStatic

import { scope } from '../../stryker.config.js';

export default scope('validation', ['constructs/validation/**/*.ts', 'constructs/validation-plugin/**/*.ts', 'constructs/*.ts'], 'validation-plugin');
