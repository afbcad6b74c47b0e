/**
 * Rendering a compare report: the block × target matrix as text for people, and one JSON document
 * for machines. Pure functions of the report.
 */
import * as path from "node:path";
import type { CompareReport } from "./compare";
import type { CompareCell } from "./compare-matrix";

/**
 * One cell's text: `ok (5)`, `emulated (8)`, `capability: expireAfterDays`, `settings: region`,
 * `policy: sensitive: eu`; the config keys without the prefix the column already says.
 */
export function cellText(cell: CompareCell, target: string): string {
  switch (cell.status) {
    case "ok":
      return `${cell.support === "emulated" ? "emulated" : "ok"} (${cell.resources})`;
    case "not-reached":
      return "not reached";
    case "absent":
      return "-";
    default: {
      const shown = cell.features.map((feature) =>
        feature.startsWith(`wissel:${target}.`)
          ? feature.slice(`wissel:${target}.`.length)
          : feature.replace(/^wissel:policy\./, ""),
      );
      return shown.length > 0 ? `${cell.status}: ${shown.join(", ")}` : cell.status;
    }
  }
}

/** What the cells mean, printed under the matrix. */
export const MATRIX_LEGEND = [
  "ok (N): planned, N vendor resources; emulated (N): planned on a Kubernetes cluster of that vendor",
  "capability: <feature>: the target cannot give what the block asks for",
  "policy: <rule>: the placement breaks wissel:policy or a mandatory @wissel/policy rule",
  "settings: <key>: the adapter's settings are missing or invalid (add them to Pulumi.<target>.yaml)",
  "error: another error of the block; not reached: the program stopped at an earlier error there",
];

function table(rows: readonly (readonly string[])[]): string[] {
  const widths: number[] = [];
  for (const row of rows)
    row.forEach((text, i) => (widths[i] = Math.max(widths[i] ?? 0, text.length)));
  return rows.map((row) =>
    row
      .map((text, i) => (i === row.length - 1 ? text : text.padEnd(widths[i] ?? 0)))
      .join("  ")
      .trimEnd(),
  );
}

/** The text report: `out` for stdout, `err` for stderr (errors and the verdict on --require). */
export function renderCompareText(report: CompareReport): { out: string; err: string } {
  if (report.errors.length > 0) {
    const err = report.errors.map((e) => `error: ${e.message}\n`).join("");
    const count = report.errors.length;
    return {
      out: "",
      err: `${err}Nothing was compared: ${count} error${count === 1 ? "" : "s"} (listed above).\n`,
    };
  }
  const base = report.base !== null ? `base stack ${report.base}` : "the project's config defaults";
  const lines = [
    `Offline compare of project ${report.project ?? "?"} with ${base}, each target planned under the Pulumi mock runtime: nothing is deployed.`,
    "",
  ];
  const header = ["block", ...report.targets];
  const body = report.rows.map((row) => [
    `${row.block} "${row.name}"`,
    ...report.targets.map((target) => {
      const cell = row.cells[target];
      return cell !== undefined ? cellText(cell, target) : "-";
    }),
  ]);
  const resources = ["vendor resources", ...report.results.map((r) => String(r.resources))];
  const portable = ["portable", ...report.results.map((r) => (r.portable ? "yes" : "no"))];
  lines.push(...table([header, ...body, resources, portable]), "");
  lines.push("Legend:", ...MATRIX_LEGEND.map((line) => `  ${line}`), "");

  lines.push("Adapter settings from:");
  for (const result of report.results) {
    const from =
      result.settingsFile !== null
        ? path.relative(report.projectDir, result.settingsFile) || result.settingsFile
        : "no stack file configures this target";
    lines.push(`  ${result.target}: ${from}`);
  }
  if (report.notInstalled.length > 0) {
    lines.push(
      `Not compared, adapter not installed: ${report.notInstalled.map((m) => `${m.target} (${m.packageName})`).join(", ")}`,
    );
  }
  const failing = report.results.filter((r) => !r.portable);
  if (failing.length > 0) {
    lines.push("", "Why:");
    for (const result of failing)
      for (const error of result.errors) lines.push(`  ${result.target}: ${error.message}`);
  }
  const ok = report.results.filter((r) => r.portable).map((r) => r.target);
  lines.push(
    "",
    `Portable to ${ok.length} of ${report.results.length} targets${ok.length > 0 ? `: ${ok.join(", ")}` : ""}.`,
  );

  let err = "";
  const absent = new Set(report.notInstalled.map((m) => m.target));
  const unportable = report.notPortableTo.filter((target) => !absent.has(target));
  const uninstalled = report.notInstalled.filter((m) => report.notPortableTo.includes(m.target));
  if (unportable.length > 0)
    err += `error: not portable to ${unportable.join(", ")}, which --require names (see the matrix and "Why" above).\n`;
  for (const { target, packageName } of uninstalled)
    err += `error: --require names ${target}, whose adapter is not installed in this project; install it next to @wissel/core (\`npm install ${packageName}\`), or drop ${target} from --require.\n`;
  return { out: `${lines.join("\n")}\n`, err };
}

/** The JSON document `compare --json` prints. */
export function renderCompareJson(report: CompareReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
