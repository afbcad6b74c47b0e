/**
 * The resource names a program declares, so that `wissel:targets` keys naming none of them (a typo,
 * a block kind that does not exist) are reported instead of silently ignored. The check needs the
 * whole program, so it runs once the program has declared its resources: `wissel plan` calls
 * `checkTargetKeys` after the program, and under the Pulumi engine core runs it when the program's
 * event loop drains (`beforeExit`, the hook Pulumi's own runtime uses to wait for late work).
 */
import * as pulumi from "@pulumi/pulumi";
import { DECLARABLE_KINDS, type BlockKind } from "./adapter";
import type { StackConfig } from "./config";
import { WisselError, formatIssue, type Issue } from "./errors";
import { plannedComponents } from "./plan";
import { loadedAdapters } from "./targets";
import { settingsParsedFor } from "./parsed";
import { closest } from "./validate";

interface Declared {
  readonly names: Set<string>;
  /** True once the check has run or was handed to its caller; the hook then does nothing. */
  checked: boolean;
  armed: boolean;
  config?: StackConfig;
}

const DECLARED_KEY = Symbol.for("wissel.declared");

function declared(): Declared {
  const holder = globalThis as { [DECLARED_KEY]?: Declared };
  return (holder[DECLARED_KEY] ??= { names: new Set(), checked: false, armed: false });
}

/** Records a resource name as declared, before its validation: a block that fails still counts. */
export function declareName(name: string): void {
  declared().names.add(name);
}

/** The `wissel:targets` keys that name neither a declared resource nor a block kind. */
export function unknownTargetKeys(
  config: Pick<StackConfig, "targets">,
  names: ReadonlySet<string>,
): Issue[] {
  const candidates = [...names, ...DECLARABLE_KINDS];
  return Object.keys(config.targets)
    .filter((key) => !names.has(key) && !(DECLARABLE_KINDS as readonly string[]).includes(key))
    .sort()
    .map((key): Issue => {
      const guess = closest(key, candidates);
      return {
        subject: "stack config",
        field: `wissel:targets.${key}`,
        value: config.targets[key],
        rule: `must name a resource of this program or a block kind (${DECLARABLE_KINDS.join(", ")}); "${key}" is neither, so it would place nothing`,
        fix:
          guess !== undefined
            ? `Did you mean wissel:targets.${guess}? Rename the key, or remove it.`
            : `Remove it, or rename it to one of the program's resources${names.size > 0 ? ` (${[...names].sort().join(", ")})` : ""}.`,
      };
    });
}

/** The `wissel:policy.interim` keys that name no declared resource: they would exempt nothing. */
export function unknownInterimKeys(
  config: Pick<StackConfig, "interim">,
  names: ReadonlySet<string>,
): Issue[] {
  return Object.keys(config.interim)
    .filter((key) => !names.has(key))
    .sort()
    .map((key): Issue => {
      const guess = closest(key, [...names]);
      return {
        subject: "stack config",
        field: `wissel:policy.interim.${key}`,
        value: config.interim[key]?.until,
        rule: `must name a resource of this program; "${key}" names none, so it would exempt nothing`,
        fix:
          guess !== undefined
            ? `Did you mean wissel:policy.interim.${guess}? Rename the key, or remove it.`
            : "Remove it, or rename it to the resource that is moving.",
      };
    });
}

/**
 * Checks the stack's `wissel:targets` and `wissel:policy.interim` keys against the names the program
 * declared. Returns the
 * issues; once called, the engine-time hook stays quiet (the caller reports them).
 */
export function checkTargetKeys(): Issue[] {
  const state = declared();
  state.checked = true;
  if (state.config === undefined) return [];
  return [
    ...unknownTargetKeys(state.config, state.names),
    ...unknownInterimKeys(state.config, state.names),
  ];
}

/** Each loaded adapter's settings read against the blocks the program built on its target. */
export function programWarnings(): Issue[] {
  const records = plannedComponents();
  return loadedAdapters().flatMap((adapter) => {
    const settings = adapter.programWarnings !== undefined ? settingsParsedFor(adapter) : undefined;
    if (adapter.programWarnings === undefined || settings === undefined) return [];
    const on = records.filter((r) => r.placement.target === adapter.name);
    return adapter.programWarnings(settings, {
      names: (kind: BlockKind) => new Set(on.filter((r) => r.kind === kind).map((r) => r.name)),
    });
  });
}

/**
 * Arms the end-of-program check, once per process. Under the Pulumi engine (`pulumi preview`,
 * `pulumi up`), an unknown key then fails the run with the same message `wissel plan` prints; under
 * the SDK's mock runtime (tests, `wissel plan`), the caller runs `checkTargetKeys` itself.
 */
export function armTargetKeyCheck(config: StackConfig): void {
  const state = declared();
  state.config = config;
  if (state.armed || process.env["PULUMI_NODEJS_MONITOR"] === undefined) return;
  state.armed = true;
  process.once("beforeExit", () => {
    if (state.checked) return;
    for (const warning of programWarnings()) void pulumi.log.warn(formatIssue(warning));
    const issues = checkTargetKeys();
    // Pulumi's runtime logs an uncaught ResourceError without its stack and fails the run.
    if (issues.length > 0)
      throw new pulumi.ResourceError(new WisselError(issues).message, undefined, true);
  });
}

/** Forgets declared names and the config (between test cases). */
export function resetDeclared(): void {
  const state = declared();
  state.names.clear();
  state.checked = false;
  delete state.config;
}
