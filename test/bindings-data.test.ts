/**
 * The data of `bindTo`'s Secret under the mock runtime (an update, so values are known): exactly the
 * contract's keys, valid against schemas/wissel-env.v1.schema.json, and read back by @wissel/runtime
 * as the block's own binding (binding → Secret data → runtime config). On Kubernetes (S3 through an
 * ObjectBucketClaim, CloudNativePG, a namespace's CI kubeconfig) and Azure (Blob with a managed
 * identity, Flexible Server, the same kubeconfig on AKS).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv from "ajv";
import { Bucket, KubernetesCluster, Namespace, PostgresDatabase } from "@wissel/core";
import { bindingFromEnv } from "@wissel/runtime";
import { MockHarness, valueOf, withServiceAccountTokens } from "@wissel/testing";
import { flagshipConfig } from "./flagship";
import { outputs as azureOutputs } from "../packages/azure/test/fixtures";
import {
  ADMIN_KUBECONFIG,
  outputs as kubernetesOutputs,
} from "../packages/kubernetes/test/fixtures";

const SECRET = "kubernetes:core/v1:Secret";
const schema = JSON.parse(
  readFileSync(join(__dirname, "../schemas/wissel-env.v1.schema.json"), "utf8"),
) as { $id: string };
const ajv = new Ajv({ allErrors: true, strict: true });
ajv.addSchema(schema);
function schemaErrors(ref: string, data: unknown): unknown {
  const check = ajv.getSchema(`${schema.$id}${ref}`)!;
  return check(data) ? [] : check.errors;
}

let harness: MockHarness;
beforeAll(async () => {
  // Each adapter's own fake provider answers for its resources; the Kubernetes one for the objects
  // that every target's namespace and CloudNativePG are made of.
  const outputs = withServiceAccountTokens((args) =>
    args.type.startsWith("kubernetes:") ? kubernetesOutputs(args) : azureOutputs(args),
  );
  harness = await MockHarness.start({
    project: "team-workspace",
    preview: false,
    secretKeys: ["kubernetes:kubeconfig"],
    outputs,
  });
});
beforeEach(() => harness.reset());

const TARGETS: [string, () => Record<string, unknown>, string][] = [
  [
    "kubernetes",
    () => ({ ...flagshipConfig("kubernetes"), "kubernetes:kubeconfig": ADMIN_KUBECONFIG }),
    "s3",
  ],
  ["azure", () => flagshipConfig("azure"), "azure-blob"],
];

test.each(TARGETS)(
  "on %s, the Secret data is the contract: schema-valid, exact keys, and it reads back as the binding",
  async (_target, config, protocol) => {
    harness.setConfig(config());
    const { result } = await harness.run(() => {
      const files = new Bucket("files", { classification: "internal" });
      const cluster = new KubernetesCluster("platform", { nodeCount: 3, vcpu: 4, memoryGiB: 16 });
      const workspace = new Namespace("workspace", { cluster });
      const records = new PostgresDatabase("records", { namespace: workspace, storageGiB: 32 });
      // A second namespace gets the first one's CI kubeconfig: the namespace's own binding.
      const deploy = new Namespace("deploy", { cluster });
      files.bindTo(workspace);
      records.bindTo(workspace);
      workspace.bindTo(deploy);
      return { files: files.binding, records: records.binding, workspace: workspace.binding };
    });
    for (const [block, kind, output, into] of [
      ["files", "bucket", result.files, "workspace"],
      ["records", "postgres", result.records, "workspace"],
      ["workspace", "namespace", result.workspace, "deploy"],
    ] as const) {
      const data = harness.one(SECRET, `${block}-binding-${into}`).inputs["stringData"] as Record<
        string,
        string
      >;
      const prefix = `WISSEL_${block.toUpperCase()}_`;
      const own = Object.fromEntries(
        Object.entries(data)
          .filter(([k]) => k.startsWith(prefix))
          .map(([k, v]) => [k.slice(prefix.length), v]),
      );
      expect(Object.keys(data).filter((k) => !k.startsWith(prefix))).toEqual([
        "WISSEL_CONTRACT_VERSION",
      ]);
      expect(schemaErrors("", data)).toEqual([]);
      expect(schemaErrors(`#/definitions/${kind}`, own)).toEqual([]);
      expect(bindingFromEnv(block, data)).toEqual({
        kind,
        binding: await valueOf(output as never),
      });
    }
    const files = harness.one(SECRET, "files-binding-workspace").inputs["stringData"] as Record<
      string,
      string
    >;
    expect(files["WISSEL_FILES_PROTOCOL"]).toBe(protocol);
  },
  30_000,
);
