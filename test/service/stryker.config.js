// Mutation testing of service/ (docs/mutation-testing.md, "### `service/`"). service/main.ts runs only as a child
// process, where no mutant is active: it is left out.
//   STRYKER_SPEC='test/service/**/*.test.ts' npx stryker run test/service/stryker.config.js --ignoreStatic

import { scope } from '../../stryker.config.js';

export default scope('service', ['service/**/*.ts', '!service/main.ts', '!service/lib/**']);
