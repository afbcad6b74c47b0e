/**
 * `wissel compare` on the command line: runs the compare and maps it to output and an exit code,
 * consistent with `wissel plan`'s: 0 compared, and portable to every target `--require` names;
 * 1 not portable to one of them, or nothing could be compared (the project, the base stack file, a
 * type error); 2 usage error (handled in cli.ts).
 */
import type { Io } from "./cli";
import type { CompareCommand } from "./compare-args";
import { runCompare } from "./compare";
import { renderCompareJson, renderCompareText } from "./render-compare";

/** Runs a parsed `wissel compare` and returns the exit code. */
export async function compareMain(command: CompareCommand, io: Io): Promise<number> {
  const report = await runCompare({
    dir: command.dir,
    ...(command.stack !== undefined ? { stack: command.stack } : {}),
    require: command.require,
    ...(command.policyConfig !== undefined ? { policyConfig: command.policyConfig } : {}),
  });
  if (command.json) {
    io.stdout(renderCompareJson(report));
  } else {
    const { out, err } = renderCompareText(report);
    io.stdout(out);
    if (err !== "") io.stderr(err);
  }
  return report.errors.length > 0 || report.notPortableTo.length > 0 ? 1 : 0;
}
