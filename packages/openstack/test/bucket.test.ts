import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import {
  Bucket,
  plannedComponents,
  swiftContainerName,
  type BucketArgs,
  type CorsRuleSpec,
} from "@wissel/core";
import { MockHarness, isSecret, valueOf, type Registration } from "@wissel/testing";
import { adapter } from "@wissel/openstack";
import { CONTAINER_TYPE, EC2_CREDENTIAL_TYPE, corsMetadata } from "../src/bucket";

const ACCESS = "5f0c7a3e9b2d4c1f8e6a0b9d7c5e3a1f";
const SECRET = "d41d8cd98f00b204e9800998ecf8427e";

const SETTINGS = {
  region: "AMS1",
  s3Endpoint: "https://s3.ams1.openstack.example",
  operator: { name: "Voorbeeld Cloud", legalEntity: "Voorbeeld Cloud B.V.", country: "NL" },
};
const CONFIG = { "wissel:target": "openstack", "wissel:openstack": SETTINGS };

let harness: MockHarness;

beforeAll(async () => {
  harness = await MockHarness.start({
    project: "team-workspace",
    stack: "openstack",
    config: CONFIG,
    outputs: (args) =>
      args.type === EC2_CREDENTIAL_TYPE
        ? {
            access: ACCESS,
            secret: SECRET,
            projectId: "b1f6c0d2e3a4",
            userId: "9a8b7c6d5e4f",
            trustId: "",
          }
        : undefined,
  });
});

beforeEach(() => {
  harness.reset();
  harness.setConfig(CONFIG);
});

async function build(
  name: string,
  args: BucketArgs = {},
): Promise<{ bucket: Bucket; registrations: Registration[] }> {
  const { result, registrations } = await harness.run(() => new Bucket(name, args));
  return { bucket: result, registrations };
}

/** Constructs a bucket that must fail at preview; returns the message and checks nothing was registered. */
async function rejection(name: string, args: BucketArgs): Promise<string> {
  let error: unknown;
  try {
    new Bucket(name, args);
  } catch (caught) {
    error = caught;
  }
  await harness.settle();
  expect(pulumi.ResourceError.isInstance(error)).toBe(true);
  expect(harness.registrations).toEqual([]);
  return (error as Error).message;
}

const containerName = (name: string): string =>
  swiftContainerName({ project: "team-workspace", stack: "openstack", name });

describe("a default bucket", () => {
  it("registers exactly a private container and an EC2 credential under the component", async () => {
    const { bucket, registrations } = await build("files");
    const urn = await valueOf(bucket.urn);
    expect(registrations.map((r) => [r.type, r.name, r.parent ?? null])).toEqual([
      ["wissel:storage:Bucket", "files", null],
      [EC2_CREDENTIAL_TYPE, "files-credentials", urn],
      [CONTAINER_TYPE, "files", urn],
    ]);

    const container = harness.one(CONTAINER_TYPE, "files");
    // No containerRead/containerWrite (private), no metadata (no CORS), no forceDestroy.
    expect(container.inputs).toEqual({
      name: containerName("files"),
      region: "AMS1",
      versioning: false,
    });
    expect(container.inputs["name"]).toMatch(/^files-[0-9a-f]{8}$/);
  });

  it("protects and retains the container, but not the credential, and never deletes before replacing", async () => {
    await build("files");
    const container = harness.one(CONTAINER_TYPE, "files");
    const credential = harness.one(EC2_CREDENTIAL_TYPE, "files-credentials");
    expect([container.protect, container.retainOnDelete, container.deleteBeforeReplace]).toEqual([
      true,
      true,
      false,
    ]);
    expect([credential.protect, credential.retainOnDelete, credential.deleteBeforeReplace]).toEqual(
      [false, false, false],
    );
  });

  it("creates the EC2 credential in the configured region and keeps access and secret out of plain outputs", async () => {
    await build("files");
    const credential = harness.one(EC2_CREDENTIAL_TYPE, "files-credentials");
    expect(credential.inputs).toEqual({ region: "AMS1" });
    expect([...credential.additionalSecretOutputs].sort()).toEqual(["access", "secret"]);
  });

  it("binds path-style S3 at the configured endpoint with the credential's keys, as a secret scoped to the project", async () => {
    const { bucket } = await build("files");
    expect(await isSecret(bucket.binding)).toBe(true);
    expect(await valueOf(bucket.binding)).toEqual({
      protocol: "s3",
      endpoint: "https://s3.ams1.openstack.example",
      region: "AMS1",
      bucket: containerName("files"),
      pathStyle: true,
      accessKeyId: ACCESS,
      secretAccessKey: SECRET,
      credentialScope: "project",
    });
    expect(await valueOf(bucket.bucketName)).toBe(containerName("files"));
    expect(await valueOf(bucket.endpoint)).toBe("https://s3.ams1.openstack.example");
  });

  it("exposes the raw children by role", async () => {
    const { bucket } = await build("files");
    expect(Object.keys(bucket.vendorResources).sort()).toEqual(["container", "credentials"]);
    expect(await valueOf(bucket.vendorResources["container"]!.urn)).toBe(
      harness.one(CONTAINER_TYPE, "files").urn,
    );
    expect(await valueOf(bucket.vendorResources["credentials"]!.urn)).toBe(
      harness.one(EC2_CREDENTIAL_TYPE, "files-credentials").urn,
    );
  });

  it("signs for s3Region when the cloud's s3api location differs from the Keystone region", async () => {
    harness.setConfig({ ...CONFIG, "wissel:openstack": { ...SETTINGS, s3Region: "ams1" } });
    const { bucket } = await build("files");
    const binding = await valueOf(bucket.binding);
    expect([binding.region, harness.one(CONTAINER_TYPE, "files").inputs["region"]]).toEqual([
      "ams1",
      "AMS1",
    ]);
  });

  it("records the operator's placement and its decisions for wissel plan", async () => {
    await build("files");
    const [record] = plannedComponents();
    expect(record?.placement).toEqual({
      target: "openstack",
      vendor: "Voorbeeld Cloud",
      legalEntity: "Voorbeeld Cloud B.V.",
      headquarters: "NL",
      foreignJurisdictions: [],
      onPremises: false,
      region: "AMS1",
      country: "NL",
    });
    expect(record?.decisions.map((d) => d.what)).toEqual([
      "container",
      "credentials",
      "addressing",
    ]);
    expect(record?.decisions[0]?.choice).toBe(containerName("files"));
  });
});

