/**
 * The child process `wissel compare` starts per target: it receives one plan request over the IPC
 * channel, runs it with `runPlan` and sends the report back. A plan needs a process of its own: Node
 * caches the program module (a second run in the same process would not execute it), and the plan
 * changes the working directory, which a worker thread may not do.
 */
import { enableCompileCache } from "node:module";
import type { StackConfig } from "./project";
import type { PlanReport } from "./plan";

/** What the parent sends. */
export interface WorkerRequest {
  readonly dir: string;
  readonly stack: string;
  readonly stackConfig: StackConfig;
  readonly policyConfig?: string;
}

/** What the worker answers. */
export interface WorkerAnswer {
  readonly report: PlanReport;
}

// Every child loads the same SDKs: V8's compile cache (keyed by the source's hash, in the system
// temp folder) spares the children after the first compiling them again.
enableCompileCache();
// Loaded after the cache is on, and while the parent still works out the config.
const { runPlan } = require("./run") as typeof import("./run");

process.once("message", (request: WorkerRequest) => {
  void runPlan({
    dir: request.dir,
    stack: request.stack,
    stackConfig: request.stackConfig,
    ...(request.policyConfig !== undefined ? { policyConfig: request.policyConfig } : {}),
  }).then(
    (report) => {
      const answer: WorkerAnswer = { report };
      process.send?.(answer, () => process.exit(0));
    },
    (error: unknown) => {
      process.stderr.write(
        `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
        () => process.exit(1),
      );
    },
  );
});
