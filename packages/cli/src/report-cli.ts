/**
 * `wissel report` on the command line: plans every stack of the projects, compares each project,
 * and writes the sovereignty report as one HTML file. Exit codes, as `wissel plan`'s: 0 written
 * (a stack that did not plan cleanly is flagged in the page and named on stderr); 1 nothing to
 * report or the file could not be written; 2 usage error (handled in cli.ts).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { Io } from "./cli";
import { collectReport } from "./report/collect";
import { figuresOf, percent } from "./report/figures";
import { renderReportHtml } from "./report/html";
import type { ReportCommand } from "./report/report-args";

/** Runs a parsed `wissel report` and returns the exit code. */
export async function reportMain(command: ReportCommand, io: Io): Promise<number> {
  const input = await collectReport(
    command.dirs.map((dir) => path.resolve(io.cwd, dir)),
    command.stack,
  );
  for (const error of input.errors) io.stderr(`error: ${error.message}\n`);
  for (const plan of input.plans)
    if (plan.report.errors.length > 0)
      io.stderr(
        `warning: ${plan.project} / ${plan.stack} did not plan cleanly (${plan.report.errors.length} errors); the report flags it. Run \`wissel plan ${plan.report.projectDir} --stack ${plan.stack}\` for the details.\n`,
      );
  if (input.plans.length === 0) {
    io.stderr("Nothing was reported: no stack could be planned.\n");
    return 1;
  }
  const out = path.resolve(io.cwd, command.out);
  try {
    fs.writeFileSync(out, renderReportHtml(input));
  } catch (error) {
    io.stderr(
      `error: cannot write ${out}: ${error instanceof Error ? error.message : String(error)}. Pass --out a file in a directory you can write to.\n`,
    );
    return 1;
  }
  const figures = figuresOf(input.plans);
  io.stdout(
    `Wrote ${out}: ${figures.stacks.length} stacks, ${percent(figures.total.euControlledShare)} of ${figures.total.components} components EU-controlled (target 30 %).\n`,
  );
  return 0;
}