describe("requested features", () => {
  it("turns on Swift object versioning when asked", async () => {
    await build("docs", { versioning: true });
    expect(harness.one(CONTAINER_TYPE, "docs").inputs["versioning"]).toBe(true);
    expect(plannedComponents()[0]?.decisions.map((d) => d.what)).toContain("versioning");
  });

  it("writes CORS as Swift container metadata and says in the plan what Swift widens", async () => {
    await build("web", {
      cors: [
        {
          allowedOrigins: ["https://app.example.nl"],
          allowedMethods: ["GET", "PUT"],
          allowedHeaders: ["content-type"],
          exposedHeaders: ["etag"],
          maxAgeSeconds: 600,
        },
      ],
    });
    expect(harness.one(CONTAINER_TYPE, "web").inputs["metadata"]).toEqual({
      "Access-Control-Allow-Origin": "https://app.example.nl",
      "Access-Control-Max-Age": "600",
      "Access-Control-Expose-Headers": "etag",
    });
    const cors = plannedComponents()[0]?.decisions.find((d) => d.what === "cors");
    expect(cors?.choice).toBe(
      "origins https://app.example.nl may use GET, HEAD, PUT, POST, DELETE and any request header; max-age 600 s",
    );
    expect(cors?.why).toContain("cors_preflight_allow_origin");
  });

  it("lets Pulumi empty the container on delete only with allowDataLoss", async () => {
    await build("scratch", { allowDataLoss: true });
    const container = harness.one(CONTAINER_TYPE, "scratch");
    expect(container.inputs["forceDestroy"]).toBe(true);
    expect([container.protect, container.retainOnDelete]).toEqual([false, false]);
  });

  it("refuses expireAfterDays, as Swift has no container lifecycle", async () => {
    const message = await rejection("logs", { expireAfterDays: 30 });
    expect(message).toContain(
      'Bucket "logs": expireAfterDays is not supported on target "openstack": Swift has no container lifecycle',
    );
    expect(message).toContain("wissel:targets.logs");
  });

  it("refuses wildcard CORS origins, which Swift cannot match", async () => {
    const message = await rejection("web", {
      cors: [{ allowedOrigins: ["https://*.example.nl"], allowedMethods: ["GET"] }],
    });
    expect(message).toContain(
      'Bucket "web": cors[0].allowedOrigins[0] cannot hold a wildcard on target "openstack"',
    );
    expect(message).toContain('(received "https://*.example.nl")');
  });

  it("refuses rules that expose different headers, which one Swift container cannot keep apart", async () => {
    const message = await rejection("web", {
      cors: [
        {
          allowedOrigins: ["https://a.example.nl"],
          allowedMethods: ["GET"],
          exposedHeaders: ["etag"],
        },
        {
          allowedOrigins: ["https://b.example.nl"],
          allowedMethods: ["GET"],
          exposedHeaders: ["x-object-meta-owner"],
        },
      ],
    });
    expect(message).toContain(
      'Bucket "web": cors[1].exposedHeaders must equal cors[0].exposedHeaders on target "openstack"',
    );
  });
});

