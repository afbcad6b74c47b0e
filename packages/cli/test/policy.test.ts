/**
 * `wissel plan` runs @wissel/policy's rules on every resource a program registers: here a
 * hand-written program with vendor SDKs only (fixtures/programs/raw-resources) that breaks three rules.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { report, runCli, type Run } from "./run-cli";
import { expectValidReport } from "./schema";
import { buildWorkspace } from "../../../test/build-workspace";

const ROOT = path.resolve(__dirname, "../../..");
const BIN = path.join(ROOT, "packages/cli/dist/bin.js");
const PROGRAMS = path.join(__dirname, "fixtures/programs");

const VIOLATIONS = [
  [
    "wissel-residency",
    'azure-native:storage:StorageAccount "case-files" is sensitive (tags.wissel-classification) and may only be placed in an EU country, with a vendor no non-EU law can compel (wissel:policy.sensitive: eu), but it is placed with Microsoft Azure (Microsoft Ireland Operations Ltd, ultimate parent in US) in eastus (US), reachable under US CLOUD Act. Move it to a region and vendor that meet the policy, or change its tag wissel-classification if the data allows it (rule wissel-residency).',
  ],
  [
    "wissel-storage-private",
    'azure-native:storage:StorageAccount "public-files" allows anonymous blob access (allowBlobPublicAccess: true): anyone who knows a container\'s address can read it. Set allowBlobPublicAccess: false, and give readers scoped credentials (a SAS or a role assignment) (rule wissel-storage-private).',
  ],
  [
    "wissel-database-public-network",
    'scaleway:databases/acl:Acl "orders-acl" admits 0.0.0.0/0, the whole internet, to the database\'s public endpoint. Name the CIDRs of the clients that need it, or reach the database over a private network only (rule wissel-database-public-network).',
  ],
] as const;

let text: Run;
let json: Run;
let advisory: Run;
let badConfig: Run;
const temp = fs.mkdtempSync(path.join(os.tmpdir(), "wissel-policy-config-"));

beforeAll(async () => {
  buildWorkspace();
  const levels = path.join(temp, "levels.json");
  fs.writeFileSync(
    levels,
    JSON.stringify({
      "wissel-storage-private": "advisory",
      "wissel-residency": { enforcementLevel: "disabled" },
    }),
  );
  const bad = path.join(temp, "bad.json");
  fs.writeFileSync(bad, JSON.stringify({ "wissel-storage-privat": "advisory", all: "strict" }));
  const plan = ["plan", "raw-resources", "--stack", "dev"];
  [text, json, advisory, badConfig] = await Promise.all([
    runCli(plan, PROGRAMS, BIN),
    runCli([...plan, "--json"], PROGRAMS, BIN),
    runCli([...plan, "--json", "--policy-config", levels], PROGRAMS, BIN),
    runCli([...plan, "--policy-config", bad], PROGRAMS, BIN),
  ]);
}, 120_000);

afterAll(() => fs.rmSync(temp, { recursive: true, force: true }));

describe("wissel plan holds a hand-written program to @wissel/policy", () => {
  it("finds exactly the three violations, each naming resource, rule and fix, and exits 1", () => {
    expect(text.code).toBe(1);
    expect(text.stderr).toBe(
      [
        ...VIOLATIONS.map(([, message]) => `error: ${message}`),
        "Plan failed: 3 errors (listed above).",
        "",
      ].join("\n"),
    );
    expect(json.code).toBe(1);
    const plan = report(json);
    expectValidReport(plan);
    expect(plan.errors).toEqual(VIOLATIONS.map(([, message]) => ({ kind: "policy", message })));
    expect(plan.violations.map((v) => [v.rule, v.message])).toEqual(VIOLATIONS);
    expect(plan.violations[0]).toMatchObject({
      enforcementLevel: "mandatory",
      severity: "critical",
      type: "azure-native:storage:StorageAccount",
      name: "case-files",
      urn: "urn:pulumi:dev::raw-resources::azure-native:storage:StorageAccount::case-files",
      framework: { name: "BIO2", reference: "5.23" },
    });
  });

  it("takes the levels of a pack config: advisory warns, disabled is not run", () => {
    expect(advisory.code).toBe(1);
    const plan = report(advisory);
    expectValidReport(plan);
    expect(plan.violations.map((v) => [v.rule, v.enforcementLevel])).toEqual([
      ["wissel-storage-private", "advisory"],
      ["wissel-database-public-network", "mandatory"],
    ]);
    expect(plan.errors).toEqual([{ kind: "policy", message: VIOLATIONS[2][1] }]);
    expect(plan.warnings).toEqual([`advisory: ${VIOLATIONS[1][1]}`]);
  });

  it("names a mistake in the pack config, with the fix", () => {
    expect(badConfig.code).toBe(1);
    expect(badConfig.stderr).toContain(
      "policy config: wissel-storage-privat is not a rule of the pack (wissel-residency, wissel-storage-private,",
    );
    expect(badConfig.stderr).toContain(
      'policy config: all.enforcementLevel must be one of advisory, mandatory, remediate, disabled (received "strict"). Set all to "advisory" or "mandatory" (or "disabled" to turn the rule off).',
    );
  });
});
