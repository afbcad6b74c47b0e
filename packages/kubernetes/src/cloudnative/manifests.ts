/** The specs of the CloudNativePG Cluster, Database and ScheduledBackup, pure so they are tested without Pulumi. */
import {
  DEFAULT_MAX_CONNECTIONS,
  appConnectionLimit,
  pgHbaRules,
  type PostgresSpec,
} from "@wissel/core";
import type { BackupObjectStoreSettings } from "../settings";
import { APP_SECRET_KEYS } from "./app-secret";
import {
  BARMAN_CLOUD_PLUGIN,
  CNPG_IMAGES,
  CNPG_OWNER_ROLE,
  DAILY_BACKUP_SCHEDULE,
} from "./constants";
import { postgresResources } from "./resources";

/** Inputs of a CloudNativePG `Cluster`'s spec, as this builder writes it. */
export interface ClusterSpecInput {
  readonly clusterName: string;
  readonly appSecretName: string;
  readonly storageClassName?: string;
  readonly backupObjectStore?: BackupObjectStoreSettings;
}

/** The `spec` of the Cluster for a database. Pure, so it is tested and schema-checked without Pulumi. */
export function cloudNativeClusterSpec(
  spec: PostgresSpec,
  input: ClusterSpecInput,
): Record<string, unknown> {
  const resources = postgresResources(spec);
  const parameters: Record<string, string> = {
    // Stated, not defaulted: the app role's connection limit is derived from it.
    max_connections: String(DEFAULT_MAX_CONNECTIONS),
    shared_buffers: resources.sharedBuffers,
  };
  // CloudNativePG preloads pg_stat_statements once one of its parameters is set.
  if (spec.extensions.includes("pg_stat_statements"))
    parameters["pg_stat_statements.track"] = "top";

  const postgresql: Record<string, unknown> = { parameters, pg_hba: pgHbaRules(spec) };
  if (spec.highAvailability) {
    // Quorum commit to any one of the two standbys: a commit survives the loss of the primary, and one
    // standby can be down without blocking writes. `required` refuses to fall back to asynchronous
    // commits silently when both standbys are gone.
    postgresql["synchronous"] = { method: "any", number: 1, dataDurability: "required" };
  }

  const result: Record<string, unknown> = {
    instances: spec.highAvailability ? 3 : 1,
    imageName: CNPG_IMAGES[spec.version],
    // No superuser password anywhere: admin work is the owner's, or `kubectl cnpg psql` for the operator.
    enableSuperuserAccess: false,
    resources: { requests: { ...resources.requests }, limits: { ...resources.limits } },
    storage: {
      size: `${spec.storageGiB}Gi`,
      ...(input.storageClassName !== undefined ? { storageClass: input.storageClassName } : {}),
    },
    postgresql,
    bootstrap: {
      initdb: {
        database: spec.databaseName,
        owner: CNPG_OWNER_ROLE,
        encoding: "UTF8",
        // Checksums catch silent corruption on the volume; the cost is a few percent of write throughput.
        dataChecksums: true,
        postInitSQLRefs: {
          secretRefs: [{ name: input.appSecretName, key: APP_SECRET_KEYS.serverSql }],
        },
        postInitApplicationSQLRefs: {
          secretRefs: [{ name: input.appSecretName, key: APP_SECRET_KEYS.databaseSql }],
        },
      },
    },
    managed: {
      roles: [
        {
          // The role the bootstrap SQL creates, kept in this state by the operator from then on
          // (attributes, connection limit, and the password whenever the Secret changes).
          name: spec.appRole,
          ensure: "present",
          login: true,
          superuser: false,
          createdb: false,
          createrole: false,
          replication: false,
          bypassrls: false,
          inherit: true,
          connectionLimit: appConnectionLimit(DEFAULT_MAX_CONNECTIONS),
          inRoles: [],
          passwordSecret: { name: input.appSecretName },
        },
      ],
    },
  };
  if (spec.highAvailability) {
    // One instance per node (a standby on the primary's node survives nothing), spread over zones
    // where the cluster has them.
    result["affinity"] = {
      enablePodAntiAffinity: true,
      podAntiAffinityType: "required",
      topologyKey: "kubernetes.io/hostname",
    };
    result["topologySpreadConstraints"] = [
      {
        maxSkew: 1,
        topologyKey: "topology.kubernetes.io/zone",
        whenUnsatisfiable: "ScheduleAnyway",
        labelSelector: { matchLabels: { "cnpg.io/cluster": input.clusterName } },
      },
    ];
  }
  if (input.backupObjectStore !== undefined) {
    result["plugins"] = [
      {
        name: BARMAN_CLOUD_PLUGIN,
        isWALArchiver: true,
        parameters: { barmanObjectName: input.backupObjectStore.name },
      },
    ];
  }
  return result;
}

/** The `spec` of the Database resource: ownership and extensions, kept as declared. */
export function cloudNativeDatabaseSpec(
  spec: Pick<PostgresSpec, "databaseName" | "extensions">,
  clusterName: string,
): Record<string, unknown> {
  return {
    cluster: { name: clusterName },
    name: spec.databaseName,
    owner: CNPG_OWNER_ROLE,
    ensure: "present",
    // Deleting the resource must never drop the data.
    databaseReclaimPolicy: "retain",
    extensions: spec.extensions.map((name) => ({ name, ensure: "present", schema: "public" })),
  };
}

/** The `spec` of the daily ScheduledBackup through the Barman Cloud plugin. */
export function cloudNativeBackupSpec(clusterName: string): Record<string, unknown> {
  return {
    cluster: { name: clusterName },
    schedule: DAILY_BACKUP_SCHEDULE,
    method: "plugin",
    pluginConfiguration: { name: BARMAN_CLOUD_PLUGIN },
    // A base backup right away, so recovery is possible from the first day.
    immediate: true,
    // Backups live and die with the ScheduledBackup's history, not with the Cluster object.
    backupOwnerReference: "self",
  };
}