describe("sovereignty from the operator settings", () => {
  it("rejects sensitive data with an operator under non-EU law", async () => {
    harness.setConfig({
      ...CONFIG,
      "wissel:openstack": {
        ...SETTINGS,
        operator: { ...SETTINGS.operator, foreignJurisdictions: ["US CLOUD Act"] },
      },
    });
    const message = await rejection("records", { classification: "sensitive" });
    expect(message).toContain(
      'Bucket "records": classification may only be placed in an EU country',
    );
    expect(message).toContain("reachable under US CLOUD Act");
  });

  it("places sensitive data on an on-premises cloud when the policy demands it", async () => {
    harness.setConfig({
      ...CONFIG,
      "wissel:policy": { sensitive: "on-premises" },
      "wissel:openstack": { ...SETTINGS, operator: { ...SETTINGS.operator, onPremises: true } },
    });
    const { registrations } = await build("records", { classification: "sensitive" });
    expect(registrations.map((r) => r.type)).toEqual([
      "wissel:storage:Bucket",
      EC2_CREDENTIAL_TYPE,
      CONTAINER_TYPE,
    ]);
  });

  it("uses regionCountry, not the operator's country, for where the data lives", async () => {
    harness.setConfig({
      ...CONFIG,
      "wissel:policy": { sensitive: "nl" },
      "wissel:openstack": { ...SETTINGS, regionCountry: "DE" },
    });
    const message = await rejection("records", { classification: "sensitive" });
    expect(message).toContain("in AMS1 (DE)");
  });
});

describe("corsMetadata", () => {
  const rule = (
    origins: string[],
    maxAgeSeconds: number,
    exposedHeaders: string[] = [],
  ): CorsRuleSpec => ({
    allowedOrigins: origins,
    allowedMethods: ["GET"],
    allowedHeaders: [],
    exposedHeaders,
    maxAgeSeconds,
  });

  it("joins the origins of every rule and keeps the shortest max-age", () => {
    expect(
      corsMetadata([
        rule(["https://a.example.nl", "https://b.example.nl"], 3600),
        rule(["https://b.example.nl", "https://c.example.nl"], 600),
      ]),
    ).toEqual({
      "Access-Control-Allow-Origin":
        "https://a.example.nl https://b.example.nl https://c.example.nl",
      "Access-Control-Max-Age": "600",
    });
  });

  it("collapses a list holding * to *", () => {
    expect(
      corsMetadata([rule(["https://a.example.nl"], 60), rule(["*"], 60, ["etag", "x-trans-id"])]),
    ).toEqual({
      "Access-Control-Allow-Origin": "*",
      "Access-Control-Max-Age": "60",
      "Access-Control-Expose-Headers": "etag x-trans-id",
    });
  });

  it("writes nothing without rules", () => {
    expect(corsMetadata([])).toEqual({});
  });
});

describe("the adapter object", () => {
  it("is the openstack target and knows no fixed regions", () => {
    expect([adapter.name, adapter.packageName, adapter.regions]).toEqual([
      "openstack",
      "@wissel/openstack",
      [],
    ]);
  });
});

describe("SDK imports", () => {
  it("loads only the objectstorage, identity, containerinfra and database submodules, never the SDK's root barrel", () => {
    const dir = path.resolve(__dirname, "../src");
    const imports = fs
      .readdirSync(dir)
      .flatMap((file) =>
        [
          ...fs
            .readFileSync(path.join(dir, file), "utf8")
            .matchAll(/from "(@pulumi\/openstack[^"]*)"/g),
        ].map((m) => m[1]),
      );
    expect([...new Set(imports)].sort()).toEqual([
      "@pulumi/openstack/containerinfra",
      "@pulumi/openstack/database",
      "@pulumi/openstack/identity",
      "@pulumi/openstack/objectstorage",
    ]);
  });
});
