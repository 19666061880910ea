// Prints vitest's totals as the plain line CI reads, and exits with the test command's status.
import { existsSync, readFileSync } from 'node:fs';

const [resultsFile, statusArg] = process.argv.slice(2);
const status = Number(statusArg);
if (!existsSync(resultsFile)) {
  // Type checking or the build failed before any test ran.
  console.log('0 passed, 1 failed');
  process.exit(status || 1);
}
const results = JSON.parse(readFileSync(resultsFile, 'utf8'));
const skipped = results.numPendingTests + results.numTodoTests;
const failed = results.numFailedTests + (status !== 0 && results.numFailedTests === 0 ? 1 : 0);
if (skipped) console.log(`${skipped} skipped`);
// The last line, exactly as CI reads it.
console.log(`${results.numPassedTests} passed, ${failed} failed`);
process.exit(status);
