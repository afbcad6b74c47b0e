/**
 * The sovereignty report as one self-contained HTML page (pure): inline CSS, inline SVG, no script,
 * no font, image or stylesheet fetched, so it reads the same offline, attached to an e-mail or
 * printed. Laid out in one column that fits a phone; wide tables wrap their cells instead of
 * scrolling the page.
 */
import type { CompareReport } from "../compare";
import { cellText } from "../render-compare";
import type { ReportInput } from "./collect";
import { EU_CONTROLLED_TARGET, figuresOf, percent, type StackFigures } from "./figures";
import { COLOURS, escapeXml as esc, shareChart, vendorChart } from "./svg";

const CSS = `
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;color:#1b1b1b;background:#fff}
header,main,footer{max-width:60rem;margin:0 auto;padding:0 1rem}
header{padding-top:1rem}
h1{font-size:1.6rem;margin:.5rem 0}
h2{font-size:1.3rem;margin:2rem 0 .5rem;border-bottom:2px solid #1f4e79}
h3{font-size:1.1rem;margin:1.5rem 0 .25rem}
.chart{display:block;width:100%;max-width:32rem;height:auto}
table{border-collapse:collapse;width:100%;table-layout:fixed;margin:.5rem 0 1rem;font-size:.9rem}
caption{text-align:left;font-weight:bold;padding:.25rem 0}
th,td{border:1px solid #8a8a8a;padding:.25rem .4rem;text-align:left;vertical-align:top;overflow-wrap:anywhere}
th{background:#eef2f6}
td.num{text-align:right}
.matrix td.ok{background:#e6f2ea}
.matrix td.bad{background:#fbeae7}
.failed{border-left:4px solid ${COLOURS.below};padding-left:.5rem}
.note{color:#444;font-size:.9rem}
@media (max-width:30rem){table{font-size:.8rem}th,td{padding:.2rem .25rem}}
`;

