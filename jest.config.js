/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  // Resolves (and on a fresh machine installs) the Temporal CLI and test server once for the run.
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  // Stops the PostgreSQL servers the setup started.
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  // Starting Temporal servers and bundling workflows takes seconds, not milliseconds.
  testTimeout: 120_000,
  verbose: true,
};
