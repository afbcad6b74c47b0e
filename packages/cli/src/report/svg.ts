/**
 * The report's charts as plain SVG, generated here (pure). Why not a charting library: the page must
 * work with no network, so a library would be inlined whole (hundreds of kilobytes of script) to draw
 * a few bar charts; and a script-drawn chart is empty for a reader without script and opaque to an
 * accessibility check. Plain SVG is static, small, printable, and every figure in it is text that
 * the tests read back and compare with the JSON plan.
 */
import { EU_CONTROLLED_TARGET, percent, type Figures, type StackFigures } from "./figures";

/** Escapes text for XML and HTML content and attribute values. */
export function escapeXml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/** Chart width in SVG units: labels sit above the bars, so the text stays large on a phone. */
const WIDTH = 400;
/** Per bar: two lines of text, then the bar. */
const ROW = 64;
const TOP = 28;
/** Dark enough on white for text (WCAG AA): the bar colours double as their labels' colours. */
export const COLOURS = { meets: "#1a6336", below: "#9c2f1c", neutral: "#1f4e79", line: "#222" };

interface ShareRow {
  readonly label: string;
  readonly share: number;
  readonly attributes: string;
}

/**
 * The EU-controlled share of each stack and of all of them, as horizontal bars against the 30 %
 * line. Each bar's group carries its figure (`data-share`) and prints it.
 */
export function shareChart(figures: Figures): string {
  const rows: ShareRow[] = figures.stacks.map((s) => ({
    label: `${s.project} / ${s.stack}`,
    share: s.euControlledShare,
    attributes: `data-project="${escapeXml(s.project)}" data-stack="${escapeXml(s.stack)}"`,
  }));
  if (figures.stacks.length > 1)
    rows.push({
      label: "All stacks above",
      share: figures.total.euControlledShare,
      attributes: 'data-total="true"',
    });
  const height = TOP + rows.length * ROW + 8;
  const line = WIDTH * EU_CONTROLLED_TARGET;
  const bars = rows.map((row, i) => {
    const y = TOP + i * ROW;
    const meets = row.share >= EU_CONTROLLED_TARGET;
    const colour = meets ? COLOURS.meets : COLOURS.below;
    const verdict = meets ? "meets the target" : "below the target";
    const width = Math.max(WIDTH * row.share, 1);
    return [
      `<g class="share-bar" ${row.attributes} data-share="${row.share}">`,
      `<text x="0" y="${y + 14}" font-size="15" fill="${COLOURS.line}">${escapeXml(row.label)}</text>`,
      `<text x="0" y="${y + 32}" font-size="15" fill="${colour}"><tspan class="share-value" font-weight="bold">${percent(row.share)}</tspan> EU-controlled, ${verdict}</text>`,
      `<rect x="0" y="${y + 40}" width="${width.toFixed(1)}" height="16" fill="${colour}"/>`,
      `</g>`,
    ].join("");
  });
  const desc = rows.map((r) => `${r.label}: ${percent(r.share)}`).join("; ");
  return [
    `<svg class="chart" viewBox="0 0 ${WIDTH} ${height}" role="img" aria-labelledby="share-title share-desc">`,
    `<title id="share-title">EU-controlled share of components per stack, against the 30 % target</title>`,
    `<desc id="share-desc">${escapeXml(desc)}</desc>`,
    `<rect x="0" y="${TOP - 4}" width="${WIDTH}" height="${rows.length * ROW}" fill="#f3f3f3"/>`,
    ...bars,
    `<line class="target-line" x1="${line}" x2="${line}" y1="${TOP - 6}" y2="${height - 6}" stroke="${COLOURS.line}" stroke-width="2" stroke-dasharray="5 3"/>`,
    `<text x="${line + 4}" y="16" font-size="14" fill="${COLOURS.line}">30 % target</text>`,
    `</svg>`,
  ].join("\n");
}

/** One stack's vendor resources as bars, scaled to `max` (the largest count in the report). */
export function vendorChart(stack: StackFigures, index: number, max: number): string {
  const id = `vendors-${index}`;
  const rows = stack.byVendor;
  const height = 8 + Math.max(rows.length, 1) * ROW;
  const bars = rows.map((vendor, i) => {
    const y = 4 + i * ROW;
    const width = max > 0 ? Math.max((WIDTH * vendor.resources) / max, 1) : 1;
    const law = vendor.foreignJurisdictions.length > 0 ? ", under foreign law" : "";
    return [
      `<g class="vendor-bar" data-vendor="${escapeXml(vendor.vendor)}" data-resources="${vendor.resources}" data-components="${vendor.components}">`,
      `<text x="0" y="${y + 14}" font-size="15" fill="${COLOURS.line}">${escapeXml(vendor.vendor)}${law}</text>`,
      `<text x="0" y="${y + 32}" font-size="15" fill="${COLOURS.line}">${vendor.resources} resources, ${vendor.components} components</text>`,
      `<rect x="0" y="${y + 40}" width="${width.toFixed(1)}" height="16" fill="${COLOURS.neutral}"/>`,
      `</g>`,
    ].join("");
  });
  const desc =
    rows
      .map((v) => `${v.vendor}: ${v.resources} resources, ${v.components} components`)
      .join("; ") || "no component planned";
  return [
    `<svg class="chart" viewBox="0 0 ${WIDTH} ${height}" role="img" aria-labelledby="${id}-title ${id}-desc">`,
    `<title id="${id}-title">Vendor resources by vendor: ${escapeXml(`${stack.project} / ${stack.stack}`)}</title>`,
    `<desc id="${id}-desc">${escapeXml(desc)}</desc>`,
    ...bars,
    `</svg>`,
  ].join("\n");
}
