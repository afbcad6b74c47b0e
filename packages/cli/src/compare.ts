/**
 * `wissel compare`: plans one program against every installed target at once, one process per
 * target (a plan needs a process of its own; see compare-worker.ts): the first in this process, the
 * others in child processes. It puts the plans side by side as a block × target matrix. The type check, the same for every target, runs once here first,
 * so the children find its result in the cache instead of each checking the program again.
 */
import { fork } from "node:child_process";
import * as path from "node:path";
import {
  installedTargets,
  projectBase,
  settingsSource,
  targetConfig,
  type SettingsSource,
} from "./compare-config";
import { compareMatrix, type CompareRow, type TargetResult } from "./compare-matrix";
import type { WorkerAnswer, WorkerRequest } from "./compare-worker";
import { summarizeSovereignty } from "@wissel/core";
import { describeError } from "./failures";
import { PLAN_REPORT_SCHEMA_VERSION, summarize, type PlanError, type PlanReport } from "./plan";
import { readProject, readStack, type Project, type StackConfig } from "./project";
import { runPlan } from "./run";
import { typeCheck } from "./typecheck";

/** What to compare. */
export interface CompareOptions {
  readonly dir: string;
  /** The base stack whose config every target gets; undefined: the project's own defaults. */
  readonly stack?: string;
  /** Targets the project must be portable to (`--require`). */
  readonly require?: readonly string[];
  readonly policyConfig?: string;
  readonly env?: NodeJS.ProcessEnv;
}

/**
 * The version of the `--json` document of `wissel compare`: raised when a key is removed or changes
 * meaning, not when one is added.
 */
export const COMPARE_REPORT_SCHEMA_VERSION = 1;

/** Everything `wissel compare` reports; `--json` prints exactly this. */
export interface CompareReport {
  readonly schemaVersion: typeof COMPARE_REPORT_SCHEMA_VERSION;
  readonly offline: true;
  /** Null when Pulumi.yaml could not be read. */
  readonly project: string | null;
  readonly projectDir: string;
  /** The base stack (`--stack`); null: the project's own config defaults. */
  readonly base: string | null;
  /** The compared targets, in column order. */
  readonly targets: readonly string[];
  /** Known targets whose adapter package the project has not installed: not compared. */
  readonly notInstalled: readonly { readonly target: string; readonly packageName: string }[];
  /** `--require`, as given. */
  readonly required: readonly string[];
  /** Required targets the program does not plan on cleanly: a non-empty list exits 1. */
  readonly notPortableTo: readonly string[];
  readonly rows: readonly CompareRow[];
  readonly results: readonly TargetResult[];
  /** Why nothing was compared (the project, the base stack file, a type error); else empty. */
  readonly errors: readonly PlanError[];
  /** Wall time of the whole compare, in milliseconds. */
  readonly elapsedMs: number;
}

/** A child process that plans one target, started before its request is ready. */
export interface Worker {
  /** Sends the request; resolves with the plan, rejects when the child dies without one. */
  plan(request: WorkerRequest): Promise<PlanReport>;
  /** Ends a child that will get no request. */
  stop(): void;
}

/** Starts a child process that loads the plan's modules while the parent prepares the request. */
export function startWorker(env: NodeJS.ProcessEnv): Worker {
  const child = fork(path.join(__dirname, "compare-worker.js"), [], {
    env,
    stdio: ["ignore", "ignore", "pipe", "ipc"],
  });
  let stderr = "";
  let report: PlanReport | undefined;
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  child.on("message", (answer: WorkerAnswer) => (report = answer.report));
  const exited = new Promise<number | null>((resolve, reject) => {
    child.on("error", reject);
    child.on("exit", (code) => resolve(code));
  });
  return {
    plan: async (request) => {
      child.send(request);
      const code = await exited;
      if (report !== undefined) return report;
      const said = stderr.trim().split("\n").slice(0, 5).join(" ");
      throw new Error(
        `the plan's process exited with code ${code ?? "none"} and no plan${said !== "" ? `: ${said}` : ""}`,
      );
    },
    stop: () => void child.kill(),
  };
}

/**
 * This process as the worker of one target: it has no plan of its own (one plan per process), and
 * it starts once the children have their requests, since the program's first run blocks it.
 */
