/**
 * The pack folder (packages/policy/pack) is what `pulumi preview --policy-pack` runs: its bundle is
 * the current sources, it installs on its own with npm from its lockfile, and it loads and serves.
 */
import { execFileSync, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { BUNDLE, PACK_DIR, bundle } from "../../../scripts/policy-pack";

const temp = fs.mkdtempSync(path.join(os.tmpdir(), "wissel-policy-pack-"));
afterAll(() => fs.rmSync(temp, { recursive: true, force: true }));

describe("the policy pack folder", () => {
  it("holds the bundle of the current sources", () => {
    expect(fs.readFileSync(BUNDLE, "utf8") === bundle()).toBe(true);
  });

  it("installs from its own lockfile with npm, then serves the pack to the engine", async () => {
    for (const file of ["package.json", "package-lock.json", "PulumiPolicy.yaml", "index.js"])
      fs.copyFileSync(path.join(PACK_DIR, file), path.join(temp, file));
    execFileSync("npm", ["ci", "--ignore-scripts", "--prefer-offline", "--no-audit", "--no-fund"], {
      cwd: temp,
      stdio: "pipe",
    });
    // The engine starts the pack and reads the port of its gRPC server from the first stdout line.
    const child = spawn(process.execPath, ["index.js"], {
      cwd: temp,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const port = await new Promise<string>((resolve, reject) => {
      let out = "";
      let err = "";
      child.stdout.on("data", (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes("\n")) resolve(out.trim());
      });
      child.stderr.on("data", (chunk: Buffer) => (err += chunk.toString()));
      child.on("close", (code) => reject(new Error(`the pack exited (${code}): ${err}`)));
    });
    child.kill();
    expect(port).toMatch(/^\d+$/);
  }, 180_000);
});
