/**
 * The built `wissel` command on programs `pulumi preview` refuses: duplicate URNs, type errors, errors
 * the program raises late (a rejected export, an unhandled rejection, a failing apply), a YAML error, a
 * misspelt stack. Each fails with exit 1 and its exact message, and `--json` still prints a report
 * that matches the schema.
 */
import * as path from "node:path";
import { invokeMessage } from "@wissel/cli";
import { report, runCli, type Run } from "./run-cli";
import { expectValidReport } from "./schema";
import { buildWorkspace } from "../../../test/build-workspace";

const ROOT = path.resolve(__dirname, "../../..");
const BIN = path.join(ROOT, "packages/cli/dist/bin.js");
const PROGRAMS = path.join(__dirname, "fixtures/programs");
const FAILED_ONE = "Plan failed: 1 error (listed above).\n";
const NOTHING_ONE = "Nothing was planned: 1 error (listed above).\n";

const runs = new Map<string, Run>();
function result(name: string): Run {
  const run = runs.get(name);
  if (run === undefined) throw new Error(`no run named ${name}`);
  return run;
}

beforeAll(async () => {
  buildWorkspace();
  const jobs: [string, string[], NodeJS.ProcessEnv?][] = [
    ["duplicate", ["plan", "duplicate", "--stack", "plain"]],
    ["duplicate-json", ["plan", "duplicate", "--stack", "plain", "--json"]],
    ["type-error", ["plan", "type-error", "--stack", "plain"]],
    ["type-error-json", ["plan", "type-error", "--stack", "plain", "--json"]],
    [
      "transpile-only",
      ["plan", "type-error", "--stack", "plain", "--json"],
      { PULUMI_NODEJS_TRANSPILE_ONLY: "true" },
    ],
    ["tsconfig", ["plan", "tsconfig-strict", "--stack", "plain"]],
    ["invoke-export", ["plan", "invoke-export", "--stack", "plain"]],
    ["invoke-export-json", ["plan", "invoke-export", "--stack", "plain", "--json"]],
    ["async", ["plan", "async", "--stack", "plain"]],
    ["async-json", ["plan", "async", "--stack", "plain", "--json"]],
    ["bad-yaml", ["plan", "bad-yaml", "--stack", "plain"]],
    ["bad-yaml-json", ["plan", "bad-yaml", "--stack", "plain", "--json"]],
    ["misspelt", ["plan", "bad-yaml", "--stack", "vaild"]],
    ["version", ["--version"]],
    ["repeated", ["plan", "bad-yaml", "--stack", "plain", "--stack", "valid"]],
  ];
  for (let i = 0; i < jobs.length; i += 4) {
    await Promise.all(
      jobs
        .slice(i, i + 4)
        .map(async ([name, args, env]) => runs.set(name, await runCli(args, PROGRAMS, BIN, env))),
    );
  }
}, 240_000);

