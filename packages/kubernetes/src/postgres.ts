/**
 * `PostgresDatabase` on Kubernetes: the adapter's validator and builder, which place a CloudNativePG
 * database (`./cloudnative`) in the namespace passed or the configured one.
 */
import type {
  BuildContext,
  BuildResult,
  Issue,
  PostgresBinding,
  PostgresBuildSpec,
} from "@wissel/core";
import { buildCloudNativePostgres } from "./cloudnative/builder";
import { validateCloudNativePostgres } from "./cloudnative/validation";
import { providerFor, stackProvider } from "./provider";
import { settingCommand, type KubernetesSettings } from "./settings";
import { SETTINGS_KEY } from "./vendor";

// The CloudNativePG library, re-exported where the package index and other adapters find it today.
export { APP_SECRET_KEYS, appSecretData, generatePassword } from "./cloudnative/app-secret";
export {
  buildCloudNativePostgres,
  cloudNativeHost,
  type CloudNativePostgresTarget,
} from "./cloudnative/builder";
export {
  BARMAN_CLOUD_PLUGIN,
  CNPG_API_VERSION,
  CNPG_EXTENSIONS,
  CNPG_IMAGES,
  CNPG_OPERATOR_POD_LABELS,
  CNPG_OWNER_ROLE,
  CNPG_PORTS,
  CNPG_TYPES,
  DAILY_BACKUP_SCHEDULE,
} from "./cloudnative/constants";
export {
  cloudNativeBackupSpec,
  cloudNativeClusterSpec,
  cloudNativeDatabaseSpec,
  type ClusterSpecInput,
} from "./cloudnative/manifests";
export {
  cloudNativeClientPolicySpec,
  cloudNativeEgressPolicySpec,
  cloudNativeIngressPolicySpec,
  type NetworkPolicyInput,
} from "./cloudnative/network-policies";
export { postgresResources, type PostgresResources } from "./cloudnative/resources";
export {
  validateCloudNativePostgres,
  type CloudNativePostgresLimits,
} from "./cloudnative/validation";
export { cloudNativeClusterName } from "./names";

/** `validators.postgres` of the Kubernetes adapter. */
export function validatePostgres(
  spec: PostgresBuildSpec,
  subject: string,
  settings: KubernetesSettings,
): readonly Issue[] {
  const postgres = settings.postgres;
  return validateCloudNativePostgres(spec, subject, {
    defaultNamespace: postgres?.namespace ?? settings.namespace,
    namespaceCommand: settingCommand("postgres.namespace"),
    ...(postgres?.backupObjectStore !== undefined
      ? { backupObjectStore: postgres.backupObjectStore }
      : {}),
    backupSetting: `${SETTINGS_KEY}.postgres.backupObjectStore`,
  });
}

/**
 * A database on this target: in the `namespace` passed (on its cluster, and opening the namespace's
 * default-deny egress to it), else in the configured namespace through the stack's provider.
 */
export function buildPostgres(
  ctx: BuildContext<KubernetesSettings>,
  spec: PostgresBuildSpec,
): BuildResult<PostgresBinding> {
  const { namespace: ref, ...databaseSpec } = spec;
  const settings = ctx.settings;
  const postgres = settings.postgres;
  if (postgres?.backupObjectStore === undefined) {
    // The capability table marks the block unsupported without a store, so core stops before this.
    throw new Error(
      `${SETTINGS_KEY}.postgres.backupObjectStore is not set: ${settingCommand("postgres.backupObjectStore.name")}`,
    );
  }
  const provider = ref?.cluster !== undefined ? providerFor(ref.cluster) : stackProvider(settings);
  return buildCloudNativePostgres(ctx, databaseSpec, {
    ...(provider !== undefined ? { provider } : {}),
    namespace: ref?.namespace ?? postgres.namespace ?? settings.namespace,
    ...(postgres.storageClassName !== undefined
      ? { storageClassName: postgres.storageClassName }
      : {}),
    ...(ref !== undefined ? { dependsOn: [ref.resource] } : {}),
    backupObjectStore: postgres.backupObjectStore,
    operatorNamespace: postgres.operatorNamespace,
    // A Wissel Namespace denies egress by default, so its apps need this rule to reach the database.
    appEgressPolicy: ref !== undefined,
  });
}
