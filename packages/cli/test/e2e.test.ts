/**
 * The built `wissel` command, spawned as users run it, on fixture projects and on the flagship stack.
 * The workspace is built first (`tsc -b`, incremental): programs load core and the adapters from dist.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { report, runCli as run, type Run } from "./run-cli";
import { expectValidReport } from "./schema";
import { buildWorkspace } from "../../../test/build-workspace";

const ROOT = path.resolve(__dirname, "../../..");
const BIN = path.join(ROOT, "packages/cli/dist/bin.js");
/** The checked-in launcher that package.json `bin` names (and pnpm links as `wissel`). */
const LAUNCHER = path.join(ROOT, "packages/cli/bin/wissel.js");
const runCli = (
  args: readonly string[],
  cwd = ROOT,
  bin = BIN,
  env: NodeJS.ProcessEnv = {},
): Promise<Run> => run(args, cwd, bin, env);
const FIXTURE = path.join(__dirname, "fixtures/fake-cloud");
const TEAM_WORKSPACE = path.join(ROOT, "stacks/team-workspace");
const HEADLINE =
  /^Offline plan of project \S+, stack \S+, run under the Pulumi mock runtime: nothing is deployed and no cloud API is called \(deploy with `pulumi up`\)\.$/;

/** Each vendor's SDK package and the prefix of its resource types. */
const VENDORS = {
  kubernetes: { sdk: "@pulumi/kubernetes", typePrefix: "kubernetes:" },
  azure: { sdk: "@pulumi/azure-native", typePrefix: "azure-native:" },
  scaleway: { sdk: "@pulumiverse/scaleway", typePrefix: "scaleway:" },
  openstack: { sdk: "@pulumi/openstack", typePrefix: "openstack:" },
} as const;
type Vendor = keyof typeof VENDORS;
const VENDOR_NAMES = Object.keys(VENDORS) as Vendor[];

/** A directory with the given files. */
function writeProject(dir: string, files: Record<string, string>): string {
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

/**
 * A project outside the workspace whose node_modules holds only core and the Pulumi SDK: no adapter
 * package can be resolved from it.
 */
function projectWithoutAdapters(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "wissel-no-adapter-"));
  writeProject(dir, {
    "Pulumi.yaml": "name: lonely\nruntime: nodejs\n",
    "index.ts":
      'import { Bucket } from "@wissel/core";\n\nexport const files = new Bucket("files").bucketName;\n',
    "Pulumi.scaleway.yaml":
      "config:\n  wissel:target: scaleway\n  wissel:scaleway:\n    region: nl-ams\n",
  });
  fs.mkdirSync(path.join(dir, "node_modules/@wissel"), { recursive: true });
  fs.mkdirSync(path.join(dir, "node_modules/@pulumi"), { recursive: true });
  fs.symlinkSync(
    path.join(ROOT, "packages/core"),
    path.join(dir, "node_modules/@wissel/core"),
    "dir",
  );
  fs.symlinkSync(
    fs.realpathSync(path.join(ROOT, "packages/core/node_modules/@pulumi/pulumi")),
    path.join(dir, "node_modules/@pulumi/pulumi"),
    "dir",
  );
  return dir;
}

/**
 * The team-workspace program with stack files of our own: `main` points at the real program, and
 * node_modules at its dependencies, so the real adapters load.
 */
function teamWorkspaceWith(stackFiles: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "wissel-team-workspace-"));
  writeProject(dir, {
    "Pulumi.yaml": `name: team-workspace\nruntime: nodejs\nmain: ${path.relative(dir, TEAM_WORKSPACE)}\n`,
    ...Object.fromEntries(
      Object.entries(stackFiles).map(([stack, text]) => [`Pulumi.${stack}.yaml`, text]),
    ),
  });
  fs.symlinkSync(path.join(TEAM_WORKSPACE, "node_modules"), path.join(dir, "node_modules"), "dir");
  return dir;
}

/**
 * A bucket-only program with the flagship's own stack files: what a program that builds no cluster or
 * namespace loads on each vendor.
 */
