/**
 * The Wissel adapter for OpenStack clouds: buckets as Swift containers behind Swift's S3 API. Which
 * operator runs the cloud, and so which law reaches the data, is declared in `wissel:openstack`.
 */
import type { Adapter } from "@wissel/core";
import { buildBucket, validateBucket } from "./bucket";
import { CAPABILITIES } from "./capabilities";
import { parseSettings, type OpenStackSettings } from "./settings";
import { REGIONS, placement } from "./vendor";

/** The `openstack` target. */
export const adapter: Adapter<OpenStackSettings> = {
  name: "openstack",
  packageName: "@wissel/openstack",
  regions: REGIONS,
  parseSettings,
  placement,
  capabilities: () => CAPABILITIES,
  builders: { bucket: buildBucket },
  validators: { bucket: validateBucket },
};

export { CONTAINER_TYPE, EC2_CREDENTIAL_TYPE, corsMetadata } from "./bucket";
export { CAPABILITIES } from "./capabilities";
export { parseSettings, type OpenStackSettings, type OperatorSettings } from "./settings";
export { settingsRegion, vendorFacts } from "./vendor";
