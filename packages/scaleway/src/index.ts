/**
 * `@wissel/scaleway`: the Wissel adapter for Scaleway. It imports only the SDK submodules it uses
 * (`@pulumiverse/scaleway/object`, `/iam`, `/kubernetes`, `/network`, `/databases` and `/tem`), never the SDK's root barrel
 * or its deprecated flat resource names.
 *
 * Each block's module (and its SDK submodules) loads when a program first uses the block: the
 * blocks below are loaders. This entry re-exports the settings, vendor facts,
 * capability table and Kapsule's tables; the builders' helpers stay inside their modules.
 */
import { defineAdapter, type Adapter } from "@wissel/core";
import type * as BucketModule from "./bucket";
import { capabilities } from "./capabilities";
import type * as ClusterModule from "./cluster";
import type * as MailModule from "./mail";
import type * as NamespaceModule from "./namespace";
import type * as PostgresModule from "./postgres";
import { parseSettings, type ScalewaySettings } from "./settings";
import { REGIONS, VENDOR, findRegion } from "./vendor";

export {
  parseSettings,
  type OidcSettings,
  type ScalewayMailSettings,
  type ScalewaySettings,
} from "./settings";

export {
  REGIONS,
  VENDOR,
  ZONES,
  findRegion,
  s3Endpoint,
  type ScalewayRegionId,
  type ScalewayZoneId,
} from "./vendor";
export { CAPABILITIES, capabilities } from "./capabilities";
export {
  DEFAULT_ZONES,
  FAMILY_ZONES,
  KAPSULE_CALENDAR_REVIEWED,
  KAPSULE_MINORS,
  NODE_TYPES,
  creatableMinors,
  kapsuleName,
  nodeTypeFor,
  poolName,
  validateKapsuleCluster,
  type KapsuleMinor,
  type NodeFamily,
  type NodeType,
} from "./kapsule";

/** The Scaleway adapter, selected with `wissel:target: scaleway` and configured under `wissel:scaleway`. */
export const adapter: Adapter<ScalewaySettings> = defineAdapter<ScalewaySettings>({
  name: "scaleway",
  packageName: "@wissel/scaleway",
  regions: REGIONS,
  parseSettings,
  placement: (settings) => ({
    ...VENDOR,
    region: settings.region,
    country: findRegion(settings.region)!.country,
  }),
  capabilities,
  // Each block's module, and its SDK submodules, loads when a program first declares the block.
  blocks: {
    bucket: () => (require("./bucket") as typeof BucketModule).bucket,
    kubernetesCluster: () => (require("./cluster") as typeof ClusterModule).kubernetesCluster,
    namespace: () => (require("./namespace") as typeof NamespaceModule).namespace,
    postgres: () => (require("./postgres") as typeof PostgresModule).postgres,
    mailDomain: () => (require("./mail") as typeof MailModule).mailDomain,
    mailbox: () => (require("./mail") as typeof MailModule).mailbox(),
  },
});