function bucketsOnly(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "wissel-buckets-only-"));
  const stackFiles = Object.fromEntries(
    VENDOR_NAMES.map((vendor) => [
      `Pulumi.${vendor}.yaml`,
      fs.readFileSync(path.join(TEAM_WORKSPACE, `Pulumi.${vendor}.yaml`), "utf8"),
    ]),
  );
  writeProject(dir, {
    "Pulumi.yaml": "name: team-workspace\nruntime: nodejs\n",
    "index.ts":
      'import { Bucket } from "@wissel/core";\n\nexport const files = new Bucket("files").bucketName;\n',
    ...stackFiles,
  });
  fs.symlinkSync(path.join(TEAM_WORKSPACE, "node_modules"), path.join(dir, "node_modules"), "dir");
  return dir;
}

const runs = new Map<string, Run>();
/** The project without adapters, for messages that name its directory. */
let lonely = "";
function result(name: string): Run {
  const run = runs.get(name);
  if (run === undefined) throw new Error(`no run named ${name}`);
  return run;
}

beforeAll(async () => {
  buildWorkspace();

  lonely = projectWithoutAdapters();
  const buckets = bucketsOnly();
  const openstack = fs.readFileSync(path.join(TEAM_WORKSPACE, "Pulumi.openstack.yaml"), "utf8");
  const custom = teamWorkspaceWith({
    "openstack-expiring": `${openstack}\n  team-workspace:exportsExpireAfterDays: 7\n`,
    "scaleway-bare": "config:\n  wissel:target: scaleway\n  wissel:scaleway:\n    region: nl-ams\n",
  });
  // pnpm's shims put the hoisted store on NODE_PATH, where every workspace package resolves.
  const store = { NODE_PATH: path.join(ROOT, "node_modules/.pnpm/node_modules") };
  const jobs: [string, string[], string?, string?, NodeJS.ProcessEnv?][] = [
    ["launcher", ["plan", FIXTURE, "--stack", "good"], ROOT, LAUNCHER],
    ["good", ["plan", FIXTURE, "--stack", "good"]],
    ["good-json", ["plan", FIXTURE, "--stack", "good", "--json"]],
    ["unknown", ["plan", FIXTURE, "--stack", "unknown"]],
    ["nosetting", ["plan", FIXTURE, "--stack", "nosetting"]],
    ["expiry", ["plan", FIXTURE, "--stack", "expiry"]],
    ["invoke", ["plan", FIXTURE, "--stack", "invoke", "--json"]],
    ["crash", ["plan", FIXTURE, "--stack", "crash"]],
    ["missing-stack", ["plan", "packages/cli/test/fixtures/fake-cloud", "--stack", "prod"]],
    ["usage", ["plan", FIXTURE]],
    ["no-adapter", ["plan", ".", "--stack", "scaleway"], lonely],
    ["no-adapter-node-path", ["plan", ".", "--stack", "scaleway"], lonely, BIN, store],
    ["openstack-expiring", ["plan", custom, "--stack", "openstack-expiring"]],
    ["scaleway-bare", ["plan", custom, "--stack", "scaleway-bare"]],
    ...VENDOR_NAMES.map((vendor): [string, string[]] => [
      `team-${vendor}`,
      ["plan", "stacks/team-workspace", "--stack", vendor, "--json"],
    ]),
    ["team-kubernetes-text", ["plan", "stacks/team-workspace", "--stack", "kubernetes"]],
    ...VENDOR_NAMES.map((vendor): [string, string[]] => [
      `buckets-${vendor}`,
      ["plan", buckets, "--stack", vendor, "--json"],
    ]),
  ];
  // A few at a time: each run is a Node process that loads the Pulumi SDK.
  for (let i = 0; i < jobs.length; i += 4) {
    await Promise.all(
      jobs
        .slice(i, i + 4)
        .map(async ([name, args, cwd, bin, env]) =>
          runs.set(name, await runCli(args, cwd, bin, env)),
        ),
    );
  }
}, 240_000);

