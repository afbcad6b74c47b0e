import * as pulumi from "@pulumi/pulumi";
import { registerAdapter, type Adapter } from "@wissel/core";
import { MockHarness, unwrapSecrets, valueOf } from "@wissel/testing";

class Thing extends pulumi.CustomResource {
  constructor(name: string, props: pulumi.Inputs, opts: pulumi.CustomResourceOptions = {}) {
    super("test:index:Thing", name, props, opts);
  }
}

let harness: MockHarness;
beforeAll(async () => {
  harness = await MockHarness.start({
    calls: { "test:index:lookup": (inputs) => ({ answer: `${String(inputs["question"])}!` }) },
    outputs: (args) =>
      args.type === "test:index:Thing" ? { computed: "from-provider" } : undefined,
  });
});
beforeEach(() => harness.reset());

describe("MockHarness", () => {
  it("records options that guard data, the parent, and which inputs were secret", async () => {
    await harness.run(() => {
      const parent = new pulumi.ComponentResource("test:index:Parent", "p");
      new Thing(
        "p-child",
        { plain: "x", password: pulumi.secret("hunter2") },
        {
          parent,
          protect: true,
          retainOnDelete: true,
          additionalSecretOutputs: ["token"],
          aliases: [{ name: "old-child" }],
        },
      );
    });
    const parent = harness.one("test:index:Parent", "p");
    const child = harness.one("test:index:Thing", "p-child");
    expect(child).toMatchObject({
      parent: parent.urn,
      custom: true,
      read: false,
      inputs: { plain: "x", password: "hunter2" },
      secretInputs: ["password"],
      protect: true,
      retainOnDelete: true,
      deleteBeforeReplace: false,
      additionalSecretOutputs: ["token"],
    });
    expect(child.aliases).toHaveLength(1);
    expect(harness.childrenOf(parent.urn)).toEqual([child]);
  });

  it("merges faked provider outputs over the inputs", async () => {
    // A property passed as undefined becomes an output the provider fills, as in generated SDKs.
    const { result } = await harness.run(() => new Thing("t", { plain: "x", computed: undefined }));
    const outputs = result as unknown as {
      plain: pulumi.Output<string>;
      computed: pulumi.Output<string>;
    };
    expect(await valueOf(outputs.plain)).toBe("x");
    expect(await valueOf(outputs.computed)).toBe("from-provider");
    expect(await valueOf(result.urn)).toMatch(/::test:index:Thing::t$/);
  });

  it("answers mocked invokes and refuses unmocked ones with a message", async () => {
    const answer = await pulumi.runtime.invoke("test:index:lookup", { question: "why" });
    expect(answer).toEqual({ answer: "why!" });
    await expect(pulumi.runtime.invoke("test:index:unknown", {})).rejects.toThrow(
      /unmocked invoke test:index:unknown: give the harness a fake for it in options.calls/,
    );
  });

  it("answers an invoke a loaded adapter declares for offline planning", async () => {
    const adapter: Adapter = {
      name: "offline-test",
      packageName: "offline-test",
      regions: [],
      parseSettings: () => ({}),
      placement: () => ({
        vendor: "v",
        legalEntity: "v",
        headquarters: "NL",
        foreignJurisdictions: [],
        onPremises: false,
        region: "r",
        country: "NL",
      }),
      capabilities: () => ({}),
      blocks: {},
      offlineInvokes: {
        "test:index:credentials": (inputs) => ({ kubeconfig: `for ${String(inputs["cluster"])}` }),
      },
    };
    registerAdapter(adapter);
    expect(await pulumi.runtime.invoke("test:index:credentials", { cluster: "apps" })).toEqual({
      kubeconfig: "for apps",
    });
  });

  it("unwraps nested secrets and reports them", () => {
    const sig = "4dabf18193072939515e22adb298388d";
    const secret = { [sig]: "1b47061264138c4ac30d75fd1eb44270", value: "s3cr3t" };
    expect(unwrapSecrets({ a: [1, secret] })).toEqual([{ a: [1, "s3cr3t"] }, true]);
    expect(unwrapSecrets({ a: [1, "plain"] })).toEqual([{ a: [1, "plain"] }, false]);
  });
});