function inProcess(): Worker {
  return {
    plan: async (request) => {
      await new Promise((resolve) => setImmediate(resolve));
      return runPlan({
        dir: request.dir,
        stack: request.stack,
        stackConfig: request.stackConfig,
        ...(request.policyConfig !== undefined ? { policyConfig: request.policyConfig } : {}),
      });
    },
    stop: () => undefined,
  };
}

/** A plan that could not even run gives a report whose only content is the error. */
function failedPlan(target: string, dir: string, error: unknown): PlanReport {
  const message = error instanceof Error ? error.message : String(error);
  return {
    schemaVersion: PLAN_REPORT_SCHEMA_VERSION,
    offline: true,
    project: null,
    stack: target,
    projectDir: dir,
    stackFile: null,
    program: null,
    secretConfigKeys: [],
    warnings: [],
    components: [],
    otherResources: [],
    outputs: [],
    errors: [{ kind: "program", message }],
    violations: [],
    diff: null,
    summary: summarize([], [], summarizeSovereignty([])),
    loadedPackages: [],
  };
}

function stopAll(workers: readonly Worker[], report: CompareReport): CompareReport {
  for (const worker of workers) worker.stop();
  return report;
}

/** Compares a project across targets. Never throws for the user's mistakes: they are in `errors`. */
export async function runCompare(options: CompareOptions): Promise<CompareReport> {
  const started = Date.now();
  const projectDir = path.resolve(options.dir);
  const env = options.env ?? process.env;
  const required = options.require ?? [];
  const empty = (project: Project | undefined, errors: PlanError[]): CompareReport => ({
    schemaVersion: COMPARE_REPORT_SCHEMA_VERSION,
    offline: true,
    project: project?.name ?? null,
    projectDir,
    base: options.stack ?? null,
    targets: [],
    notInstalled: [],
    required,
    notPortableTo: [...required],
    rows: [],
    results: [],
    errors,
    elapsedMs: Date.now() - started,
  });

  let project: Project;
  let base: StackConfig;
  try {
    project = readProject(projectDir);
    base = options.stack !== undefined ? readStack(project, options.stack) : projectBase(project);
  } catch (error) {
    return empty(undefined, [describeError(error, projectDir)]);
  }
  const { installed, missing } = installedTargets(project.dir);
  // Started first: each child loads the SDKs while this process checks types and reads stack files.
  // The first target is planned here, where the SDKs are loaded already: one process fewer to start.
  const workers = installed.map((_, i) => (i === 0 ? inProcess() : startWorker(env)));
  try {
    const checked = typeCheck({
      programDir: project.programDir,
      entry: project.program,
      typescript: project.typescript,
      tsconfig: project.tsconfig,
      baseDir: project.dir,
      env,
    });
    if (checked.checked && checked.errors.length > 0)
      return stopAll(
        workers,
        empty(
          project,
          checked.errors.map((message): PlanError => ({ kind: "typescript", message })),
        ),
      );
  } catch (error) {
    return stopAll(workers, empty(project, [describeError(error, projectDir)]));
  }

  const baseRef = options.stack !== undefined ? { name: options.stack, config: base } : undefined;
  const plans = await Promise.all(
    installed.map(async (target, i) => {
      let source: SettingsSource = { file: null, settings: undefined, secret: false };
      let report: PlanReport;
      try {
        source = settingsSource(project, target, baseRef);
        const worker = workers[i];
        if (worker === undefined) throw new Error(`no worker for ${target}`);
        report = await worker.plan({
          dir: project.dir,
          stack: options.stack ?? target,
          stackConfig: targetConfig(base, target, source),
          ...(options.policyConfig !== undefined
            ? { policyConfig: path.resolve(options.policyConfig) }
            : {}),
        });
      } catch (error) {
        workers[i]?.stop();
        report = failedPlan(target, project.dir, error);
      }
      return { target, settingsFile: source.file, report };
    }),
  );
  const { rows, results } = compareMatrix(plans);
  const portable = new Set(results.filter((r) => r.portable).map((r) => r.target));
  return {
    schemaVersion: COMPARE_REPORT_SCHEMA_VERSION,
    offline: true,
    project: project.name,
    projectDir,
    base: options.stack ?? null,
    targets: installed,
    notInstalled: missing,
    required,
    notPortableTo: required.filter((target) => !portable.has(target)),
    rows,
    results,
    errors: [],
    elapsedMs: Date.now() - started,
  };
}
