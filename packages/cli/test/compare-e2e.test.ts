/**
 * `wissel compare`, spawned as users run it, on a small program in a project of its own whose
 * per-target stack files are the flagship's: portable with one base stack, not portable with another
 * (a bucket lifecycle Swift lacks, and a sensitive bucket on Azure under `sensitive: eu`); and with an
 * adapter the project has not installed.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { CompareReport } from "../src/compare";
import { runCli, type Run } from "./run-cli";
import { buildWorkspace } from "../../../test/build-workspace";

const ROOT = path.resolve(__dirname, "../../..");
const BIN = path.join(ROOT, "packages/cli/dist/bin.js");
const TEAM_WORKSPACE = path.join(ROOT, "stacks/team-workspace");
const TARGETS = ["kubernetes", "azure", "scaleway", "openstack"] as const;

const PROGRAM = `import * as pulumi from "@pulumi/pulumi";
import { Bucket } from "@wissel/core";

const config = new pulumi.Config();
const archiveDays = config.getNumber("archiveDays");
const sensitive = config.getBoolean("sensitiveRecords") ?? false;

export const records = new Bucket("records", {
  classification: sensitive ? "sensitive" : "internal",
}).bucketName;
export const archive = new Bucket("archive", {
  classification: "internal",
  ...(archiveDays !== undefined ? { expireAfterDays: archiveDays } : {}),
}).bucketName;
`;

/** A project with the program, the flagship's per-target stack files and two base stacks. */
function project(adapters: readonly string[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "wissel-compare-"));
  const files: Record<string, string> = {
    "Pulumi.yaml": "name: archive\nruntime: nodejs\n",
    "index.ts": PROGRAM,
    "Pulumi.portable.yaml":
      "config:\n  wissel:target: scaleway\n  wissel:policy:\n    sensitive: eu\n",
    "Pulumi.strict.yaml":
      "config:\n  wissel:target: scaleway\n  archive:archiveDays: 30\n  archive:sensitiveRecords: true\n  wissel:policy:\n    sensitive: eu\n",
  };
  for (const target of TARGETS)
    files[`Pulumi.${target}.yaml`] = fs.readFileSync(
      path.join(TEAM_WORKSPACE, `Pulumi.${target}.yaml`),
      "utf8",
    );
  for (const [file, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, file), text);
  const modules = path.join(TEAM_WORKSPACE, "node_modules");
  for (const name of ["@pulumi/pulumi", "@wissel/core", ...adapters.map((a) => `@wissel/${a}`)]) {
    const link = path.join(dir, "node_modules", name);
    fs.mkdirSync(path.dirname(link), { recursive: true });
    fs.symlinkSync(fs.realpathSync(path.join(modules, name)), link, "dir");
  }
  return dir;
}

let everywhere = "";
let partial = "";
const runs = new Map<string, Run>();
function run(name: string): Run {
  const found = runs.get(name);
  if (found === undefined) throw new Error(`no run named ${name}`);
  return found;
}
function json(name: string): CompareReport {
  return JSON.parse(run(name).stdout) as CompareReport;
}
/** The matrix as `block name` → target → status and features. */
function statuses(report: CompareReport): Record<string, Record<string, string>> {
  return Object.fromEntries(
    report.rows.map((row) => [
      `${row.block} ${row.name}`,
      Object.fromEntries(
        Object.entries(row.cells).map(([target, cell]) => [
          target,
          [cell.status, ...cell.features].join(" "),
        ]),
      ),
    ]),
  );
}

beforeAll(async () => {
  buildWorkspace();
  everywhere = project(TARGETS);
  partial = project(["kubernetes", "scaleway"]);
  const all = TARGETS.join(",");
  const cases: Record<string, [string[], string]> = {
    portable: [["compare", everywhere, "--stack", "portable", "--require", all, "--json"], ROOT],
    strict: [["compare", everywhere, "--stack", "strict", "--json"], ROOT],
    strictText: [["compare", ".", "--stack", "strict", "--require", "scaleway,azure"], everywhere],
    partial: [["compare", partial, "--stack", "portable", "--require", "azure", "--json"], ROOT],
  };
  // Two at a time: each compare already runs one process per target.
  const entries = Object.entries(cases);
  for (let i = 0; i < entries.length; i += 2) {
    const batch = entries.slice(i, i + 2);
    const done = await Promise.all(batch.map(([, [args, cwd]]) => runCli(args, cwd, BIN)));
    batch.forEach(([name], j) => {
      const result = done[j];
      if (result !== undefined) runs.set(name, result);
    });
  }
}, 240_000);

