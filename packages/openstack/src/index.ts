/**
 * The Wissel adapter for OpenStack clouds: buckets as Swift containers behind Swift's S3 API,
 * Kubernetes clusters on Magnum, PostgreSQL on Trove where the stack turns it on and as CloudNativePG
 * on a Magnum cluster otherwise. Which operator runs the cloud, and so which law reaches the data, is
 * declared in `wissel:openstack`.
 */
import { defineAdapter, type Adapter } from "@wissel/core";
import type * as BucketModule from "./bucket";
import { capabilities } from "./capabilities";
import { kubernetesCompose } from "./compose";
import type * as ClusterModule from "./cluster";
import type * as MailModule from "./mail";
import type * as NamespaceModule from "./namespace";
import { placement } from "./placement";
import type * as PostgresModule from "./postgres";
import { parseSettings, type OpenStackSettings } from "./settings";
import { REGIONS } from "./vendor";

/** The `openstack` target, selected with `wissel:target: openstack` and configured under `wissel:openstack`. */
export const adapter: Adapter<OpenStackSettings> = defineAdapter<OpenStackSettings>({
  name: "openstack",
  packageName: "@wissel/openstack",
  regions: REGIONS,
  parseSettings,
  placement,
  capabilities,
  // Each block's module, and its SDK submodules, loads when a program first declares the block.
  blocks: {
    bucket: () => (require("./bucket") as typeof BucketModule).bucket,
    kubernetesCluster: () => (require("./cluster") as typeof ClusterModule).kubernetesCluster,
    namespace: () => (require("./namespace") as typeof NamespaceModule).namespace,
    postgres: () => (require("./postgres") as typeof PostgresModule).postgres,
    mailDomain: () => (require("./mail") as typeof MailModule).mailDomain,
    // An account on its domain's server on Magnum: the Kubernetes adapter's block as it is.
    mailbox: () =>
      kubernetesCompose("a Mailbox").mailServerParts().mailboxOnServer<OpenStackSettings>(),
  },
});

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
  type KubernetesImage,
  type MagnumSettings,
  type MasterCount,
  type NetworkDriver,
} from "./kubernetes-settings";
export { smallestFlavor, type Flavor } from "./flavors";
export { isOpenStackName } from "./openstack-names";
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
