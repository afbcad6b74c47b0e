/**
 * Which input changes make a provider replace a resource rather than update it, for the vendor
 * resources Wissel builds. The SDKs' types do not carry it; it comes from the providers' schemas:
 * azure-native replaces a resource whose ARM path changes (its name, resource group or location),
 * the bridged Scaleway and OpenStack providers replace on their Terraform schema's `ForceNew`
 * attributes, and Kubernetes replaces an object whose name or namespace changes (a Job, whose spec
 * is immutable, on any spec change). A resource's own `replaceOnChanges` is read as well.
 * A type the table does not know is shown as an update when its inputs change: the plan says so.
 */
const KUBERNETES = ["metadata.name", "metadata.namespace"];

/** Dotted input paths whose change replaces the resource, by type token. */
export const REPLACE_PATHS: Readonly<Record<string, readonly string[]>> = {
  "azure-native:storage:StorageAccount": ["accountName", "resourceGroupName", "location"],
  "azure-native:storage:BlobContainer": ["accountName", "containerName", "resourceGroupName"],
  "azure-native:storage:BlobServiceProperties": ["accountName", "resourceGroupName"],
  "azure-native:dbforpostgresql:Server": ["serverName", "resourceGroupName", "location"],
  "azure-native:dbforpostgresql:Database": ["databaseName", "serverName", "resourceGroupName"],
  "azure-native:dbforpostgresql:Configuration": [
    "configurationName",
    "serverName",
    "resourceGroupName",
  ],
  "azure-native:containerservice:ManagedCluster": ["resourceName", "resourceGroupName", "location"],
  "azure-native:managedidentity:UserAssignedIdentity": [
    "resourceName",
    "resourceGroupName",
    "location",
  ],
  "scaleway:object/bucket:Bucket": ["name", "region", "projectId"],
  "scaleway:databases/instance:Instance": ["region", "projectId"],
  "scaleway:databases/database:Database": ["instanceId", "name", "region"],
  "scaleway:databases/user:User": ["instanceId", "name", "region"],
  "scaleway:kubernetes/cluster:Cluster": ["region", "projectId", "type", "cni"],
  "scaleway:kubernetes/pool:Pool": ["clusterId", "name", "nodeType", "zone", "region"],
  "scaleway:network/privateNetwork:PrivateNetwork": ["region", "projectId"],
  "openstack:objectstorage/container:Container": ["name", "region"],
  "openstack:database/instance:Instance": ["name", "region", "flavorId", "datastore"],
  "openstack:containerinfra/cluster:Cluster": [
    "name",
    "region",
    "clusterTemplateId",
    "flavor",
    "masterFlavor",
  ],
  "kubernetes:batch/v1:Job": [...KUBERNETES, "spec"],
};

/** The paths that replace a resource of this type when they change. */
export function replacePaths(type: string): readonly string[] {
  const known = REPLACE_PATHS[type];
  if (known !== undefined) return known;
  return type.startsWith("kubernetes:") ? KUBERNETES : [];
}
