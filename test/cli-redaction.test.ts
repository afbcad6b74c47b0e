/**
 * What `wissel plan` prints, as text and as JSON, never carries a secret planted in a stack file:
 * under an unknown key, under a known key in a secret's shape, or under the policy. The flagship
 * program runs unchanged in a Node process of its own, as a user runs it.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { stringify } from "yaml";
import { runCli, type Run } from "../packages/cli/test/run-cli";
import { flagshipSettings } from "./flagship";

const ROOT = path.resolve(__dirname, "..");
const BIN = path.join(ROOT, "packages/cli/dist/bin.js");
const TEAM_WORKSPACE = path.join(ROOT, "stacks/team-workspace");
const TARGETS = ["kubernetes", "azure", "scaleway", "openstack"] as const;

const RANDOM = "Zq8vR2mXw4TbY7nKp3LsD9fHj6Gc";
const PLAIN = "plain-planted-words";
const KEY_BODY = "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49PlantedKeyBody";
const PRIVATE_KEY = `-----BEGIN PRIVATE KEY-----\n${KEY_BODY}\n-----END PRIVATE KEY-----\n`;
/** The key each target's stack file holds its region under. */
const REGION_KEY: Record<(typeof TARGETS)[number], string> = {
  kubernetes: "region",
  azure: "location",
  scaleway: "region",
  openstack: "region",
};

function plan(dir: string, stack: string, json: boolean): Promise<Run> {
  return runCli(["plan", dir, "--stack", stack, ...(json ? ["--json"] : [])], ROOT, BIN);
}

const runs = new Map<string, Run>();

beforeAll(async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "wissel-planted-"));
  fs.writeFileSync(
    path.join(dir, "Pulumi.yaml"),
    `name: team-workspace\nruntime: nodejs\nmain: ${path.relative(dir, TEAM_WORKSPACE)}\n`,
  );
  fs.symlinkSync(path.join(TEAM_WORKSPACE, "node_modules"), path.join(dir, "node_modules"), "dir");
  for (const target of TARGETS) {
    const settings = {
      ...(flagshipSettings(target) as Record<string, unknown>),
      regoin: PLAIN,
      [REGION_KEY[target]]: RANDOM,
    };
    fs.writeFileSync(
      path.join(dir, `Pulumi.${target}.yaml`),
      stringify({ config: { "wissel:target": target, [`wissel:${target}`]: settings } }),
    );
  }
  const policy = {
    "wissel:target": "scaleway",
    "wissel:scaleway": flagshipSettings("scaleway"),
    "wissel:policy": { sensitive: "eu", token: PRIVATE_KEY },
  };
  fs.writeFileSync(path.join(dir, "Pulumi.policy.yaml"), stringify({ config: policy }));
  const jobs = [...TARGETS, "policy"].flatMap((stack) =>
    [false, true].map((json) => [stack, json] as const),
  );
  for (let i = 0; i < jobs.length; i += 4) {
    await Promise.all(
      jobs
        .slice(i, i + 4)
        .map(async ([target, json]) =>
          runs.set(`${target}${json ? "-json" : ""}`, await plan(dir, target, json)),
        ),
    );
  }
}, 180_000);

describe.each(TARGETS)("wissel plan --stack %s with planted secrets", (target) => {
  it.each([false, true])("refuses them and shows none of them (--json: %p)", (json) => {
    const run = runs.get(`${target}${json ? "-json" : ""}`)!;
    const output = `${run.stdout}\n${run.stderr}`;
    expect(run.code).toBe(1);
    expect(output).toContain(`wissel:${target}.regoin`);
    expect(output).toContain(`wissel:${target}.${REGION_KEY[target]}`);
    for (const fragment of [PLAIN, "Xw4TbY7nKp3L", "PlantedKeyBody"])
      expect(output).not.toContain(fragment);
  });
});

it.each([false, true])(
  "wissel plan shows no private key planted under wissel:policy (--json: %p)",
  (json) => {
    const run = runs.get(`policy${json ? "-json" : ""}`)!;
    const output = `${run.stdout}\n${run.stderr}`;
    expect(run.code).toBe(1);
    expect(output).toContain("wissel:policy.token");
    expect(output).not.toContain("PlantedKeyBody");
  },
);
