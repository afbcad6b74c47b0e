/**
 * `@wissel/scaleway`: the Wissel adapter for Scaleway. It imports only the SDK submodules it uses
 * (`@pulumiverse/scaleway/object`, `/iam`, `/kubernetes`, `/network` and `/databases`), never the SDK's root barrel
 * or its deprecated flat resource names.
 */
import type { Adapter } from "@wissel/core";
import { buildBucket } from "./bucket";
import { capabilities } from "./capabilities";
import { buildCluster } from "./cluster";
import { validateKapsuleCluster } from "./kapsule";
import { physicalNames } from "./names";
import { buildNamespace, validateNamespace } from "./namespace";
import { buildPostgres, validateScalewayPostgres } from "./postgres";
import { parseSettings, type ScalewaySettings } from "./settings";
export { physicalNames } from "./names";
import { REGIONS, VENDOR, findRegion } from "./vendor";

export { parseSettings, type OidcSettings, type ScalewaySettings } from "./settings";
export { REGIONS, VENDOR, ZONES, findRegion, s3Endpoint, type ScalewayRegionId, type ScalewayZoneId } from "./vendor";
export { CAPABILITIES, capabilities } from "./capabilities";
export {
  APPLICATION_ACTIONS,
  APPLICATION_PERMISSION_SETS,
  BUCKET_POLICY_VERSION,
  bucketPolicyDocument,
  corsRules,
  type BucketPolicyDocument,
} from "./bucket";
export {
  CNI,
  MAINTENANCE_WINDOW,
  OIDC_PREFIX,
  caCertificatePem,
  clusterBinding,
  openIdConnectConfig,
  type KapsuleKubeconfig,
} from "./cluster";
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
export { kapsuleGroup, validateNamespace } from "./namespace";
export {
  ADMIN_USER,
  APP_PERMISSION,
  BACKUP_FREQUENCY_HOURS,
  DATABASE_NODE_TYPES,
  MAX_VOLUME_GB,
  PASSWORD_LENGTH,
  SCALEWAY_POSTGRES_MAJORS,
  SSL_MODE,
  VOLUME_STEP_GB,
  VOLUME_TYPE,
  databaseNodeTypeFor,
  engineName,
  generatePassword,
  meetsScalewayPasswordRules,

  validateScalewayPostgres,
  volumeSizeGb,
  type DatabaseNodeFamily,
  type DatabaseNodeType,
} from "./postgres";

/** The Scaleway adapter, selected with `wissel:target: scaleway` and configured under `wissel:scaleway`. */
export const adapter: Adapter<ScalewaySettings> = {
  name: "scaleway",
  packageName: "@wissel/scaleway",
  regions: REGIONS,
  parseSettings,
  placement: (settings) => ({ ...VENDOR, region: settings.region, country: findRegion(settings.region)!.country }),
  capabilities,
  builders: { bucket: buildBucket, kubernetesCluster: buildCluster, namespace: buildNamespace, postgres: buildPostgres },
  validators: {
    kubernetesCluster: (spec, subject, settings) => validateKapsuleCluster(spec, subject, settings.zone),
    namespace: (spec, subject) => validateNamespace(spec, subject),
    postgres: (spec, subject) => validateScalewayPostgres(spec, subject),
  },
  physicalNames,
};
