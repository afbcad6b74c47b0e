/**
 * The vendor-switch guard under the mock runtime, as `pulumi preview` and `pulumi up` run it: the
 * program reads the stack's last deployment through the engine's `readStackResourceOutputs` (here the
 * harness's fixture) and refuses a data-holding block the stack moves to another target with no
 * migration declared, before anything of the block is registered.
 */
import * as pulumi from "@pulumi/pulumi";
import { Bucket } from "@wissel/core";
import { MockHarness, withServiceAccountTokens } from "@wissel/testing";
import { execFileSync } from "node:child_process";
import { buildWorkspace } from "./build-workspace";
import { FLAGSHIP, flagshipConfig } from "./flagship";

const PROJECT = "team-workspace";
const STACK = "prod";

/** A top-level block's URN in this stack. */
const urnOf = (type: string, name: string): string =>
  `urn:pulumi:${STACK}::${PROJECT}::${type}::${name}`;

/** A last deployment holding one block, placed where it was deployed. */
function deployedAt(type: string, name: string, target: string, vendor: string) {
  return {
    [urnOf(type, name)]: {
      type,
      outputs: { placement: { target, vendor, region: "x", country: "NL" } },
    },
  };
}

let harness: MockHarness;
beforeAll(async () => {
  harness = await MockHarness.start({
    project: PROJECT,
    stack: STACK,
    preview: true,
    outputs: withServiceAccountTokens(),
  });
});
beforeEach(() => {
  harness.reset();
  harness.setLastDeployment({});
});

/**
 * Runs a program against the built packages in a fresh Node process under the SDK's mocks, as the
 * engine would with this last deployment, and returns what it registered and the errors it raised.
 * A refused registration fails its children too, so their rejections would escape Jest's process.
 */
function runRefused(
  vendor: string,
  deployment: Record<string, unknown>,
  program: string,
): { registered: string[]; errors: string[] } {
  buildWorkspace();
  const script = `
    const pulumi = require("@pulumi/pulumi");
    const registered = [], errors = [];
    process.on("unhandledRejection", (e) => errors.push(String(e && e.message || e)));
    pulumi.runtime.setMocks({
      newResource: (a) => { registered.push(a.type + " " + a.name); return { id: a.name + "-id", state: a.inputs }; },
      call: (a) => a.token === "pulumi:pulumi:readStackResourceOutputs"
        ? { name: a.inputs.stackName, outputs: ${JSON.stringify(deployment)} }
        : (() => { throw Object.assign(new Error("unmocked " + a.token), { details: "unmocked " + a.token }); })(),
    }, ${JSON.stringify(PROJECT)}, ${JSON.stringify(STACK)}, true);
    pulumi.runtime.setAllConfig(${JSON.stringify(flagshipConfig(vendor))});
    const log = pulumi.log.error;
    pulumi.log.error = (m, ...rest) => { errors.push(m); return Promise.resolve(); };
    const core = require("@wissel/core");
    ${program}
    setTimeout(() => {
      const unique = [...new Set(errors.map((e) => e.slice(0, 2000)))];
      process.stdout.write(JSON.stringify({ registered, errors: unique }) + "\\n", () => process.exit(0));
    }, 1500);`;
  const out = execFileSync(process.execPath, ["-e", script], {
    cwd: FLAGSHIP,
    encoding: "utf8",
    timeout: 60_000,
  });
  return JSON.parse(out.trim().split("\n").pop() ?? "{}") as {
    registered: string[];
    errors: string[];
  };
}

test("a bucket deployed on Scaleway that the stack now places on Azure fails, and nothing of it is registered", () => {
  const { registered, errors } = runRefused(
    "azure",
    deployedAt("wissel:storage:Bucket", "files", "scaleway", "Scaleway"),
    `new core.Bucket("files", { classification: "internal" });`,
  );
  const message =
    "Bucket \"files\" holds data deployed on scaleway (Scaleway), and the stack now places it on azure (Microsoft Azure) with no migration declared for it: the switch would build an empty Bucket at Microsoft Azure and leave the data on scaleway (Scaleway). Keep it on scaleway until a migration moves its data (`pulumi config set --path 'wissel:targets.files' scaleway`), or declare the migration.";
  expect(errors.length).toBeGreaterThanOrEqual(1);
  expect(errors[0]).toContain(message);
  expect(registered).toEqual([]);
});

