import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

/** Lints `code` as if it were `filePath`, with the project's own ESLint config (run as the CLI would). */
async function ruleViolations(filePath: string, code: string): Promise<string[]> {
  const eslint = join(ROOT, 'node_modules', 'eslint', 'bin', 'eslint.js');
  const run = spawnSync(process.execPath, [eslint, '--stdin', '--stdin-filename', filePath, '--format', 'json'], { cwd: ROOT, input: code, encoding: 'utf8' });
  const [result] = JSON.parse(run.stdout) as { messages: { ruleId: string | null; message: string }[] }[];
  return result!.messages.filter((m) => m.ruleId === '@typescript-eslint/no-restricted-imports').map((m) => m.message);
}

describe('the lint rule that keeps workflows and domain code sandbox-safe', () => {
  test.each([
    ['workflows/x.ts', `import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n`],
    ['workflows/x.ts', `import { Client } from '@temporalio/client';\nexport const x = Client;\n`],
    ['workflows/x.ts', `import { createCaseActivities } from '../activities';\nexport const x = createCaseActivities;\n`],
    ['domain/x.ts', `import { proxyActivities } from '@temporalio/workflow';\nexport const x = proxyActivities;\n`],
    ['domain/x.ts', `import crypto from 'crypto';\nexport const x = crypto;\n`],
  ])('refuses in %s: %s', async (file, code) => {
    expect(await ruleViolations(file, code)).toHaveLength(1);
  });

  test.each([
    ['workflows/x.ts', `import type { CaseActivities } from '../activities';\nimport { proxyActivities } from '@temporalio/workflow';\nexport const x = proxyActivities<CaseActivities>({ startToCloseTimeout: 1 });\n`],
    ['domain/x.ts', `import { sum } from './money';\nexport const x = sum;\n`],
  ])('allows in %s: %s', async (file, code) => {
    expect(await ruleViolations(file, code)).toEqual([]);
  });
});
