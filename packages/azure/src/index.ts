/**
 * `@wissel/azure`: the Wissel adapter for Microsoft Azure. It imports only the azure-native
 * submodules it uses (storage, managedidentity, authorization, containerservice), never the SDK's
 * root barrel.
 */
import type { Adapter } from "@wissel/core";
import { buildBucket, validateBucketSpec } from "./bucket";
import { CAPABILITIES } from "./capabilities";
import { ADMIN_CREDENTIALS_INVOKE, buildKubernetesCluster, offlineAdminCredentials, validateClusterSpec } from "./cluster";
import { buildNamespace, validateNamespaceSpec } from "./namespace";
import { parseSettings, type AzureSettings } from "./settings";
import { REGIONS, VENDOR } from "./vendor";

export { DEFAULT_REDUNDANCY, REDUNDANCIES, parseSettings, type AzureSettings, type Redundancy } from "./settings";
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
  builders: { bucket: buildBucket, kubernetesCluster: buildKubernetesCluster, namespace: buildNamespace },
  validators: { bucket: validateBucketSpec, kubernetesCluster: validateClusterSpec, namespace: validateNamespaceSpec },
  // The AKS admin kubeconfig comes from an invoke; offline plans get a placeholder built from its inputs.
  offlineInvokes: { [ADMIN_CREDENTIALS_INVOKE]: offlineAdminCredentials },
};
