/**
 * The team-workspace buckets on Azure, written by hand on @pulumi/azure-native submodules: a storage
 * account, a private container, the blob service settings, an identity and its role on the
 * container, as the Wissel Bucket on Azure creates them. The flagship program adds its cluster and
 * namespace in flagship/azure.ts, so a bucket-only program loads no Kubernetes SDK.
 */
import * as pulumi from "@pulumi/pulumi";
import * as authorization from "@pulumi/azure-native/authorization";
import * as managedidentity from "@pulumi/azure-native/managedidentity";
import * as storage from "@pulumi/azure-native/storage";
import { KEEP, nameSuffix, scaleProgram, stackSettings, under, type BucketChoice } from "./common";

export interface Settings {
  readonly location: string;
  readonly resourceGroupName: string;
  readonly subscriptionId: string;
  readonly redundancy: string;
}

export interface BlobAccess {
  readonly endpoint: string;
  readonly account: string;
  readonly container: string;
  readonly clientId: string;
  readonly tenantId: string;
}

/** Storage Blob Data Contributor. */
const BLOB_CONTRIBUTOR = "ba92f5b4-2d11-453d-a403-e96b0029c9fe";

export function bucket(
  choice: BucketChoice,
  s: Settings,
  parent?: pulumi.ComponentResource,
): pulumi.Output<BlobAccess> {
  const { name } = choice;
  const p = under(parent);
  const { resourceGroupName, location } = s;
  const accountName = `${name.replace(/[^a-z0-9]/g, "").slice(0, 16)}${nameSuffix(name)}`;

  const account = new storage.StorageAccount(
    name,
    {
      accountName,
      resourceGroupName,
      location,
      kind: "StorageV2",
      sku: { name: `Standard_${s.redundancy}` },
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
    },
    { ...KEEP, ...p },
  );
  const container = new storage.BlobContainer(
    `${name}-container`,
    { accountName: account.name, resourceGroupName, containerName: name, publicAccess: "None" },
    { ...KEEP, ...p },
  );
  new storage.BlobServiceProperties(
    `${name}-blob-service`,
    {
      accountName: account.name,
      resourceGroupName,
      blobServicesName: "default",
      isVersioningEnabled: choice.versioning,
      cors: { corsRules: [] },
    },
    p,
  );
  if (choice.expireAfterDays !== undefined) {
    new storage.ManagementPolicy(
      `${name}-lifecycle`,
      {
        accountName: account.name,
        resourceGroupName,
        managementPolicyName: "default",
        policy: {
          rules: [
            {
              name: "expireObjects",
              enabled: true,
              type: "Lifecycle",
              definition: {
                filters: { blobTypes: ["blockBlob", "appendBlob"], prefixMatch: [`${name}/`] },
                actions: {
                  baseBlob: {
                    delete: { daysAfterModificationGreaterThan: choice.expireAfterDays },
                  },
                },
              },
            },
          ],
        },
      },
      { ...p, dependsOn: [container] },
    );
  }
  const identity = new managedidentity.UserAssignedIdentity(
    `${name}-identity`,
    {
      resourceGroupName,
      location,
      resourceName: `${accountName}-identity`,
    },
    p,
  );
  const access = new authorization.RoleAssignment(
    `${name}-access`,
    {
      principalId: identity.principalId,
      principalType: "ServicePrincipal",
      roleDefinitionId: `/subscriptions/${s.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${BLOB_CONTRIBUTOR}`,
      scope: container.id,
      description: `Wissel bucket ${name}: read and write this container only`,
    },
    p,
  );
  return pulumi
    .all([account.primaryEndpoints, identity.clientId, identity.tenantId, access.id])
    .apply(([endpoints, clientId, tenantId]) => ({
      endpoint: endpoints.blob.replace(/\/+$/, ""),
      account: accountName,
      container: name,
      clientId,
      tenantId,
    }));
}

/** `count` buckets, each in a component of its own when `asComponents`. */
export function scale(count: number, asComponents = false): pulumi.Output<BlobAccess>[] {
  const s = stackSettings<Settings>("azure");
  return scaleProgram(count, asComponents, (choice, parent) => bucket(choice, s, parent));
}
