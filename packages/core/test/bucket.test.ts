import * as pulumi from "@pulumi/pulumi";
import {
  Bucket,
  defineBlock,
  planOrIssues,
  plannedComponents,
  registerAdapter,
  type Adapter,
  type BucketSpec,
  type Issue,
} from "@wissel/core";
import { MockHarness, valueOf } from "@wissel/testing";

class FakeBucket extends pulumi.CustomResource {
  constructor(name: string, props: pulumi.Inputs, opts: pulumi.CustomResourceOptions) {
    super("fake:storage:Bucket", name, props, opts);
  }
}

/** A minimal adapter that records what core hands it, to test core's own steps. */
const seen: { spec?: BucketSpec; statefulOptions?: unknown } = {};
const fake: Adapter<{ region: string }> = {
  name: "fakecloud",
  packageName: "fakecloud",
  regions: [{ id: "ams", country: "NL", location: "Amsterdam" }],
  parseSettings: (raw) => {
    const region = (raw as { region?: unknown } | undefined)?.region;
    if (region !== "ams" && region !== "iad")
      throw new Error("fakecloud needs wissel:fakecloud.region");
    return { region };
  },
  placement: (settings) => ({
    vendor: "Fake Cloud",
    legalEntity: "Fake Cloud BV",
    headquarters: settings.region === "ams" ? "NL" : "US",
    foreignJurisdictions: settings.region === "ams" ? [] : ["US CLOUD Act"],
    onPremises: false,
    region: settings.region,
    country: settings.region === "ams" ? "NL" : "US",
  }),
  capabilities: () => ({
    bucket: {
      block: { support: "native", reason: "object storage" },
      features: {
        versioning: { support: "native", reason: "" },
        expireAfterDays: { support: "unsupported", reason: "no lifecycle rules" },
        cors: { support: "native", reason: "" },
        scopedCredentials: { support: "native", reason: "" },
        encryptionAtRest: { support: "native", reason: "" },
      },
    },
  }),
  blocks: {
    bucket: () => fakeBucket,
  },
};

/**
 * Its bucket: nothing to decide, so the plan is the spec. Like a real adapter's plan it refuses what
 * it cannot build, here expireAfterDays (which the table also refuses) and more than one CORS rule.
 */
const fakeBucket = defineBlock<"bucket", { region: string }, BucketSpec>({
  plan: (spec, { subject }) => {
    const issues: Issue[] = [];
    if (spec.expireAfterDays !== undefined)
      issues.push({
        subject,
        field: "expireAfterDays",
        value: spec.expireAfterDays,
        rule: "reached the plan",
        fix: "none",
      });
    if (spec.cors.length > 1)
      issues.push({
        subject,
        field: "cors",
        value: spec.cors.length,
        rule: "must hold at most 1 rule on fakecloud",
        fix: "Merge the rules.",
      });
    return planOrIssues(issues, () => spec);
  },
  build: (spec, ctx) => {
    seen.spec = spec;
    seen.statefulOptions = ctx.statefulOptions;
    const child = new FakeBucket(
      ctx.name,
      { versioning: spec.versioning },
      { parent: ctx.parent, ...ctx.statefulOptions },
    );
    return {
      binding: pulumi.output({
        protocol: "s3" as const,
        endpoint: "https://s3.fake",
        region: ctx.placement.region,
        bucket: `${ctx.name}-physical`,
        pathStyle: false,
        accessKeyId: "AKFAKE",
        secretAccessKey: "not-a-real-secret",
        credentialScope: "bucket" as const,
      }),
      vendorResources: { bucket: child },
      decisions: [{ what: "tier", choice: "standard" }],
    };
  },
});
registerAdapter(fake);

let harness: MockHarness;
beforeAll(async () => {
  harness = await MockHarness.start({
    config: { "wissel:target": "fakecloud", "wissel:fakecloud": { region: "ams" } },
  });
});
beforeEach(() => harness.reset());

async function rejected(program: () => unknown): Promise<string> {
  let message = "";
  try {
    program();
  } catch (error) {
    expect(pulumi.ResourceError.isInstance(error)).toBe(true);
    message = (error as Error).message;
  }
  await harness.settle();
  expect(harness.registrations).toEqual([]);
  return message;
}

