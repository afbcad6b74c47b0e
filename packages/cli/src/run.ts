/**
 * Runs a Pulumi program in this process under the SDK's mock runtime, with a stack's config, and
 * collects what it planned. Nothing leaves the machine: every resource registration is answered by
 * the mock monitor, and every provider function (invoke) fails loudly.
 */
import * as path from "node:path";
import { format } from "node:util";
import * as pulumi from "@pulumi/pulumi";
import { checkTargetKeys, plannedComponents, resetDeclared, resetPhysicalNames, resetPlan, summarizeSovereignty, WisselError } from "@wissel/core";
import { MockHarness } from "./harness";
import { describeError, invokeMessage } from "./failures";
import { loadedPackages } from "./packages";
import { assemblePlan, summarize, type PlanError, type PlanReport, type StackOutput } from "./plan";
import { readProject, readStack, type Project, type StackConfig } from "./project";

/** What to plan. */
export interface PlanOptions {
  /** The directory holding Pulumi.yaml. */
  readonly dir: string;
  /** The stack name: `Pulumi.<stack>.yaml` holds its config. */
  readonly stack: string;
}

type LogFunction = (message: string, resource?: pulumi.Resource, streamId?: number, ephemeral?: boolean) => Promise<void>;
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

/** How long to wait for an exported output to say whether it is secret. */
const OUTPUT_SECRET_TIMEOUT_MS = 5000;

let tsxRegistered = false;

/** Lets `require` load TypeScript, once per process. */
function registerTypeScript(): void {
  if (tsxRegistered) return;
  const tsx = require("tsx/cjs/api") as typeof import("tsx/cjs/api");
  tsx.register();
  tsxRegistered = true;
}

/** The program's exports: a module's named exports, or what its default export returned. */
async function programExports(loaded: unknown): Promise<unknown> {
  const module = loaded as { default?: unknown } | undefined;
  const main = typeof loaded === "function" ? loaded : module?.default;
  if (typeof main === "function") return (await (main as () => unknown)()) as unknown;
  if (main instanceof Promise) return (await main) as unknown;
  return loaded;
}

async function isSecretOutput(value: unknown): Promise<boolean> {
  if (!pulumi.Output.isInstance(value)) return false;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), OUTPUT_SECRET_TIMEOUT_MS);
    timer.unref();
  });
  try {
    return await Promise.race([pulumi.isSecret(value), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function stackOutputs(exported: unknown): Promise<StackOutput[]> {
  if (typeof exported !== "object" || exported === null) return [];
  const outputs: StackOutput[] = [];
  for (const [name, value] of Object.entries(exported)) {
    if (name === "default" || name === "__esModule") continue;
    outputs.push({ name, secret: await isSecretOutput(value) });
  }
  return outputs;
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
    stack = readStack(project, options.stack);
  } catch (error) {
    errors.push(describeError(error, projectDir));
  }
  if (project === undefined || stack === undefined) {
    return report({ options, projectDir, project, stack, errors, outputs: [], registrations: [] });
  }

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
  });

  const warnings: string[] = [];
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
  for (const method of consoleMethods) console[method] = (...args: unknown[]) => void process.stderr.write(`${format(...args)}\n`);
  process.on("unhandledRejection", onFailure);
  process.on("uncaughtException", onFailure);
  const cwd = process.cwd();

  let outputs: StackOutput[] = [];
  try {
    process.chdir(project.dir);
    registerTypeScript();
    let exported: unknown;
    try {
      exported = await programExports(require(project.program) as unknown);
    } catch (error) {
      onFailure(error);
    }
    try {
      await harness.settle();
    } catch (error) {
      onFailure(error);
    }
    // Once the program has declared its resources: a wissel:targets key that names none of them.
    const unknownKeys = checkTargetKeys();
    if (unknownKeys.length > 0) errors.push({ kind: "config", message: new WisselError(unknownKeys).message });
    outputs = await stackOutputs(exported);
  } finally {
    process.chdir(cwd);
    process.off("unhandledRejection", onFailure);
    process.off("uncaughtException", onFailure);
    for (const [method, fn] of savedConsole) console[method] = fn;
    log.warn = original.warn;
    log.error = original.error;
  }

  return report({ options, projectDir, project, stack, errors, outputs, registrations: harness.registrations, warnings });
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
}): PlanReport {
  const records = parts.project !== undefined ? plannedComponents() : [];
  const { components, otherResources } = assemblePlan(records, parts.registrations);
  return {
    offline: true,
    project: parts.project?.name,
    stack: parts.options.stack,
    projectDir: parts.projectDir,
    stackFile: parts.stack?.file,
    program: parts.project?.program,
    secretConfigKeys: parts.stack?.secretKeys ?? [],
    warnings: [...(parts.stack?.warnings ?? []), ...(parts.warnings ?? [])],
    components,
    otherResources,
    outputs: parts.outputs,
    errors: dedupe(parts.errors),
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
