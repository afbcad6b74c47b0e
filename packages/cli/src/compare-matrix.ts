/**
 * The block × target matrix of `wissel compare`, from one plan report per target (pure): each cell
 * says whether the block plans on that target, and if not, why: a capability the target lacks, a
 * policy it breaks, adapter settings it is missing, another error, or not reached because the
 * program stopped at an earlier block.
 *
 * Errors reach the CLI as the messages core formats (`<subject>: <field> <rule> (received …). <fix>`,
 * see core's `formatIssue`); the subject names the block, the field the feature or settings key.
 */
import { BLOCK_CLASSES, type Support } from "@wissel/core";
import type { PlanError, PlanReport, PlanSummary } from "./plan";

/** What a cell says. */
export type CellStatus =
  "ok" | "capability" | "policy" | "settings" | "error" | "not-reached" | "absent";

/** One block on one target. */
export interface CompareCell {
  readonly status: CellStatus;
  /** How the target provides the block when it planned (`native` or `emulated`), else null. */
  readonly support: Support | null;
  /** Vendor resources (not component groups) the block registered on this target. */
  readonly resources: number;
  /**
   * What failed: for `capability` the fields the target cannot give (`expireAfterDays`), for
   * `policy` the rule (`wissel:policy.sensitive: eu`, or a @wissel/policy rule name), for
   * `settings` the config keys (`wissel:openstack.region`).
   */
  readonly features: readonly string[];
  /** The full messages, as `wissel plan` prints them. */
  readonly messages: readonly string[];
}

/** One block of the program. */
export interface CompareRow {
  /** The block's class: `Bucket`, `PostgresDatabase`, … */
  readonly block: string;
  readonly name: string;
  /** One cell per compared target, keyed by target. */
  readonly cells: Readonly<Record<string, CompareCell>>;
}

/** One target's plan, summed up. */
export interface TargetResult {
  readonly target: string;
  /** The stack file the adapter's settings came from; null when none configures this target. */
  readonly settingsFile: string | null;
  /** The plan had no error: every block planned on this target. */
  readonly portable: boolean;
  readonly components: number;
  /** Vendor resources, inside Wissel components and outside. */
  readonly resources: number;
  /** Every error of the plan. */
  readonly errors: readonly PlanError[];
  /** The errors no block's cell shows (a program error, an invoke, a setup error). */
  readonly otherErrors: readonly PlanError[];
  readonly summary: PlanSummary;
}

