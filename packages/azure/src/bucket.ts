/**
 * The Bucket on Azure: one StorageV2 account per bucket (versioning, CORS and lifecycle are
 * account-wide on Azure), one private container, and a user-assigned managed identity that may read
 * and write that container only.
 */
import * as pulumi from "@pulumi/pulumi";
import * as authorization from "@pulumi/azure-native/authorization";
import * as managedidentity from "@pulumi/azure-native/managedidentity";
import * as storage from "@pulumi/azure-native/storage";
import {
  azureContainerName,
  azureStorageAccountName,
  defineBlock,
  planOrIssues,
  type AzureBlobBucketBinding,
  type BucketSpec,
  type BuildContext,
  type BuildResult,
  type CorsRuleSpec,
  type Decision,
  type Issue,
} from "@wissel/core";
import type { AzureSettings } from "./settings";

/** Built-in role "Storage Blob Data Contributor": read, write and delete blobs, nothing else. */
export const STORAGE_BLOB_DATA_CONTRIBUTOR = "ba92f5b4-2d11-453d-a403-e96b0029c9fe";

/** Azure's limits on Blob service CORS. */
export const AZURE_CORS_LIMITS = {
  rules: 5,
  originsPerRule: 64,
  literalHeaders: 64,
  prefixedHeaders: 2,
  characters: 256,
} as const;

/** The full id of a built-in role definition in a subscription. */
export function roleDefinitionId(subscriptionId: string, roleId: string): string {
  return `/subscriptions/${subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${roleId}`;
}

/**
 * Checks a bucket spec against Azure's own limits, which core's neutral validation (sized for S3)
 * does not know. Runs before any resource is registered.
 */
export function validateBucketSpec(spec: BucketSpec, subject: string): Issue[] {
  const issues: Issue[] = [];
  const add = (field: string, value: unknown, rule: string, fix: string): void => {
    issues.push({ subject, field, value, rule, fix });
  };
  if (spec.cors.length > AZURE_CORS_LIMITS.rules) {
    add(
      "cors",
      `${spec.cors.length} rules`,
      `must hold at most ${AZURE_CORS_LIMITS.rules} rules on target "azure" (Azure Blob Storage allows 5 CORS rules per account)`,
      "Merge rules that share methods and headers into one rule with several allowedOrigins, or place this bucket elsewhere with wissel:targets.",
    );
  }
  spec.cors.forEach((rule, i) => {
    const path = `cors[${i}]`;
    if (rule.allowedOrigins.length > AZURE_CORS_LIMITS.originsPerRule) {
      add(
        `${path}.allowedOrigins`,
        `${rule.allowedOrigins.length} origins`,
        `must hold at most ${AZURE_CORS_LIMITS.originsPerRule} origins on target "azure"`,
        `Split the origins over several rules (at most ${AZURE_CORS_LIMITS.rules}), or allow "*".`,
      );
    }
    rule.allowedOrigins.forEach((origin, j) => {
      if (origin !== "*" && origin.includes("*")) {
        add(
          `${path}.allowedOrigins[${j}]`,
          origin,
          'must be an exact origin or "*" on target "azure" (Azure Blob Storage matches origins exactly; it has no subdomain wildcards)',
          "List each origin the browser sends, e.g. https://app.example.nl, or place this bucket elsewhere with wissel:targets.",
        );
      }
    });
    checkHeaders(add, `${path}.allowedHeaders`, rule.allowedHeaders);
    checkHeaders(add, `${path}.exposedHeaders`, rule.exposedHeaders);
    [...rule.allowedOrigins, ...rule.allowedHeaders, ...rule.exposedHeaders].forEach((value) => {
      if (value.length > AZURE_CORS_LIMITS.characters) {
        add(
          path,
          value,
          `must not hold an origin or header longer than ${AZURE_CORS_LIMITS.characters} characters on target "azure"`,
          "Shorten it.",
        );
      }
    });
  });
  return issues;
}

function checkHeaders(
  add: (field: string, value: unknown, rule: string, fix: string) => void,
  field: string,
  headers: readonly string[],
): void {
  const prefixed = headers.filter((h) => h !== "*" && h.endsWith("*")).length;
  const literal = headers.filter((h) => !h.endsWith("*")).length;
  if (prefixed > AZURE_CORS_LIMITS.prefixedHeaders || literal > AZURE_CORS_LIMITS.literalHeaders) {
    add(
      field,
      headers,
      `must hold at most ${AZURE_CORS_LIMITS.literalHeaders} exact and ${AZURE_CORS_LIMITS.prefixedHeaders} prefixed (x-ms-meta-*) headers on target "azure"`,
      'Replace groups of headers by a shared prefix such as x-ms-meta-*, or allow all with "*".',
    );
  }
}

/** The Blob service CORS rules for a spec, in Azure's shape. */
export function corsRules(
  cors: readonly CorsRuleSpec[],
): storage.BlobServicePropertiesArgs["cors"] {
  return {
    corsRules: cors.map((rule) => ({
      allowedOrigins: [...rule.allowedOrigins],
      allowedMethods: [...rule.allowedMethods],
      allowedHeaders: [...rule.allowedHeaders],
      exposedHeaders: [...rule.exposedHeaders],
      maxAgeInSeconds: rule.maxAgeSeconds,
    })),
  };
}

/**
 * What an Azure bucket is built from: the spec, which Azure Blob Storage takes once it is within its
 * limits, and the names of its storage account (global) and container.
 */
export interface BucketPlan {
  readonly spec: BucketSpec;
  readonly accountName: string;
  readonly containerName: string;
}

