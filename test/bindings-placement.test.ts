/**
 * `bindTo` under the mock runtime (a preview), on every target: one Secret per bound block, in the
 * namespace, a child of the bound block, through the namespace's provider, secret in its
 * inputs and its state. The Secret's data is checked in bindings-data.test.ts.
 */
import { Bucket, KubernetesCluster, Namespace, PostgresDatabase, WisselError } from "@wissel/core";
import { MockHarness, withServiceAccountTokens } from "@wissel/testing";
import { flagshipConfig } from "./flagship";

const VENDORS = ["kubernetes", "azure", "scaleway", "openstack"] as const;
const SECRET = "kubernetes:core/v1:Secret";

const providers = new Map<string, string | undefined>();
let harness: MockHarness;
beforeAll(async () => {
  const tokens = withServiceAccountTokens();
  harness = await MockHarness.start({
    project: "team-workspace",
    preview: true,
    outputs: (args) => {
      providers.set(`${args.type} ${args.name}`, args.provider);
      return tokens(args);
    },
  });
});
beforeEach(() => {
  harness.reset();
  providers.clear();
});

test.each(VENDORS)(
  "on %s, each bound block gets its Secret in the namespace, through the namespace's provider, secret",
  async (vendor) => {
    harness.setConfig(flagshipConfig(vendor));
    const { result } = await harness.run(() => {
      const files = new Bucket("files", { classification: "internal" });
      const cluster = new KubernetesCluster("platform", { nodeCount: 3, vcpu: 4, memoryGiB: 16 });
      const workspace = new Namespace("workspace", { cluster });
      const records = new PostgresDatabase("records", { namespace: workspace, storageGiB: 32 });
      return [files.bindTo(workspace), records.bindTo(workspace)];
    });
    expect(result.map((b) => [b.secretName, b.namespace])).toEqual([
      ["files-binding", "workspace"],
      ["records-binding", "workspace"],
    ]);
    const namespaceProvider = providers.get("kubernetes:core/v1:Namespace workspace");
    for (const block of ["files", "records"]) {
      const reg = harness.one(SECRET, `${block}-binding-workspace`);
      const component = harness.one(
        block === "files" ? "wissel:storage:Bucket" : "wissel:postgres:Database",
        block,
      );
      expect(reg.parent).toBe(component.urn);
      expect(reg.inputs["metadata"]).toMatchObject({
        name: `${block}-binding`,
        namespace: "workspace",
        labels: { "wissel.dev/binding-of": block, "wissel.dev/contract-version": "1" },
      });
      expect(reg.inputs["type"]).toBe("Opaque");
      expect(reg.secretInputs).toEqual(["stringData"]);
      expect(reg.additionalSecretOutputs).toEqual(["data", "stringData"]);
      expect(providers.get(`${SECRET} ${block}-binding-workspace`)).toBe(namespaceProvider);
    }
    // On a vendor's own cluster the provider is that cluster's, not the stack's default.
    if (vendor !== "kubernetes") expect(namespaceProvider).toMatch(/::platform-provider::/);
  },
  30_000,
);

it("refuses a block name that does not map to an environment name, and registers no Secret", async () => {
  harness.setConfig(flagshipConfig("kubernetes"));
  let error: unknown;
  await harness.run(() => {
    const workspace = new Namespace("workspace");
    const bucket = new Bucket("Files_2");
    try {
      bucket.bindTo(workspace);
    } catch (caught) {
      error = caught;
    }
  });
  expect(error).toBeInstanceOf(WisselError);
  const message = (error as Error).message;
  expect(message).toContain('Bucket "Files_2"');
  expect(message).toContain('"Files_2"');
  expect(message).toContain(
    "must be lower-case letters and digits in words joined by single hyphens",
  );
  expect(message).toContain('Rename the block to "files-2"');
  expect(harness.ofType(SECRET).filter((r) => r.name.endsWith("-binding"))).toEqual([]);
});

it("refuses a second binding of the same name in one namespace, naming both blocks", async () => {
  harness.setConfig(flagshipConfig("kubernetes"));
  let error: unknown;
  await harness.run(() => {
    const workspace = new Namespace("workspace");
    new Bucket("files").bindTo(workspace);
    const db = new PostgresDatabase("files", { namespace: workspace });
    try {
      db.bindTo(workspace);
    } catch (caught) {
      error = caught;
    }
  });
  expect(error).toBeInstanceOf(WisselError);
  expect((error as Error).message).toContain('PostgresDatabase "files"');
  expect((error as Error).message).toContain(
    'must not already hold a binding named "files": Bucket "files" published one',
  );
  expect(
    harness
      .ofType(SECRET)
      .filter((r) => r.name.endsWith("-binding-workspace"))
      .map((r) => r.name),
  ).toEqual(["files-binding-workspace"]);
});
