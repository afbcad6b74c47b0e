import * as pulumi from "@pulumi/pulumi";
import {
  azureStorageAccountName,
  Bucket,
  plannedComponents,
  type BucketArgs,
  type CorsRule,
} from "@wissel/core";
import { MockHarness, isSecret, valueOf, type Registration } from "@wissel/testing";
import { adapter } from "@wissel/azure";
import {
  CLIENT_ID,
  CONFIG,
  PRINCIPAL_ID,
  SETTINGS,
  SUBSCRIPTION,
  TENANT_ID,
  outputs,
} from "./fixtures";

const ACCOUNT = "azure-native:storage:StorageAccount";
const CONTAINER = "azure-native:storage:BlobContainer";
const BLOB_SERVICE = "azure-native:storage:BlobServiceProperties";
const LIFECYCLE = "azure-native:storage:ManagementPolicy";
const IDENTITY = "azure-native:managedidentity:UserAssignedIdentity";
const ROLE = "azure-native:authorization:RoleAssignment";

/** The physical account name for "files" in the harness's project and stack. */
const FILES_ACCOUNT = azureStorageAccountName({
  project: "wissel-test",
  stack: "test",
  name: "files",
});

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

function rejected(program: () => unknown): string {
  try {
    program();
  } catch (error) {
    expect(pulumi.ResourceError.isInstance(error)).toBe(true);
    return (error as Error).message;
  }
  throw new Error("expected the program to throw");
}

const rule = (origin: string): CorsRule => ({ allowedOrigins: [origin], allowedMethods: ["GET"] });

