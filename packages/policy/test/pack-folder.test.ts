/**
 * The pack folder (packages/policy/pack) is what `pulumi preview --policy-pack` runs: its bundle is
 * the current sources, it installs on its own with npm from its lockfile, and it loads and serves,
 * finding over the engine's Analyzer protocol exactly what `wissel plan` finds.
 */
import { execFileSync, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { RULES, evaluate, previewProps, residencyContext } from "@wissel/policy";
import { BUNDLE, PACK_DIR, bundle } from "../../../scripts/policy-pack";

/** Raw resources that break six rules between them: what a hand-written program might hold. */
const SAMPLE = [
  {
    type: "azure-native:storage:StorageAccount",
    name: "public",
    urn: "urn:pulumi:dev::city::azure-native:storage:StorageAccount::public",
    props: { location: "westeurope", kind: "StorageV2", allowBlobPublicAccess: true },
    protect: false,
  },
  {
    type: "azure-native:dbforpostgresql:FirewallRule",
    name: "world",
    urn: "urn:pulumi:dev::city::azure-native:dbforpostgresql:FirewallRule::world",
    props: { startIpAddress: "0.0.0.0", endIpAddress: "255.255.255.255" },
    protect: false,
  },
  {
    type: "scaleway:databases/instance:Instance",
    name: "orders",
    urn: "urn:pulumi:dev::city::scaleway:databases/instance:Instance::orders",
    props: { region: "nl-ams", engine: "PostgreSQL-16", nodeType: "DB-DEV-S" },
    protect: true,
  },
  {
    type: "kubernetes:core/v1:Namespace",
    name: "team",
    urn: "urn:pulumi:dev::city::kubernetes:core/v1:Namespace::team",
    props: { metadata: { name: "team" } },
    protect: false,
  },
];

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
    try {
      expect(port).toMatch(/^\d+$/);
      // What the served pack finds in these resources, asked as the engine asks it during a preview,
      // is what `wissel plan` finds with the same rule functions.
      const out = execFileSync(
        process.execPath,
        [
          path.join(__dirname, "fixtures/analyze-client.js"),
          JSON.stringify({ port, resources: SAMPLE }),
        ],
        { cwd: temp, encoding: "utf8", timeout: 60_000 },
      );
      const served = JSON.parse(out) as Array<Record<string, string>>;
      const views = SAMPLE.map((r) => ({
        ...r,
        props: previewProps(r.props, () => false),
        retainOnDelete: undefined,
      }));
      // CrossGuard puts the policy's description before each message it reports.
      const planned = evaluate(views, residencyContext({}), {}).map((v) => ({
        ...v,
        message: `${RULES.find((rule) => rule.name === v.rule)?.description ?? ""}\n${v.message}`,
      }));
      const key = (v: { rule: string; urn: string; enforcementLevel: string; message: string }) =>
        `${v.rule} ${v.urn} ${v.enforcementLevel} ${v.message}`;
      expect(planned.length).toBeGreaterThanOrEqual(5);
      expect(served.map((v) => key(v as Parameters<typeof key>[0])).sort()).toEqual(
        planned.map(key).sort(),
      );
    } finally {
      child.kill();
    }
  }, 180_000);
});
