import * as pulumi from "@pulumi/pulumi";
import { Bucket, plannedComponents, s3BucketName, type BucketArgs } from "@wissel/core";
import { adapter } from "@wissel/kubernetes";
import { credentialsFromSecretData } from "../src/bucket";
import { bucketCapabilities } from "../src/capabilities";
import { parseSettings } from "../src/settings";
import { MockHarness, isSecret, valueOf, type Registration } from "@wissel/testing";
import {
  ACCESS_KEY_ID,
  OPERATOR,
  SECRET_ACCESS_KEY,
  SETTINGS,
  claimSchemaErrors,
  observed,
  outputs,
  stackConfig,
} from "./fixtures";

const CLAIM = "kubernetes:objectbucket.io/v1alpha1:ObjectBucketClaim";
const SECRET = "kubernetes:core/v1:Secret";
const PROVIDER = "pulumi:providers:kubernetes";
const COMPONENT = "wissel:storage:Bucket";

const WITH_FIELDS = {
  ...SETTINGS,
  objectStorage: {
    ...SETTINGS.objectStorage,
    additionalConfigFields: ["bucketVersioning", "bucketLifecycle"],
  },
};
const WITH_KUBECONFIG = {
  ...SETTINGS,
  kubeconfig: "/etc/wissel/amsterdam.kubeconfig",
  context: "ams-dc1-admin",
};

let harness: MockHarness;

beforeAll(async () => {
  harness = await MockHarness.start({
    project: "team-workspace",
    stack: "kubernetes",
    config: stackConfig(),
    outputs,
  });
});
beforeEach(() => {
  harness.setConfig(stackConfig());
  harness.reset();
  observed.providers.clear();
  observed.claims.length = 0;
});
afterEach(() => {
  // Every ObjectBucketClaim any test emitted must be one the API server accepts.
  for (const claim of claimSchemaErrors()) expect(claim).toEqual({ name: claim.name, errors: [] });
});

async function build(
  name: string,
  args: BucketArgs = {},
): Promise<{ bucket: Bucket; registrations: Registration[] }> {
  const { result, registrations } = await harness.run(() => new Bucket(name, args));
  return { bucket: result, registrations };
}

function failure(name: string, args: BucketArgs): Error {
  try {
    new Bucket(name, args);
  } catch (error) {
    if (pulumi.ResourceError.isInstance(error)) return error;
    throw error;
  }
  throw new Error("expected the Bucket to fail at preview");
}

