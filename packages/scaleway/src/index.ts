/**
 * `@wissel/scaleway`: the Wissel adapter for Scaleway. It imports only the SDK submodules it uses
 * (`@pulumiverse/scaleway/object` and `/iam`), never the SDK's root barrel or its deprecated flat
 * resource names.
 */
import type { Adapter } from "@wissel/core";
import { buildBucket } from "./bucket";
import { CAPABILITIES } from "./capabilities";
import { parseSettings, type ScalewaySettings } from "./settings";
import { REGIONS, VENDOR, findRegion } from "./vendor";

export { parseSettings, type ScalewaySettings } from "./settings";
export { REGIONS, VENDOR, findRegion, s3Endpoint, type ScalewayRegionId } from "./vendor";
export { CAPABILITIES } from "./capabilities";
export {
  APPLICATION_ACTIONS,
  APPLICATION_PERMISSION_SETS,
  BUCKET_POLICY_VERSION,
  bucketPolicyDocument,
  corsRules,
  type BucketPolicyDocument,
} from "./bucket";

/** The Scaleway adapter, selected with `wissel:target: scaleway` and configured under `wissel:scaleway`. */
export const adapter: Adapter<ScalewaySettings> = {
  name: "scaleway",
  packageName: "@wissel/scaleway",
  regions: REGIONS,
  parseSettings,
  placement: (settings) => ({ ...VENDOR, region: settings.region, country: findRegion(settings.region)!.country }),
  capabilities: () => CAPABILITIES,
  builders: { bucket: buildBucket },
};
