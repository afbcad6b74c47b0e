/**
 * Ends a Jest run with one plain line, `tests: N passed, N failed, N skipped`, so CI logs and
 * humans read the same count.
 */
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    const failedSuites = results.numFailedTestSuites;
    process.stdout.write(
      `\ntests: ${results.numPassedTests} passed, ${results.numFailedTests} failed, ${skipped} skipped\n`,
    );
    if (failedSuites > 0 && results.numFailedTests === 0) {
      process.stdout.write(`suites that failed to run: ${failedSuites}\n`);
    }
  }
}
module.exports = SummaryReporter;
