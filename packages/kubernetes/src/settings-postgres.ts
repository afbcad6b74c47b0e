/**
 * The `wissel:kubernetes.postgres` section of the settings: where CloudNativePG databases run, their
 * storage class, the operator's namespace and the Barman Cloud ObjectStore backups go to.
 */
import { isDns1123Label, setting, settingFragments, v } from "@wissel/core";
import { LABEL, defined, isDns1123Subdomain, kubeName } from "./settings-fields";

/** The `pulumi config set` command for a key of `wissel:kubernetes`, with its example value. */
type Command = (key: string) => string;

/** The operator's namespace in CloudNativePG's own manifests and Helm chart. */
export const DEFAULT_OPERATOR_NAMESPACE = "cnpg-system";

/** An existing Barman Cloud `ObjectStore` that CloudNativePG clusters archive WAL and base backups to. */
const backupObjectStore = (settingCommand: Command) =>
  setting(
    v.strictObject(
      {
        /**
         * The name of the `ObjectStore` (barmancloud.cnpg.io/v1), which must exist in each database's
         * namespace: the Barman Cloud plugin reads it from the Cluster's own namespace.
         */
        name: kubeName(isDns1123Subdomain, "must be an ObjectStore name (DNS-1123 subdomain)", {
          what: "the name of the Barman Cloud ObjectStore backups go to",
          example: "pg-backups",
          fix: ({ command }) =>
            `Run ${command()} (\`kubectl get objectstores.barmancloud.cnpg.io -n <namespace>\`).`,
        }),
        /**
         * The days the store keeps backups (its `spec.retentionPolicy`, which the store's owner sets): a
         * database asking for more days fails at preview.
         */
        retentionDays: setting(settingFragments.backupObjectStore().entries.retentionDays, {
          what: "how many days the ObjectStore keeps backups (its spec.retentionPolicy)",
          fix: ({ command }) =>
            `Copy the days of the ObjectStore's spec.retentionPolicy: ${command()}.`,
        }),
      },
      "must be an object with name, retentionDays",
    ),
    {
      fix: () =>
        `Run ${settingCommand("postgres.backupObjectStore.name")} and ${settingCommand("postgres.backupObjectStore.retentionDays")}.`,
    },
  );

/**
 * `wissel:kubernetes.postgres`: where and how `PostgresDatabase` runs on this cluster (CloudNativePG).
 * `settingCommand` is the settings' own `pulumi config set` command, for the fixes.
 */
export function postgresSetting(settingCommand: Command) {
  const eachKey = (key: string) => () => `Set each key with ${settingCommand(key)}.`;
  return setting(
    v.pipe(
      v.strictObject(
        {
          /**
           * The namespace of databases built without a `namespace` argument.
           * @default - `wissel:kubernetes.namespace`
           */
          namespace: v.optional(
            kubeName(isDns1123Label, `must be a namespace name (${LABEL})`, {
              example: "team-databases",
              fix: ({ command }) => `Run ${command()}, or leave it out.`,
            }),
          ),
          /**
           * The StorageClass of the database volumes.
           * @default - the cluster's default StorageClass
           */
          storageClassName: v.optional(
            kubeName(
              isDns1123Subdomain,
              "must be a StorageClass name (DNS-1123 subdomain: lowercase letters, digits, '-' and '.')",
              {
                example: "ceph-block",
                fix: ({ command }) =>
                  `Pick one from \`kubectl get storageclass\`: ${command()}, or leave it out for the cluster's default.`,
              },
            ),
          ),
          /**
           * The Barman Cloud ObjectStore backups go to.
           * @default - none: the cluster offers no databases, since a database without backups is not offered
           */
          backupObjectStore: v.optional(backupObjectStore(settingCommand)),
          /**
           * The namespace the CloudNativePG operator runs in; its pods are let in to the database pods.
           * @default "cnpg-system"
           */
          operatorNamespace: v.optional(
            kubeName(isDns1123Label, `must be the operator's namespace name (${LABEL})`, {
              example: DEFAULT_OPERATOR_NAMESPACE,
              fix: ({ command }) => `Run ${command()}, or leave it out.`,
            }),
            DEFAULT_OPERATOR_NAMESPACE,
          ),
        },
        "must be an object with namespace, storageClassName, backupObjectStore, operatorNamespace",
      ),
      v.transform((postgres) => defined(postgres)),
    ),
    { fix: eachKey("postgres.namespace") },
  );
}
