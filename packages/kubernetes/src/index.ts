/**
 * `@wissel/kubernetes`: the Wissel adapter for a Kubernetes cluster, typically an organisation's own.
 * Buckets are ObjectBucketClaims for the cluster's Rook (Ceph RGW) or NooBaa provisioner; databases
 * are CloudNativePG Clusters (`buildCloudNativePostgres`, which vendor adapters reuse); a
 * KubernetesCluster is the existing cluster the stack configures; Namespaces are hardened with
 * `buildHardenedNamespace`, which vendor adapters reuse on their own clusters through `providerFor`.
 * It imports only the SDK submodules it uses (apiextensions, core/v1, networking/v1, rbac/v1,
 * provider), never the SDK's root barrel.
 */
import type { Adapter } from "@wissel/core";
import { buildBucket, validateBucket } from "./bucket";
import { buildCluster, buildNamespace, validateCluster, validateNamespace } from "./cluster";
import { capabilities } from "./capabilities";
import { physicalNames } from "./names";
import { buildPostgres, validatePostgres } from "./postgres";
import { parseSettings, type KubernetesSettings } from "./settings";
import { placement } from "./placement";
import { PACKAGE_NAME, TARGET } from "./vendor";

export { claimName, cloudNativeObjectNames, cloudNativePhysicalNames, MAX_CLUSTER_NAME, physicalNames, type CloudNativeObjectNames } from "./names";
export {
  DEFAULT_OPERATOR_NAMESPACE,
  parseSettings,
  type BackupObjectStoreSettings,
  type ClusterSettings,
  type KubernetesSettings,
  type ObjectStorageSettings,
  type OperatorSettings,
  type PostgresSettings,
} from "./settings";
export { bucketCapabilities, capabilities, clusterCapabilities, namespaceCapabilities, postgresCapabilities } from "./capabilities";
export {
  APP_SECRET_KEYS,
  BARMAN_CLOUD_PLUGIN,
  CNPG_API_VERSION,
  CNPG_EXTENSIONS,
  CNPG_IMAGES,
  CNPG_OPERATOR_POD_LABELS,
  CNPG_OWNER_ROLE,
  CNPG_PORTS,
  CNPG_TYPES,
  DAILY_BACKUP_SCHEDULE,
  appSecretData,
  buildCloudNativePostgres,
  buildPostgres,
  cloudNativeBackupSpec,
  cloudNativeClientPolicySpec,
  cloudNativeClusterName,
  cloudNativeClusterSpec,
  cloudNativeDatabaseSpec,
  cloudNativeEgressPolicySpec,
  cloudNativeHost,
  cloudNativeIngressPolicySpec,
  generatePassword,
  postgresResources,
  validateCloudNativePostgres,
  validatePostgres,
  type CloudNativePostgresLimits,
  type CloudNativePostgresTarget,
  type ClusterSpecInput,
  type NetworkPolicyInput,
  type PostgresResources,
} from "./postgres";
export { adminKubeconfig, kubeconfigSource, validateCluster, validateNamespace, withCurrentContext, type KubeconfigSource } from "./cluster";
export { EXPIRE_RULE_ID, additionalConfig, claimSpec, credentialsFromSecretData, type ObjectBucketClaimSpec } from "./bucket";
export { providerFor, stackProvider } from "./provider";
export { bindingSecretPublisher } from "./binding-secret";
export {
  CLUSTER_DNS,
  MANAGED_BY_LABEL,
  NAMESPACE_OBJECT_NAMES,
  POD_SECURITY_LABELS,
  POD_SECURITY_VERSION,
  buildHardenedNamespace,
  cpuQuantity,
  limitRangeItem,
  memoryQuantityGiB,
  namespaceKubeconfig,
  namespaceRules,
  quotaHard,
  tokenFromSecretData,
  type KubeconfigParts,
  type NamespaceTarget,
  type PolicyRule,
} from "./namespace";
export {
  ADDITIONAL_CONFIG_FIELDS,
  CREDENTIAL_KEYS,
  DEFAULT_S3_REGION,
  OBJECT_BUCKET_CLAIM,
  OBJECT_BUCKET_CLAIM_TYPE,
  STACK_PROVIDER_NAME,
  WAIT_FOR_BOUND,
  type AdditionalConfigField,
} from "./vendor";
export { placement } from "./placement";

/** The Kubernetes adapter, selected with `wissel:target: kubernetes` and configured under `wissel:kubernetes`. */
export const adapter: Adapter<KubernetesSettings> = {
  name: TARGET,
  packageName: PACKAGE_NAME,
  // An on-premises cluster's region and country come from its settings, not from a fixed list.
  regions: [],
  parseSettings,
  placement,
  capabilities,
  builders: { bucket: buildBucket, kubernetesCluster: buildCluster, namespace: buildNamespace, postgres: buildPostgres },
  validators: { bucket: validateBucket, kubernetesCluster: validateCluster, namespace: validateNamespace, postgres: validatePostgres },
  // CloudNativePG runs in the Namespace passed, on that namespace's cluster, whichever vendor runs it.
  hosts: { postgres: (spec) => spec.namespace },
  physicalNames,
};
