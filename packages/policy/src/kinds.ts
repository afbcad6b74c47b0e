/**
 * The raw vendor resources the rules know, by Pulumi type token: which vendor runs them, what kind of
 * thing they are, and whether they hold data (and so must be protected). One table, read by every rule.
 */

/** The vendors whose raw resources the rules read. */
export type Vendor = "azure" | "scaleway" | "openstack" | "kubernetes";

/** What a resource is, for the rules that apply to it. */
export type ResourceKind = "storage" | "database" | "cluster" | "namespace" | "volume";

export interface KnownType {
  readonly vendor: Vendor;
  readonly kind: ResourceKind;
  /** Deleting or replacing it loses data: registered with protect and retainOnDelete. */
  readonly holdsData: boolean;
}

const known = (vendor: Vendor, kind: ResourceKind, holdsData: boolean): KnownType => ({
  vendor,
  kind,
  holdsData,
});

/** Every type token the residency and protection rules apply to. */
export const KNOWN_TYPES: Readonly<Record<string, KnownType>> = {
  "azure-native:storage:StorageAccount": known("azure", "storage", true),
  "azure-native:storage:BlobContainer": known("azure", "storage", true),
  "azure-native:dbforpostgresql:Server": known("azure", "database", true),
  "azure-native:dbforpostgresql:Database": known("azure", "database", true),
  "azure-native:containerservice:ManagedCluster": known("azure", "cluster", false),
  "scaleway:object/bucket:Bucket": known("scaleway", "storage", true),
  "scaleway:databases/instance:Instance": known("scaleway", "database", true),
  "scaleway:databases/database:Database": known("scaleway", "database", true),
  "scaleway:kubernetes/cluster:Cluster": known("scaleway", "cluster", false),
  "openstack:objectstorage/container:Container": known("openstack", "storage", true),
  "openstack:database/instance:Instance": known("openstack", "database", true),
  "openstack:database/database:Database": known("openstack", "database", true),
  "openstack:containerinfra/cluster:Cluster": known("openstack", "cluster", false),
  "kubernetes:objectbucket.io/v1alpha1:ObjectBucketClaim": known("kubernetes", "storage", true),
  "kubernetes:postgresql.cnpg.io/v1:Cluster": known("kubernetes", "database", true),
  "kubernetes:postgresql.cnpg.io/v1:Database": known("kubernetes", "database", true),
  "kubernetes:core/v1:PersistentVolumeClaim": known("kubernetes", "volume", true),
  "kubernetes:core/v1:Namespace": known("kubernetes", "namespace", false),
};

/** The vendor of a type token by its provider package, known to the table or not. */
export function vendorOf(type: string): Vendor | undefined {
  const pkg = type.split(":")[0];
  switch (pkg) {
    case "azure-native":
      return "azure";
    case "scaleway":
    case "openstack":
    case "kubernetes":
      return pkg;
    default:
      return undefined;
  }
}

/**
 * Whether a resource sits inside a Wissel component: the type chain of its URN holds a `wissel:`
 * type (`urn:pulumi:dev::app::wissel:storage:Bucket$azure-native:storage:StorageAccount::files`).
 * Core has checked the component's placement against `wissel:policy` before it built any child.
 */
export function insideWisselComponent(urn: string): boolean {
  const types = urn.split("::")[2] ?? "";
  return types
    .split("$")
    .slice(0, -1)
    .some((type) => type.startsWith("wissel:"));
}