describe("wissel plan on a fixture project", () => {
  it("plans every component with its children and exits 0", () => {
    const run = result("good");
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const lines = run.stdout.split("\n");
    expect(lines[0]).toBe(
      "Offline plan of project fixture, stack good, run under the Pulumi mock runtime: nothing is deployed and no cloud API is called (deploy with `pulumi up`).",
    );
    expect(run.stdout).toContain(
      [
        'Bucket "files" (wissel:storage:Bucket)',
        "  target:          fakecloud (chosen by wissel:target)",
        "  vendor:          Fake Cloud, legal entity Fake Cloud B.V. (ultimate parent in NL)",
        "  region:          ams, country NL",
        "  foreign law:     none known",
        "  support:         native",
        "  classification:  internal",
        "  decisions:",
        "    storage class: standard (the only one)",
        "  resources (2):",
        '    fakecloud:storage:Bucket "files"  [stateful: protect, retainOnDelete]',
        '    fakecloud:iam:Key "files-key"  [secret outputs: secret]',
      ].join("\n"),
    );
    expect(run.stdout).toContain("  target:          uscloud (chosen by wissel:targets.exports)\n");
    expect(run.stdout).toContain(
      "Secret config (not decrypted, a placeholder was passed): fixture:apiToken\n",
    );
    expect(run.stdout).toContain(
      "Stack outputs: exportsBucketName, filesBinding (secret), filesBucket, token (secret)\n",
    );
    expect(run.stdout).toContain(
      "    US Cloud (US Cloud Inc., US; reachable under US CLOUD Act): 1 component, 2 resources\n",
    );
    expect(lines.at(-2)).toBe("Plan complete: 2 components, 5 vendor resources.");
  });

  it("prints the same through the launcher that package.json bin names", () => {
    const run = result("launcher");
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(result("good").stdout);
  });

  it("prints the same plan as one JSON document", () => {
    const run = result("good-json");
    expect(run.code).toBe(0);
    const plan = report(run);
    expect(plan.offline).toBe(true);
    expect(plan.errors).toEqual([]);
    expect(plan.secretConfigKeys).toEqual(["fixture:apiToken"]);
    expect(
      plan.components.map((c) => [
        c.name,
        c.target,
        c.targetKey,
        c.placement.country,
        c.resources.map((r) => [r.type, r.name, r.stateful]),
      ]),
    ).toEqual([
      [
        "files",
        "fakecloud",
        "wissel:target",
        "NL",
        [
          ["fakecloud:storage:Bucket", "files", true],
          ["fakecloud:iam:Key", "files-key", false],
        ],
      ],
      [
        "exports",
        "uscloud",
        "wissel:targets.exports",
        "US",
        [
          ["uscloud:storage:Bucket", "exports", true],
          ["uscloud:iam:Key", "exports-key", false],
        ],
      ],
    ]);
    expect(plan.otherResources.map((r) => [r.type, r.name])).toEqual([
      ["fakecloud:dns:Record", "www"],
    ]);
    expect(plan.summary.shareWithoutForeignJurisdiction).toBe(0.5);
    expect(plan.summary.byCountry).toEqual([
      { country: "NL", eu: true, components: 1, resources: 2 },
      { country: "US", eu: false, components: 1, resources: 2 },
    ]);
    expect(plan.outputs).toContainEqual({ name: "token", secret: true });
  });

  it("loads no vendor SDK and no adapter package when the adapters are the program's own", () => {
    const loaded = report(result("good-json")).loadedPackages;
    expect(loaded).toEqual(expect.arrayContaining(["@pulumi/pulumi", "@wissel/core", "fixture"]));
    const vendorCode = loaded.filter(
      (name) =>
        VENDOR_NAMES.some((v) => name.startsWith(VENDORS[v].sdk)) ||
        /^@wissel\/(kubernetes|azure|scaleway|openstack)$/.test(name),
    );
    expect(vendorCode).toEqual([]);
  });

  it("fails on an unknown target, naming wissel:target and the fix", () => {
    const run = result("unknown");
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      'error: stack config: wissel:target must be one of kubernetes, azure, scaleway, openstack, fakecloud, uscloud (received "fakeclod"). Did you mean fakecloud? Set wissel:target to fakecloud.\nPlan failed: 1 error (listed above).\n',
    );
    expect(run.stdout.split("\n")[0]).toMatch(HEADLINE);
    expect(run.stdout).not.toContain("Plan failed");
  });

  it("fails on a missing adapter setting, naming the key and the command that sets it", () => {
    const run = result("nosetting");
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      "error: stack config: wissel:fakecloud.region is required (received nothing). Set it with `pulumi config set --path wissel:fakecloud.region ams`.\nPlan failed: 1 error (listed above).\n",
    );
  });

  it("fails on a feature the target lacks, before registering the component", () => {
    const run = result("expiry");
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^error: Bucket "exports": expireAfterDays is not supported on target "fakecloud".*Fake Cloud has no lifecycle rules.*Remove expireAfterDays, or place this bucket elsewhere with wissel:targets\.exports\.\nPlan failed: 1 error \(listed above\)\.\n$/,
    );
    expect(run.stdout).not.toContain('Bucket "exports" (wissel:storage:Bucket)');
  });

  it("fails loudly on an invoke nobody mocked, even when the program ignores its result", () => {
    const run = result("invoke");
    expect(run.code).toBe(1);
    expect(report(run).errors).toEqual([
      {
        kind: "invoke",
        message:
          "The program calls the provider function fakecloud:index:getZone, which asks the vendor's API; wissel plan runs offline and answers no invoke. Read the value from stack config instead, or run `pulumi preview` with credentials.",
      },
    ]);
  });

  it("reports a program crash as one line with its place, without a stack trace", () => {
    const run = result("crash");
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      "error: The program failed: TypeError: crashed on purpose (at index.ts:12:9)\nPlan failed: 1 error (listed above).\n",
    );
  });

  it("fails on a missing stack file, naming the path and how to create it", () => {
    const run = result("missing-stack");
    const file = path.join(FIXTURE, "stacks/Pulumi.prod.yaml");
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      `error: Stack "prod" has no stack file: ${file} does not exist. Create it with \`pulumi stack init prod\``,
    );
    expect(run.stderr).toContain(
      `\`cp ${path.join(FIXTURE, "stacks/Pulumi.crash.yaml")} ${file}\``,
    );
  });

  it("exits 2 on a usage error", () => {
    const run = result("usage");
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr.split("\n")[0]).toBe(
      "wissel: --stack is required: name the stack whose Pulumi.<stack>.yaml to plan, e.g. `--stack kubernetes`.",
    );
  });
});