const CLASSES = new Set(Object.values(BLOCK_CLASSES));
const BLOCK_SUBJECT = /^([A-Za-z]+) "([^"]+)": (\S+) /;
const SETTINGS_SUBJECT = /^stack config: (wissel:[A-Za-z0-9_-]+(?:[.[][^\s]*)?) /;
const POLICY_RULE = /\((wissel:policy\.[a-z]+: [a-z-]+)\)/;

/** What one error message says about which block, and why. */
export interface Classified {
  /** `Bucket "files"`, or undefined for an error of the whole target. */
  readonly row: { readonly block: string; readonly name: string } | undefined;
  readonly status: Exclude<CellStatus, "ok" | "not-reached" | "absent">;
  readonly feature: string | undefined;
}

/** Classifies one plan error of a target (pure). */
export function classifyError(error: PlanError, target: string): Classified {
  const settingsKey = `wissel:${target}`;
  const isSettings = (field: string): boolean =>
    field === settingsKey ||
    field.startsWith(`${settingsKey}.`) ||
    field.startsWith(`${settingsKey}[`);
  const settings = SETTINGS_SUBJECT.exec(error.message);
  if (settings?.[1] !== undefined) {
    const field = settings[1];
    return {
      row: undefined,
      status: isSettings(field) ? "settings" : "error",
      feature: field,
    };
  }
  const block = BLOCK_SUBJECT.exec(error.message);
  if (block === null || !CLASSES.has(block[1] ?? "") || error.kind === "policy")
    return { row: undefined, status: "error", feature: undefined };
  const row = { block: block[1] ?? "", name: block[2] ?? "" };
  const field = block[3] ?? "";
  const rest = error.message.slice(block[0].length);
  const policy = POLICY_RULE.exec(rest);
  if (policy?.[1] !== undefined) return { row, status: "policy", feature: policy[1] };
  if (rest.startsWith("is not supported on target "))
    return { row, status: "capability", feature: field };
  if (rest.startsWith("must name a target that offers "))
    return { row, status: "capability", feature: row.block };
  if (isSettings(field)) return { row, status: "settings", feature: field };
  return { row, status: "error", feature: field };
}

const rowKey = (block: string, name: string): string => `${block} "${name}"`;

interface MutableCell {
  status: CellStatus;
  support: Support | null;
  resources: number;
  features: string[];
  messages: string[];
}

/** Worse statuses win when one block has several errors. */
const RANK: Readonly<Record<CellStatus, number>> = {
  ok: 0,
  absent: 1,
  "not-reached": 2,
  settings: 3,
  capability: 4,
  policy: 5,
  error: 6,
};

function mark(cell: MutableCell, status: CellStatus, feature: string | undefined, message: string) {
  if (RANK[status] > RANK[cell.status]) cell.status = status;
  if (feature !== undefined && !cell.features.includes(feature)) cell.features.push(feature);
  if (!cell.messages.includes(message)) cell.messages.push(message);
}

/**
 * The matrix and the per-target results, from each target's plan report.
 * @param plans one entry per compared target, in column order
 */
export function compareMatrix(
  plans: readonly { target: string; settingsFile: string | null; report: PlanReport }[],
): { rows: CompareRow[]; results: TargetResult[] } {
  const rows = new Map<string, { block: string; name: string; cells: Map<string, MutableCell> }>();
  const rowOf = (block: string, name: string) => {
    const key = rowKey(block, name);
    let row = rows.get(key);
    if (row === undefined) {
      row = { block, name, cells: new Map() };
      rows.set(key, row);
    }
    return row;
  };
  const cellOf = (block: string, name: string, target: string): MutableCell => {
    const row = rowOf(block, name);
    let cell = row.cells.get(target);
    if (cell === undefined) {
      cell = { status: "ok", support: null, resources: 0, features: [], messages: [] };
      row.cells.set(target, cell);
    }
    return cell;
  };

  const results: TargetResult[] = [];
  const targetSettings = new Map<string, { features: string[]; messages: string[] }>();
  for (const { target, settingsFile, report } of plans) {
    for (const component of report.components) {
      const cell = cellOf(BLOCK_CLASSES[component.kind], component.name, target);
      cell.support = component.support;
      cell.resources = component.resources.filter((r) => r.custom).length;
    }
    const otherErrors: PlanError[] = [];
    const whole = { features: [] as string[], messages: [] as string[] };
    for (const error of report.errors) {
      const classified = classifyError(error, target);
      if (classified.row !== undefined) {
        const { block, name } = classified.row;
        mark(cellOf(block, name, target), classified.status, classified.feature, error.message);
      } else if (classified.status === "settings") {
        if (classified.feature !== undefined) whole.features.push(classified.feature);
        whole.messages.push(error.message);
      } else if (error.kind !== "policy") {
        otherErrors.push(error);
      }
    }
    // A mandatory @wissel/policy violation names a vendor resource: its block is the one holding it.
    for (const violation of report.violations) {
      if (violation.enforcementLevel !== "mandatory") continue;
      const owner = report.components.find((component) =>
        component.resources.some((r) => r.type === violation.type && r.name === violation.name),
      );
      if (owner === undefined) {
        otherErrors.push({ kind: "policy", message: violation.message });
        continue;
      }
      const cell = cellOf(BLOCK_CLASSES[owner.kind], owner.name, target);
      mark(cell, "policy", violation.rule, violation.message);
    }
    targetSettings.set(target, whole);
    results.push({
      target,
      settingsFile,
      portable: report.errors.length === 0,
      components: report.summary.components,
      resources: report.summary.resources + report.summary.otherResources,
      errors: report.errors,
      otherErrors,
      summary: report.summary,
    });
  }

  // Cells a target never reached: missing settings stop the first block, an error the rest.
  const finished: CompareRow[] = [];
  for (const row of rows.values()) {
    const cells: Record<string, CompareCell> = {};
    for (const { target, report } of plans) {
      const cell = row.cells.get(target);
      const whole = targetSettings.get(target);
      if (cell !== undefined) {
        cells[target] = cell;
      } else if (whole !== undefined && whole.messages.length > 0) {
        cells[target] = {
          status: "settings",
          support: null,
          resources: 0,
          features: [...new Set(whole.features)],
          messages: whole.messages,
        };
      } else {
        cells[target] = {
          status: report.errors.length > 0 ? "not-reached" : "absent",
          support: null,
          resources: 0,
          features: [],
          messages: [],
        };
      }
    }
    finished.push({ block: row.block, name: row.name, cells });
  }
  return { rows: finished, results };
}