describe("Bucket on azure", () => {
  it("registers exactly an account, a container, blob service properties, an identity and its role, all under the component", async () => {
    const { bucket, registrations } = await build("files");
    const urn = await valueOf(bucket.urn);
    // Registration order depends on when each input resolves, so compare as sorted lists.
    expect(registrations.map((r) => `${r.type} ${r.name}`).sort()).toEqual(
      [
        "wissel:storage:Bucket files",
        `${ACCOUNT} files`,
        `${CONTAINER} files-container`,
        `${BLOB_SERVICE} files-blob-service`,
        `${IDENTITY} files-identity`,
        `${ROLE} files-access`,
      ].sort(),
    );
    for (const child of registrations.slice(1)) expect(child.parent).toBe(urn);
    expect(Object.keys(bucket.vendorResources).sort()).toEqual([
      "access",
      "account",
      "blobService",
      "container",
      "identity",
    ]);
  });

  it("creates a private, TLS-only, Entra-ID-only StorageV2 account with explicit Microsoft-managed encryption", async () => {
    await build("files");
    const account = harness.one(ACCOUNT, "files");
    expect(FILES_ACCOUNT).toMatch(/^files[0-9a-f]{8}$/);
    expect(account.inputs).toEqual({
      accountName: FILES_ACCOUNT,
      resourceGroupName: "rg-wissel-test",
      location: "westeurope",
      kind: "StorageV2",
      sku: { name: "Standard_ZRS" },
      accessTier: "Hot",
      allowBlobPublicAccess: false,
      allowSharedKeyAccess: false,
      defaultToOAuthAuthentication: true,
      allowCrossTenantReplication: false,
      minimumTlsVersion: "TLS1_2",
      enableHttpsTrafficOnly: true,
      publicNetworkAccess: "Enabled",
      encryption: {
        keySource: "Microsoft.Storage",
        services: { blob: { enabled: true, keyType: "Account" } },
      },
    });
    expect([account.protect, account.retainOnDelete, account.deleteBeforeReplace]).toEqual([
      true,
      true,
      false,
    ]);
  });

  it("creates a container without public access in the account, protected and retained", async () => {
    await build("files");
    const container = harness.one(CONTAINER, "files-container");
    expect(container.inputs).toEqual({
      accountName: FILES_ACCOUNT,
      resourceGroupName: "rg-wissel-test",
      containerName: "files",
      publicAccess: "None",
    });
    expect([container.protect, container.retainOnDelete, container.deleteBeforeReplace]).toEqual([
      true,
      true,
      false,
    ]);
  });

  it("states versioning off and no CORS explicitly by default, and adds no lifecycle policy", async () => {
    await build("files");
    expect(harness.one(BLOB_SERVICE, "files-blob-service").inputs).toEqual({
      accountName: FILES_ACCOUNT,
      resourceGroupName: "rg-wissel-test",
      blobServicesName: "default",
      isVersioningEnabled: false,
      cors: { corsRules: [] },
    });
    expect(harness.ofType(LIFECYCLE)).toEqual([]);
  });

  it("maps versioning and CORS rules onto the account's blob service", async () => {
    await build("files", {
      versioning: true,
      cors: [
        {
          allowedOrigins: ["https://app.example.nl"],
          allowedMethods: ["GET", "PUT"],
          allowedHeaders: ["content-type", "x-ms-meta-*"],
          maxAgeSeconds: 600,
        },
        { allowedOrigins: ["*"], allowedMethods: ["HEAD"], exposedHeaders: ["etag"] },
      ],
    });
    const service = harness.one(BLOB_SERVICE, "files-blob-service");
    expect(service.inputs["isVersioningEnabled"]).toBe(true);
    expect(service.inputs["cors"]).toEqual({
      corsRules: [
        {
          allowedOrigins: ["https://app.example.nl"],
          allowedMethods: ["GET", "PUT"],
          allowedHeaders: ["content-type", "x-ms-meta-*"],
          exposedHeaders: [],
          maxAgeInSeconds: 600,
        },
        {
          allowedOrigins: ["*"],
          allowedMethods: ["HEAD"],
          allowedHeaders: [],
          exposedHeaders: ["etag"],
          maxAgeInSeconds: 3600,
        },
      ],
    });
    expect([service.protect, service.retainOnDelete]).toEqual([false, false]);
  });

  it("expires objects with a lifecycle rule scoped to the container's prefix", async () => {
    const { bucket, registrations } = await build("files", { expireAfterDays: 30 });
    const policy = harness.one(LIFECYCLE, "files-lifecycle");
    expect(policy.parent).toBe(await valueOf(bucket.urn));
    expect(policy.inputs).toEqual({
      accountName: FILES_ACCOUNT,
      resourceGroupName: "rg-wissel-test",
      managementPolicyName: "default",
      policy: {
        rules: [
          {
            name: "expireObjects",
            enabled: true,
            type: "Lifecycle",
            definition: {
              filters: { blobTypes: ["blockBlob", "appendBlob"], prefixMatch: ["files/"] },
              actions: { baseBlob: { delete: { daysAfterModificationGreaterThan: 30 } } },
            },
          },
        ],
      },
    });
    expect(registrations.map((r) => r.name)).toContain("files-lifecycle");
    expect(bucket.vendorResources["lifecycle"]).toBeDefined();
  });

  it("grants a user-assigned identity Storage Blob Data Contributor on the container only", async () => {
    await build("files");
    expect(harness.one(IDENTITY, "files-identity").inputs).toEqual({
      resourceGroupName: "rg-wissel-test",
      location: "westeurope",
      resourceName: `${FILES_ACCOUNT}-identity`,
    });
    const role = harness.one(ROLE, "files-access");
    expect(role.inputs).toEqual({
      principalId: PRINCIPAL_ID,
      principalType: "ServicePrincipal",
      roleDefinitionId: `/subscriptions/${SUBSCRIPTION}/providers/Microsoft.Authorization/roleDefinitions/ba92f5b4-2d11-453d-a403-e96b0029c9fe`,
      // The mock gives each resource the id `<name>-id`: the scope is the container's id, not the account's.
      scope: "files-container-id",
      description: "Wissel bucket files: read and write this container only",
    });
    expect([role.protect, role.retainOnDelete]).toEqual([false, false]);
  });

  it("gives a secret managed-identity binding scoped to the bucket", async () => {
    const { bucket } = await build("files");
    expect(await isSecret(bucket.binding)).toBe(true);
    expect(await valueOf(bucket.binding)).toEqual({
      protocol: "azure-blob",
      endpoint: `https://${FILES_ACCOUNT}.blob.core.windows.net`,
      region: "westeurope",
      account: FILES_ACCOUNT,
      bucket: "files",
      credentials: { kind: "managed-identity", clientId: CLIENT_ID, tenantId: TENANT_ID },
      credentialScope: "bucket",
    });
    expect(await valueOf(bucket.bucketName)).toBe("files");
    expect(await valueOf(bucket.endpoint)).toBe(`https://${FILES_ACCOUNT}.blob.core.windows.net`);
  });

  it("drops protection of the account and container only with allowDataLoss", async () => {
    await build("scratch", { allowDataLoss: true });
    for (const [type, name] of [
      [ACCOUNT, "scratch"],
      [CONTAINER, "scratch-container"],
    ] as const) {
      const child = harness.one(type, name);
      expect([child.protect, child.retainOnDelete]).toEqual([false, false]);
    }
  });

  it("uses locally redundant storage when the settings say LRS", async () => {
    harness.setConfig({ ...CONFIG, "wissel:azure": { ...SETTINGS, redundancy: "LRS" } });
    await build("files");
    expect(harness.one(ACCOUNT, "files").inputs["sku"]).toEqual({ name: "Standard_LRS" });
  });

  it("records its placement under US jurisdiction and its decisions for wissel plan", async () => {
    await build("files");
    const [record] = plannedComponents();
    expect(record?.placement).toEqual({
      target: "azure",
      vendor: "Microsoft Azure",
      legalEntity: "Microsoft Ireland Operations Ltd",
      headquarters: "US",
      foreignJurisdictions: ["US CLOUD Act"],
      onPremises: false,
      region: "westeurope",
      country: "NL",
    });
    expect(record?.decisions.map((d) => [d.what, d.choice])).toEqual([
      ["storage account", `${FILES_ACCOUNT} (StorageV2, Standard_ZRS, Hot)`],
      [
        "credentials",
        "user-assigned managed identity with Storage Blob Data Contributor on the container",
      ],
      ["network", "public endpoint, Entra ID only"],
    ]);
  });

  it("rejects sensitive data when wissel:policy demands EU sovereignty", async () => {
    harness.setConfig({ ...CONFIG, "wissel:policy": { sensitive: "eu" } });
    const message = rejected(() => new Bucket("records", { classification: "sensitive" }));
    expect(message).toContain('Bucket "records": classification');
    expect(message).toContain("reachable under US CLOUD Act");
    await harness.settle();
    expect(harness.registrations).toEqual([]);
  });
});