function table(
  caption: string,
  head: readonly string[],
  rows: readonly (readonly string[])[],
  numeric: ReadonlySet<number> = new Set(),
): string {
  const th = head.map((h) => `<th scope="col">${esc(h)}</th>`).join("");
  const body = rows
    .map(
      (row) =>
        `<tr>${row.map((cell, i) => `<td${numeric.has(i) ? ' class="num"' : ""}>${esc(cell)}</td>`).join("")}</tr>`,
    )
    .join("\n");
  return `<table><caption>${esc(caption)}</caption><thead><tr>${th}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

function stackSection(stack: StackFigures, index: number, max: number): string {
  const name = `${stack.project} / ${stack.stack}`;
  const failed =
    stack.errors.length > 0
      ? `<div class="failed"><p>This stack did not plan cleanly (${stack.errors.length} error${stack.errors.length === 1 ? "" : "s"}); the figures cover what it planned before it stopped.</p><ul>${stack.errors.map((e) => `<li>${esc(e)}</li>`).join("")}</ul></div>`
      : "";
  const vendors = table(
    `Vendors of ${name}`,
    ["Vendor", "Legal entity", "Parent in", "Foreign law", "Components", "Resources"],
    stack.byVendor.map((v) => [
      v.vendor,
      v.legalEntity,
      v.headquarters,
      v.foreignJurisdictions.length > 0 ? v.foreignJurisdictions.join(", ") : "none known",
      String(v.components),
      String(v.resources),
    ]),
    new Set([4, 5]),
  );
  const countries = table(
    `Countries of ${name}`,
    ["Country", "In the EU", "Components", "Resources"],
    stack.byCountry.map((c) => [
      c.country,
      c.eu ? "yes" : "no",
      String(c.components),
      String(c.resources),
    ]),
    new Set([2, 3]),
  );
  return [
    `<section aria-labelledby="stack-${index}"><h3 id="stack-${index}">${esc(name)}</h3>`,
    `<p>Target ${esc(stack.target ?? "none")}: ${stack.components} components, ${stack.resources} vendor resources, <strong>${percent(stack.euControlledShare)}</strong> EU-controlled.</p>`,
    failed,
    vendorChart(stack, index, max),
    vendors,
    countries,
    `</section>`,
  ].join("\n");
}

function matrixSection(compare: CompareReport, index: number): string {
  const base =
    compare.base !== null ? `base stack ${compare.base}` : "the project's config defaults";
  const caption = `Capability matrix of ${compare.project ?? compare.projectDir}, with ${base}`;
  if (compare.errors.length > 0)
    return `<h3>${esc(caption)}</h3><p class="failed">Not compared: ${compare.errors.map((e) => esc(e.message)).join(" ")}</p>`;
  const head = `<tr><th scope="col">Block</th>${compare.targets.map((t) => `<th scope="col">${esc(t)}</th>`).join("")}</tr>`;
  const rows = compare.rows.map((row) => {
    const cells = compare.targets.map((target) => {
      const cell = row.cells[target];
      const text = cell !== undefined ? cellText(cell, target) : "-";
      const good = cell?.status === "ok";
      return `<td class="${good ? "ok" : "bad"}">${esc(text)}</td>`;
    });
    // Class and name on lines of their own: on a phone the narrow column breaks between them.
    return `<tr><th scope="row">${esc(row.block)}<br>"${esc(row.name)}"</th>${cells.join("")}</tr>`;
  });
  const portable = `<tr><th scope="row">Portable</th>${compare.results.map((r) => `<td class="${r.portable ? "ok" : "bad"}">${r.portable ? "yes" : "no"}</td>`).join("")}</tr>`;
  const missing =
    compare.notInstalled.length > 0
      ? `<p class="note">Not compared, adapter not installed: ${esc(compare.notInstalled.map((m) => m.target).join(", "))}.</p>`
      : "";
  return `<table class="matrix" id="matrix-${index}"><caption>${esc(caption)}</caption><thead>${head}</thead><tbody>${rows.join("")}${portable}</tbody></table>${missing}`;
}

/** Interim placements of every stack, the earliest deadline first. */
function interimTable(stacks: readonly StackFigures[]): string {
  const rows = stacks
    .flatMap((s) => s.interim.map((p) => ({ stack: `${s.project} / ${s.stack}`, ...p })))
    .sort((a, b) => a.until.localeCompare(b.until));
  if (rows.length === 0)
    return "<p>No interim placement: <code>wissel:policy.interim</code> lets no component stay where the policy refuses it.</p>";
  return table(
    "Interim placements: allowed where the policy refuses them, until the date",
    ["Until", "Stack", "Component", "Class", "Vendor", "Reason"],
    rows.map((p) => [
      p.until,
      p.stack,
      `${p.kind} "${p.name}"`,
      p.classification,
      `${p.vendor} (${p.country})`,
      p.reason,
    ]),
  );
}

/** The whole page. */
export function renderReportHtml(input: ReportInput): string {
  const figures = figuresOf(input.plans);
  const max = Math.max(0, ...figures.stacks.flatMap((s) => s.byVendor.map((v) => v.resources)));
  const sensitive = figures.stacks.flatMap((s) =>
    s.sensitive.map((p) => [
      `${s.project} / ${s.stack}`,
      `${p.kind} "${p.name}"`,
      p.vendor,
      `${p.region} (${p.country})`,
      p.foreignJurisdictions.length > 0 ? p.foreignJurisdictions.join(", ") : "none known",
    ]),
  );
  const projects = [...new Set(figures.stacks.map((s) => s.project))];
  const problems =
    input.errors.length > 0
      ? `<div class="failed"><p>Not in this report:</p><ul>${input.errors.map((e) => `<li>${esc(e.message)}</li>`).join("")}</ul></div>`
      : "";
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Wissel sovereignty report: ${esc(projects.join(", ") || "no project")}</title>
<style>${CSS}</style>
</head>
<body>
<header>
<h1>Sovereignty report</h1>
<p>${esc(projects.join(", ") || "No project")}: ${figures.stacks.length} stack${figures.stacks.length === 1 ? "" : "s"}, planned offline on ${esc(input.generatedAt.slice(0, 10))} by <code>wissel report</code>. Nothing was deployed; the figures are what each stack file would place where.</p>
</header>
<main>
${problems}
<section aria-labelledby="share"><h2 id="share">EU-controlled share</h2>
<p>The share of components placed in the EU at a vendor that no non-EU law is known to reach, per stack, against the target of ${percent(EU_CONTROLLED_TARGET)}. Overall: <strong id="total-share">${percent(figures.total.euControlledShare)}</strong> (${figures.total.euControlled} of ${figures.total.components} components${figures.stacks.length > 1 ? ", every stack above counted" : ""}).</p>
${shareChart(figures)}
</section>
<section aria-labelledby="sensitive"><h2 id="sensitive">Where sensitive data sits, and for how long</h2>
${sensitive.length > 0 ? table("Components classified sensitive", ["Stack", "Component", "Vendor", "Region", "Foreign law"], sensitive) : "<p>No component is classified <code>sensitive</code>.</p>"}
${interimTable(figures.stacks)}
</section>
<section aria-labelledby="vendors"><h2 id="vendors">Resources by vendor, country and jurisdiction</h2>
${figures.stacks.map((s, i) => stackSection(s, i, max)).join("\n")}
</section>
<section aria-labelledby="capabilities"><h2 id="capabilities">Capability matrix</h2>
<p>Each block of the program planned on every installed target, as <code>wissel compare</code> does: ok (N vendor resources), or why not.</p>
${input.compares.map(matrixSection).join("\n")}
</section>
</main>
<footer><p class="note">Made by Wissel from the Pulumi programs and their stack files; verify deployments with <code>pulumi preview</code>.</p></footer>
</body>
</html>
`;
}
