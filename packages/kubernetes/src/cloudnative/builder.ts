/**
 * Builds a database as a CloudNativePG `Cluster` and its companions in a namespace.
 *
 * The Kubernetes adapter builds every `PostgresDatabase` so; vendor adapters without a managed
 * PostgreSQL (OpenStack without Trove) reuse the builder on their own cluster:
 *
 * ```ts
 * export function buildCloudNativePostgres<On extends CloudNativePostgresTarget>(
 *   ctx: BuildContext<unknown>,
 *   spec: CloudNativeSpecOn<On>, // the plan's CloudNativeSpec (no allowedCidrs); without a
 *                                //   backupObjectStore, no pointInTimeRecovery either
 *   on: On, // { provider?, namespace, storageClassName?, dependsOn?, backupObjectStore?,
 *           //   operatorNamespace?, appEgressPolicy? }
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
import * as pulumi from "@pulumi/pulumi";
import { CustomResource } from "@pulumi/kubernetes/apiextensions";
import { Secret } from "@pulumi/kubernetes/core/v1";
import { NetworkPolicy } from "@pulumi/kubernetes/networking/v1";
import type { BuildContext, BuildResult, Decision, PostgresBinding } from "@wissel/core";
import { MANAGED_BY_LABEL } from "../namespace-objects";
import { cloudNativeObjectNames } from "../names";
import { secretValue } from "../secret-data";
import { DEFAULT_OPERATOR_NAMESPACE, type BackupObjectStoreSettings } from "../settings";
import { APP_SECRET_KEYS, appSecretData, generatePassword } from "./app-secret";
import { CNPG_API_VERSION, CNPG_IMAGES, CNPG_PORTS } from "./constants";
import {
  cloudNativeBackupSpec,
  cloudNativeClusterSpec,
  cloudNativeDatabaseSpec,
} from "./manifests";
import {
  cloudNativeClientPolicySpec,
  cloudNativeEgressPolicySpec,
  cloudNativeIngressPolicySpec,
  type NetworkPolicyInput,
} from "./network-policies";
import { postgresResources } from "./resources";
import type { CloudNativeSpec } from "./spec";
import { postgresUri } from "@wissel/core";

/** Where a CloudNativePG database goes, whether or not it is backed up. */
export interface CloudNativeTargetCommon {
  /** The provider of the cluster; undefined to inherit the component's. */
  readonly provider?: pulumi.ProviderResource;
  /** The namespace of the Cluster and every object here. */
  readonly namespace: string;
  /** The StorageClass of the volumes. @default - the cluster's default StorageClass */
  readonly storageClassName?: string;
  /** Resources to create first (a Namespace component). */
  readonly dependsOn?: pulumi.Resource[];
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

/** A database backed up to a Barman Cloud ObjectStore: it can recover to a point in time. */
export interface CloudNativeTargetWithBackups extends CloudNativeTargetCommon {
  /** The ObjectStore (in `namespace`) for continuous WAL archiving and daily base backups. */
  readonly backupObjectStore: BackupObjectStoreSettings;
}

/** A database without backups: no ObjectStore, so nothing to recover to a point in time from. */
export interface CloudNativeTargetWithoutBackups extends CloudNativeTargetCommon {
  /** None: no WAL archiving, no ScheduledBackup, and the plan says "backups: none". */
  readonly backupObjectStore?: undefined;
}

/** Where a CloudNativePG database goes, with or without a backup object store. */
export type CloudNativePostgresTarget =
  CloudNativeTargetWithBackups | CloudNativeTargetWithoutBackups;

/**
 * The specs a target can build: any CloudNativePG spec on a target with a backup object store; on
 * one without, only a spec that does not ask for `pointInTimeRecovery` (there is no WAL archive to
 * recover from). Not distributive: a target that only may have a store counts as one without.
 */
export type CloudNativeSpecOn<On extends CloudNativePostgresTarget> = [On] extends [
  CloudNativeTargetWithBackups,
]
  ? CloudNativeSpec
  : CloudNativeSpec & { readonly pointInTimeRecovery: false };

/** The host applications connect to: the read-write Service, a name the operator's server certificate carries. */
export function cloudNativeHost(clusterName: string, namespace: string): string {
  return `${clusterName}-rw.${namespace}.svc`;
}

/**
 * Builds a database as a CloudNativePG Cluster in `on.namespace`. The caller's plan has checked the
 * spec (`validateCloudNativePostgres`) and made it a `CloudNativeSpec` (`cloudNativeSpec`); the
 * types admit `pointInTimeRecovery` only with `on.backupObjectStore`.
 */
export function buildCloudNativePostgres<On extends CloudNativePostgresTarget>(
  ctx: BuildContext<unknown>,
  spec: CloudNativeSpecOn<On>,
  on: On,
): BuildResult<PostgresBinding> {
  const name = ctx.name;
  const namespace = on.namespace;
  // The same names the blocks' `names` declare to core's collision check.
  const names = cloudNativeObjectNames(name, spec.databaseName);
  const { cluster: clusterName, appSecret: appSecretName } = names;
  const opts: pulumi.CustomResourceOptions = {
    parent: ctx.parent,
    ...(on.provider !== undefined ? { provider: on.provider } : {}),
    ...(on.dependsOn !== undefined && on.dependsOn.length > 0 ? { dependsOn: on.dependsOn } : {}),
  };
  const labels = { ...MANAGED_BY_LABEL };
  const meta = (
    objectName: string,
    extra: Record<string, string> = {},
  ): { name: string; namespace: string; labels: Record<string, string> } => ({
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
    {
      ...opts,
      dependsOn: [...(on.dependsOn ?? []), appSecret],
      ...ctx.statefulOptions,
      customTimeouts: { create: "30m", update: "30m" },
    },
  );

  const database = new CustomResource(
    `${name}-database`,
    {
      apiVersion: CNPG_API_VERSION,
      kind: "Database",
      metadata: meta(names.database),
      spec: cloudNativeDatabaseSpec(spec, clusterName),
    },
    { ...opts, dependsOn: [cluster], ...ctx.statefulOptions },
  );

  const vendorResources: Record<string, pulumi.Resource> = { cluster, appSecret, database };
  if (on.backupObjectStore !== undefined) {
    vendorResources["scheduledBackup"] = new CustomResource(
      `${name}-backup`,
      {
        apiVersion: CNPG_API_VERSION,
        kind: "ScheduledBackup",
        metadata: meta(names.scheduledBackup),
        spec: cloudNativeBackupSpec(clusterName),
      },
      { ...opts, dependsOn: [cluster] },
    );
  }

  const policyInput: NetworkPolicyInput = {
    clusterName,
    operatorNamespace: on.operatorNamespace ?? DEFAULT_OPERATOR_NAMESPACE,
  };
  vendorResources["ingressPolicy"] = new NetworkPolicy(
    `${name}-ingress`,
    { metadata: meta(names.ingressPolicy), spec: cloudNativeIngressPolicySpec(policyInput) },
    opts,
  );
  vendorResources["egressPolicy"] = new NetworkPolicy(
    `${name}-egress`,
    { metadata: meta(names.egressPolicy), spec: cloudNativeEgressPolicySpec(policyInput) },
    opts,
  );
  if (on.appEgressPolicy === true) {
    vendorResources["clientPolicy"] = new NetworkPolicy(
      `${name}-clients`,
      { metadata: meta(names.clientPolicy), spec: cloudNativeClientPolicySpec(clusterName) },
      opts,
    );
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
        appSecret.data.apply((data) =>
          secretValue(
            data,
            APP_SECRET_KEYS.password,
            appSecretId,
            "the Secret Wissel wrote has lost its password; replace it to set a new one",
          ),
        ),
        ca.data.apply((data) =>
          secretValue(
            data,
            "ca.crt",
            caSecretId,
            "CloudNativePG writes the cluster's CA there; check the operator's logs for the Cluster",
          ),
        ),
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
          why:
            spec.backupRetentionDays < on.backupObjectStore.retentionDays
              ? `the store's retention covers the ${spec.backupRetentionDays} days asked`
              : undefined,
        }
      : { what: "backups", choice: "none: no backup object store given" },
    {
      what: "app role",
      choice: `${spec.appRole}: created by Wissel's bootstrap SQL, then kept by the operator as a managed role (password in Secret ${appSecretName})`,
    },
  ].map((d) =>
    d.why === undefined
      ? { what: d.what, choice: d.choice }
      : { what: d.what, choice: d.choice, why: d.why },
  );

  return { binding, vendorResources, decisions };
}
