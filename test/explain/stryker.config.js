// Mutation testing of constructs/explain/ (docs/mutation-testing.md, "#### `constructs/explain/`, the whole folder").
//   STRYKER_SPEC='test/explain/*.test.ts' npx stryker run test/explain/stryker.config.js --ignoreStatic

import { scope } from '../../stryker.config.js';

export default scope('explain', ['constructs/explain/**/*.ts']);
