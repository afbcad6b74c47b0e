/**
 * What a plan changes against a deployed stack, per resource by URN: created, updated (with the
 * input keys that change), replaced, deleted, refused (a protected resource the plan would delete),
 * or leaving the stack with its data kept (a retained one). As the engine does, a resource found
 * under one of its aliases (its own, or one its parent's alias implies) is the same resource.
 */
import { KNOWN_TYPES } from "@wissel/policy";
import type { Registration } from "./harness";
import { replacePaths } from "./replacements";
import { aliasUrns } from "./aliases";
import type { DeployedResource, DeployedState } from "./state";
import { at, compare, fromProgram, fromState, type Comparable } from "./state-values";

/**
 * What a plan does to one resource against the deployed state: `delete-refused` is a deletion of a
 * protected resource, which the engine refuses; `leaves-stack` is one that stays in the vendor
 * (`retainOnDelete`) while the stack forgets it.
 */
export type ChangeKind =
  "same" | "create" | "update" | "replace" | "delete" | "delete-refused" | "leaves-stack";

/** One resource's change. */
export interface ResourceChange {
  readonly kind: ChangeKind;
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  /** Deleting or replacing it loses data. */
  readonly holdsData: boolean;
  /** Update and replace: the top-level input keys that change. Never a value. */
  readonly changedKeys: readonly string[];
  /** Replace: the inputs that force it. */
  readonly replaceKeys: readonly string[];
  /** Input keys that cannot be compared offline: encrypted secrets, values known only at deployment. */
  readonly notCompared: readonly string[];
  /** The URN it had in the state, when found under an alias. */
  readonly previousUrn?: string;
}

/** Counts per kind. */
export type DiffTotals = Readonly<Record<ChangeKind, number>>;

/** A plan against a stack's exported state. */
export interface StateDiff {
  readonly file: string;
  readonly version: number;
  readonly changes: readonly ResourceChange[];
  readonly totals: DiffTotals;
  /** True when the plan deletes or replaces a resource that holds data, or tries to (refused). */
  readonly deletesOrReplacesData: boolean;
}

/** The Wissel component types that hold data, whatever their children. */
export const DATA_COMPONENTS: ReadonlySet<string> = new Set([
  "wissel:storage:Bucket",
  "wissel:postgres:Database",
  "wissel:kubernetes:Namespace",
]);

/** The changes that delete or replace what they touch (a refused delete fails the update instead). */
const DESTRUCTIVE: ReadonlySet<ChangeKind> = new Set(["delete", "replace", "delete-refused"]);

/** The last part of a URN: the resource's name. */
export function urnName(urn: string): string {
  const at = urn.lastIndexOf("::");
  return at < 0 ? urn : urn.slice(at + 2);
}

function holdsData(type: string, flags: { protect: boolean; retainOnDelete: boolean }): boolean {
  return (
    KNOWN_TYPES[type]?.holdsData === true ||
    DATA_COMPONENTS.has(type) ||
    flags.protect ||
    flags.retainOnDelete
  );
}

/** The resources the engine makes itself or keeps outside the stack's lifecycle: never the program's to delete. */
function engineOwned(resource: DeployedResource): boolean {
  return (
    resource.type === "pulumi:pulumi:Stack" ||
    resource.external ||
    resource.delete ||
    (resource.type.startsWith("pulumi:providers:") && urnName(resource.urn).startsWith("default"))
  );
}

/** Compares a registration's inputs with the state's. Keys the provider filled in (`__defaults`) are not the program's. */
function compareInputs(registration: Registration, old: DeployedResource) {
  const planned = fromProgram(registration.inputs);
  const deployed = fromState(old.inputs);
  const records = (value: Comparable): Record<string, Comparable> =>
    typeof value === "object" && value !== null && !Array.isArray(value) ? value : {};
  const before = records(deployed);
  const after = records(planned);
  const defaults = new Set(
    Array.isArray(old.inputs["__defaults"]) ? old.inputs["__defaults"].map(String) : [],
  );
  const changedKeys: string[] = [];
  const notCompared: string[] = [];
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  for (const key of [...keys].sort()) {
    if (key.startsWith("__")) continue;
    if (!(key in after) && defaults.has(key)) continue;
    const result = compare(after[key] ?? null, before[key] ?? null);
    if (result === "different") changedKeys.push(key);
    else if (result === "unknown") notCompared.push(key);
  }
  const paths = registration.replaceOnChanges.includes("*")
    ? changedKeys
    : [...replacePaths(registration.type), ...registration.replaceOnChanges];
  const replaceKeys = paths.filter((path) => {
    const top = path.split(".")[0]!;
    if (!changedKeys.includes(top)) return false;
    return path === top || compare(at(planned, path), at(deployed, path)) === "different";
  });
  return { changedKeys, notCompared, replaceKeys: [...new Set(replaceKeys)] };
}

/** Diffs what the program registered against the deployed state. */
export function diffAgainst(
  registrations: readonly Registration[],
  state: DeployedState,
): StateDiff {
  const byUrn = new Map(state.resources.map((resource) => [resource.urn, resource]));
  const matched = new Set<string>();
  const changes: ResourceChange[] = [];
  const previousUrns = new Map<string, readonly string[]>();
  for (const registration of registrations) {
    const candidates = [registration.urn, ...aliasUrns(registration, previousUrns)];
    previousUrns.set(registration.urn, candidates);
    const old = candidates
      .map((urn) => byUrn.get(urn))
      .find((found) => found !== undefined && !matched.has(found.urn));
    const base = {
      urn: registration.urn,
      type: registration.type,
      name: registration.name,
      holdsData: holdsData(registration.type, registration),
    };
    if (old === undefined) {
      if (!registration.read)
        changes.push({
          ...base,
          kind: "create",
          changedKeys: [],
          replaceKeys: [],
          notCompared: [],
        });
      continue;
    }
    matched.add(old.urn);
    if (registration.read) continue;
    const renamed = old.urn === registration.urn ? {} : { previousUrn: old.urn };
    const compared = registration.custom
      ? compareInputs(registration, old)
      : { changedKeys: [], notCompared: [], replaceKeys: [] };
    const kind: ChangeKind =
      compared.replaceKeys.length > 0
        ? "replace"
        : compared.changedKeys.length > 0
          ? "update"
          : "same";
    changes.push({
      ...base,
      ...renamed,
      ...compared,
      kind,
      holdsData: base.holdsData || holdsData(old.type, old),
    });
  }
  for (const resource of state.resources) {
    if (matched.has(resource.urn) || engineOwned(resource)) continue;
    const kind: ChangeKind = resource.protect
      ? "delete-refused"
      : resource.retainOnDelete
        ? "leaves-stack"
        : "delete";
    changes.push({
      kind,
      urn: resource.urn,
      type: resource.type,
      name: urnName(resource.urn),
      holdsData: holdsData(resource.type, resource),
      changedKeys: [],
      replaceKeys: [],
      notCompared: [],
    });
  }
  const count = (kind: ChangeKind): number =>
    changes.filter((change) => change.kind === kind).length;
  return {
    file: state.file,
    version: state.version,
    changes,
    totals: {
      same: count("same"),
      create: count("create"),
      update: count("update"),
      replace: count("replace"),
      delete: count("delete"),
      "delete-refused": count("delete-refused"),
      "leaves-stack": count("leaves-stack"),
    },
    deletesOrReplacesData: changes.some(
      (change) => change.holdsData && DESTRUCTIVE.has(change.kind),
    ),
  };
}