describe("Bucket on Kubernetes", () => {
  it("claims the bucket with an ObjectBucketClaim and reads the Secret the provisioner writes", async () => {
    const { bucket, registrations } = await build("files");
    const urn = await valueOf(bucket.urn);
    expect(registrations.map((r) => [r.type, r.name, r.read])).toEqual([
      [COMPONENT, "files", false],
      [CLAIM, "files", false],
      [SECRET, "files-credentials", true],
    ]);

    const claim = harness.one(CLAIM, "files");
    expect(claim.parent).toBe(urn);
    expect(claim.inputs).toEqual({
      apiVersion: "objectbucket.io/v1alpha1",
      kind: "ObjectBucketClaim",
      metadata: {
        name: "files",
        namespace: "workspace",
        annotations: { "pulumi.com/waitFor": "jsonpath={.status.phase}=Bound" },
      },
      spec: {
        bucketName: s3BucketName({ project: "team-workspace", stack: "kubernetes", name: "files" }),
        storageClassName: "rook-ceph-bucket",
      },
    });
    expect([claim.protect, claim.retainOnDelete, claim.deleteBeforeReplace]).toEqual([
      true,
      true,
      false,
    ]);

    const secret = harness.one(SECRET, "files-credentials");
    expect(secret.parent).toBe(urn);
    expect(secret.inputs["id"]).toBe("workspace/files");
    expect([secret.protect, secret.retainOnDelete]).toEqual([false, false]);
    expect(Object.keys(bucket.vendorResources).sort()).toEqual(["claim", "credentials"]);
  });

  it("binds the app to the TLS endpoint with the claim's own credentials, all secret", async () => {
    const { bucket } = await build("files");
    expect(await isSecret(bucket.binding)).toBe(true);
    expect(await valueOf(bucket.binding)).toEqual({
      protocol: "s3",
      endpoint: "https://s3.data.amsterdam.nl",
      region: "us-east-1",
      bucket: s3BucketName({ project: "team-workspace", stack: "kubernetes", name: "files" }),
      pathStyle: true,
      accessKeyId: ACCESS_KEY_ID,
      secretAccessKey: SECRET_ACCESS_KEY,
      credentialScope: "bucket",
    });
    expect(await valueOf(bucket.endpoint)).toBe("https://s3.data.amsterdam.nl");
  });

  it("names the claim as a DNS-1123 label of the component name, and reads the Secret of that name", async () => {
    await build("Team_Files");
    expect((harness.one(CLAIM, "Team_Files").inputs["metadata"] as { name: string }).name).toBe(
      "team-files",
    );
    expect(harness.one(SECRET, "Team_Files-credentials").inputs["id"]).toBe("workspace/team-files");
  });

  it("unprotects the claim only when allowDataLoss is set", async () => {
    await build("scratch", { allowDataLoss: true });
    const claim = harness.one(CLAIM, "scratch");
    expect([claim.protect, claim.retainOnDelete]).toEqual([false, false]);
  });

  it("decodes the Secret's base64 keys, and fails the deployment with the reason when one is missing", () => {
    const encode = (value: string): string => Buffer.from(value).toString("base64");
    expect(
      credentialsFromSecretData(
        { AWS_ACCESS_KEY_ID: encode("AK"), AWS_SECRET_ACCESS_KEY: encode("SK") },
        "ns/files",
      ),
    ).toEqual({
      accessKeyId: "AK",
      secretAccessKey: "SK",
    });
    expect(() =>
      credentialsFromSecretData({ AWS_ACCESS_KEY_ID: encode("AK") }, "ns/files"),
    ).toThrow(
      "Secret ns/files has no AWS_SECRET_ACCESS_KEY: the storage class's provisioner did not write S3 credentials.",
    );
    expect(() => credentialsFromSecretData(undefined, "ns/files")).toThrow(
      "Secret ns/files has no AWS_ACCESS_KEY_ID",
    );
  });

  it("records the provisioner and bucket name for wissel plan", async () => {
    await build("files");
    const [record] = plannedComponents();
    expect(record?.decisions.map((d) => [d.what, d.choice])).toEqual([
      ["bucket provisioner", "ObjectBucketClaim workspace/files on storage class rook-ceph-bucket"],
      [
        "bucket name",
        s3BucketName({ project: "team-workspace", stack: "kubernetes", name: "files" }),
      ],
    ]);
    expect(record?.placement).toEqual({
      target: "kubernetes",
      vendor: "Gemeente Amsterdam",
      legalEntity: "Gemeente Amsterdam",
      headquarters: "NL",
      foreignJurisdictions: [],
      onPremises: true,
      region: "ams-dc1",
      country: "NL",
    });
  });
});

