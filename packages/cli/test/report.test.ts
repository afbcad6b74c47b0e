/**
 * The pure parts of `wissel report`: its arguments, the figures taken from the plans, the SVG
 * charts, and a page that holds everything it shows (the browser test opens the real one).
 */
import { UsageError, parseArgs } from "@wissel/cli";
import type { CompareReport } from "../src/compare";
import type { PlanReport, PlanSummary, VendorTally } from "../src/plan";
import type { StackPlan } from "../src/report/collect";
import { figuresOf } from "../src/report/figures";
import { renderReportHtml } from "../src/report/html";
import { parseReportArgs } from "../src/report/report-args";
import { escapeXml, shareChart } from "../src/report/svg";

describe("report arguments", () => {
  it("takes several project directories, the output file and a stack", () => {
    expect(parseArgs(["report", "a", "b", "--out", "r.html", "-s", "prod"])).toEqual({
      command: "report",
      dirs: ["a", "b"],
      out: "r.html",
      stack: "prod",
    });
    expect(parseReportArgs(["--out=x.htm"])).toEqual({
      command: "report",
      dirs: ["."],
      out: "x.htm",
      stack: undefined,
    });
  });

  it.each([
    [["a"], "--out is required"],
    [["--out", "report.pdf"], "is not an .html file"],
    [["--out", "a.html", "--out", "b.html"], "--out is given twice"],
    [["--out", "a.html", "--otu", "b"], "Did you mean --out?"],
    [["--out", "a.html", "--stack", "a b"], "is not a stack name"],
  ])("refuses %j", (args, message) => {
    expect(() => parseReportArgs(args)).toThrow(UsageError);
    expect(() => parseReportArgs(args)).toThrow(message);
  });
});

const vendor = (name: string, resources: number, foreign: string[] = []): VendorTally => ({
  vendor: name,
  legalEntity: `${name} B.V.`,
  headquarters: foreign.length > 0 ? "US" : "NL",
  foreignJurisdictions: foreign,
  components: 1,
  resources,
});

function stackPlan(stack: string, summary: Partial<PlanSummary>, errors: string[] = []): StackPlan {
  const full: PlanSummary = {
    components: 0,
    resources: 0,
    otherResources: 0,
    componentsWithoutForeignJurisdiction: 0,
    shareWithoutForeignJurisdiction: null,
    euControlledShare: 0,
    byVendor: [],
    byCountry: [],
    sensitive: [],
    interim: [],
    ...summary,
  };
  const report: PlanReport = {
    schemaVersion: 1,
    offline: true,
    project: "city",
    stack,
    projectDir: "/city",
    stackFile: null,
    program: null,
    secretConfigKeys: [],
    warnings: [],
    components: [],
    otherResources: [],
    outputs: [],
    errors: errors.map((message) => ({ kind: "resource", message })),
    violations: [],
    diff: null,
    summary: full,
    loadedPackages: [],
  };
  return { project: "city", stack, report };
}

const plans = [
  stackPlan("azure", {
    components: 4,
    resources: 12,
    euControlledShare: 0,
    byVendor: [vendor("Microsoft Azure", 12, ["US CLOUD Act"])],
  }),
  stackPlan(
    "mixed",
    {
      components: 2,
      resources: 5,
      euControlledShare: 0.5,
      byVendor: [vendor("Scaleway", 3), vendor("Microsoft Azure", 2, ["US CLOUD Act"])],
      sensitive: [
        {
          kind: "bucket",
          name: "records",
          vendor: "Scaleway",
          region: "nl-ams",
          country: "NL",
          foreignJurisdictions: [],
        },
      ],
      interim: [
        {
          kind: "postgres",
          name: "orders",
          vendor: "Microsoft Azure",
          country: "NL",
          classification: "sensitive",
          reason: "moves to Scaleway in phase 2",
          until: "2027-06-30",
        },
      ],
    },
    ['Bucket "x": <versioning> is not supported'],
  ),
];

describe("figuresOf", () => {
  it("keeps each stack's figures and sums the EU-controlled components over all stacks", () => {
    const figures = figuresOf(plans);
    expect(figures.stacks.map((s) => [s.stack, s.euControlled, s.euControlledShare])).toEqual([
      ["azure", 0, 0],
      ["mixed", 1, 0.5],
    ]);
    expect(figures.total).toEqual({ components: 6, euControlled: 1, euControlledShare: 1 / 6 });
  });
});

describe("shareChart", () => {
  const svg = shareChart(figuresOf(plans));

  it("draws one bar per stack and one for the total, each printing its share", () => {
    const bars = [...svg.matchAll(/data-share="([^"]+)".*?class="share-value"[^>]*>([^<]+)</g)].map(
      (m) => [m[1], m[2]],
    );
    expect(bars).toEqual([
      ["0", "0 %"],
      ["0.5", "50 %"],
      [String(1 / 6), "17 %"],
    ]);
    expect(svg).toContain("below the target");
    expect(svg).toContain("meets the target");
  });

  it("draws the 30 % line at 30 % of the width, with a title and description for screen readers", () => {
    expect(svg).toMatch(/viewBox="0 0 400 /);
    expect(svg).toMatch(/class="target-line" x1="120" x2="120"/);
    expect(svg).toMatch(/<title id="share-title">EU-controlled share/);
    expect(svg).toContain("city / mixed: 50 %");
  });
});

describe("renderReportHtml", () => {
  const compare: CompareReport = {
    schemaVersion: 1,
    offline: true,
    project: "city",
    projectDir: "/city",
    base: "mixed",
    targets: ["scaleway"],
    notInstalled: [{ target: "openstack", packageName: "@wissel/openstack" }],
    required: [],
    notPortableTo: [],
    rows: [
      {
        block: "Bucket",
        name: "records",
        cells: {
          scaleway: { status: "ok", support: "native", resources: 3, features: [], messages: [] },
        },
      },
    ],
    results: [],
    errors: [],
    elapsedMs: 1,
  };
  const html = renderReportHtml({
    plans,
    compares: [compare],
    errors: [{ kind: "setup", message: "/nowhere is not a Pulumi project" }],
    generatedAt: "2026-12-04T00:00:00.000Z",
  });

  it("is one self-contained page: no script, stylesheet, image or font fetched", () => {
    expect(html).not.toMatch(/<script|<link|<img|@import|url\(|https?:\/\//i);
    expect(html).toMatch(/^<!doctype html>\n<html lang="en">/);
  });

  it("shows the total, the sensitive placement, the failed stack, the matrix and what is missing", () => {
    expect(html).toContain('<strong id="total-share">17 %</strong> (1 of 6 components');
    expect(html).toContain(
      "<td>bucket &quot;records&quot;</td><td>Scaleway</td><td>nl-ams (NL)</td>",
    );
    expect(html).toContain("This stack did not plan cleanly (1 error)");
    expect(html).toContain("<li>Bucket &quot;x&quot;: &lt;versioning&gt; is not supported</li>");
    expect(html).toContain('<td class="ok">ok (3)</td>');
    expect(html).toContain("Not compared, adapter not installed: openstack.");
    expect(html).toContain("<li>/nowhere is not a Pulumi project</li>");
    expect(html).toContain(
      "<td>2027-06-30</td><td>city / mixed</td><td>postgres &quot;orders&quot;</td><td>sensitive</td><td>Microsoft Azure (NL)</td><td>moves to Scaleway in phase 2</td>",
    );
  });

  it("escapes what it prints", () => {
    expect(escapeXml(`<a href="x">'&'</a>`)).toBe(
      "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;",
    );
  });
});
