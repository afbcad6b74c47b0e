/**
 * Runs a copy step the way a runner does: writes its files, then each command with exactly its
 * `env` plus `PATH` and `HOME`, nothing else of this process's environment.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { runCommand, type CommandResult } from "@wissel/testing";
import type { CopyCommand, CopySteps } from "@wissel/migrate";

/** Which of `binaries` are not on PATH. */
export function missingBinaries(binaries: readonly string[], path = process.env["PATH"] ?? "") {
  return binaries.filter((binary) => {
    try {
      execFileSync("sh", ["-c", 'command -v "$1"', "sh", binary], {
        env: { PATH: path },
        stdio: "ignore",
      });
      return false;
    } catch {
      return true;
    }
  });
}

/**
 * `describe` when the binaries are there; outside CI without them, `describe.skip`. Under
 * `CI=true` a missing binary fails the suite (its `beforeAll` throws) instead of skipping it.
 */
export function describeWithBinaries(
  binaries: readonly string[],
  path?: string,
): { describe: jest.Describe; missing: readonly string[] } {
  const missing = missingBinaries(binaries, path);
  const run = missing.length === 0 || process.env["CI"] === "true";
  return { describe: run ? describe : describe.skip, missing };
}

export function runCopyCommand(
  step: CopyCommand,
  options: { path?: string; home: string },
): Promise<CommandResult> {
  const [program, ...args] = step.command;
  if (program === undefined) throw new Error(`copy command ${step.name} is empty`);
  return runCommand(program, args, {
    env: {
      PATH: options.path ?? process.env["PATH"] ?? "/usr/bin:/bin",
      HOME: options.home,
      ...step.env,
    },
  });
}

/** Writes the files, then runs every command in order; stops at the first that fails. */
export async function runCopySteps(
  steps: CopySteps,
  options: { path?: string; home: string },
): Promise<{ name: string; result: CommandResult }[]> {
  for (const file of steps.files) {
    mkdirSync(dirname(file.path), { recursive: true });
    writeFileSync(file.path, file.contents);
  }
  const results: { name: string; result: CommandResult }[] = [];
  for (const step of steps.commands) {
    const result = await runCopyCommand(step, options);
    results.push({ name: step.name, result });
    if (result.code !== 0) break;
  }
  return results;
}

/** Throws when a secret's value is on a command line, or in output a runner would log. */
export function assertNoSecretShown(step: CopyCommand, output = ""): void {
  for (const name of step.secretEnv) {
    const value = step.env[name];
    if (value === undefined || value === "")
      throw new Error(`secretEnv names ${name}, which env lacks`);
    if (step.command.some((arg) => arg.includes(value)))
      throw new Error(`the value of ${name} is on the command line of ${step.name}`);
    if (output.includes(value))
      throw new Error(`the value of ${name} is in the output of ${step.name}`);
  }
}
