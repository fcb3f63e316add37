// @ts-check
import { builtinModules } from 'node:module';
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
const nodeBuiltinsMessage = 'Workflow and domain code must stay deterministic and sandbox-safe: no Node built-ins (do I/O in an activity).';

/** Imports code that runs in the workflow sandbox, or pure policy code, must never make. */
const sandboxRestrictions = (/** @type {string[]} */ temporalPackages) => ({
  paths: nodeBuiltins.map((name) => ({ name, message: nodeBuiltinsMessage })),
  patterns: [
    {
      group: temporalPackages,
      message: 'Only @temporalio/workflow and @temporalio/common may run in the workflow sandbox; domain/ imports no Temporal at all.',
    },
    {
      group: ['**/activities', '**/activities/**', '**/api', '**/api/**', '**/workers', '**/workers/**', '**/adapters/**', '**/sandbox/**', '**/tooling/**', '**/config', '**/config/**'],
      allowTypeImports: true,
      message: 'Workflows and domain code may import only types from activities/api/workers/adapters (use `import type`).',
    },
  ],
});

export default tseslint.config(
  { ignores: ['node_modules/', '.tools/', 'data/', 'coverage/', 'jest.config.js', 'console/dist/'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['workflows/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', sandboxRestrictions(['@temporalio/activity', '@temporalio/client', '@temporalio/worker', '@temporalio/testing', '@temporalio/proto'])],
    },
  },
  {
    files: ['domain/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', sandboxRestrictions(['@temporalio/*'])],
    },
  },
  {
    files: ['.ci/**/*.js'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', process: 'readonly', console: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