describe("every --json report", () => {
  it("matches schemas/plan-report.schema.json, on success and on failure", () => {
    const json = [...runs.entries()].filter(
      ([name]) =>
        name === "good-json" ||
        name === "invoke" ||
        name.startsWith("team-") ||
        name.startsWith("buckets-"),
    );
    expect(json.length).toBeGreaterThan(8);
    for (const [name, run] of json) {
      if (name === "team-kubernetes-text") continue;
      const plan = report(run);
      expectValidReport(plan);
      expect(plan.schemaVersion).toBe(1);
    }
  });
});

describe("wissel plan with real adapters", () => {
  it("fails with the install command when the adapter package is missing", () => {
    const run = result("no-adapter");
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `error: stack config: wissel:target needs the adapter package @wissel/scaleway, which is not installed in this project (received "scaleway"). Install it in ${lonely}, next to @wissel/core: \`pnpm add @wissel/scaleway\` (or \`npm install @wissel/scaleway\`).\nPlan failed: 1 error (listed above).\n`,
    );
  });

  it("does not take the adapter from NODE_PATH, where pnpm exec puts its whole store", () => {
    const run = result("no-adapter-node-path");
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      "wissel:target needs the adapter package @wissel/scaleway, which is not installed in this project",
    );
  });

  it("fails when a stack asks OpenStack for expiring exports", () => {
    const run = result("openstack-expiring");
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^error: Bucket "exports": expireAfterDays is not supported on target "openstack".*Swift.*Remove expireAfterDays, or place this bucket elsewhere with wissel:targets\.exports\.\nPlan failed: 1 error \(listed above\)\.\n$/,
    );
  });

  it("fails on missing Scaleway settings, naming each key", () => {
    const run = result("scaleway-bare");
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("wissel:scaleway.projectId is required");
    expect(run.stderr).toContain("wissel:scaleway.deployerPrincipal is required");
    expect(run.stderr).toContain("pulumi config set --path 'wissel:scaleway.projectId'");
    expect(run.stderr).not.toMatch(/^\s+at /m);
  });
});