describe("Bucket features through additionalConfig", () => {
  it.each([
    ["versioning", { versioning: true }, "ObjectBucketClaim has no versioning field"],
    [
      "expireAfterDays",
      { expireAfterDays: 30 },
      "the provisioner does not accept additionalConfig.bucketLifecycle",
    ],
    [
      "cors",
      { cors: [{ allowedOrigins: ["https://app.example.nl"], allowedMethods: ["GET"] }] },
      "ObjectBucketClaim cannot express CORS",
    ],
  ] as const)(
    "fails at preview on %s when the provisioner cannot do it, registering nothing",
    async (feature, args, reason) => {
      const error = failure("files", args as BucketArgs);
      expect(error.message).toContain(
        `Bucket "files": ${feature} is not supported on target "kubernetes": ${reason}`,
      );
      expect(error.message).toContain("wissel:targets.files");
      await harness.settle();
      expect(harness.registrations).toEqual([]);
    },
  );

  it("writes an expiry rule as bucketLifecycle, and manages versioning where the provisioner allows both", async () => {
    harness.setConfig(stackConfig(WITH_FIELDS));
    await build("archive", { versioning: true, expireAfterDays: 30 });
    expect(
      (harness.one(CLAIM, "archive").inputs["spec"] as Record<string, unknown>)["additionalConfig"],
    ).toEqual({
      bucketVersioning: "Enabled",
      bucketLifecycle:
        '{"Rules":[{"ID":"wissel-expire-after-days","Status":"Enabled","Prefix":"","Expiration":{"Days":30}}]}',
    });
  });

  it("suspends versioning explicitly when it is off, since an absent key leaves it unmanaged", async () => {
    harness.setConfig(stackConfig(WITH_FIELDS));
    await build("files");
    expect(
      (harness.one(CLAIM, "files").inputs["spec"] as Record<string, unknown>)["additionalConfig"],
    ).toEqual({
      bucketVersioning: "Suspended",
    });
  });

  it("writes no additionalConfig when nothing asks for it", async () => {
    harness.setConfig(
      stackConfig({
        ...SETTINGS,
        objectStorage: { ...SETTINGS.objectStorage, additionalConfigFields: ["bucketLifecycle"] },
      }),
    );
    await build("files");
    expect(Object.keys(harness.one(CLAIM, "files").inputs["spec"] as object).sort()).toEqual([
      "bucketName",
      "storageClassName",
    ]);
  });

  it("offers no buckets without objectStorage settings, and says which settings to add", () => {
    harness.setConfig(
      stackConfig({ namespace: "workspace", region: "ams-dc1", operator: OPERATOR }),
    );
    const error = failure("files", {});
    expect(error.message).toContain(
      "must name a target that offers buckets; kubernetes does not (no object storage configured",
    );
    expect(error.message).toContain(
      "wissel:kubernetes.objectStorage.storageClassName and .endpoint",
    );
  });
});

describe("capability table", () => {
  it("follows the settings: provisioner fields and attested encryption", () => {
    const { encryptedAtRest: _attested, ...unattested } = SETTINGS.objectStorage;
    const plain = bucketCapabilities(parseSettings({ ...SETTINGS, objectStorage: unattested }));
    const full = bucketCapabilities(
      parseSettings({
        ...SETTINGS,
        objectStorage: { ...WITH_FIELDS.objectStorage, encryptedAtRest: true },
      }),
    );
    const none = bucketCapabilities(
      parseSettings({ namespace: "workspace", region: "ams-dc1", operator: OPERATOR }),
    );
    const supports = (table: typeof plain): Record<string, string> =>
      Object.fromEntries([
        ["block", table.block.support],
        ...Object.entries(table.features).map(([k, v]) => [k, v.support]),
      ]);
    expect(supports(plain)).toEqual({
      block: "native",
      versioning: "unsupported",
      expireAfterDays: "unsupported",
      cors: "unsupported",
      scopedCredentials: "native",
      encryptionAtRest: "unsupported",
    });
    expect(supports(full)).toEqual({
      block: "native",
      versioning: "native",
      expireAfterDays: "native",
      cors: "unsupported",
      scopedCredentials: "native",
      encryptionAtRest: "native",
    });
    expect(none.block.support).toBe("unsupported");
  });
});

