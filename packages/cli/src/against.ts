/**
 * `wissel plan --against <file>`: the plan diffed against a stack's exported state. Before the
 * program runs, the state is read and checked to be the planned stack's; while it runs, each
 * resource the state holds answers with its deployed id and outputs (as the engine answers a preview),
 * so inputs that come from another resource compare with what is deployed; after it, the diff and the
 * vendor switches nobody declared a migration for.
 */
import * as path from "node:path";
import type * as pulumi from "@pulumi/pulumi";
import type { ComponentRecord } from "@wissel/core";
import { diffAgainst, type StateDiff } from "./diff";
import type { Registration } from "./harness";
import type { PlanError } from "./plan";
import { readState, StateFileError, type DeployedResource, type DeployedState } from "./state";
import { OPAQUE, fromState, type Comparable } from "./state-values";
import { vendorSwitches } from "./switches";

/** The SDK's marker for a value unknown at preview, as the mock runtime reads it. */
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** Reads the state for a plan of `project`/`stack`; a problem comes back as the plan's error. */
export function loadAgainst(
  file: string,
  cwd: string,
  project: string,
  stack: string,
): DeployedState | PlanError {
  const resolved = path.resolve(cwd, file);
  try {
    const state = readState(resolved);
    if (state.stack !== undefined && (state.stack !== stack || state.project !== project)) {
      return {
        kind: "state",
        message: `${resolved}: is the state of stack ${state.stack} of project ${state.project}, not of stack ${stack} of project ${project}. Export the planned stack's state with \`pulumi stack export --stack ${stack} --file <file>\`.`,
      };
    }
    return state;
  } catch (error) {
    if (error instanceof StateFileError) return { kind: "state", message: error.message };
    throw error;
  }
}

function forMock(value: Comparable): unknown {
  if (value === OPAQUE) return UNKNOWN;
  if (Array.isArray(value)) return value.map(forMock);
  if (typeof value === "object" && value !== null)
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, forMock(item)]));
  return value;
}

/** What the mock answers for a resource the state holds: its id and outputs; unique by type and name. */
export function deployedAnswers(
  state: DeployedState,
): (
  args: pulumi.runtime.MockResourceArgs,
) => { id: string; state: Record<string, unknown> } | undefined {
  const byKey = new Map<string, DeployedResource | null>();
  for (const resource of state.resources) {
    const key = `${resource.type}\u0000${resource.urn.slice(resource.urn.lastIndexOf("::") + 2)}`;
    byKey.set(key, byKey.has(key) ? null : resource);
  }
  return (args) => {
    const resource = byKey.get(`${args.type}\u0000${args.name}`);
    if (resource === undefined || resource === null || resource.id === undefined) return undefined;
    const outputs = forMock(fromState(resource.outputs));
    return {
      id: resource.id,
      state:
        typeof outputs === "object" && outputs !== null
          ? Object.fromEntries(Object.entries(outputs))
          : {},
    };
  };
}

/** The diff, and an error for each data-holding block that would switch vendor undeclared. */
export function compareWithState(
  registrations: readonly Registration[],
  records: readonly ComponentRecord[],
  state: DeployedState,
): { diff: StateDiff; errors: PlanError[] } {
  const diff = diffAgainst(registrations, state);
  const errors = vendorSwitches(diff.changes, records, state).map((found): PlanError => ({
    kind: "migration",
    message: found.message,
  }));
  return { diff, errors };
}
