/**
 * Runs a Pulumi program in this process under the SDK's mock runtime, with a stack's config, and
 * collects what it planned. Nothing leaves the machine: every resource registration is answered by
 * the mock monitor, and every provider function (invoke) fails loudly.
 */
import * as path from "node:path";
import { format } from "node:util";
import * as pulumi from "@pulumi/pulumi";
import {
  checkTargetKeys,
  formatIssue,
  plannedComponents,
  programWarnings,
  resetDeclared,
  resetPhysicalNames,
  resetPlan,
  summarizeSovereignty,
  WisselError,
} from "@wissel/core";
import { compareWithState, deployedAnswers, loadAgainst } from "./against";
import type { StateDiff } from "./diff";
import { MockHarness } from "./harness";
import type { DeployedState } from "./state";
import { programExports, stackOutputs } from "./exports";
import { describeError, invokeMessage, splitIssues } from "./failures";
import { loadedPackages } from "./packages";
import {
  PLAN_REPORT_SCHEMA_VERSION,
  assemblePlan,
  summarize,
  type PlanError,
  type PlanReport,
  type StackOutput,
} from "./plan";
import { checkPolicies, type PolicyOutcome } from "./policy";
import { readProject, readStack, type Project, type StackConfig } from "./project";
import { typeCheck } from "./typecheck";
import { duplicateUrnMessage, watchUrns } from "./urns";

/** What to plan. */
export interface PlanOptions {
  /** The directory holding Pulumi.yaml. */
  readonly dir: string;
  /** The stack name: `Pulumi.<stack>.yaml` holds its config. */
  readonly stack: string;
  /** The environment (for `PULUMI_NODEJS_TRANSPILE_ONLY`); default `process.env`. */
  readonly env?: NodeJS.ProcessEnv;
  /** Told when the type check starts and at each resource registration, for a progress line. */
  readonly onProgress?: (event: ProgressEvent) => void;
  /** A CrossGuard pack config file for @wissel/policy's rules, relative to the current directory. */
  readonly policyConfig?: string;
  /** A stack's exported state (`pulumi stack export`), relative to the current directory: diff against it. */
  readonly against?: string;
  /** The config to plan with instead of the stack file's (`wissel compare` builds one per target). */
  readonly stackConfig?: StackConfig;
}

/** What a long plan is doing. */
export type ProgressEvent =
  { readonly phase: "typecheck" } | { readonly phase: "run"; readonly registered: number };

type LogFunction = (
  message: string,
  resource?: pulumi.Resource,
  streamId?: number,
  ephemeral?: boolean,
) => Promise<void>;
type Log = Record<"warn" | "error", LogFunction>;
type ConsoleMethod = "log" | "info" | "debug";
type InvokeCallback = (error: (Error & { details?: string }) | null, response: unknown) => void;
interface InvokingMonitor {
  invoke(req: { getTok(): string }, callback: InvokeCallback): Promise<void>;
}

/**
 * Makes every invoke the mock runtime refuses fail loudly: the SDK rebuilds the error from its
 * `details` (which a thrown Error lacks, leaving an empty message), and the plan reports it even when
 * the program swallows the rejection.
 */
function reportFailedInvokes(onFailure: (error: PlanError) => void): void {
  const monitor = pulumi.runtime.getMonitor() as unknown as InvokingMonitor;
  const invoke = monitor.invoke.bind(monitor);
  monitor.invoke = (req, callback) =>
    invoke(req, (error, response) => {
      if (error !== null && error !== undefined) {
        const failure: PlanError = { kind: "invoke", message: invokeMessage(req.getTok()) };
        error.details = failure.message;
        onFailure(failure);
      }
      callback(error, response);
    });
}

let tsxRegistered = false;

/** Lets `require` load TypeScript, once per process. */
function registerTypeScript(): void {
  if (tsxRegistered) return;
  const tsx = require("tsx/cjs/api") as typeof import("tsx/cjs/api");
  tsx.register();
  tsxRegistered = true;
}

/**
 * Plans a project's stack. Never throws for the user's mistakes: they come back in `errors`.
 */