test.each([
  ["database", "wissel:postgres:Database", "records", 'PostgresDatabase "records"'],
  ["namespace", "wissel:kubernetes:Namespace", "workspace", 'Namespace "workspace"'],
] as const)(
  "a %s moved off its deployed target fails the same way, and only it and what runs in it are held back",
  (_kind, type, name, block) => {
    const { registered, errors } = runRefused(
      "scaleway",
      deployedAt(type, name, "azure", "Microsoft Azure"),
      `const cluster = new core.KubernetesCluster("platform", { nodeCount: 3, vcpu: 4, memoryGiB: 16 });
       const workspace = new core.Namespace("workspace", { cluster });
       new core.PostgresDatabase("records", { namespace: workspace, storageGiB: 32 });`,
    );
    expect(errors.length).toBeGreaterThanOrEqual(1);
    expect(errors[0]).toContain(
      `${block} holds data deployed on azure (Microsoft Azure), and the stack now places it on scaleway (Scaleway)`,
    );
    expect(errors[0]).toContain(
      name === "workspace"
        ? '(it follows the cluster "platform": put that on azure again)'
        : "(`pulumi config set --path 'wissel:targets.records' azure`)",
    );
    expect(registered).not.toContain(`${type} ${name}`);
    expect(registered).toContain("wissel:kubernetes:Cluster platform");
  },
);

test("a block under a parent is matched under its parent, never to a top-level namesake", () => {
  const parented = `urn:pulumi:${STACK}::${PROJECT}::my:app:Group$wissel:storage:Bucket::files`;
  const placement = (target: string, vendor: string) => ({
    type: "wissel:storage:Bucket",
    outputs: { placement: { target, vendor, region: "x", country: "NL" } },
  });
  const program = `const group = new pulumi.ComponentResource("my:app:Group", "group");
    new core.Bucket("files", { classification: "internal" }, { parent: group });`;
  const refused = runRefused("azure", { [parented]: placement("scaleway", "Scaleway") }, program);
  expect(refused.errors[0]).toContain('Bucket "files" holds data deployed on scaleway (Scaleway)');
  expect(refused.registered).toEqual(["my:app:Group group"]);
  // A top-level bucket of the same name elsewhere in the deployment is another block.
  const other = runRefused(
    "azure",
    { [urnOf("wissel:storage:Bucket", "files")]: placement("scaleway", "Scaleway") },
    program,
  );
  expect(other.errors).toEqual([]);
  expect(other.registered).toContain("wissel:storage:Bucket files");
});

test("the same target, a first deployment or a deployment without placements registers exactly what no check would", async () => {
  harness.setConfig(flagshipConfig("scaleway"));
  const program = (): unknown => new Bucket("files", { classification: "internal" });
  const baseline = (await harness.run(program)).registrations;
  expect(baseline.length).toBeGreaterThan(1);
  for (const deployment of [
    deployedAt("wissel:storage:Bucket", "files", "scaleway", "Scaleway"),
    { [urnOf("wissel:storage:Bucket", "files")]: { type: "wissel:storage:Bucket", outputs: {} } },
    deployedAt("wissel:storage:Bucket", "other", "azure", "Microsoft Azure"),
  ]) {
    harness.reset();
    harness.setLastDeployment(deployment);
    expect((await harness.run(program)).registrations).toEqual(baseline);
  }
});

test("a block's own dependsOn is kept, given as a list, a resource or an Output", async () => {
  harness.setConfig(flagshipConfig("scaleway"));
  await harness.run(() => {
    const first = new Bucket("first");
    new Bucket("listed", {}, { dependsOn: [first] });
    new Bucket("single", {}, { dependsOn: first });
    new Bucket("output", {}, { dependsOn: pulumi.output([first]) });
  });
  // The SDK sends a dependency on a component as its children's URNs.
  const first = harness.registrations
    .filter((r) => r.urn.includes("wissel:storage:Bucket$") && r.urn.endsWith("::first") === false)
    .map((r) => r.urn);
  const ofFirst = (urn: string): boolean =>
    urn.endsWith("::first") || first.some((child) => child === urn);
  for (const name of ["listed", "single", "output"]) {
    const dependencies = harness.one("wissel:storage:Bucket", name).dependencies;
    expect(dependencies.length).toBeGreaterThan(0);
    expect(dependencies.every(ofFirst)).toBe(true);
  }
  expect(harness.one("wissel:storage:Bucket", "first").dependencies).toEqual([]);
});

test("a backend that cannot read the stack leaves the check undone, and the program runs", async () => {
  const warned = await MockHarness.start({
    project: PROJECT,
    stack: STACK,
    calls: {
      "pulumi:pulumi:readStackResourceOutputs": () => {
        throw Object.assign(new Error("no backend client is available"), {
          details: "no backend client is available",
        });
      },
    },
  });
  warned.setConfig(flagshipConfig("scaleway"));
  const warn = jest.spyOn(pulumi.log, "warn").mockResolvedValue(undefined);
  try {
    const { registrations } = await warned.run(() => new Bucket("files"));
    expect(registrations.some((r) => r.type === "wissel:storage:Bucket")).toBe(true);
    expect(warn.mock.calls.map(([message]) => message)).toEqual([
      "Wissel could not read the stack's last deployment, so it did not check for undeclared vendor switches: no backend client is available",
    ]);
  } finally {
    warn.mockRestore();
  }
});