afterAll(() => {
  for (const dir of [everywhere, partial]) fs.rmSync(dir, { recursive: true, force: true });
});

describe("wissel compare", () => {
  it("finds a portable program portable to every target, and exits 0 under --require", () => {
    expect(run("portable").code).toBe(0);
    const report = json("portable");
    expect(report.targets).toEqual([...TARGETS]);
    expect(report.notPortableTo).toEqual([]);
    const ok = Object.fromEntries(TARGETS.map((t) => [t, "ok"]));
    expect(statuses(report)).toEqual({ "Bucket records": ok, "Bucket archive": ok });
    // Each adapter's settings come from its own stack file: the base sets none for its target.
    expect(report.results.map((r) => path.basename(r.settingsFile ?? "none"))).toEqual(
      TARGETS.map((t) => `Pulumi.${t}.yaml`),
    );
  });

  it("counts each target's vendor resources as the sum of its cells", () => {
    const report = json("portable");
    for (const result of report.results) {
      const cells = report.rows.map((row) => row.cells[result.target]?.resources ?? 0);
      expect(cells.every((n) => n > 0)).toBe(true);
      expect(result.resources).toBe(cells.reduce((a, b) => a + b, 0));
    }
    // Azure builds a storage account per bucket, Kubernetes one claim: the counts differ by vendor.
    const [kubernetes, azure] = report.results;
    expect(azure?.resources).toBeGreaterThan(kubernetes?.resources ?? 0);
  });

  it("shows the feature a target lacks and the policy a sensitive bucket on Azure breaks", () => {
    expect(run("strict").code).toBe(0); // nothing is required
    expect(statuses(json("strict"))).toEqual({
      "Bucket records": {
        kubernetes: "ok",
        azure: "policy wissel:policy.sensitive: eu",
        scaleway: "ok",
        openstack: "ok",
      },
      "Bucket archive": {
        kubernetes: "ok",
        azure: "not-reached",
        scaleway: "ok",
        openstack: "capability expireAfterDays",
      },
    });
    expect(json("strict").results.map((r) => r.portable)).toEqual([true, false, true, false]);
  });

  it("prints the matrix and fails when a required target is not portable", () => {
    const { code, stdout, stderr } = run("strictText");
    expect(code).toBe(1);
    expect(stdout).toMatch(/^block\s+kubernetes\s+azure\s+scaleway\s+openstack$/m);
    expect(stdout).toMatch(
      /^Bucket "records"\s+ok \(\d+\)\s+policy: sensitive: eu\s+ok \(\d+\)\s+ok \(\d+\)$/m,
    );
    expect(stdout).toMatch(
      /^Bucket "archive"\s+ok \(\d+\)\s+not reached\s+ok \(\d+\)\s+capability: expireAfterDays$/m,
    );
    expect(stdout).toMatch(/^portable\s+yes\s+no\s+yes\s+no$/m);
    expect(stdout).toContain("Portable to 2 of 4 targets: kubernetes, scaleway.");
    expect(stderr).toBe(
      'error: not portable to azure, which --require names (see the matrix and "Why" above).\n',
    );
  });

  it("compares only the installed adapters, and fails a required one that is not installed", () => {
    expect(run("partial").code).toBe(1);
    const report = json("partial");
    expect(report.targets).toEqual(["kubernetes", "scaleway"]);
    expect(report.notInstalled).toEqual([
      { target: "azure", packageName: "@wissel/azure" },
      { target: "openstack", packageName: "@wissel/openstack" },
    ]);
    expect(report.notPortableTo).toEqual(["azure"]);
  });
});