describe.each(VENDOR_NAMES)("stacks/team-workspace on %s", (vendor) => {
  const { sdk, typePrefix } = VENDORS[vendor];

  it("plans the buckets, the cluster, the namespace and the database on the stack's vendor, the data protected and retained", () => {
    const run = result(`team-${vendor}`);
    expect(run.code).toBe(0);
    const plan = report(run);
    expect(plan.errors).toEqual([]);
    expect(plan.project).toBe("team-workspace");
    expect(plan.components.map((c) => [c.type, c.name, c.target, c.targetKey])).toEqual([
      ["wissel:storage:Bucket", "files", vendor, "wissel:target"],
      ["wissel:storage:Bucket", "exports", vendor, "wissel:target"],
      ["wissel:kubernetes:Cluster", "platform", vendor, "wissel:target"],
      ["wissel:kubernetes:Namespace", "workspace", vendor, 'the cluster "platform"'],
      ["wissel:postgres:Database", "records", vendor, "wissel:target"],
    ]);
    for (const component of plan.components.filter((c) => c.type === "wissel:storage:Bucket")) {
      const main = component.resources.find((r) => r.name === component.name);
      expect(main?.type.startsWith(typePrefix)).toBe(true);
      expect(main).toMatchObject({
        depth: 1,
        custom: true,
        stateful: true,
        protect: true,
        retainOnDelete: true,
      });
      expect(component.resources.every((r) => r.type.startsWith(typePrefix))).toBe(true);
    }
    const namespace = plan.components.find((c) => c.name === "workspace");
    expect(namespace?.resources.find((r) => r.name === "workspace")).toMatchObject({
      type: "kubernetes:core/v1:Namespace",
      stateful: true,
      protect: true,
      retainOnDelete: true,
    });
    expect(plan.outputs).toEqual([
      { name: "clusterBinding", secret: true },
      { name: "exportsBinding", secret: true },
      { name: "exportsBucketName", secret: false },
      { name: "filesBinding", secret: true },
      { name: "filesBucketName", secret: false },
      { name: "recordsBinding", secret: true },
      { name: "sovereignty", secret: false },
      { name: "workspaceBinding", secret: true },
    ]);
    const database = plan.components.find((c) => c.name === "records");
    expect(
      database?.resources.filter((r) => r.stateful).every((r) => r.protect && r.retainOnDelete),
    ).toBe(true);
    expect(database?.resources.some((r) => r.stateful)).toBe(true);
  });

  it(`loads ${sdk} and no other vendor's SDK or adapter for a bucket-only program`, () => {
    const run = result(`buckets-${vendor}`);
    expect(run.code).toBe(0);
    const loaded = report(run).loadedPackages;
    expect(loaded).toContain(`@wissel/${vendor}`);
    expect(loaded.some((name) => name === sdk || name.startsWith(`${sdk}/`))).toBe(true);
    const others = VENDOR_NAMES.filter((other) => other !== vendor);
    const foreign = loaded.filter((name) =>
      others.some(
        (other) =>
          name === `@wissel/${other}` ||
          name === VENDORS[other].sdk ||
          name.startsWith(`${VENDORS[other].sdk}/`),
      ),
    );
    expect(foreign).toEqual([]);
    // Azure is loaded per submodule, never through the root barrel.
    expect(loaded).not.toContain("@pulumi/azure-native");
  });

  it("loads the Kubernetes adapter besides its own only because the program builds a namespace", () => {
    const loaded = report(result(`team-${vendor}`)).loadedPackages;
    const others = VENDOR_NAMES.filter((other) => other !== vendor && other !== "kubernetes");
    const foreign = loaded.filter((name) =>
      others.some(
        (other) =>
          name === `@wissel/${other}` ||
          name === VENDORS[other].sdk ||
          name.startsWith(`${VENDORS[other].sdk}/`),
      ),
    );
    expect(foreign).toEqual([]);
    expect(loaded).toContain("@wissel/kubernetes");
    expect(loaded).not.toContain("@pulumi/azure-native");
  });
});

describe("stacks/team-workspace as text", () => {
  it("starts with the offline notice and ends with the plan's size", () => {
    const run = result("team-kubernetes-text");
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split("\n");
    expect(lines[0]).toBe(
      "Offline plan of project team-workspace, stack kubernetes, run under the Pulumi mock runtime: nothing is deployed and no cloud API is called (deploy with `pulumi up`).",
    );
    expect(lines).toContain('Bucket "files" (wissel:storage:Bucket)');
    expect(lines).toContain("  target:          kubernetes (chosen by wissel:target)");
    expect(lines.at(-1)).toMatch(/^Plan complete: 5 components, \d+ vendor resources\.$/);
  });
});
