/**
 * The Wissel adapter for OpenStack clouds: buckets as Swift containers behind Swift's S3 API,
 * Kubernetes clusters on Magnum, PostgreSQL on Trove where the stack turns it on and as CloudNativePG
 * on a Magnum cluster otherwise. Which operator runs the cloud, and so which law reaches the data, is
 * declared in `wissel:openstack`.
 */
import type { Adapter } from "@wissel/core";
import type * as BucketModule from "./bucket";
import { capabilities } from "./capabilities";
import type * as ClusterModule from "./cluster";
import { physicalNames } from "./names";
import { buildNamespace, validateNamespace } from "./namespace";
import type * as PostgresModule from "./postgres";
import { parseSettings, type OpenStackSettings } from "./settings";
export { physicalNames } from "./names";
import { placement } from "./placement";
import { REGIONS } from "./vendor";

/** The block modules, each loaded on first use (Node caches a module after its first require). */
const bucket = (): typeof BucketModule => require("./bucket") as typeof BucketModule;
const cluster = (): typeof ClusterModule => require("./cluster") as typeof ClusterModule;
const postgres = (): typeof PostgresModule => require("./postgres") as typeof PostgresModule;

/**
 * The `openstack` target. Each block's module (and its SDK submodules) loads when a program first
 * uses the block: the builders and validators are getters. The namespace module is small (it loads
 * `@wissel/kubernetes/compose` only when it builds), so it loads up front.
 */
export const adapter: Adapter<OpenStackSettings> = {
  name: "openstack",
  packageName: "@wissel/openstack",
  regions: REGIONS,
  parseSettings,
  placement,
  capabilities,
  builders: {
    get bucket() {
      return bucket().buildBucket;
    },
    get kubernetesCluster() {
      return cluster().buildKubernetesCluster;
    },
    namespace: buildNamespace,
    get postgres() {
      return postgres().buildPostgres;
    },
  },
  validators: {
    get bucket() {
      return bucket().validateBucket;
    },
    get kubernetesCluster() {
      return cluster().validateKubernetesCluster;
    },
    namespace: validateNamespace,
    get postgres() {
      return postgres().validatePostgres;
    },
  },
  // Where the database runs depends on the settings only; the database module loads with the database.
  hosts: { postgres: (spec, settings) => postgres().postgresHost(spec, settings) },
  physicalNames,
};

export {
  CAPABILITIES,
  KUBERNETES_CLUSTER_CAPABILITIES,
  TROVE_POSTGRES_CAPABILITIES,
  capabilities,
  cloudNativePostgresCapabilities,
  namespaceCapabilities,
  postgresCapabilities,
} from "./capabilities";
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
  DEFAULT_TROVE_DATASTORE,
  POSTGRES_PREFIX,
  type BackupObjectStore,
  type PostgresSettings,
  type TroveFlavor,
  type TroveSettings,
} from "./postgres-settings";
export { parseSettings, type OpenStackSettings, type OperatorSettings } from "./settings";
export { settingsRegion, vendorFacts } from "./placement";
