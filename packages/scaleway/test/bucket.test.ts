import * as pulumi from "@pulumi/pulumi";
import { Bucket, plannedComponents, s3BucketName, type BucketArgs } from "@wissel/core";
import { MockHarness, isSecret, valueOf, type Registration } from "@wissel/testing";
import { CAPABILITIES, adapter } from "@wissel/scaleway";
import { APPLICATION_ACTIONS, bucketPolicyDocument, corsRules } from "../src/bucket";
import {
  ACCESS_KEY,
  CONFIG,
  DEPLOYER,
  PROJECT_ID,
  SECRET_KEY,
  SETTINGS,
  outputs,
} from "./fixtures";

const BUCKET = "scaleway:object/bucket:Bucket";
const ACL = "scaleway:object/bucketAcl:BucketAcl";
const ENCRYPTION =
  "scaleway:object/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration";
const BUCKET_POLICY = "scaleway:object/bucketPolicy:BucketPolicy";
const APPLICATION = "scaleway:iam/application:Application";
const IAM_POLICY = "scaleway:iam/policy:Policy";
const API_KEY = "scaleway:iam/apiKey:ApiKey";

/** The physical bucket name for "files" in the harness's project and stack. */
const FILES = s3BucketName({ project: "wissel-test", stack: "test", name: "files" });
/** The harness gives every resource the id `<name>-id`. */
const APP_ID = "files-app-id";