describe("Bucket on any adapter", () => {
  it("hands the adapter a validated, defaulted spec and protects data by default", async () => {
    const { result } = await harness.run(() => new Bucket("files", { versioning: true }));
    expect(seen.spec).toEqual({
      versioning: true,
      cors: [],
      classification: "internal",
      allowDataLoss: false,
    });
    expect(seen.statefulOptions).toEqual({ protect: true, retainOnDelete: true });
    expect(harness.registrations.map((r) => [r.type, r.name, r.protect, r.retainOnDelete])).toEqual(
      [
        ["wissel:storage:Bucket", "files", false, false],
        ["fake:storage:Bucket", "files", true, true],
      ],
    );
    expect(result.target.name).toBe("fakecloud");
    expect(result.placement.country).toBe("NL");
    expect(await pulumi.isSecret(result.binding)).toBe(true);
    expect(await valueOf(result.bucketName)).toBe("files-physical");
    expect(plannedComponents()).toEqual([
      expect.objectContaining({
        kind: "bucket",
        name: "files",
        targetKey: "wissel:target",
        support: "native",
        decisions: [{ what: "tier", choice: "standard" }],
      }),
    ]);
  });

  it("fails on a feature the target lacks before registering anything", async () => {
    const message = await rejected(() => new Bucket("files", { expireAfterDays: 7 }));
    expect(message).toBe(
      'Bucket "files": expireAfterDays is not supported on target "fakecloud": no lifecycle rules (received 7). Remove expireAfterDays, or place this bucket elsewhere with wissel:targets.files.',
    );
  });

  it("plans the spec without the refused feature, so the plan's own issues come in the same run and the refusal once", async () => {
    const rule = { allowedOrigins: ["https://app.example"], allowedMethods: ["GET" as const] };
    const message = await rejected(
      () => new Bucket("files", { expireAfterDays: 7, cors: [rule, rule] }),
    );
    expect(message.split("\n")).toEqual([
      'Bucket "files": expireAfterDays is not supported on target "fakecloud": no lifecycle rules (received 7). Remove expireAfterDays, or place this bucket elsewhere with wissel:targets.files.',
      'Bucket "files": cors must hold at most 1 rule on fakecloud (received 2). Merge the rules.',
    ]);
  });

  it("fails on sensitive data placed against the policy before registering anything", async () => {
    harness.setConfig({ "wissel:target": "fakecloud", "wissel:fakecloud": { region: "iad" } });
    try {
      const message = await rejected(() => new Bucket("records", { classification: "sensitive" }));
      expect(message).toContain(
        'Bucket "records": classification may only be placed in an EU country',
      );
      expect(message).toContain("wissel:policy.sensitive: eu");
      expect(message).toContain("reachable under US CLOUD Act");
    } finally {
      harness.setConfig({ "wissel:target": "fakecloud", "wissel:fakecloud": { region: "ams" } });
    }
  });

  it("fails without wissel:target before registering anything", async () => {
    harness.setConfig({});
    try {
      const message = await rejected(() => new Bucket("files"));
      expect(message).toMatch(/^stack config: wissel:target is required/);
      expect(message).toContain("pulumi config set wissel:target");
    } finally {
      harness.setConfig({ "wissel:target": "fakecloud", "wissel:fakecloud": { region: "ams" } });
    }
  });

  it("reports a typo under wissel: instead of ignoring it", async () => {
    harness.setConfig({
      "wissel:target": "fakecloud",
      "wissel:fakecloud": { region: "ams" },
      "wissel:polcy": { sensitive: "nl" },
    });
    try {
      expect(await rejected(() => new Bucket("files"))).toContain(
        "wissel:polcy is not a Wissel config key",
      );
    } finally {
      harness.setConfig({ "wissel:target": "fakecloud", "wissel:fakecloud": { region: "ams" } });
    }
  });

  it("routes one resource elsewhere with wissel:targets and says which key chose it", async () => {
    harness.setConfig({
      "wissel:target": "azure",
      "wissel:targets": { files: "fakecloud" },
      "wissel:fakecloud": { region: "ams" },
    });
    try {
      await harness.run(() => new Bucket("files"));
      expect(plannedComponents()[0]?.targetKey).toBe("wissel:targets.files");
    } finally {
      harness.setConfig({ "wissel:target": "fakecloud", "wissel:fakecloud": { region: "ams" } });
    }
  });

  it("drops protection only on allowDataLoss", async () => {
    await harness.run(() => new Bucket("scratch", { allowDataLoss: true }));
    expect(harness.one("fake:storage:Bucket", "scratch")).toMatchObject({
      protect: false,
      retainOnDelete: false,
    });
  });
});