describe("cluster connection", () => {
  it("uses the component's provider (the default one) when the settings name no kubeconfig or context", async () => {
    await build("files");
    expect(harness.ofType(PROVIDER)).toEqual([]);
    // No explicit provider reference: the engine gives the claim and the read the default provider.
    expect(observed.providers.has(`${CLAIM} files`)).toBe(true);
    expect(observed.providers.get(`${CLAIM} files`)).toBeFalsy();
    expect(observed.providers.get(`${SECRET} files-credentials`)).toBeFalsy();
  });

  it("creates one stack-level provider for a kubeconfig and context, shared by every bucket", async () => {
    harness.setConfig(stackConfig(WITH_KUBECONFIG));
    const { registrations } = await harness.run(() => [new Bucket("files"), new Bucket("photos")]);
    const providers = registrations.filter((r) => r.type === PROVIDER);
    expect(providers.map((p) => [p.name, p.parent])).toEqual([["wissel-kubernetes", undefined]]);
    expect(providers[0]?.inputs).toMatchObject({
      kubeconfig: "/etc/wissel/amsterdam.kubeconfig",
      context: "ams-dc1-admin",
    });

    const providerRef = `${providers[0]?.urn}::wissel-kubernetes-id`;
    for (const name of [
      `${CLAIM} files`,
      `${CLAIM} photos`,
      `${SECRET} files-credentials`,
      `${SECRET} photos-credentials`,
    ]) {
      expect([name, observed.providers.get(name)]).toEqual([name, providerRef]);
    }
  });
});

describe("placement from the operator's settings", () => {
  it("lets a policy reject a sensitive bucket on a cluster run under a foreign jurisdiction", () => {
    harness.setConfig({
      ...stackConfig({
        ...SETTINGS,
        operator: {
          ...OPERATOR,
          name: "Hosting BV",
          legalEntity: "Hosting BV",
          foreignJurisdictions: ["US CLOUD Act"],
          onPremises: false,
        },
      }),
      "wissel:policy": { sensitive: "eu" },
    });
    const error = failure("records", { classification: "sensitive" });
    expect(error.message).toContain(
      "Hosting BV (Hosting BV, ultimate parent in NL) in ams-dc1 (NL), reachable under US CLOUD Act",
    );
  });

  it("meets an on-premises policy with the operator's own cluster", async () => {
    harness.setConfig({ ...stackConfig(), "wissel:policy": { sensitive: "on-premises" } });
    const { bucket } = await build("records", { classification: "sensitive" });
    expect(bucket.placement.onPremises).toBe(true);
    expect(adapter.placement(parseSettings(SETTINGS)).vendor).toBe("Gemeente Amsterdam");
  });
});

describe("Bucket and the operator's encryption attestation", () => {
  const { encryptedAtRest: _attested, ...unattested } = SETTINGS.objectStorage;
  const configure = (objectStorage: object): void =>
    harness.setConfig(stackConfig({ ...SETTINGS, objectStorage }));

  it("refuses every bucket while encryption at rest is not attested, before registering anything", async () => {
    configure(unattested);
    const message = failure("files", { classification: "public" }).message;
    await harness.settle();
    expect(message).toContain(
      'Bucket "files": wissel:kubernetes.objectStorage.encryptedAtRest is required for a Bucket: every bucket is promised encrypted at rest, and a claim cannot ask for encryption',
    );
    expect(message).toContain(
      "pulumi config set --path 'wissel:kubernetes.objectStorage.encryptedAtRest' true",
    );
    expect(harness.registrations.filter((r) => r.custom)).toEqual([]);
  });

  it("builds only public buckets where the operator attests no encryption, and says so in the plan", async () => {
    configure({ ...unattested, encryptedAtRest: false });
    expect(failure("files", {}).message).toContain(
      'Bucket "files": classification must be "public" on target "kubernetes": the operator attests that the cluster\'s object storage is not encrypted at rest (wissel:kubernetes.objectStorage.encryptedAtRest: false) (received "internal")',
    );
    expect(failure("records", { classification: "sensitive" }).message).toContain(
      'classification must be "public"',
    );
    harness.reset();
    await build("site", { classification: "public" });
    const [record] = plannedComponents();
    expect(record?.decisions.find((d) => d.what === "encryption at rest")?.choice).toBe("none");
  });
});
