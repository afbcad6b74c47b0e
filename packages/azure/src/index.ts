/**
 * `@wissel/azure`: the Wissel adapter for Microsoft Azure. It imports only the azure-native
 * submodules it uses (storage, managedidentity, authorization, containerservice, dbforpostgresql), never the SDK's
 * root barrel.
 */
import type { Adapter } from "@wissel/core";
import { buildBucket, validateBucketSpec } from "./bucket";
import { CAPABILITIES } from "./capabilities";
import { ADMIN_CREDENTIALS_INVOKE, buildKubernetesCluster, offlineAdminCredentials, validateClusterSpec } from "./cluster";
import { physicalNames } from "./names";
import { programWarnings } from "./program-checks";
import { buildNamespace, validateNamespaceSpec } from "./namespace";
import { buildPostgres, validatePostgresSpec } from "./postgres";
import { parseSettings, type AzureSettings } from "./settings";
export { physicalNames } from "./names";
import { REGIONS, VENDOR } from "./vendor";

export {
  ADMIN_PASSWORD_COMMAND,
  DEFAULT_REDUNDANCY,
  PLAN_SECRET_PLACEHOLDER,
  POSTGRES_ADMIN_LOGIN,
  REDUNDANCIES,
  adminPasswordProblem,
  appPasswordCommand,
  appPasswordProblem,
  parseSettings,
  type AzureSettings,
  type PostgresNetworkSettings,
  type Redundancy,
} from "./settings";
export { REGIONS, VENDOR, type AzureRegion } from "./vendor";
export { CAPABILITIES } from "./capabilities";
export {
  ADMIN_CREDENTIALS_INVOKE,
  AKS_VERSIONS,
  SYSTEM_POOL,
  VM_SIZES,
  ZONES,
  aksClusterName,
  aksVersion,
  caCertificateFromKubeconfig,
  offlineAdminCredentials,
  validateClusterSpec,
  vmSizeFor,
  type AksVersion,
  type VmSize,
} from "./cluster";
export { validateNamespaceSpec } from "./namespace";
export {
  AZURE_BACKUP_RETENTION,
  AZURE_EXTENSIONS,
  AZURE_POSTGRES_VERSIONS,
  AZURE_RESERVED_CONNECTIONS,
  POSTGRES_PORT,
  POSTGRES_SKUS,
  POSTGRES_STORAGE_SIZES,
  ipv4Range,
  postgresServerName,
  postgresSkuFor,
  postgresStorageFor,
  setupCluster,
  setupImage,
  setupNamespaceName,
  validatePostgresSpec,
  type PostgresSku,
  type PostgresTier,
} from "./postgres";
export { DIGICERT_GLOBAL_ROOT_G2, MICROSOFT_RSA_ROOT_CA_2017, POSTGRES_CA_BUNDLE } from "./postgres-ca";
export { isIpv4Cidr } from "./settings";
export { AZURE_CORS_LIMITS, STORAGE_BLOB_DATA_CONTRIBUTOR, roleDefinitionId, validateBucketSpec } from "./bucket";

/** The Azure adapter, selected with `wissel:target: azure` and configured under `wissel:azure`. */
export const adapter: Adapter<AzureSettings> = {
  name: "azure",
  packageName: "@wissel/azure",
  regions: REGIONS,
  parseSettings,
  placement: (settings) => ({ ...VENDOR, region: settings.location, country: settings.region.country }),
  capabilities: () => CAPABILITIES,
  builders: { bucket: buildBucket, kubernetesCluster: buildKubernetesCluster, namespace: buildNamespace, postgres: buildPostgres },
  validators: { bucket: validateBucketSpec, kubernetesCluster: validateClusterSpec, namespace: validateNamespaceSpec, postgres: validatePostgresSpec },
  physicalNames,
  programWarnings,
  // The AKS admin kubeconfig comes from an invoke; offline plans get a placeholder built from its inputs.
  offlineInvokes: { [ADMIN_CREDENTIALS_INVOKE]: offlineAdminCredentials },
};