describe("Azure's own limits, checked before anything is registered", () => {
  it("rejects a sixth CORS rule", async () => {
    const cors = ["a", "b", "c", "d", "e", "f"].map((host) => rule(`https://${host}.example.nl`));
    const message = rejected(() => new Bucket("files", { cors }));
    expect(message).toBe(
      'Bucket "files": cors must hold at most 5 rules on target "azure" (Azure Blob Storage allows 5 CORS rules per account) (received "6 rules"). ' +
        "Merge rules that share methods and headers into one rule with several allowedOrigins, or place this bucket elsewhere with wissel:targets.",
    );
    await harness.settle();
    expect(harness.registrations).toEqual([]);
  });

  it("accepts exactly five CORS rules", async () => {
    const cors = ["a", "b", "c", "d", "e"].map((host) => rule(`https://${host}.example.nl`));
    await build("files", { cors });
    const service = harness.one(BLOB_SERVICE, "files-blob-service");
    expect((service.inputs["cors"] as { corsRules: unknown[] }).corsRules).toHaveLength(5);
  });

  it("rejects subdomain wildcards in origins, which Azure does not match", async () => {
    const message = rejected(() => new Bucket("files", { cors: [rule("https://*.example.nl")] }));
    expect(message).toContain(
      'Bucket "files": cors[0].allowedOrigins[0] must be an exact origin or "*" on target "azure"',
    );
    expect(message).toContain('(received "https://*.example.nl")');
    await harness.settle();
    expect(harness.registrations).toEqual([]);
  });

  it("rejects more than two prefixed headers in one list", async () => {
    const message = rejected(
      () =>
        new Bucket("files", {
          cors: [
            {
              allowedOrigins: ["*"],
              allowedMethods: ["GET"],
              allowedHeaders: ["x-a-*", "x-b-*", "x-c-*"],
            },
          ],
        }),
    );
    expect(message).toContain(
      'cors[0].allowedHeaders must hold at most 64 exact and 2 prefixed (x-ms-meta-*) headers on target "azure"',
    );
  });

  it("reports the vendor limit together with core's own issues", () => {
    const cors = ["a", "b", "c", "d", "e", "f"].map((host) => rule(`https://${host}.example.nl`));
    harness.setConfig({ ...CONFIG, "wissel:policy": { internal: "eu" } });
    const message = rejected(() => new Bucket("files", { cors }));
    expect(message.split("\n")).toHaveLength(2);
    expect(message).toContain("cors must hold at most 5 rules");
    expect(message).toContain("classification may only be placed");
  });

  it("exposes the adapter's checks, as the bucket block's plan, for other tools", () => {
    expect(adapter.blocks.bucket?.().plan).toBeDefined();
  });
});
