/** Spawning the built `wissel` command as a user runs it, for the end-to-end tests. */
import { spawn } from "node:child_process";
import type { PlanReport } from "@wissel/cli";

export interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * The environment of a plain `node` run. pnpm's shims (the workspace's `node` among them) set
 * NODE_PATH to the hoisted virtual store, where every workspace package resolves, installed or not.
 */
export function plainEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env = { ...process.env, ...extra };
  delete env["NODE_PATH"];
  delete env["NODE_OPTIONS"];
  delete env["PULUMI_NODEJS_TRANSPILE_ONLY"];
  return { ...env, ...extra };
}

/** Runs `node <bin> <args>` in `cwd` and collects its output and exit code. */
export function runCli(
  args: readonly string[],
  cwd: string,
  bin: string,
  extraEnv: NodeJS.ProcessEnv = {},
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd, env: plainEnv(extraEnv) });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** The `--json` document a run printed. */
export function report(run: Run): PlanReport {
  return JSON.parse(run.stdout) as PlanReport;
}
