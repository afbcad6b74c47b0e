/**
 * `wissel plan --against`: plans diffed against exported-state files in the real format, built from
 * recorded runs (see state-fixture.ts), run through the built command as a user runs it.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { PlanReport, ResourceChange } from "@wissel/cli";
import { report, runCli, type Run } from "./run-cli";
import { expectValidReport } from "./schema";
import { goldenRecording, recordStack, stateOf, writeState } from "./state-fixture";
import { buildWorkspace } from "../../../test/build-workspace";

const ROOT = path.resolve(__dirname, "../../..");
const BIN = path.join(ROOT, "packages/cli/dist/bin.js");
const PROGRAMS = path.join(__dirname, "fixtures/programs");
const DEPLOYED = path.join(PROGRAMS, "deployed");
const FLAGSHIP = path.join(ROOT, "stacks/team-workspace");
const temp = fs.mkdtempSync(path.join(os.tmpdir(), "wissel-against-"));
const FAKE = { target: "fakecloud", vendor: "Fake Cloud" };

const runs: Record<string, Run> = {};
/** One run of the built command: about a second alone, several on two cores shared with other suites. */
const CLI_TIMEOUT = 60_000;

function plan(dir: string, stack: string, state: string, ...extra: string[]): Promise<Run> {
  return runCli(["plan", dir, "--stack", stack, "--json", "--against", state, ...extra], ROOT, BIN);
}

beforeAll(async () => {
  buildWorkspace();
  const prod = recordStack(DEPLOYED, "prod");
  expect(prod.errors).toEqual([]);
  const placements = { files: FAKE, exports: FAKE, scratch: FAKE };
  const stateFor = (stack: string): string =>
    writeState(temp, stack, stateOf(prod, { stack, placements }));
  const raw = recordStack(path.join(PROGRAMS, "raw-resources"), "dev");
  const levels = path.join(temp, "levels.json");
  fs.writeFileSync(
    levels,
    JSON.stringify({
      "wissel-storage-private": "advisory",
      "wissel-residency": "advisory",
      "wissel-database-public-network": "advisory",
    }),
  );
  const quota = writeState(
    temp,
    "quota",
    stateOf(goldenRecording("team-workspace.kubernetes"), {
      inputs: {
        "workspace-quota": (inputs) => {
          const spec = inputs["spec"] as { hard: Record<string, string> };
          return { ...inputs, spec: { hard: { ...spec.hard, "requests.cpu": "4" } } };
        },
      },
    }),
  );
  const entries: [string, Promise<Run>][] = [
    ["same", plan(DEPLOYED, "prod", stateFor("prod"))],
    ["changed", plan(DEPLOYED, "changed", stateFor("changed"))],
    ["aliased", plan(DEPLOYED, "aliased", stateFor("aliased"))],
    ["renamed", plan(DEPLOYED, "renamed", stateFor("renamed"))],
    ["switched", plan(DEPLOYED, "switched", stateFor("switched"))],
    [
      "flagship",
      plan(
        FLAGSHIP,
        "scaleway",
        writeState(temp, "scaleway", stateOf(goldenRecording("team-workspace.scaleway"))),
      ),
    ],
    ["quota", plan(FLAGSHIP, "kubernetes", quota)],
    [
      "raw",
      plan(
        path.join(PROGRAMS, "raw-resources"),
        "dev",
        writeState(temp, "raw", stateOf(raw)),
        "--policy-config",
        levels,
      ),
    ],
    [
      "text",
      runCli(["plan", DEPLOYED, "--stack", "changed", "--against", stateFor("changed")], ROOT, BIN),
    ],
  ];
  const results = await Promise.all(entries.map(([, run]) => run));
  entries.forEach(([name], index) => (runs[name] = results[index]!));
}, 240_000);

afterAll(() => fs.rmSync(temp, { recursive: true, force: true }));

function diffOf(run: Run): NonNullable<PlanReport["diff"]> {
  const parsed = report(run);
  expectValidReport(parsed);
  if (parsed.diff === null)
    throw new Error(`no diff in the report; errors: ${JSON.stringify(parsed.errors)}`);
  return parsed.diff;
}

const changed = (run: Run): ResourceChange[] =>
  diffOf(run).changes.filter((c) => c.kind !== "same");

