/**
 * What `wissel report` shows, gathered: each stack of each project planned (one child process per
 * plan, a few at a time), and one `wissel compare` per project for its capability matrix.
 */
import * as path from "node:path";
import { runCompare, startWorker, type CompareReport } from "../compare";
import { describeError } from "../failures";
import type { PlanError, PlanReport } from "../plan";
import { existingStacks, readProject, readStack, stackConfigDir } from "../project";

/** One stack's plan. */
export interface StackPlan {
  readonly project: string;
  readonly stack: string;
  readonly report: PlanReport;
}

/** Everything the page is made from. */
export interface ReportInput {
  readonly plans: readonly StackPlan[];
  /** One per project, with the base stack `--stack` names (else the project's config defaults). */
  readonly compares: readonly CompareReport[];
  /** Projects that could not be read, or have no stack to plan. */
  readonly errors: readonly PlanError[];
  /** When the report was made, ISO 8601. */
  readonly generatedAt: string;
}

/** Runs tasks, at most `size` at a time, and keeps their order. */
async function inPool<T>(tasks: readonly (() => Promise<T>)[], size: number): Promise<T[]> {
  const results: T[] = [];
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < tasks.length) {
      const index = next++;
      const task = tasks[index];
      if (task !== undefined) results[index] = await task();
    }
  };
  await Promise.all(Array.from({ length: Math.min(size, tasks.length) }, lane));
  return results;
}

/** Plans every stack of the projects (or the one `stack` names) and compares each project. */
export async function collectReport(
  dirs: readonly string[],
  stack: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): Promise<ReportInput> {
  const errors: PlanError[] = [];
  const tasks: (() => Promise<StackPlan | PlanError>)[] = [];
  const projects: string[] = [];
  for (const dir of dirs.map((d) => path.resolve(d))) {
    try {
      const project = readProject(dir);
      const stacks = stack !== undefined ? [stack] : existingStacks(stackConfigDir(project));
      if (stacks.length === 0)
        errors.push({
          kind: "setup",
          message: `${dir} has no stack file (Pulumi.<stack>.yaml) to report on; create one with \`pulumi stack init <stack>\`.`,
        });
      for (const name of stacks) {
        const config = readStack(project, name);
        tasks.push(() =>
          startWorker(env)
            .plan({ dir: project.dir, stack: name, stackConfig: config })
            .then(
              (report): StackPlan => ({ project: project.name, stack: name, report }),
              (error: unknown): PlanError => ({
                kind: "program",
                message: `${project.name}/${name}: ${error instanceof Error ? error.message : String(error)}`,
              }),
            ),
        );
      }
      projects.push(project.dir);
    } catch (error) {
      errors.push(describeError(error, dir));
    }
  }
  const generatedAt = new Date().toISOString();
  const plans: StackPlan[] = [];
  for (const result of await inPool(tasks, 4)) {
    if ("report" in result) plans.push(result);
    else errors.push(result);
  }
  const compares: CompareReport[] = [];
  for (const dir of projects)
    compares.push(await runCompare({ dir, ...(stack !== undefined ? { stack } : {}), env }));
  return { plans, compares, errors, generatedAt };
}
