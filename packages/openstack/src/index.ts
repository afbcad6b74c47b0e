/**
 * The Wissel adapter for OpenStack clouds: buckets as Swift containers behind Swift's S3 API,
 * Kubernetes clusters on Magnum, PostgreSQL on Trove where the stack turns it on and as CloudNativePG
 * on a Magnum cluster otherwise. Which operator runs the cloud, and so which law reaches the data, is
 * declared in `wissel:openstack`.
 */
import type { Adapter } from "@wissel/core";
import { buildBucket, validateBucket } from "./bucket";
import { capabilities } from "./capabilities";
import { buildKubernetesCluster, validateKubernetesCluster } from "./cluster";
import { physicalNames } from "./names";
import { buildNamespace, validateNamespace } from "./namespace";
import { buildPostgres, postgresHost, validatePostgres } from "./postgres";
import { parseSettings, type OpenStackSettings } from "./settings";
export { physicalNames } from "./names";
import { placement } from "./placement";
import { REGIONS } from "./vendor";

/** The `openstack` target. */
export const adapter: Adapter<OpenStackSettings> = {
  name: "openstack",
  packageName: "@wissel/openstack",
  regions: REGIONS,
  parseSettings,
  placement,
  capabilities,
  builders: { bucket: buildBucket, kubernetesCluster: buildKubernetesCluster, namespace: buildNamespace, postgres: buildPostgres },
  validators: {
    bucket: validateBucket,
    kubernetesCluster: validateKubernetesCluster,
    namespace: validateNamespace,
    postgres: validatePostgres,
  },
  hosts: { postgres: postgresHost },
  physicalNames,
};

export { CONTAINER_TYPE, EC2_CREDENTIAL_TYPE, corsMetadata } from "./bucket";
export {
  CAPABILITIES,
  KUBERNETES_CLUSTER_CAPABILITIES,
  TROVE_POSTGRES_CAPABILITIES,
  capabilities,
  cloudNativePostgresCapabilities,
  namespaceCapabilities,
  postgresCapabilities,
} from "./capabilities";
export { CLUSTER_TEMPLATE_TYPE, CLUSTER_TYPE, clusterBinding, magnumName, templateLabels } from "./cluster";
export {
  CONTROL_PLANE_MINIMUM,
  MASTER_COUNTS,
  NETWORK_DRIVERS,
  isOpenStackName,
  smallestFlavor,
  type Flavor,
  type KubernetesImage,
  type MagnumSettings,
  type MasterCount,
  type NetworkDriver,
} from "./kubernetes-settings";
export {
  TROVE_DATABASE_TYPE,
  TROVE_INSTANCE_TYPE,
  TROVE_PORT,
  TROVE_SSLMODE,
  TROVE_USER_TYPE,
  buildTrovePostgres,

  troveAppPassword,
  validateCloudNativePostgres,
  validateTrovePostgres,
} from "./postgres";
export {
  DEFAULT_TROVE_DATASTORE,
  POSTGRES_PREFIX,
  type BackupObjectStore,
  type PostgresSettings,
  type TroveFlavor,
  type TroveSettings,
} from "./postgres-settings";
export { parseSettings, type OpenStackSettings, type OperatorSettings } from "./settings";
export { settingsRegion, vendorFacts } from "./placement";