describe("wissel plan refuses what pulumi preview refuses", () => {
  it("names a duplicate resource, its type and both places, and exits 1", () => {
    const run = result("duplicate");
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      'error: wissel:storage:Bucket "files" is declared twice (at index.ts:5:1 and at index.ts:6:1); Pulumi refuses the duplicate resource URN urn:pulumi:plain::programs::wissel:storage:Bucket::files. Give each resource a unique name.\n' +
        FAILED_ONE,
    );
    expect(report(result("duplicate-json")).errors).toEqual([
      {
        kind: "resource",
        message: expect.stringContaining('wissel:storage:Bucket "files" is declared twice'),
      },
    ]);
  });

  it("stops at type errors with file:line:col and TypeScript's message, before the program runs", () => {
    const run = result("type-error");
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toBe(
      "error: index.ts:4:7: TS2322 Type 'string' is not assignable to type 'number'.\n" +
        "error: index.ts:5:23: TS2322 Type 'string' is not assignable to type 'boolean'.\n" +
        "Nothing was planned: 2 errors (listed above).\n",
    );
    const plan = report(result("type-error-json"));
    expect(plan.errors.map((e) => e.kind)).toEqual(["typescript", "typescript"]);
    expect(plan.components).toEqual([]);
  });

  it("skips the check when PULUMI_NODEJS_TRANSPILE_ONLY=true, as Pulumi does: the program runs and the component refuses", () => {
    const run = result("transpile-only");
    expect(run.code).toBe(1);
    expect(report(run).errors).toEqual([
      {
        kind: "resource",
        message:
          'Bucket "files": versioning must be true or false (received "yes"). Set versioning to true or false, or leave it out (default false).',
      },
    ]);
  });

  it("checks with the tsconfig that Pulumi.yaml's runtime options name", () => {
    const run = result("tsconfig");
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `error: index.ts:2:22: TS7006 Parameter 'value' implicitly has an 'any' type.\n${NOTHING_ONE}`,
    );
  });

  it("reports an exported invoke result as the invoke's error, exit 1, never an internal error", () => {
    const run = result("invoke-export");
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`error: ${invokeMessage("fakecloud:index:getZone")}\n${FAILED_ONE}`);
    const plan = report(result("invoke-export-json"));
    expect(plan.errors).toEqual([
      { kind: "invoke", message: invokeMessage("fakecloud:index:getZone") },
    ]);
    expect(plan.outputs.map((o) => o.name)).toEqual(["zone", "zone2"]);
  });

  it("reports a rejected default export, an unhandled rejection and a failing apply, each with its place", () => {
    const run = result("async");
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      [
        "error: The program failed: async main failed (at index.ts:14:9)",
        "error: The program failed: rejected at load (at index.ts:10:21)",
        "error: The program failed: RangeError: no room for files (at index.ts:8:9)",
        "Plan failed: 3 errors (listed above).",
        "",
      ].join("\n"),
    );
    expect(run.stderr).not.toMatch(/^\s+at /m);
    expect(report(result("async-json")).errors).toHaveLength(3);
  });
});

describe("wissel plan's rough edges", () => {
  it("shows a YAML error once, with its line and a whole code frame, and no offline headline", () => {
    const run = result("bad-yaml");
    const file = path.join(PROGRAMS, "bad-yaml/stacks/Pulumi.plain.yaml");
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toBe(
      [
        `error: ${file}:5:1 is not valid YAML: All mapping items must start at the same column.`,
        "  4 |     region: ams",
        "> 5 |    wissel:policy: {}",
        "    | ^",
        "Nothing was planned: 1 error (listed above).",
        "",
      ].join("\n"),
    );
    const plan = report(result("bad-yaml-json"));
    expect(plan.errors).toEqual([
      { kind: "setup", message: expect.stringContaining(`${file}:5:1 is not valid YAML`) },
    ]);
    // Every key is present on failure, the ones that could not be known as null.
    expect(plan.stackFile).toBeNull();
    expect(plan.project).toBe("programs");
  });

  it("suggests the stack a misspelt name probably meant", () => {
    const run = result("misspelt");
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      "stacks/Pulumi.vaild.yaml does not exist. Did you mean --stack valid? Create it with `pulumi stack init vaild`",
    );
  });

  it("prints its version", () => {
    const run = result("version");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /^wissel 0\.1\.0 \(@pulumi\/pulumi \d+\.\d+\.\d+, Node\.js v\d+\.\d+\.\d+\)\n$/,
    );
  });

  it("refuses a repeated --stack with exit 2", () => {
    const run = result("repeated");
    expect(run.code).toBe(2);
    expect(run.stderr.split("\n")[0]).toBe(
      'wissel: the stack is given twice (--stack "plain", then --stack "valid"); pass --stack once.',
    );
  });

  it("prints reports that match schemas/plan-report.schema.json", () => {
    const json = [...runs.entries()].filter(
      ([name]) => name.endsWith("-json") || name === "transpile-only",
    );
    expect(json).toHaveLength(6);
    for (const [, run] of json) expectValidReport(report(run));
  });
});