describe("wissel plan --against", () => {
  it("finds no change when the same program and stack are planned against their own state", () => {
    expect(runs["same"]!.code).toBe(0);
    expect(changed(runs["same"]!)).toEqual([]);
    const diff = diffOf(runs["same"]!);
    expect(diff.totals.same).toBe(diff.changes.length);
    expect(diff.totals.same).toBeGreaterThan(8);
    // The secret input cannot be compared: the state holds it encrypted.
    expect(diff.changes.find((c) => c.name === "www")?.notCompared).toEqual(["token"]);
  });

  it("finds no change on the flagship planned against the state of its recorded run", () => {
    expect(runs["flagship"]!.code).toBe(0);
    expect(changed(runs["flagship"]!)).toEqual([]);
    expect(diffOf(runs["flagship"]!).totals.same).toBe(
      goldenRecording("team-workspace.scaleway").registrations.length,
    );
  });

  it("shows a changed quota as an update of the ResourceQuota, naming the key", () => {
    expect(runs["quota"]!.code).toBe(0);
    expect(changed(runs["quota"]!)).toEqual([
      expect.objectContaining({
        kind: "update",
        type: "kubernetes:core/v1:ResourceQuota",
        name: "workspace-quota",
        changedKeys: ["spec"],
      }),
    ]);
  });

  it("shows a changed input as an update, and a dropped scratch bucket as a plain delete that exits 3", () => {
    expect(changed(runs["changed"]!).map((c) => [c.kind, c.type, c.name, c.changedKeys])).toEqual([
      ["update", "fakecloud:dns:Record", "www", ["value"]],
      ["delete", "fakecloud:iam:Key", "scratch-key", []],
      ["delete", "fakecloud:storage:Bucket", "scratch", []],
      ["delete", "wissel:storage:Bucket", "scratch", []],
    ]);
    expect(diffOf(runs["changed"]!).deletesOrReplacesData).toBe(true);
    expect(runs["changed"]!.code).toBe(3);
  });

  it("matches a resource renamed with an alias to its old URN: no change", () => {
    expect(runs["aliased"]!.code).toBe(0);
    expect(changed(runs["aliased"]!)).toEqual([]);
    const record = diffOf(runs["aliased"]!).changes.find((c) => c.name === "web");
    expect(record).toMatchObject({
      kind: "same",
      previousUrn: expect.stringMatching(/::fakecloud:dns:Record::www$/),
    });
  });

  it("shows a protected resource renamed without an alias as a create and a refused delete", () => {
    expect(changed(runs["renamed"]!).map((c) => [c.kind, c.name])).toEqual([
      ["create", "web"],
      ["delete-refused", "www"],
    ]);
    expect(runs["renamed"]!.code).toBe(3);
  });

  it("refuses a data-holding block moved to another target with no migration declared", () => {
    const parsed = report(runs["switched"]!);
    expect(runs["switched"]!.code).toBe(1);
    const messages = parsed.errors.filter((e) => e.kind === "migration").map((e) => e.message);
    expect(messages).toHaveLength(3);
    expect(messages[0]).toBe(
      "Bucket \"files\" holds data deployed on fakecloud (Fake Cloud), and the stack now places it on uscloud (US Cloud) with no migration declared for it: the switch would build an empty Bucket at US Cloud and leave the data on fakecloud (Fake Cloud). Keep it on fakecloud until a migration moves its data (`pulumi config set --path 'wissel:targets.files' fakecloud`), or declare the migration.",
    );
  });

  it("diffs a hand-written program's state and lists the resources Wissel did not build", () => {
    expect(runs["raw"]!.code).toBe(0);
    const diff = diffOf(runs["raw"]!);
    expect(diff.changes.map((c) => c.type)).toEqual(
      expect.arrayContaining(["azure-native:storage:StorageAccount", "scaleway:databases/acl:Acl"]),
    );
    expect(diff.changes.every((c) => c.kind === "same")).toBe(true);
  });

  it("prints the changes and the totals in the text plan, never a secret value", () => {
    const { stdout, code } = runs["text"]!;
    expect(code).toBe(3);
    expect(stdout).toContain("Changes against ");
    expect(stdout).toContain('~  update fakecloud:dns:Record "www": value');
    expect(stdout).toContain('-  delete wissel:storage:Bucket "scratch"; its data is lost');
    expect(stdout).toMatch(
      /totals: 0 to create, 1 to update, 0 to replace, 3 to delete, 0 delete refused, 0 leaving the stack with data kept, \d+ unchanged/,
    );
    expect(stdout).not.toContain("dns-token");
  });
});

describe("a state file that is not one", () => {
  const cases: [string, string, RegExp][] = [
    [
      "malformed",
      "{ version: 3 }",
      /malformed\.json: is not JSON \(.+\)\. Give the file `pulumi stack export --file <file>` writes\.$/,
    ],
    [
      "truncated",
      '{"version": 3, "deployment": {"manifest": {"ti',
      /truncated\.json: is not complete JSON \(.+\): the file looks truncated\./,
    ],
    [
      "old",
      JSON.stringify({ version: 2, deployment: {} }),
      /old\.json: is deployment version 2, an older format than this Wissel reads \(3 and 4\)\./,
    ],
    [
      "new",
      JSON.stringify({ version: 5, deployment: {} }),
      /new\.json: is deployment version 5, a newer format/,
    ],
    [
      "shape",
      JSON.stringify({
        version: 3,
        deployment: { manifest: { time: "t", magic: "m", version: "v" }, resources: [{ urn: 7 }] },
      }),
      /shape\.json: is not a deployment of version 3: deployment\.resources\[0\]\.urn /,
    ],
    [
      "other-stack",
      JSON.stringify(
        stateOf({ project: "deployed", stack: "prod", errors: [], registrations: [] }),
      ),
      /other-stack\.json: is the state of stack prod of project deployed, not of stack changed of project deployed\./,
    ],
  ];

  it.each(cases)(
    "%s: fails with the file and the problem, and no stack trace",
    async (name, text, message) => {
      const file = path.join(temp, `${name}.json`);
      fs.writeFileSync(file, text);
      const run = await plan(DEPLOYED, "changed", file);
      expect(run.code).toBe(1);
      const errors = report(run).errors;
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatchObject({ kind: "state", message: expect.stringMatching(message) });
      expect(run.stderr).not.toMatch(/\n\s+at /);
    },
    CLI_TIMEOUT,
  );

  it(
    "names a file that does not exist",
    async () => {
      const run = await plan(DEPLOYED, "prod", path.join(temp, "absent.json"));
      expect(report(run).errors[0]?.message).toMatch(
        /absent\.json: does not exist\. Write it with `pulumi stack export --stack <stack> --file <file>`\./,
      );
    },
    CLI_TIMEOUT,
  );
});