export async function runPlan(options: PlanOptions): Promise<PlanReport> {
  const projectDir = path.resolve(options.dir);
  const errors: PlanError[] = [];
  let project: Project | undefined;
  let stack: StackConfig | undefined;
  try {
    project = readProject(projectDir);
    stack = options.stackConfig ?? readStack(project, options.stack);
  } catch (error) {
    errors.push(describeError(error, projectDir));
  }
  let deployed: DeployedState | undefined;
  if (project !== undefined && stack !== undefined && options.against !== undefined) {
    const loaded = loadAgainst(options.against, process.cwd(), project.name, options.stack);
    if ("kind" in loaded) errors.push(loaded);
    else deployed = loaded;
  }
  if (project === undefined || stack === undefined || errors.length > 0) {
    return report({ options, projectDir, project, stack, errors, outputs: [], registrations: [] });
  }
  // As `pulumi preview`: a type error stops the program before it declares anything.
  const warnings: string[] = [];
  try {
    options.onProgress?.({ phase: "typecheck" });
    const checked = typeCheck({
      programDir: project.programDir,
      entry: project.program,
      typescript: project.typescript,
      tsconfig: project.tsconfig,
      baseDir: project.dir,
      env: options.env ?? process.env,
    });
    if (checked.checked)
      errors.push(...checked.errors.map((message): PlanError => ({ kind: "typescript", message })));
    // The opt-outs Pulumi honours are the user's choice; a check that could not run is said.
    else if (checked.missingCompiler)
      warnings.push(`The program was not type-checked: ${checked.reason}.`);
  } catch (error) {
    errors.push(describeError(error, projectDir));
  }
  if (errors.length > 0)
    return report({
      options,
      projectDir,
      project,
      stack,
      errors,
      outputs: [],
      registrations: [],
      warnings,
    });

  // One plan per process: Node caches the program module, so a second run would not execute it again.
  resetPlan();
  resetDeclared();
  resetPhysicalNames();
  const harness = await MockHarness.start({
    project: project.name,
    stack: options.stack,
    config: stack.config,
    secretKeys: stack.secretKeys,
    preview: true,
    ...(deployed !== undefined ? { deployed: deployedAnswers(deployed) } : {}),
  });

  const urns = watchUrns(project.dir, (registered) =>
    options.onProgress?.({ phase: "run", registered }),
  );
  reportFailedInvokes((failure) => errors.push(failure));
  const onFailure = (error: unknown): void => {
    errors.push(describeError(error, project.dir));
  };
  const log = pulumi.log as unknown as Log;
  const original = { warn: log.warn, error: log.error };
  log.warn = async (message) => {
    warnings.push(message);
  };
  log.error = async (message, resource, streamId, ephemeral) => {
    errors.push({ kind: "program", message });
    // Still counted by the SDK, so pulumi.log.hasErrors() stays true.
    return original.error(message, resource, streamId, ephemeral).catch(() => undefined);
  };
  // The plan owns stdout; whatever the program prints goes to stderr.
  const consoleMethods: ConsoleMethod[] = ["log", "info", "debug"];
  const savedConsole = consoleMethods.map((method) => [method, console[method]] as const);
  for (const method of consoleMethods)
    console[method] = (...args: unknown[]) => void process.stderr.write(`${format(...args)}\n`);
  process.on("unhandledRejection", onFailure);
  process.on("uncaughtException", onFailure);
  const cwd = process.cwd();

  let outputs: StackOutput[];
  let policy: PolicyOutcome;
  let diff: StateDiff | undefined;
  try {
    process.chdir(project.dir);
    registerTypeScript();
    let exported: unknown;
    try {
      exported = await programExports(require(project.program) as unknown);
    } catch (error) {
      onFailure(error);
    }
    outputs = await stackOutputs(exported, onFailure);
    try {
      await harness.settle();
      // Rejections nobody handled are reported by Node after the current task: give it one.
      await new Promise((resolve) => setImmediate(resolve));
      await harness.settle();
    } catch (error) {
      onFailure(error);
    }
    for (const duplicate of urns.duplicates())
      errors.push({ kind: "resource", message: duplicateUrnMessage(duplicate) });
    // Once the program has declared its resources: a wissel:targets key that names none of them.
    const unknownKeys = checkTargetKeys();
    for (const warning of programWarnings()) warnings.push(formatIssue(warning));
    if (unknownKeys.length > 0)
      errors.push({ kind: "config", message: new WisselError(unknownKeys).message });
    // The same rules `pulumi preview --policy-pack` runs, on everything the program registered.
    policy = checkPolicies(harness.registrations, stack.config, options.policyConfig, cwd);
    errors.push(...policy.errors);
    warnings.push(...policy.warnings);
    if (deployed !== undefined) {
      const compared = compareWithState(harness.registrations, plannedComponents(), deployed);
      diff = compared.diff;
      errors.push(...compared.errors);
    }
  } finally {
    process.chdir(cwd);
    process.off("unhandledRejection", onFailure);
    process.off("uncaughtException", onFailure);
    for (const [method, fn] of savedConsole) console[method] = fn;
    log.warn = original.warn;
    log.error = original.error;
  }

  return report({
    options,
    projectDir,
    project,
    stack,
    errors,
    outputs,
    registrations: harness.registrations,
    warnings,
    violations: policy.violations,
    ...(diff !== undefined ? { diff } : {}),
  });
}

function report(parts: {
  options: PlanOptions;
  projectDir: string;
  project: Project | undefined;
  stack: StackConfig | undefined;
  errors: PlanError[];
  outputs: StackOutput[];
  registrations: MockHarness["registrations"];
  warnings?: readonly string[];
  violations?: PolicyOutcome["violations"];
  diff?: StateDiff;
}): PlanReport {
  const records = parts.project !== undefined ? plannedComponents() : [];
  const { components, otherResources } = assemblePlan(records, parts.registrations);
  return {
    schemaVersion: PLAN_REPORT_SCHEMA_VERSION,
    offline: true,
    project: parts.project?.name ?? null,
    stack: parts.options.stack,
    projectDir: parts.projectDir,
    stackFile: parts.stack?.file ?? null,
    program: parts.project?.program ?? null,
    secretConfigKeys: parts.stack?.secretKeys ?? [],
    warnings: [...(parts.stack?.warnings ?? []), ...(parts.warnings ?? [])],
    components,
    otherResources,
    outputs: parts.outputs,
    errors: dedupe(parts.errors.flatMap(splitIssues)),
    violations: parts.violations ?? [],
    diff: parts.diff ?? null,
    summary: summarize(components, otherResources, summarizeSovereignty(records)),
    loadedPackages: loadedPackages(Object.keys(require.cache)),
  };
}

/** The same failure can surface twice (thrown, then rejected); report it once. */
function dedupe(errors: readonly PlanError[]): PlanError[] {
  const seen = new Set<string>();
  return errors.filter((error) => {
    const key = `${error.kind}\u0000${error.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
