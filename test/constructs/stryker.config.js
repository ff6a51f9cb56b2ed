// Mutation testing of constructs/mesh/ (docs/mutation-testing.md, "### `constructs/mesh/`").
//   STRYKER_SPEC='test/constructs/*.test.ts' npx stryker run test/constructs/stryker.config.js --ignoreStatic

import { scope } from '../../stryker.config.js';

export default scope('mesh', ['constructs/mesh/**/*.ts'], 'constructs');
