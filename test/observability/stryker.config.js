// Mutation testing of constructs/observability/ (docs/mutation-testing.md, "### `constructs/observability/`").
//   STRYKER_SPEC='test/observability/*.test.ts,test/delivery/delivery.test.ts,test/delivery/checks-prometheus.test.ts' \
//     npx stryker run test/observability/stryker.config.js --ignoreStatic

import { scope } from '../../stryker.config.js';

export default scope('observability', ['constructs/observability/**/*.ts']);
