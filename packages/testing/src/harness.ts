/**
 * The mock-runtime harness lives in @wissel/cli (`@wissel/cli/harness`), which runs programs under it
 * for `wissel plan`; the contract suites use it from there, and @wissel/testing re-exports it so test
 * files keep importing it from here.
 */
export * from "@wissel/cli/harness";