let harness: MockHarness;
beforeAll(async () => {
  harness = await MockHarness.start({ config: CONFIG, outputs });
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

function options(r: Registration): {
  protect: boolean;
  retainOnDelete: boolean;
  deleteBeforeReplace: boolean;
} {
  return {
    protect: r.protect,
    retainOnDelete: r.retainOnDelete,
    deleteBeforeReplace: r.deleteBeforeReplace,
  };
}

describe("Bucket on scaleway", () => {
  it("registers exactly a bucket, its ACL, encryption and policy, an IAM application, its policy and key, all under the component", async () => {
    const { bucket, registrations } = await build("files");
    const urn = await valueOf(bucket.urn);
    // Registration order depends on when each input resolves, so compare as sorted lists.
    expect(registrations.map((r) => `${r.type} ${r.name}`).sort()).toEqual(
      [
        "wissel:storage:Bucket files",
        `${BUCKET} files`,
        `${ACL} files-acl`,
        `${ENCRYPTION} files-encryption`,
        `${APPLICATION} files-app`,
        `${IAM_POLICY} files-policy`,
        `${BUCKET_POLICY} files-bucket-policy`,
        `${API_KEY} files-key`,
      ].sort(),
    );
    for (const child of registrations.slice(1)) expect(child.parent).toBe(urn);
    expect(Object.keys(bucket.vendorResources).sort()).toEqual([
      "acl",
      "application",
      "bucket",
      "bucketPolicy",
      "encryption",
      "key",
      "policy",
    ]);
  });

  it("creates a protected bucket with a deterministic name, versioning and CORS stated as off, and no lifecycle", async () => {
    await build("files");
    const bucket = harness.one(BUCKET, "files");
    expect(FILES).toMatch(/^files-[0-9a-f]{8}$/);
    expect(bucket.inputs).toEqual({
      name: FILES,
      region: "nl-ams",
      projectId: PROJECT_ID,
      versioning: { enabled: false },
      corsRules: [],
      forceDestroy: false,
    });
    expect(options(bucket)).toEqual({
      protect: true,
      retainOnDelete: true,
      deleteBeforeReplace: false,
    });
  });

  it("maps versioning, expireAfterDays and CORS onto the bucket", async () => {
    await build("files", {
      versioning: true,
      expireAfterDays: 30,
      cors: [
        {
          allowedOrigins: ["https://app.example.nl"],
          allowedMethods: ["GET", "PUT"],
          allowedHeaders: ["content-type"],
          exposedHeaders: ["etag"],
          maxAgeSeconds: 600,
        },
        { allowedOrigins: ["*"], allowedMethods: ["HEAD"] },
      ],
    });
    expect(harness.one(BUCKET, "files").inputs).toMatchObject({
      versioning: { enabled: true },
      lifecycleRules: [{ id: "wissel-expire", enabled: true, expiration: { days: 30 } }],
      corsRules: [
        {
          allowedOrigins: ["https://app.example.nl"],
          allowedMethods: ["GET", "PUT"],
          allowedHeaders: ["content-type"],
          exposeHeaders: ["etag"],
          maxAgeSeconds: 600,
        },
        { allowedOrigins: ["*"], allowedMethods: ["HEAD"], maxAgeSeconds: 3600 },
      ],
    });
  });

  it("lets Pulumi delete the bucket and its objects only when allowDataLoss is set", async () => {
    await build("scratch", { allowDataLoss: true });
    const bucket = harness.one(BUCKET, "scratch");
    expect(bucket.inputs["forceDestroy"]).toBe(true);
    expect(options(bucket)).toEqual({
      protect: false,
      retainOnDelete: false,
      deleteBeforeReplace: false,
    });
    expect(options(harness.one(ENCRYPTION, "scratch-encryption"))).toEqual({
      protect: false,
      retainOnDelete: false,
      deleteBeforeReplace: false,
    });
  });

  it("sets a private ACL as its own resource, in the bucket's project and region", async () => {
    await build("files");
    const acl = harness.one(ACL, "files-acl");
    expect(acl.inputs).toEqual({
      bucket: FILES,
      region: "nl-ams",
      projectId: PROJECT_ID,
      acl: "private",
    });
    expect(options(acl)).toEqual({
      protect: false,
      retainOnDelete: false,
      deleteBeforeReplace: false,
    });
  });

  it("encrypts every upload with SSE-ONE and protects that configuration like the bucket", async () => {
    await build("files");
    const encryption = harness.one(ENCRYPTION, "files-encryption");
    expect(encryption.inputs).toEqual({
      bucket: FILES,
      region: "nl-ams",
      projectId: PROJECT_ID,
      rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
    });
    expect(options(encryption)).toEqual({
      protect: true,
      retainOnDelete: true,
      deleteBeforeReplace: false,
    });
  });

  it("gives the application object permissions in the project only, never bucket write or delete", async () => {
    await build("files");
    expect(harness.one(APPLICATION, "files-app").inputs).toEqual({
      name: FILES,
      description: `Wissel bucket files (wissel-test/test): reads and writes bucket ${FILES}`,
    });
    const policy = harness.one(IAM_POLICY, "files-policy");
    expect(policy.inputs).toMatchObject({
      name: FILES,
      applicationId: APP_ID,
      rules: [
        {
          projectIds: [PROJECT_ID],
          permissionSetNames: [
            "ObjectStorageBucketsRead",
            "ObjectStorageObjectsRead",
            "ObjectStorageObjectsWrite",
            "ObjectStorageObjectsDelete",
          ],
        },
      ],
    });
    expect(policy.inputs).not.toHaveProperty("organizationId");
  });

  it("puts a bucket policy that admits the deployer and the application, and nobody else", async () => {
    await build("files");
    const bucketPolicy = harness.one(BUCKET_POLICY, "files-bucket-policy");
    expect(bucketPolicy.inputs).toMatchObject({
      bucket: FILES,
      region: "nl-ams",
      projectId: PROJECT_ID,
    });
    const document = JSON.parse(bucketPolicy.inputs["policy"] as string) as unknown;
    expect(document).toEqual({
      Version: "2023-04-17",
      Id: `wissel-${FILES}`,
      Statement: [
        {
          Sid: "Deployer",
          Effect: "Allow",
          Principal: { SCW: DEPLOYER },
          Action: ["s3:*"],
          Resource: [FILES, `${FILES}/*`],
        },
        {
          Sid: "Application",
          Effect: "Allow",
          Principal: { SCW: `application_id:${APP_ID}` },
          Action: [...APPLICATION_ACTIONS],
          Resource: [FILES, `${FILES}/*`],
        },
      ],
    });
  });

  it("issues the application's key in the project, with the secret key a secret output, after encryption and the bucket policy", async () => {
    const { registrations } = await build("files");
    const key = harness.one(API_KEY, "files-key");
    expect(key.inputs).toEqual({
      applicationId: APP_ID,
      defaultProjectId: PROJECT_ID,
      description: "Wissel bucket files (wissel-test/test): the application's S3 credentials",
    });
    expect(key.additionalSecretOutputs).toContain("secretKey");
    const order = registrations.map((r) => r.name);
    expect(order.indexOf("files-key")).toBeGreaterThan(order.indexOf("files-bucket-policy"));
    expect(order.indexOf("files-key")).toBeGreaterThan(order.indexOf("files-encryption"));
  });

  it("binds the app over S3 with virtual-hosted addressing, honest about the key's project-wide reach", async () => {
    const { bucket } = await build("files");
    expect(await isSecret(bucket.binding)).toBe(true);
    expect(await valueOf(bucket.binding)).toEqual({
      protocol: "s3",
      endpoint: "https://s3.nl-ams.scw.cloud",
      region: "nl-ams",
      bucket: FILES,
      pathStyle: false,
      accessKeyId: ACCESS_KEY,
      secretAccessKey: SECRET_KEY,
      credentialScope: "project",
    });
    expect(await valueOf(bucket.endpoint)).toBe("https://s3.nl-ams.scw.cloud");
  });

  it("records its placement and decisions for wissel plan", async () => {
    await build("files", { classification: "sensitive" });
    const [record] = plannedComponents();
    expect(record?.placement).toEqual({
      target: "scaleway",
      vendor: "Scaleway",
      legalEntity: "Scaleway SAS",
      headquarters: "FR",
      foreignJurisdictions: [],
      onPremises: false,
      region: "nl-ams",
      country: "NL",
    });
    expect(record?.decisions.map((d) => d.what)).toEqual([
      "bucket",
      "encryption at rest",
      "credentials",
    ]);
    expect(record?.decisions[0]?.choice).toBe(`${FILES} in nl-ams, private ACL`);
  });

  it("places buckets in the configured region", async () => {
    harness.setConfig({ ...CONFIG, "wissel:scaleway": { ...SETTINGS, region: "pl-waw" } });
    const { bucket } = await build("files");
    expect(harness.one(BUCKET, "files").inputs["region"]).toBe("pl-waw");
    expect((await valueOf(bucket.binding)).endpoint).toBe("https://s3.pl-waw.scw.cloud");
    expect(bucket.placement.country).toBe("PL");
  });

  it("fails at preview, before registering anything, when the stack config lacks the deployer", async () => {
    harness.setConfig({
      ...CONFIG,
      "wissel:scaleway": { region: "nl-ams", projectId: PROJECT_ID },
    });
    let error: unknown;
    try {
      new Bucket("files");
    } catch (caught) {
      error = caught;
    }
    expect(pulumi.ResourceError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain(
      "stack config: wissel:scaleway.deployerPrincipal is required",
    );
    await harness.settle();
    expect(harness.registrations).toEqual([]);
  });
});

describe("scaleway capability table", () => {
  it("offers every bucket feature but bucket-scoped credentials", () => {
    const table = adapter.capabilities(adapter.parseSettings(SETTINGS)).bucket;
    expect(table?.block.support).toBe("native");
    const support = Object.fromEntries(
      Object.entries(table?.features ?? {}).map(([feature, c]) => [feature, c.support]),
    );
    expect(support).toEqual({
      versioning: "native",
      expireAfterDays: "native",
      cors: "native",
      scopedCredentials: "unsupported",
      encryptionAtRest: "native",
    });
    for (const capability of Object.values(CAPABILITIES.bucket?.features ?? {}))
      expect(capability.reason.length).toBeGreaterThan(10);
  });
});

describe("bucketPolicyDocument", () => {
  it("never grants the application permanent deletion of versions or any bucket configuration", () => {
    const [, application] = bucketPolicyDocument("b", DEPLOYER, "app").Statement;
    expect(application?.Action).not.toContain("s3:DeleteObjectVersion");
    expect(application?.Action).not.toContain("s3:*");
    expect(application?.Action.filter((a) => /^s3:Put(Bucket|Lifecycle)/.test(a))).toEqual([]);
  });
});

describe("corsRules", () => {
  it("leaves out empty header lists, which the provider reads back as absent", () => {
    expect(
      corsRules([
        {
          allowedOrigins: ["*"],
          allowedMethods: ["GET"],
          allowedHeaders: [],
          exposedHeaders: [],
          maxAgeSeconds: 60,
        },
      ]),
    ).toEqual([{ allowedOrigins: ["*"], allowedMethods: ["GET"], maxAgeSeconds: 60 }]);
  });
});
