// Mutation testing of the hand-written code (see docs/mutation-testing.md).
// `npm run mutate` runs it; `npm run mutate -- --mutate service/loadgen/stats.ts` narrows what is mutated, and
// STRYKER_SPEC (comma-separated globs) narrows the test files, which shortens the initial test run.

import process from 'node:process';

const spec = process.env.STRYKER_SPEC?.split(',').map((s) => s.trim()).filter(Boolean);

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
const config = {
  packageManager: 'npm',
  testRunner: 'mocha',
  // The tests run in-process in a mocha worker: tsx compiles the (instrumented) TypeScript on the fly.
  testRunnerNodeArgs: ['--import', 'tsx'],
  // .mocharc.json is read as for `npm run test:unit`. e2e/ (Chromium, the runtime image) and consumer/ (the packed
  // library) reach the code only through other processes, where no mutant is active: they cannot kill one.
  mochaOptions: { spec: spec ?? ['test/**/*.test.ts'], ignore: ['test/e2e/**', 'test/consumer/**'] },
  checkers: ['typescript'],
  tsconfigFile: 'tsconfig.json',
  coverageAnalysis: 'perTest',
  mutate: [
    'constructs/**/*.ts',
    'cli/**/*.ts',
    'service/**/*.ts',
    '!constructs/imports/**',
    '!**/*.d.ts',
  ],
  // Not copied to the sandbox (node_modules is linked, not copied). dist/ and bench/ are: tests and tsc read them.
  ignorePatterns: ['lib', 'coverage', 'test-output', 'reports', '.stryker-tmp*', '*.tgz'],
  incremental: true,
  incrementalFile: 'reports/mutation/stryker-incremental.json',
  reporters: ['html', 'json', 'clear-text', 'progress'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true },
  // Two cores shared with other work: one test runner unless told otherwise (`--concurrency 2`).
  concurrency: 1,
  timeoutMS: 20_000,
  timeoutFactor: 2,
  thresholds: { high: 90, low: 80, break: null },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};

export default config;

/**
 * One folder's configuration (`test/<dir>/stryker.config.js`): its mutants type-checked against the files they
 * import (`test/<dir>/tsconfig.mutate.json`) rather than the whole project, which makes a run several times faster,
 * and its own incremental file, reports and sandbox, named after `name`, so that scopes can run side by side.
 * @param {string} name
 * @param {string[]} mutate
 * @param {string} [dir]
 * @returns {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export function scope(name, mutate, dir = name) {
  return {
    ...config,
    mutate,
    tsconfigFile: `test/${dir}/tsconfig.mutate.json`,
    incrementalFile: `reports/mutation/${name}-incremental.json`,
    htmlReporter: { fileName: `reports/mutation/${name}.html` },
    jsonReporter: { fileName: `reports/mutation/${name}.json` },
    tempDirName: `.stryker-tmp-${name}`,
  };
}
