// Prints jest's --json results as one plain line: "N passed, N failed" (", N skipped" when some are).
const { readFileSync, existsSync } = require('node:fs');

const file = process.argv[2];
if (!file || !existsSync(file)) {
  console.log(`jest wrote no results to ${file}: the run did not execute`);
  process.exit(1);
}
const r = JSON.parse(readFileSync(file, 'utf8'));
// Suites that failed to run (a compile error, a crashed setup) count as failures too.
const brokenSuites = r.testResults.filter((s) => s.status === 'failed' && s.assertionResults.length === 0).length;
const skipped = r.numPendingTests + r.numTodoTests;
const parts = [`${r.numPassedTests} passed`, `${r.numFailedTests + brokenSuites} failed`];
if (skipped > 0) parts.push(`${skipped} skipped`);
console.log(parts.join(', '));
if (r.numTotalTests === 0) process.exit(1);
