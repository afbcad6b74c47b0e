#!/usr/bin/env node
/**
 * The `wissel` executable. Output is flushed before exiting, so a piped `--json` document is never cut
 * short.
 */
import { main } from "./cli";

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
    process.stderr.write(`wissel: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`, () => process.exit(1));
  },
);
