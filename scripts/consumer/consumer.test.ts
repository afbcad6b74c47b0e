/**
 * The external-consumer test: packs every package, installs the tarballs into fresh Pulumi projects
 * under os.tmpdir() with npm and with pnpm, at both ends of the supported @pulumi/pulumi range, and
 * checks what a user of the published packages gets. Run by `pnpm test` after Jest (`pnpm run
 * test:consumer`); it needs the npm registry and takes a few minutes.
 *
 * WISSEL_CONSUMER_MATRIX=quick runs only npm at the newest SDK and pnpm at the oldest.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import {
  createProject,
  installedCopies,
  mustRun,
  packAll,
  run,
  type PackageManager,
} from "./project";

const ROOT = path.join(__dirname, "../..");
const FIXTURES = path.join(__dirname, "fixtures");
const FLAGSHIP = path.join(ROOT, "stacks/team-workspace");
const PACKAGES = [
  "runtime",
  "core",
  "kubernetes",
  "azure",
  "scaleway",
  "openstack",
  "testing",
  "policy",
  "cli",
];
const VENDORS = ["kubernetes", "azure", "scaleway", "openstack"] as const;

/** The oldest @pulumi/pulumi every package supports: the floor of core's peer range. */
function oldestPulumi(): string {
  const range = (
    JSON.parse(fs.readFileSync(path.join(ROOT, "packages/core/package.json"), "utf8")) as {
      peerDependencies: Record<string, string>;
    }
  ).peerDependencies["@pulumi/pulumi"];
  const floor = /^\^(\d+\.\d+\.\d+)$/.exec(range ?? "")?.[1];
  if (floor === undefined)
    throw new Error(`@wissel/core's @pulumi/pulumi peer range ${range} is not ^x.y.z`);
  return floor;
}

const OLDEST = oldestPulumi();
const NEWEST = mustRun("npm", ["view", "@pulumi/pulumi", "version"], os.tmpdir()).stdout.trim();
const MATRIX: readonly (readonly [PackageManager, string])[] =
  process.env["WISSEL_CONSUMER_MATRIX"] === "quick"
    ? [
        ["npm", NEWEST],
        ["pnpm", OLDEST],
      ]
    : [
        ["npm", OLDEST],
        ["npm", NEWEST],
        ["pnpm", OLDEST],
        ["pnpm", NEWEST],
      ];

const read = (file: string): string => fs.readFileSync(file, "utf8");
const work = fs.mkdtempSync(path.join(os.tmpdir(), "wissel-consumer-"));
const created: string[] = [work];
let tarballs: Map<string, string>;

before(() => {
  tarballs = packAll(ROOT, PACKAGES, path.join(work, "tarballs"));
});
after(() => {
  if (process.env["WISSEL_CONSUMER_KEEP"] === undefined)
    for (const dir of created) fs.rmSync(dir, { recursive: true, force: true });
});

/** `wissel plan --json` with the project's installed bin. */
function plan(
  dir: string,
  stack: string,
  projectDir = ".",
): {
  status: number | null;
  report: { errors: unknown[]; loadedPackages: string[] } | undefined;
  stderr: string;
} {
  const result = run(
    path.join(dir, "node_modules/.bin/wissel"),
    ["plan", projectDir, "--stack", stack, "--json"],
    dir,
  );
  let report: { errors: unknown[]; loadedPackages: string[] } | undefined;
  try {
    report = JSON.parse(result.stdout) as typeof report;
  } catch {
    report = undefined;
  }
  return { status: result.status, report, stderr: result.stderr };
}

const flagshipFiles = (): Record<string, string> => ({
  "Pulumi.yaml": read(path.join(FLAGSHIP, "Pulumi.yaml")),
  "index.ts": read(path.join(FLAGSHIP, "index.ts")),
  ...Object.fromEntries(
    VENDORS.map((v) => [`Pulumi.${v}.yaml`, read(path.join(FLAGSHIP, `Pulumi.${v}.yaml`))]),
  ),
  "pulumi-copies.js": read(path.join(FIXTURES, "pulumi-copies.js")),
  "test/scaleway-contract.test.js": read(path.join(FIXTURES, "scaleway-contract.test.js")),
  "test/kubernetes-contract.test.js": read(path.join(FIXTURES, "kubernetes-contract.test.js")),
});

