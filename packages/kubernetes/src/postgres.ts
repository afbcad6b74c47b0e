/**
 * `PostgresDatabase` on Kubernetes: a CloudNativePG `Cluster` per database. Vendor adapters without
 * a managed PostgreSQL (OpenStack without Trove) reuse the builder on their own cluster:
 *
 * ```ts
 * export function buildCloudNativePostgres(
 *   ctx: BuildContext<unknown>,
 *   spec: PostgresSpec,
 *   on: CloudNativePostgresTarget, // { provider?, namespace, storageClassName?, dependsOn?,
 *                                  //   backupObjectStore?, operatorNamespace?, appEgressPolicy? }
 * ): BuildResult<PostgresBinding>
 * ```
 *
 * Children (Pulumi names; Kubernetes names in brackets, `<c>` the cluster name):
 * - `${name}-app` Secret [`<c>-wissel-app`, kubernetes.io/basic-auth]: the app role's password and
 *   the bootstrap SQL of core's privilege model. Generated once; kept by `ignoreChanges`.
 * - `${name}` Cluster [`<c>`]: stateful (protect + retainOnDelete). Its PVCs belong to the operator,
 *   which keeps them while the Cluster exists.
 * - `${name}-database` Database [`<c>-<db>`]: extensions, reconciled whenever they change; stateful.
 * - `${name}-backup` ScheduledBackup [`<c>-daily`], when a backup object store is given.
 * - `${name}-ingress` and `${name}-egress` NetworkPolicies [`<c>-wissel-ingress`, `<c>-wissel-egress`]
 *   for the database pods, and with `appEgressPolicy` `${name}-clients` [`<c>-wissel-clients`].
 * - `${name}-ca` Secret read [`<c>-ca`], for the CA in the binding.
 */
import { randomBytes } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import { CustomResource } from "@pulumi/kubernetes/apiextensions";
import { Secret } from "@pulumi/kubernetes/core/v1";
import { NetworkPolicy } from "@pulumi/kubernetes/networking/v1";
import type { Provider } from "@pulumi/kubernetes/provider";
import type { networking } from "@pulumi/kubernetes/types/input";
import {
  DEFAULT_MAX_CONNECTIONS,
  POSTGRES_EXTENSIONS,
  appConnectionLimit,
  pgHbaRules,
  postgresSetupSql,
  type BuildContext,
  type BuildResult,
  type Decision,
  type Issue,
  type PostgresBinding,
  type PostgresBuildSpec,
  type PostgresExtension,
  type PostgresSpec,
  type PostgresVersion,
} from "@wissel/core";
import { CLUSTER_DNS, MANAGED_BY_LABEL, cpuQuantity } from "./namespace";
import { checkDatabaseFits } from "./postgres-fit";
import { cloudNativeObjectNames } from "./names";
import { providerFor, stackProvider } from "./provider";
import { DEFAULT_OPERATOR_NAMESPACE, settingCommand, type BackupObjectStoreSettings, type KubernetesSettings } from "./settings";
import { SETTINGS_KEY } from "./vendor";

/** API group and version of CloudNativePG's resources. */
export const CNPG_API_VERSION = "postgresql.cnpg.io/v1";

/** The Pulumi type tokens of the CloudNativePG kinds this builder emits. */
export const CNPG_TYPES = {
  cluster: `kubernetes:${CNPG_API_VERSION}:Cluster`,
  database: `kubernetes:${CNPG_API_VERSION}:Database`,
  scheduledBackup: `kubernetes:${CNPG_API_VERSION}:ScheduledBackup`,
} as const;

/** The Barman Cloud plugin's name, as a Cluster's `plugins` and a ScheduledBackup name it. */
export const BARMAN_CLOUD_PLUGIN = "barman-cloud.cloudnative-pg.io";

/**
 * CloudNativePG's `standard` operand images, pinned per major to the minor CloudNativePG published
 * in May 2026 (15.18, 16.14, 17.10), on Debian trixie. `standard` carries PostgreSQL with its contrib
 * modules, pgvector and PGAudit, and no Barman (backups go through the Barman Cloud plugin's sidecar).
 * Raise the minors deliberately: CloudNativePG rolls the instances when the image changes.
 */
