/**
 * Every example project, planned with every stack file it ships, through the built `wissel` command:
 * each stack file either plans or fails with the error it exists to show.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { buildWorkspace } from "./build-workspace";

const ROOT = path.resolve(__dirname, "..");
const BIN = path.join(ROOT, "packages/cli/dist/bin.js");

/** Stack files expected to fail, with a fragment of the error each one demonstrates. */
const EXPECTED_FAILURES: Record<string, string> = {
  "sensitive-records/azure":
    'Bucket "records": classification may only be placed in an EU country, with a vendor no non-EU law can compel (wissel:policy.sensitive: eu), but target "azure" places it with Microsoft Azure (Microsoft Ireland Operations Ltd, ultimate parent in US) in westeurope (NL), reachable under US CLOUD Act',
};

function stacksOf(example: string): string[] {
  return fs
    .readdirSync(path.join(ROOT, "examples", example))
    .map((file) => /^Pulumi\.(.+)\.yaml$/.exec(file)?.[1])
    .filter((stack): stack is string => stack !== undefined);
}

const cases = fs
  .readdirSync(path.join(ROOT, "examples"))
  .filter((dir) => fs.existsSync(path.join(ROOT, "examples", dir, "Pulumi.yaml")))
  .flatMap((example) => stacksOf(example).map((stack) => [example, stack] as const));

beforeAll(() => {
  buildWorkspace();
}, 310_000);

test("there are examples with stack files", () => {
  expect(cases.length).toBeGreaterThanOrEqual(3);
});

test.each(cases)(
  "examples/%s planned with stack %s",
  (example, stack) => {
    const env = { ...process.env };
    delete env["NODE_PATH"];
    const run = spawnSync(
      process.execPath,
      [BIN, "plan", path.join("examples", example), "--stack", stack],
      { cwd: ROOT, env, encoding: "utf8", timeout: 120_000 },
    );
    const failure = EXPECTED_FAILURES[`${example}/${stack}`];
    if (failure === undefined) {
      expect({ code: run.status, stderr: run.stderr }).toEqual({ code: 0, stderr: "" });
      expect(run.stdout).toContain("Sovereignty summary");
    } else {
      expect(run.status).toBe(1);
      expect(run.stderr).toContain(failure);
    }
  },
  120_000,
);