for (const [manager, pulumi] of MATRIX) {
  describe(`every adapter, installed with ${manager}, @pulumi/pulumi ${pulumi}`, () => {
    let dir: string;
    before(() => {
      dir = createProject(
        {
          name: "all",
          pulumi,
          wissel: PACKAGES.map((p) => `@wissel/${p}`),
          files: flagshipFiles(),
          devDependencies: { jest: "^30.5.2" },
          jest: true,
        },
        tarballs,
        manager,
      );
      created.push(dir);
    });

    it("installs exactly one @pulumi/pulumi, the one asked for", () => {
      const copies = installedCopies(dir, "@pulumi/pulumi");
      assert.equal(copies.length, 1, `copies: ${copies.join(", ")}`);
      assert.equal(
        (JSON.parse(read(path.join(copies[0]!, "package.json"))) as { version: string }).version,
        pulumi,
      );
    });

    for (const vendor of VENDORS) {
      it(`plans the flagship on ${vendor} with the installed wissel bin, loading one @pulumi/pulumi`, () => {
        const result = plan(dir, vendor);
        assert.equal(result.status, 0, result.stderr);
        assert.deepEqual(result.report?.errors, []);
        const copies = JSON.parse(
          mustRun(process.execPath, ["pulumi-copies.js", vendor], dir).stdout,
        ) as { errors: unknown[]; copies: string[] };
        assert.deepEqual(copies.errors, []);
        assert.equal(copies.copies.length, 1, `loaded: ${copies.copies.join(", ")}`);
      });
    }

    it("runs @wissel/testing's contract suites from the installed tarball", () => {
      const result = run(path.join(dir, "node_modules/.bin/jest"), ["--ci", "--maxWorkers=1"], dir);
      assert.equal(result.status, 0, `${result.stdout}\n${result.stderr}`);
      assert.match(result.stderr, /Tests:\s+\d+ passed, \d+ total/);
    });
  });
}

for (const manager of ["npm", "pnpm"] as const) {
  describe(`a Scaleway-only project, installed with ${manager}`, () => {
    let dir: string;
    before(() => {
      dir = createProject(
        {
          name: "scaleway",
          pulumi: NEWEST,
          wissel: ["@wissel/core", "@wissel/cli", "@wissel/scaleway"],
          files: {
            "Pulumi.yaml": read(path.join(FLAGSHIP, "Pulumi.yaml")).replace(
              /^name: .*$/m,
              "name: team-workspace\nmain: buckets.ts",
            ),
            "buckets.ts": read(path.join(FIXTURES, "buckets.ts")),
            "Pulumi.scaleway.yaml": read(path.join(FLAGSHIP, "Pulumi.scaleway.yaml")),
            "namespace/Pulumi.yaml": "name: team-workspace\nruntime: nodejs\nmain: index.ts\n",
            "namespace/index.ts": read(path.join(FIXTURES, "namespace.ts")),
            "namespace/Pulumi.scaleway.yaml": read(path.join(FLAGSHIP, "Pulumi.scaleway.yaml")),
          },
        },
        tarballs,
        manager,
      );
      created.push(dir);
    });

    it("contains no other vendor's SDK, no Kubernetes SDK and no test tooling", () => {
      for (const name of [
        "@pulumi/azure-native",
        "@pulumi/openstack",
        "@pulumi/kubernetes",
        "@wissel/kubernetes",
        "@wissel/testing",
        "ajv",
        "kubernetes-models",
      ]) {
        assert.deepEqual(installedCopies(dir, name), [], `${name} is installed`);
      }
      assert.equal(installedCopies(dir, "@pulumi/pulumi").length, 1);
    });

    it("plans a bucket-only program without loading the Kubernetes SDK", () => {
      const result = plan(dir, "scaleway");
      assert.equal(result.status, 0, result.stderr);
      assert.deepEqual(result.report?.errors, []);
      assert.ok(result.report?.loadedPackages.includes("@pulumiverse/scaleway"));
      assert.ok(
        !result.report?.loadedPackages.some((name) => name.startsWith("@pulumi/kubernetes")),
      );
    });

    it("fails a Namespace with the command that installs @wissel/kubernetes", () => {
      const result = plan(dir, "scaleway", "namespace");
      assert.equal(result.status, 1);
      assert.match(
        JSON.stringify(result.report?.errors),
        /@wissel\/scaleway needs @wissel\/kubernetes to build a Namespace/,
      );
      assert.match(JSON.stringify(result.report?.errors), /npm install @wissel\/kubernetes/);
    });
  });
}