export const CNPG_IMAGES: Readonly<Record<PostgresVersion, string>> = {
  15: "ghcr.io/cloudnative-pg/postgresql:15.18-standard-trixie",
  16: "ghcr.io/cloudnative-pg/postgresql:16.14-standard-trixie",
  17: "ghcr.io/cloudnative-pg/postgresql:17.10-standard-trixie",
};

/**
 * The extensions the `standard` image holds: every contrib module Wissel offers, and pgvector
 * (`vector`). PostGIS is packaged separately (CloudNativePG's `postgis` images), so not here.
 */
export const CNPG_EXTENSIONS: readonly PostgresExtension[] = POSTGRES_EXTENSIONS.filter((extension) => extension !== "postgis");

/** The name CloudNativePG's initdb gives the database owner: the admin, never the app role. */
export const CNPG_OWNER_ROLE = "wissel_admin";

/** PostgreSQL's port, and the instance manager's status port that the operator polls. */
export const CNPG_PORTS = { postgres: 5432, status: 8000 } as const;

/** The labels CloudNativePG (and its Helm chart) put on the operator's pods. */
export const CNPG_OPERATOR_POD_LABELS: Readonly<Record<string, string>> = { "app.kubernetes.io/name": "cloudnative-pg" };

/** The cron schedule of the daily base backup (CloudNativePG's six fields, seconds first): 02:00. */
export const DAILY_BACKUP_SCHEDULE = "0 0 2 * * *";

/** Where a CloudNativePG database goes. */
export interface CloudNativePostgresTarget {
  /** The provider of the cluster; undefined to inherit the component's. */
  readonly provider?: Provider;
  /** The namespace of the Cluster and every object here. */
  readonly namespace: string;
  /** The StorageClass of the volumes. @default - the cluster's default StorageClass */
  readonly storageClassName?: string;
  /** Resources to create first (a Namespace component). */
  readonly dependsOn?: pulumi.Resource[];
  /**
   * The Barman Cloud ObjectStore (in `namespace`) for WAL archiving and daily base backups. Without
   * it the database has no backups: callers offer the block or `pointInTimeRecovery` only with one.
   */
  readonly backupObjectStore?: BackupObjectStoreSettings;
  /** The CloudNativePG operator's namespace. @default "cnpg-system" */
  readonly operatorNamespace?: string;
  /**
   * Also let every pod of the namespace open connections to the database. Only for namespaces that
   * deny egress by default (a Wissel `Namespace`): in any other namespace a policy selecting every
   * pod for egress would cut all their other traffic.
   * @default false
   */
  readonly appEgressPolicy?: boolean;
}

/** CPU and memory of each instance, and the memory-derived PostgreSQL settings. */
export interface PostgresResources {
  readonly requests: { readonly cpu: string; readonly memory: string };
  readonly limits: { readonly cpu: string; readonly memory: string };
  /** `shared_buffers`: a quarter of the memory, PostgreSQL's usual starting point. */
  readonly sharedBuffers: string;
}

/**
 * The sizing of an instance. A Kubernetes cluster has no tiers: the pod gets exactly what was asked,
 * with requests equal to limits (Guaranteed QoS), so the database is the last pod evicted under
 * node pressure and never runs on CPU or memory another pod could take back.
 */
export function postgresResources(spec: Pick<PostgresSpec, "vcpu" | "memoryGiB">): PostgresResources {
  const cpu = cpuQuantity(spec.vcpu);
  const memory = `${spec.memoryGiB}Gi`;
  return { requests: { cpu, memory }, limits: { cpu, memory }, sharedBuffers: `${spec.memoryGiB * 256}MB` };
}

export { cloudNativeClusterName } from "./names";

/** The host applications connect to: the read-write Service, a name the operator's server certificate carries. */
export function cloudNativeHost(clusterName: string, namespace: string): string {
  return `${clusterName}-rw.${namespace}.svc`;
}

