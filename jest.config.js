// One jest configuration for the whole repository. middy 5+ (and parts of Powertools) ship as
// ES modules only, so @swc/jest transpiles TypeScript *and* those node_modules to CommonJS.
// The AWS SDK warns on every worker that Node 20 support ends in 2027; Lambda runs Node 22.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const esmPackages = ['@middy', 'intl-messageformat', '@formatjs'];
const common = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  transformIgnorePatterns: [`/node_modules/(?!(${esmPackages.join('|')})/)`],
  testEnvironmentOptions: { customExportConditions: ['node', 'require', 'default'] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  // The async hooks a test file's modules created are disabled after it (see the file).
  setupFilesAfterEnv: ['<rootDir>/test/support/release-async-hooks.js'],
};
// DynamoDB Local (Java, in memory) starts once per jest run, and only when a project that uses it
// has a test to run: jest runs a project's globalSetup only then, and runs one module once however
// many projects name it. `npm run test:unit` and `test:infra` start no JVM. Each test file creates
// its own table.
const dynamoLocal = {
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
};
module.exports = {
  transform: common.transform,
  transformIgnorePatterns: common.transformIgnorePatterns,
  // A test's own budget, not a performance check: e2e tests drive the whole local system through
  // queues and the stream relay, and on a 2-core machine shared with other work they need minutes
  // (with the load average above 25, tests that take 10 s on an idle machine went past 90 s).
  testTimeout: 180000,
  // Three workers on two cores: most of an e2e test's time is spent waiting on queues and DynamoDB
  // Local, so more workers than cores shorten the run (whole suite: 947 s with one worker, 602 s with two, both beside
  // other work; on a clean clone 2026-12-07, `npm test` 292.6-301.9 s with two workers, 273.2-285.1 s with three).
  maxWorkers: 3,
  // Without durations from an earlier run, the e2e files first, the unit files last (see the file).
  testSequencer: '<rootDir>/test/support/sequencer.js',
  projects: [
    // Domain rules, schemas, policy, catalogs: no I/O.
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.test.ts'] },
    // Use cases through the services on DynamoDB Local, their data made by use cases (decision 0099).
    { ...common, ...dynamoLocal, displayName: 'use-cases', testMatch: ['<rootDir>/test/use-cases/**/*.test.ts'] },
    // The local runtime's parts (queues, pollers, bus, stores) against DynamoDB Local.
    { ...common, ...dynamoLocal, displayName: 'integration', testMatch: ['<rootDir>/test/integration/**/*.test.ts'] },
    { ...common, displayName: 'infra', testMatch: ['<rootDir>/test/infra/**/*.test.ts'] },
    // The whole local system over HTTP, for what only the whole system shows.
    { ...common, ...dynamoLocal, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.test.ts'] },
  ],
};