/** Builds a bucket on Azure. */
function buildBucket(
  { spec, accountName, containerName }: BucketPlan,
  ctx: BuildContext<AzureSettings>,
): BuildResult<AzureBlobBucketBinding> {
  const { name, parent, settings } = ctx;
  const resourceGroupName = settings.resourceGroupName;

  const account = new storage.StorageAccount(
    name,
    {
      accountName,
      resourceGroupName,
      location: settings.location,
      kind: "StorageV2",
      sku: { name: `Standard_${settings.redundancy}` },
      accessTier: "Hot",
      allowBlobPublicAccess: false,
      // Managed identities need no account key; without shared keys a leaked key or SAS cannot exist.
      allowSharedKeyAccess: false,
      // The portal and tools then sign in with Entra ID too, as shared keys are off.
      defaultToOAuthAuthentication: true,
      allowCrossTenantReplication: false,
      minimumTlsVersion: "TLS1_2",
      enableHttpsTrafficOnly: true,
      // Reachable from the internet, but only by Entra ID principals with a role on the container:
      // closing the network needs a private endpoint in the user's VNet, which this block does not model.
      publicNetworkAccess: "Enabled",
      encryption: {
        keySource: "Microsoft.Storage",
        services: { blob: { enabled: true, keyType: "Account" } },
      },
    },
    { parent, ...ctx.statefulOptions },
  );

  const container = new storage.BlobContainer(
    `${name}-container`,
    { accountName: account.name, resourceGroupName, containerName, publicAccess: "None" },
    { parent, ...ctx.statefulOptions },
  );

  // Always registered, so versioning and CORS are stated explicitly even when off.
  const blobService = new storage.BlobServiceProperties(
    `${name}-blob-service`,
    {
      accountName: account.name,
      resourceGroupName,
      // The only name Azure allows for this singleton.
      blobServicesName: "default",
      isVersioningEnabled: spec.versioning,
      cors: corsRules(spec.cors),
    },
    { parent },
  );

  const vendorResources: Record<string, pulumi.Resource> = { account, container, blobService };

  if (spec.expireAfterDays !== undefined) {
    vendorResources["lifecycle"] = new storage.ManagementPolicy(
      `${name}-lifecycle`,
      {
        accountName: account.name,
        resourceGroupName,
        // The only name Azure allows for this singleton.
        managementPolicyName: "default",
        policy: {
          rules: [
            {
              name: "expireObjects",
              enabled: true,
              type: "Lifecycle",
              definition: {
                // Scoped to the container; earlier versions stay, so versioning can still undo a delete.
                filters: {
                  blobTypes: ["blockBlob", "appendBlob"],
                  prefixMatch: [`${containerName}/`],
                },
                actions: {
                  baseBlob: { delete: { daysAfterModificationGreaterThan: spec.expireAfterDays } },
                },
              },
            },
          ],
        },
      },
      { parent, dependsOn: [container] },
    );
  }

  const identity = new managedidentity.UserAssignedIdentity(
    `${name}-identity`,
    { resourceGroupName, location: settings.location, resourceName: `${accountName}-identity` },
    { parent },
  );

  const access = new authorization.RoleAssignment(
    `${name}-access`,
    {
      principalId: identity.principalId,
      // The identity is a service principal; saying so skips Entra ID's replication delay check.
      principalType: "ServicePrincipal",
      roleDefinitionId: roleDefinitionId(settings.subscriptionId, STORAGE_BLOB_DATA_CONTRIBUTOR),
      scope: container.id,
      description: `Wissel bucket ${name}: read and write this container only`,
    },
    { parent },
  );
  vendorResources["identity"] = identity;
  vendorResources["access"] = access;

  // Resolves only once the role is assigned, so an app never receives an identity without access.
  const binding = pulumi
    .all([account.primaryEndpoints, identity.clientId, identity.tenantId, access.id])
    .apply(([endpoints, clientId, tenantId]): AzureBlobBucketBinding => ({
      protocol: "azure-blob",
      endpoint: endpoints.blob.replace(/\/+$/, ""),
      region: settings.location,
      account: accountName,
      bucket: containerName,
      credentials: { kind: "managed-identity", clientId, tenantId },
      credentialScope: "bucket",
    }));

  const decisions: Decision[] = [
    {
      what: "storage account",
      choice: `${accountName} (StorageV2, Standard_${settings.redundancy}, Hot)`,
      why:
        settings.redundancy === "ZRS"
          ? "zone-redundant: survives a data-centre loss without copying data out of the region"
          : "locally redundant, as set in wissel:azure.redundancy",
    },
    {
      what: "credentials",
      choice: "user-assigned managed identity with Storage Blob Data Contributor on the container",
      why: "no secret exists; shared keys are disabled on the account",
    },
    {
      what: "network",
      choice: "public endpoint, Entra ID only",
      why: "private endpoints need the user's VNet; anonymous and shared-key access are off",
    },
  ];

  return { binding, vendorResources, decisions };
}

/** The Bucket on Azure: a storage account of its own (names are global), and its container. */
export const bucket = defineBlock<"bucket", AzureSettings, BucketPlan>({
  plan: (spec, ctx) =>
    planOrIssues(validateBucketSpec(spec, ctx.subject), () => ({
      spec,
      accountName: azureStorageAccountName(ctx),
      containerName: azureContainerName(ctx.name),
    })),
  names: ({ accountName, containerName }) => [
    { scope: "azure:storage-account", name: accountName, what: "storage account" },
    { scope: `azure:blob-container:${accountName}`, name: containerName, what: "blob container" },
  ],
  build: buildBucket,
});