/** The keys of the Secret holding the app role's password and the bootstrap SQL. */
export const APP_SECRET_KEYS = { username: "username", password: "password", serverSql: "server.sql", databaseSql: "database.sql" } as const;

/** A fresh password: 32 characters from 24 random bytes, URL-safe so the URI needs no escaping. */
export function generatePassword(): string {
  return randomBytes(24).toString("base64url");
}

/**
 * The `stringData` of the app Secret: the role's credentials, and core's SQL for the bootstrap, by
 * where it runs (`server.sql` in `postgres`, `database.sql` in the app's database). Extensions are
 * left to the Database resource, which also applies ones added later.
 */
export function appSecretData(spec: Pick<PostgresSpec, "databaseName" | "appRole">, password: string): Record<string, string> {
  const sql = postgresSetupSql({ databaseName: spec.databaseName, appRole: spec.appRole, extensions: [] }, { password, maxConnections: DEFAULT_MAX_CONNECTIONS });
  return {
    [APP_SECRET_KEYS.username]: spec.appRole,
    [APP_SECRET_KEYS.password]: password,
    [APP_SECRET_KEYS.serverSql]: `${sql.server.join("\n")}\n`,
    [APP_SECRET_KEYS.databaseSql]: `${sql.database.join("\n")}\n`,
  };
}

/** Inputs of a CloudNativePG `Cluster`'s spec, as this builder writes it. */
export interface ClusterSpecInput {
  readonly clusterName: string;
  readonly appSecretName: string;
  readonly storageClassName?: string;
  readonly backupObjectStore?: BackupObjectStoreSettings;
}

