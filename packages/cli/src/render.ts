/**
 * Rendering a plan report: text for people (the plan on stdout, the errors on stderr) and one JSON
 * document for machines. Pure functions of the report.
 */
import { BLOCK_CLASSES } from "@wissel/core";
import type { PlanReport, PlanSummary, PlannedComponent, PlannedResource } from "./plan";
import { renderDiff } from "./render-diff";

/** The first line of every text plan: what this is, and that it deploys nothing. */
export function headline(report: Pick<PlanReport, "project" | "stack">): string {
  const what =
    report.project !== null
      ? `project ${report.project}, stack ${report.stack}`
      : `stack ${report.stack}`;
  return `Offline plan of ${what}, run under the Pulumi mock runtime: nothing is deployed and no cloud API is called (deploy with \`pulumi up\`).`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

/** One resource line: type, name, and what guards it. */
export function renderResource(resource: PlannedResource, indent: string): string {
  const pad = `${indent}${"  ".repeat(resource.depth - 1)}`;
  const marks: string[] = [];
  if (!resource.custom) marks.push("component");
  if (resource.stateful) {
    const guards = [
      resource.protect ? "protect" : undefined,
      resource.retainOnDelete ? "retainOnDelete" : undefined,
    ].filter((g) => g !== undefined);
    marks.push(`stateful: ${guards.join(", ")}`);
  }
  if (resource.secretOutputs.length > 0)
    marks.push(`secret outputs: ${resource.secretOutputs.join(", ")}`);
  return `${pad}${resource.type} "${resource.name}"${marks.length > 0 ? `  [${marks.join("; ")}]` : ""}`;
}

/** The block of lines for one component. */
export function renderComponent(component: PlannedComponent): string[] {
  const { placement } = component;
  const lines = [
    `${BLOCK_CLASSES[component.kind]} "${component.name}" (${component.type})`,
    `  target:          ${component.target} (chosen by ${component.targetKey})`,
    ...(placement.runsOn !== undefined ? [`  runs on:         ${placement.runsOn}`] : []),
    `  vendor:          ${placement.vendor}, legal entity ${placement.legalEntity} (ultimate parent in ${placement.headquarters})${placement.onPremises ? ", on premises" : ""}`,
    `  region:          ${placement.region}, country ${placement.country}`,
    `  foreign law:     ${placement.foreignJurisdictions.length > 0 ? placement.foreignJurisdictions.join(", ") : "none known"}`,
    `  support:         ${component.support}`,
    `  classification:  ${component.classification}`,
  ];
  if (component.decisions.length > 0) {
    lines.push("  decisions:");
    for (const decision of component.decisions) {
      lines.push(
        `    ${decision.what}: ${decision.choice}${decision.why !== undefined ? ` (${decision.why})` : ""}`,
      );
    }
  }
  lines.push(`  resources (${component.resources.length}):`);
  if (component.resources.length === 0) lines.push("    none registered");
  for (const resource of component.resources) lines.push(renderResource(resource, "    "));
  return lines;
}

/** The sovereignty summary lines. */
export function renderSummary(summary: PlanSummary): string[] {
  const lines = ["Sovereignty summary"];
  if (summary.components === 0) {
    lines.push("  no Wissel component was planned");
  } else {
    lines.push(
      `  ${plural(summary.components, "component")}, ${plural(summary.resources, "vendor resource")}; ` +
        `${summary.componentsWithoutForeignJurisdiction} of ${summary.components} components ` +
        `(${percent(summary.shareWithoutForeignJurisdiction ?? 0)}) at vendors no foreign jurisdiction is known to reach, ` +
        `${percent(summary.euControlledShare)} EU-controlled (such a vendor, in the EU)`,
    );
    lines.push("  by vendor:");
    for (const vendor of summary.byVendor) {
      const law =
        vendor.foreignJurisdictions.length > 0
          ? `reachable under ${vendor.foreignJurisdictions.join(", ")}`
          : "no foreign jurisdiction";
      lines.push(
        `    ${vendor.vendor} (${vendor.legalEntity}, ${vendor.headquarters}; ${law}): ${plural(vendor.components, "component")}, ${plural(vendor.resources, "resource")}`,
      );
    }
    lines.push("  by country:");
    for (const country of summary.byCountry) {
      lines.push(
        `    ${country.country} (${country.eu ? "EU" : "outside the EU"}): ${plural(country.components, "component")}, ${plural(country.resources, "resource")}`,
      );
    }
  }
  for (const item of summary.sensitive) {
    const law =
      item.foreignJurisdictions.length > 0
        ? `, reachable under ${item.foreignJurisdictions.join(", ")}`
        : "";
    lines.push(
      `  sensitive: ${item.kind} "${item.name}" at ${item.vendor} in ${item.region} (${item.country})${law}`,
    );
  }
  for (const item of summary.interim) {
    lines.push(
      `  interim: ${item.kind} "${item.name}" (${item.classification}) at ${item.vendor} (${item.country}) until ${item.until}: ${item.reason}`,
    );
  }
  if (summary.otherResources > 0) {
    lines.push(
      `  ${plural(summary.otherResources, "resource")} outside Wissel components, placement unknown`,
    );
  }
  return lines;
}

/** The errors before the program ran: the arguments, Pulumi.yaml, the stack file, a type error. */
const BEFORE_THE_RUN = new Set(["usage", "setup", "typescript", "state"]);

/** The last line of a failed plan: how many issues, said after they are listed. */
export function failureLine(report: Pick<PlanReport, "errors">): string {
  const before = report.errors.some((e) => BEFORE_THE_RUN.has(e.kind));
  return `${before ? "Nothing was planned" : "Plan failed"}: ${plural(report.errors.length, "error")} (listed above).`;
}

/**
 * The human-readable plan: `out` for stdout, `err` for stderr (the errors, then the failure line;
 * empty when none). When the plan stopped before the program ran, `out` is empty: there is no plan.
 */
export function renderText(report: PlanReport): { out: string; err: string } {
  const err =
    report.errors.length > 0
      ? `${report.errors.map((e) => `error: ${e.message}\n`).join("")}${failureLine(report)}\n`
      : "";
  if (report.errors.some((e) => BEFORE_THE_RUN.has(e.kind))) return { out: "", err };

  const lines = [headline(report), ""];
  if (report.stackFile !== null) lines.push(`Stack file: ${report.stackFile}`);
  if (report.secretConfigKeys.length > 0) {
    lines.push(
      `Secret config (not decrypted, a placeholder was passed): ${report.secretConfigKeys.join(", ")}`,
    );
  }
  if (report.stackFile !== null || report.secretConfigKeys.length > 0) lines.push("");

  for (const component of report.components) lines.push(...renderComponent(component), "");
  if (report.otherResources.length > 0) {
    lines.push(`Resources outside Wissel components (${report.otherResources.length}):`);
    for (const resource of report.otherResources) lines.push(renderResource(resource, "  "));
    lines.push("");
  }
  if (report.outputs.length > 0) {
    lines.push(
      `Stack outputs: ${report.outputs.map((o) => (o.secret ? `${o.name} (secret)` : o.name)).join(", ")}`,
      "",
    );
  }
  if (report.errors.length === 0 || report.components.length > 0)
    lines.push(...renderSummary(report.summary), "");
  if (report.diff !== null) lines.push(...renderDiff(report.diff), "");
  for (const warning of report.warnings) lines.push(`Warning: ${warning}`);
  if (report.errors.length === 0) {
    lines.push(
      `Plan complete: ${plural(report.summary.components, "component")}, ${plural(report.summary.resources + report.summary.otherResources, "vendor resource")}.`,
    );
  }
  return { out: `${lines.join("\n").replace(/\n+$/, "")}\n`, err };
}

/** The JSON document `--json` prints. */
export function renderJson(report: PlanReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
