#!/usr/bin/env node
/**
 * The `wissel` executable. Output is flushed before exiting, so a piped `--json` document is never cut
 * short.
 */
import { main } from "./cli";
import { describeError } from "./failures";

// The plan listens for the program's errors while it runs; one that fires later (a timer) still gets
// one line, not Node's stack trace.
const late =
  (event: "uncaughtException" | "unhandledRejection") =>
  (error: unknown): void => {
    // While a plan runs it has a listener of its own and reports the error in the plan.
    if (process.listenerCount(event) > 1) return;
    process.stderr.write(`error: ${describeError(error, process.cwd()).message}\n`, () =>
      process.exit(1),
    );
  };
process.on("uncaughtException", late("uncaughtException"));
process.on("unhandledRejection", late("unhandledRejection"));

main(process.argv.slice(2), {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
  cwd: process.cwd(),
  stderrIsTTY: process.stderr.isTTY,
}).then(
  (code) => {
    process.stdout.write("", () => process.stderr.write("", () => process.exit(code)));
  },
  (error: unknown) => {
    process.stderr.write(
      `wissel: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      () => process.exit(1),
    );
  },
);
