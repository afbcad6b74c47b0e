/**
 * `PostgresDatabase` on Kubernetes: the adapter's block, whose plan places a CloudNativePG database
 * (`./cloudnative`) in the namespace passed or the configured one, and whose build registers it.
 */
import {
  defineBlock,
  isRefusal,
  planOrIssues,
  type BuildContext,
  type BuildResult,
  type Issue,
  type NamespaceRef,
  type PostgresBinding,
} from "@wissel/core";
import { buildCloudNativePostgres } from "./cloudnative/builder";
import { cloudNativeSpec, type CloudNativeSpec } from "./cloudnative/spec";
import { validateCloudNativePostgres } from "./cloudnative/validation";
import { cloudNativePhysicalNames } from "./names";
import { stackProvider } from "./provider";
import {
  settingCommand,
  type BackupObjectStoreSettings,
  type KubernetesSettings,
} from "./settings";
import { SETTINGS_KEY } from "./vendor";

// The CloudNativePG library, re-exported where the package index and other adapters find it today.
export { APP_SECRET_KEYS, appSecretData, generatePassword } from "./cloudnative/app-secret";
export {
  buildCloudNativePostgres,
  cloudNativeHost,
  type CloudNativePostgresTarget,
  type CloudNativeSpecOn,
  type CloudNativeTargetCommon,
  type CloudNativeTargetWithBackups,
  type CloudNativeTargetWithoutBackups,
} from "./cloudnative/builder";
export { cloudNativeSpec, type CloudNativeSpec } from "./cloudnative/spec";
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

/**
 * What a database on this target is built from: the database spec as CloudNativePG serves it, the
 * Namespace passed (on its cluster, its default-deny egress opened to the database) or none, the
 * namespace it runs in, and the configured backup object store, operator namespace and storage class.
 */
export interface PostgresPlan {
  readonly spec: CloudNativeSpec;
  readonly ref?: NamespaceRef;
  readonly namespace: string;
  readonly backupObjectStore: BackupObjectStoreSettings;
  readonly operatorNamespace: string;
  readonly storageClassName?: string;
}

/**
 * The issue of a database on a cluster with no backup object store. Core reads the capability table
 * first, which marks the block unsupported without one, so a program meets the capability's reason.
 */
function noBackupObjectStore(subject: string): Issue {
  return {
    subject,
    field: `${SETTINGS_KEY}.postgres.backupObjectStore`,
    value: undefined,
    rule: "is required for a PostgresDatabase: every CloudNativePG cluster backs up to a barman-cloud ObjectStore",
    fix: `Run ${settingCommand("postgres.backupObjectStore.name")}.`,
  };
}

/**
 * A database on this target: in the `namespace` passed (on its cluster, and opening the namespace's
 * default-deny egress to it), else in the configured namespace through the stack's provider.
 */
function buildPostgres(
  { spec, ref, namespace, backupObjectStore, operatorNamespace, storageClassName }: PostgresPlan,
  ctx: BuildContext<KubernetesSettings>,
): BuildResult<PostgresBinding> {
  const provider =
    ref?.cluster !== undefined ? ref.cluster.provider() : stackProvider(ctx.settings);
  return buildCloudNativePostgres(ctx, spec, {
    ...(provider !== undefined ? { provider } : {}),
    namespace,
    ...(storageClassName !== undefined ? { storageClassName } : {}),
    ...(ref !== undefined ? { dependsOn: [ref.resource] } : {}),
    backupObjectStore,
    operatorNamespace,
    // A Wissel Namespace denies egress by default, so its apps need this rule to reach the database.
    appEgressPolicy: ref !== undefined,
  });
}

/** The PostgresDatabase on this target: a CloudNativePG cluster in the namespace passed or configured. */
export const postgres = defineBlock<"postgres", KubernetesSettings, PostgresPlan>({
  // CloudNativePG runs in the Namespace passed, on that namespace's cluster, whichever vendor runs it.
  host: (spec) => spec.namespace,
  plan: (spec, { subject, settings }) => {
    const configured = settings.postgres;
    const issues = validateCloudNativePostgres(spec, subject, {
      defaultNamespace: configured?.namespace ?? settings.namespace,
      namespaceCommand: settingCommand("postgres.namespace"),
      ...(configured?.backupObjectStore !== undefined
        ? { backupObjectStore: configured.backupObjectStore }
        : {}),
      backupSetting: `${SETTINGS_KEY}.postgres.backupObjectStore`,
    });
    if (configured?.backupObjectStore === undefined)
      return [...issues, noBackupObjectStore(subject)];
    const { backupObjectStore, operatorNamespace, storageClassName } = configured;
    const { namespace: ref, ...databaseSpec } = spec;
    const served = cloudNativeSpec(databaseSpec, subject);
    if (isRefusal(served)) return [...issues, ...served];
    return planOrIssues(issues, () => ({
      spec: served,
      ...(ref !== undefined ? { ref } : {}),
      namespace: ref?.namespace ?? configured.namespace ?? settings.namespace,
      backupObjectStore,
      operatorNamespace,
      ...(storageClassName !== undefined ? { storageClassName } : {}),
    }));
  },
  names: ({ spec, ref, namespace }, ctx) =>
    cloudNativePhysicalNames(ctx.name, spec.databaseName, namespace, ref?.cluster),
  build: buildPostgres,
});