/** The `spec` of the Cluster for a database. Pure, so it is tested and schema-checked without Pulumi. */
export function cloudNativeClusterSpec(spec: PostgresSpec, input: ClusterSpecInput): Record<string, unknown> {
  const resources = postgresResources(spec);
  const parameters: Record<string, string> = {
    // Stated, not defaulted: the app role's connection limit is derived from it.
    max_connections: String(DEFAULT_MAX_CONNECTIONS),
    shared_buffers: resources.sharedBuffers,
  };
  // CloudNativePG preloads pg_stat_statements once one of its parameters is set.
  if (spec.extensions.includes("pg_stat_statements")) parameters["pg_stat_statements.track"] = "top";

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
    storage: { size: `${spec.storageGiB}Gi`, ...(input.storageClassName !== undefined ? { storageClass: input.storageClassName } : {}) },
    postgresql,
    bootstrap: {
      initdb: {
        database: spec.databaseName,
        owner: CNPG_OWNER_ROLE,
        encoding: "UTF8",
        // Checksums catch silent corruption on the volume; the cost is a few percent of write throughput.
        dataChecksums: true,
        postInitSQLRefs: { secretRefs: [{ name: input.appSecretName, key: APP_SECRET_KEYS.serverSql }] },
        postInitApplicationSQLRefs: { secretRefs: [{ name: input.appSecretName, key: APP_SECRET_KEYS.databaseSql }] },
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
    result["affinity"] = { enablePodAntiAffinity: true, podAntiAffinityType: "required", topologyKey: "kubernetes.io/hostname" };
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
    result["plugins"] = [{ name: BARMAN_CLOUD_PLUGIN, isWALArchiver: true, parameters: { barmanObjectName: input.backupObjectStore.name } }];
  }
  return result;
}

/** The `spec` of the Database resource: ownership and extensions, kept as declared. */
export function cloudNativeDatabaseSpec(spec: Pick<PostgresSpec, "databaseName" | "extensions">, clusterName: string): Record<string, unknown> {
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

/** What the NetworkPolicies need to know. */
export interface NetworkPolicyInput {
  readonly clusterName: string;
  readonly operatorNamespace: string;
}

/**
 * Ingress of the database pods: PostgreSQL from the pods of their own namespace (applications, and
 * the other instances replicating), and the instance manager's status port from the operator.
 */
export function cloudNativeIngressPolicySpec(input: NetworkPolicyInput): networking.v1.NetworkPolicySpec {
  return {
    podSelector: { matchLabels: { "cnpg.io/cluster": input.clusterName } },
    policyTypes: ["Ingress"],
    ingress: [
      { from: [{ podSelector: {} }], ports: [{ protocol: "TCP", port: CNPG_PORTS.postgres }] },
      {
        from: [
          {
            namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": input.operatorNamespace } },
            podSelector: { matchLabels: { ...CNPG_OPERATOR_POD_LABELS } },
          },
        ],
        ports: [{ protocol: "TCP", port: CNPG_PORTS.status }],
      },
    ],
  };
}

/**
 * Egress of the database pods: cluster DNS, the other instances (streaming replication, pg_rewind),
 * the Kubernetes API (the instance manager watches its Cluster and Secrets), and the backup object
 * store over HTTPS. The API server's address after the Service's translation differs per
 * cluster, so API egress is limited by port (443, 6443), not by address.
 */
export function cloudNativeEgressPolicySpec(input: NetworkPolicyInput): networking.v1.NetworkPolicySpec {
  const https: { protocol: string; port: number }[] = [
    { protocol: "TCP", port: 443 },
    { protocol: "TCP", port: 6443 },
  ];
  return {
    podSelector: { matchLabels: { "cnpg.io/cluster": input.clusterName } },
    policyTypes: ["Egress"],
    egress: [
      {
        to: [{ namespaceSelector: { matchLabels: { ...CLUSTER_DNS.namespaceLabels } }, podSelector: { matchLabels: { ...CLUSTER_DNS.podLabels } } }],
        ports: [
          { protocol: "UDP", port: CLUSTER_DNS.port },
          { protocol: "TCP", port: CLUSTER_DNS.port },
        ],
      },
      { to: [{ podSelector: { matchLabels: { "cnpg.io/cluster": input.clusterName } } }], ports: [{ protocol: "TCP", port: CNPG_PORTS.postgres }] },
      // Any address: the API server's after translation, and the backup store's endpoint (HTTPS on 443).
      { ports: https },
    ],
  };
}

/** Egress of every pod of the namespace to the database's PostgreSQL port. */
export function cloudNativeClientPolicySpec(clusterName: string): networking.v1.NetworkPolicySpec {
  return {
    podSelector: {},
    policyTypes: ["Egress"],
    egress: [{ to: [{ podSelector: { matchLabels: { "cnpg.io/cluster": clusterName } } }], ports: [{ protocol: "TCP", port: CNPG_PORTS.postgres }] }],
  };
}

/**
 * A value of a Secret's base64 `data`. Missing in a preview (an offline plan, or a Secret not yet
 * written): unknown. Missing in an update: fails the deployment naming the Secret and key.
 */
function secretValue(data: Readonly<Record<string, string>> | undefined, key: string, secretId: string, why: string): pulumi.Output<string> {
  const encoded = data?.[key];
  if (encoded !== undefined && encoded !== "") return pulumi.output(Buffer.from(encoded, "base64").toString("utf8"));
  if (pulumi.runtime.isDryRun()) return pulumi.output(pulumi.unknown) as pulumi.Output<string>;
  throw new Error(`Secret ${secretId} has no ${key}: ${why}`);
}

/** The URI of a binding, user and password percent-encoded. */
function postgresUri(b: Omit<PostgresBinding, "uri">): string {
  return `postgresql://${encodeURIComponent(b.user)}:${encodeURIComponent(b.password)}@${b.host}:${b.port}/${encodeURIComponent(b.database)}?sslmode=${b.sslmode}`;
}

/**
 * Builds a database as a CloudNativePG Cluster in `on.namespace`. The caller has checked the spec
 * (`validateCloudNativePostgres`) and the capabilities (no `allowedCidrs`; `pointInTimeRecovery` only
 * with `on.backupObjectStore`).
 */
export function buildCloudNativePostgres(ctx: BuildContext<unknown>, spec: PostgresSpec, on: CloudNativePostgresTarget): BuildResult<PostgresBinding> {
  if (spec.allowedCidrs.length > 0) throw new Error("allowedCidrs cannot be served by a CloudNativePG cluster, which is reachable inside the cluster only");
  if (spec.pointInTimeRecovery && on.backupObjectStore === undefined) throw new Error("pointInTimeRecovery needs a backup object store");
  const name = ctx.name;
  const namespace = on.namespace;
  // The same names `physicalNames` declares to core's collision check.
  const names = cloudNativeObjectNames(name, spec.databaseName);
  const { cluster: clusterName, appSecret: appSecretName } = names;
  const opts: pulumi.CustomResourceOptions = {
    parent: ctx.parent,
    ...(on.provider !== undefined ? { provider: on.provider } : {}),
    ...(on.dependsOn !== undefined && on.dependsOn.length > 0 ? { dependsOn: on.dependsOn } : {}),
  };
  const labels = { ...MANAGED_BY_LABEL };
  const meta = (objectName: string, extra: Record<string, string> = {}): { name: string; namespace: string; labels: Record<string, string> } => ({
    name: objectName,
    namespace,
    labels: { ...labels, ...extra },
  });

  // The password is generated when the Secret is created and kept by ignoreChanges afterwards (every
  // run generates a new candidate that is never applied); the binding reads the stored one back.
  // To rotate it, replace this Secret: the operator sets the role's new password from it.
  const appSecret = new Secret(
    `${name}-app`,
    {
      // cnpg.io/reload: the operator applies a changed password to the managed role.
      metadata: meta(appSecretName, { "cnpg.io/reload": "true" }),
      type: "kubernetes.io/basic-auth",
      stringData: pulumi.secret(appSecretData(spec, generatePassword())),
    },
    // The SDK marks a Secret's data and stringData secret outputs itself.
    { ...opts, ignoreChanges: ["stringData", "data"] },
  );

  const cluster = new CustomResource(
    name,
    {
      apiVersion: CNPG_API_VERSION,
      kind: "Cluster",
      // Pulumi waits until the cluster is Ready, so its CA Secret exists when it is read, and a
      // failed bootstrap fails the deployment instead of passing half-done.
      metadata: { ...meta(clusterName), annotations: { "pulumi.com/waitFor": "condition=Ready" } },
      spec: cloudNativeClusterSpec(spec, {
        clusterName,
        appSecretName,
        ...(on.storageClassName !== undefined ? { storageClassName: on.storageClassName } : {}),
        ...(on.backupObjectStore !== undefined ? { backupObjectStore: on.backupObjectStore } : {}),
      }),
    },
    // Initdb, WAL archiving and the first base backup can take longer than Pulumi's 10 minutes.
    { ...opts, dependsOn: [...(on.dependsOn ?? []), appSecret], ...ctx.statefulOptions, customTimeouts: { create: "30m", update: "30m" } },
  );

  const database = new CustomResource(
    `${name}-database`,
    { apiVersion: CNPG_API_VERSION, kind: "Database", metadata: meta(names.database), spec: cloudNativeDatabaseSpec(spec, clusterName) },
    { ...opts, dependsOn: [cluster], ...ctx.statefulOptions },
  );

  const vendorResources: Record<string, pulumi.Resource> = { cluster, appSecret, database };
  if (on.backupObjectStore !== undefined) {
    vendorResources["scheduledBackup"] = new CustomResource(
      `${name}-backup`,
      { apiVersion: CNPG_API_VERSION, kind: "ScheduledBackup", metadata: meta(names.scheduledBackup), spec: cloudNativeBackupSpec(clusterName) },
      { ...opts, dependsOn: [cluster] },
    );
  }

  const policyInput: NetworkPolicyInput = {
    clusterName,
    operatorNamespace: on.operatorNamespace ?? DEFAULT_OPERATOR_NAMESPACE,
  };
  vendorResources["ingressPolicy"] = new NetworkPolicy(`${name}-ingress`, { metadata: meta(names.ingressPolicy), spec: cloudNativeIngressPolicySpec(policyInput) }, opts);
  vendorResources["egressPolicy"] = new NetworkPolicy(`${name}-egress`, { metadata: meta(names.egressPolicy), spec: cloudNativeEgressPolicySpec(policyInput) }, opts);
  if (on.appEgressPolicy === true) {
    vendorResources["clientPolicy"] = new NetworkPolicy(`${name}-clients`, { metadata: meta(names.clientPolicy), spec: cloudNativeClientPolicySpec(clusterName) }, opts);
  }

  // The operator writes `<c>-ca` (ca.crt, and its signing key ca.key, which the read also holds in
  // the state, secret) before the cluster turns Ready. The id depends on the Cluster, so a preview
  // of a new cluster skips the read.
  const caSecretId = `${namespace}/${clusterName}-ca`;
  const ca = Secret.get(
    `${name}-ca`,
    cluster.id.apply(() => caSecretId),
    { parent: ctx.parent, ...(on.provider !== undefined ? { provider: on.provider } : {}) },
  );
  vendorResources["caSecret"] = ca;

  const appSecretId = `${namespace}/${appSecretName}`;
  const host = cloudNativeHost(clusterName, namespace);
  const binding = pulumi.secret(
    pulumi
      .all([
        appSecret.data.apply((data) => secretValue(data, APP_SECRET_KEYS.password, appSecretId, "the Secret Wissel wrote has lost its password; replace it to set a new one")),
        ca.data.apply((data) => secretValue(data, "ca.crt", caSecretId, "CloudNativePG writes the cluster's CA there; check the operator's logs for the Cluster")),
      ])
      .apply(([password, caCertificate]): PostgresBinding => {
        const partial = {
          host,
          port: CNPG_PORTS.postgres,
          database: spec.databaseName,
          user: spec.appRole,
          password,
          // The operator's server certificate names the -rw Service, so the host is verified too.
          sslmode: "verify-full" as const,
          caCertificate: caCertificate.endsWith("\n") ? caCertificate : `${caCertificate}\n`,
        };
        return { ...partial, uri: postgresUri(partial) };
      }),
  );

  const resources = postgresResources(spec);
  const decisions: Decision[] = [
    {
      what: "server",
      choice: `CloudNativePG Cluster ${namespace}/${clusterName}, ${spec.highAvailability ? "3 instances (primary and 2 standbys, quorum synchronous commit to 1)" : "1 instance"}, PostgreSQL ${spec.version} (${CNPG_IMAGES[spec.version]})`,
    },
    {
      what: "size",
      choice: `${resources.requests.cpu} CPU, ${resources.requests.memory} memory per instance (requests = limits, Guaranteed QoS); shared_buffers ${resources.sharedBuffers}`,
      why: `exactly the ${spec.vcpu} vCPU / ${spec.memoryGiB} GiB asked: a cluster has no tiers`,
    },
    {
      what: "storage",
      choice: `${spec.storageGiB}Gi per instance on ${on.storageClassName !== undefined ? `StorageClass ${on.storageClassName}` : "the cluster's default StorageClass"}; the volumes are the operator's (PVCs it owns)`,
    },
    on.backupObjectStore !== undefined
      ? {
          what: "backups",
          choice: `continuous WAL archiving and a daily base backup (02:00) to ObjectStore ${on.backupObjectStore.name} through the Barman Cloud plugin; kept ${on.backupObjectStore.retentionDays} days by the store`,
          why: spec.backupRetentionDays < on.backupObjectStore.retentionDays ? `the store's retention covers the ${spec.backupRetentionDays} days asked` : undefined,
        }
      : { what: "backups", choice: "none: no backup object store given" },
    { what: "app role", choice: `${spec.appRole}: created by Wissel's bootstrap SQL, then kept by the operator as a managed role (password in Secret ${appSecretName})` },
  ].map((d) => (d.why === undefined ? { what: d.what, choice: d.choice } : { what: d.what, choice: d.choice, why: d.why }));

  return { binding, vendorResources, decisions };
}

/** What `validateCloudNativePostgres` checks a spec against. */
export interface CloudNativePostgresLimits {
  /** The namespace the database would run in without a `namespace` argument, if any. */
  readonly defaultNamespace?: string;
  /** The command that sets that default, for the fix; without it the fix asks for a namespace argument only. */
  readonly namespaceCommand?: string;
  readonly backupObjectStore?: BackupObjectStoreSettings;
  /** The config key of the backup object store, for the fix. */
  readonly backupSetting: string;
}

/** Checks a spec against what CloudNativePG's standard image and the backup store can do. */
export function validateCloudNativePostgres(spec: PostgresBuildSpec, subject: string, limits: CloudNativePostgresLimits): Issue[] {
  const issues: Issue[] = [];
  spec.extensions.forEach((extension, i) => {
    if (!CNPG_EXTENSIONS.includes(extension)) {
      issues.push({
        subject,
        field: `extensions[${i}]`,
        value: extension,
        rule: `is not in CloudNativePG's standard image (${CNPG_IMAGES[spec.version]}), which offers ${CNPG_EXTENSIONS.join(", ")}; PostGIS comes only in CloudNativePG's separate postgis images`,
        fix: `Remove "${extension}", or place this database on a target that offers it with wissel:targets.`,
      });
    }
  });
  if (spec.namespace === undefined && limits.defaultNamespace === undefined) {
    issues.push({
      subject,
      field: "namespace",
      value: undefined,
      rule: "is required: a CloudNativePG cluster runs in a namespace, and none is configured",
      fix: `Pass namespace: a Namespace of the program${limits.namespaceCommand !== undefined ? `, or run ${limits.namespaceCommand}` : ""}.`,
    });
  }
  issues.push(...checkDatabaseFits(spec, subject));
  const store = limits.backupObjectStore;
  if (store !== undefined && spec.backupRetentionDays > store.retentionDays) {
    issues.push({
      subject,
      field: "backupRetentionDays",
      value: spec.backupRetentionDays,
      rule: `must be at most ${store.retentionDays}: the ObjectStore ${store.name} keeps backups ${store.retentionDays} days (${limits.backupSetting}.retentionDays)`,
      fix: `Set backupRetentionDays to ${store.retentionDays} or less, or raise the store's retentionPolicy and ${limits.backupSetting}.retentionDays together.`,
    });
  }
  return issues;
}

/** `validators.postgres` of the Kubernetes adapter. */
export function validatePostgres(spec: PostgresBuildSpec, subject: string, settings: KubernetesSettings): readonly Issue[] {
  const postgres = settings.postgres;
  return validateCloudNativePostgres(spec, subject, {
    defaultNamespace: postgres?.namespace ?? settings.namespace,
    namespaceCommand: settingCommand("postgres.namespace"),
    ...(postgres?.backupObjectStore !== undefined ? { backupObjectStore: postgres.backupObjectStore } : {}),
    backupSetting: `${SETTINGS_KEY}.postgres.backupObjectStore`,
  });
}

/**
 * A database on this target: in the `namespace` passed (on its cluster, and opening the namespace's
 * default-deny egress to it), else in the configured namespace through the stack's provider.
 */
export function buildPostgres(ctx: BuildContext<KubernetesSettings>, spec: PostgresBuildSpec): BuildResult<PostgresBinding> {
  const { namespace: ref, ...databaseSpec } = spec;
  const settings = ctx.settings;
  const postgres = settings.postgres;
  if (postgres?.backupObjectStore === undefined) {
    // The capability table marks the block unsupported without a store, so core stops before this.
    throw new Error(`${SETTINGS_KEY}.postgres.backupObjectStore is not set: ${settingCommand("postgres.backupObjectStore.name")}`);
  }
  const provider = ref?.cluster !== undefined ? providerFor(ref.cluster) : stackProvider(settings);
  return buildCloudNativePostgres(ctx, databaseSpec, {
    ...(provider !== undefined ? { provider } : {}),
    namespace: ref?.namespace ?? postgres.namespace ?? settings.namespace,
    ...(postgres.storageClassName !== undefined ? { storageClassName: postgres.storageClassName } : {}),
    ...(ref !== undefined ? { dependsOn: [ref.resource] } : {}),
    backupObjectStore: postgres.backupObjectStore,
    operatorNamespace: postgres.operatorNamespace,
    // A Wissel Namespace denies egress by default, so its apps need this rule to reach the database.
    appEgressPolicy: ref !== undefined,
  });
}
