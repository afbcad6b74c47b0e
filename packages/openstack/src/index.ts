/**
 * The Wissel adapter for OpenStack clouds: buckets as Swift containers behind Swift's S3 API,
 * Kubernetes clusters on Magnum. Which operator runs the cloud, and so which law reaches the data, is
 * declared in `wissel:openstack`.
 */
import type { Adapter } from "@wissel/core";
import { buildBucket, validateBucket } from "./bucket";
import { capabilities } from "./capabilities";
import { buildKubernetesCluster, validateKubernetesCluster } from "./cluster";
import { buildNamespace, validateNamespace } from "./namespace";
import { parseSettings, type OpenStackSettings } from "./settings";
import { REGIONS, placement } from "./vendor";

/** The `openstack` target. */
export const adapter: Adapter<OpenStackSettings> = {
  name: "openstack",
  packageName: "@wissel/openstack",
  regions: REGIONS,
  parseSettings,
  placement,
  capabilities,
  builders: { bucket: buildBucket, kubernetesCluster: buildKubernetesCluster, namespace: buildNamespace },
  validators: { bucket: validateBucket, kubernetesCluster: validateKubernetesCluster, namespace: validateNamespace },
};

export { CONTAINER_TYPE, EC2_CREDENTIAL_TYPE, corsMetadata } from "./bucket";
export { CAPABILITIES, KUBERNETES_CLUSTER_CAPABILITIES, capabilities, namespaceCapabilities } from "./capabilities";
export { CLUSTER_TEMPLATE_TYPE, CLUSTER_TYPE, clusterBinding, magnumName, templateLabels } from "./cluster";
export {
  CONTROL_PLANE_MINIMUM,
  MASTER_COUNTS,
  NETWORK_DRIVERS,
  smallestFlavor,
  type Flavor,
  type KubernetesImage,
  type MagnumSettings,
  type MasterCount,
  type NetworkDriver,
} from "./kubernetes-settings";
export { parseSettings, type OpenStackSettings, type OperatorSettings } from "./settings";
export { settingsRegion, vendorFacts } from "./vendor";
