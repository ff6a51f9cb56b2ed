// Mutation testing of constructs/delivery/ (docs/mutation-testing.md, "### `constructs/delivery/`, `constructs/explain/`,
// validation and the top-level files").
//   STRYKER_SPEC='test/delivery/delivery-props.test.ts,test/delivery/engine-checks.test.ts,test/delivery/static-extras.test.ts,test/delivery/delivery.test.ts' \
//     npx stryker run test/delivery/stryker.config.js --ignoreStatic

import { scope } from '../../stryker.config.js';

export default scope('delivery', ['constructs/delivery/**/*.ts']);
