/**
 * PostgreSQL without Trove: the Kubernetes adapter's CloudNativePG cluster, in the Namespace passed as
 * `namespace`, on a Magnum cluster of the program. The plan checks the namespace and the Kubernetes
 * adapter's limits and fixes the namespace, cluster and backup store; the build makes the database.
 */
import { configSetCommand, isRefusal } from "@wissel/core";
import type {
  BuildContext,
  BuildResult,
  ClusterRef,
  Decision,
  Issue,
  NamespaceRef,
  PostgresBinding,
  PostgresBuildSpec,
} from "@wissel/core";
import type { CloudNativeSpec } from "@wissel/kubernetes/compose";
import { kubernetesCompose } from "./compose";
import {
  POSTGRES_PREFIX,
  type BackupObjectStore,
  type PostgresSettings,
} from "./postgres-settings";
import type { OpenStackSettings } from "./settings";
import { OPENSTACK_KEY } from "./vendor";

/** What needs `@wissel/kubernetes` here, for the message when it is not installed. */
export const CLOUDNATIVE_PURPOSE = "a CloudNativePG PostgresDatabase";

/** What a CloudNativePG database on Magnum is built from: where it runs and where it is backed up. */
export interface CloudNativePlan {
  readonly engine: "cloudnative";
  /** The spec as CloudNativePG serves it, without its namespace (below). */
  readonly spec: CloudNativeSpec;
  /** The Namespace passed as `namespace`. */
  readonly namespace: NamespaceRef;
  /** The namespace's Magnum cluster, of this program. */
  readonly cluster: ClusterRef;
  /** The Barman Cloud ObjectStore the database is backed up to. */
  readonly backupObjectStore: BackupObjectStore;
  readonly storageClassName?: string;
  readonly operatorNamespace?: string;
}

/**
 * Checks a database that runs as CloudNativePG: it needs a Namespace on a Magnum cluster of the
 * program (the namespace's own cluster: an OpenStack cloud has no cluster to fall back on), and the
 * Kubernetes adapter's limits (extensions in CloudNativePG's image, retention within the store's).
 */
function validateCloudNativePostgres(
  spec: PostgresBuildSpec,
  subject: string,
  settings: PostgresSettings | undefined,
): Issue[] {
  const turnOnTrove = `or, where the cloud offers Trove, run ${configSetCommand(OPENSTACK_KEY, ["postgres", "trove"], "true", { code: true })} and describe it`;
  const issues: Issue[] = [];
  if (spec.namespace === undefined) {
    issues.push({
      subject,
      field: "namespace",
      value: undefined,
      rule: 'is required on target "openstack" without Trove: the database runs as CloudNativePG in a Namespace on a Magnum cluster the program builds',
      fix: `Create a KubernetesCluster and a Namespace on it, and pass it: new PostgresDatabase(name, { namespace }); ${turnOnTrove}.`,
    });
  } else if (
    spec.namespace.cluster === undefined ||
    spec.namespace.cluster.target !== "openstack"
  ) {
    const cluster = spec.namespace.cluster;
    issues.push({
      subject,
      field: "namespace",
      value: spec.namespace.namespace,
      rule: `must be a Namespace on a Magnum cluster of this program; this one is on ${cluster !== undefined ? `the ${cluster.target} cluster "${cluster.name}"` : "the kubernetes target's configured cluster"}`,
      fix: "Pass a Namespace created with { cluster } for a KubernetesCluster on openstack, or place this database on the namespace's target with wissel:targets.",
    });
  }
  const store = settings?.backupObjectStore;
  const limits = kubernetesCompose(CLOUDNATIVE_PURPOSE).checkCloudNativePostgres(spec, subject, {
    // The namespace is this adapter's to check (above): there is no configured namespace to fall back on.
    namespace: { checkedBy: "caller" },
    ...(store !== undefined ? { backupObjectStore: store } : {}),
    backupSetting: `${POSTGRES_PREFIX}.backupObjectStore`,
  });
  return [...issues, ...limits];
}

/**
 * Without a backup object store the capability table refuses the database before it is planned; the
 * plan says so too rather than assume it.
 */
function missingBackupStore(subject: string): Issue {
  return {
    subject,
    field: `${POSTGRES_PREFIX}.backupObjectStore`,
    value: undefined,
    rule: 'is required for a PostgresDatabase on target "openstack" without Trove: CloudNativePG backs the database up to it, and backupRetentionDays would otherwise be dropped',
    fix: `Set ${POSTGRES_PREFIX}.backupObjectStore.name and .retentionDays to a Barman Cloud ObjectStore in the databases' namespace, or turn on Trove.`,
  };
}

/** Checks a database that runs as CloudNativePG (above) and fixes where it runs and is backed up. */
export function planCloudNativePostgres(
  spec: PostgresBuildSpec,
  subject: string,
  settings: PostgresSettings | undefined,
): Issue[] | CloudNativePlan {
  const issues = validateCloudNativePostgres(spec, subject, settings);
  const { namespace, ...databaseSpec } = spec;
  const cluster = namespace?.cluster;
  const backupObjectStore = settings?.backupObjectStore;
  if (backupObjectStore === undefined) issues.push(missingBackupStore(subject));
  const served = kubernetesCompose(CLOUDNATIVE_PURPOSE).cloudNativeSpec(databaseSpec, subject);
  if (isRefusal(served)) issues.push(...served);
  if (
    issues.length > 0 ||
    isRefusal(served) ||
    namespace === undefined ||
    cluster === undefined ||
    backupObjectStore === undefined
  )
    return issues;
  return {
    engine: "cloudnative",
    spec: served,
    namespace,
    cluster,
    backupObjectStore,
    ...(settings?.storageClassName !== undefined
      ? { storageClassName: settings.storageClassName }
      : {}),
    ...(settings?.operatorNamespace !== undefined
      ? { operatorNamespace: settings.operatorNamespace }
      : {}),
  };
}

/**
 * The Kubernetes adapter's CloudNativePG cluster in the namespace passed, through its Magnum cluster's
 * provider, backed up to the stack's ObjectStore, with the namespace's default-deny egress opened to it.
 */
export function buildCloudNativePostgresOnMagnum(
  plan: CloudNativePlan,
  ctx: BuildContext<OpenStackSettings>,
): BuildResult<PostgresBinding> {
  const { spec, namespace: ref, cluster } = plan;
  const built = kubernetesCompose(CLOUDNATIVE_PURPOSE).buildCloudNativePostgres(ctx, spec, {
    provider: cluster.provider(),
    namespace: ref.namespace,
    dependsOn: [ref.resource],
    backupObjectStore: plan.backupObjectStore,
    ...(plan.storageClassName !== undefined ? { storageClassName: plan.storageClassName } : {}),
    ...(plan.operatorNamespace !== undefined ? { operatorNamespace: plan.operatorNamespace } : {}),
    // A Wissel Namespace denies egress by default, so its apps need this rule to reach the database.
    appEgressPolicy: true,
  });
  const decisions: Decision[] = [
    {
      what: "cluster",
      choice: `Magnum cluster "${cluster.name}", namespace ${ref.namespace}`,
      why: "no Trove on this stack: CloudNativePG through the Kubernetes adapter",
    },
    ...(built.decisions ?? []),
  ];
  return { ...built, decisions };
}
