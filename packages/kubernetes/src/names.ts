/**
 * The physical names this adapter's objects take, in one place: the plans decide them with these
 * functions, and the blocks' `names` declare them to core's collision check before anything registers.
 */
import { dns1123Label, kubernetesScope, type ClusterRef, type PhysicalName } from "@wissel/core";

/**
 * Cluster names stay short enough for the names CloudNativePG derives from them (`<c>-rw`,
 * `<c>-1-initdb` Jobs, `<c>-pooler-…`) to remain DNS labels.
 */
export const MAX_CLUSTER_NAME = 50;

/** The cluster name of a component. */
export function cloudNativeClusterName(componentName: string): string {
  return dns1123Label(componentName, MAX_CLUSTER_NAME);
}

/** The names of the objects Wissel writes for one CloudNativePG cluster, all in its namespace. */
export interface CloudNativeObjectNames {
  readonly cluster: string;
  readonly appSecret: string;
  readonly database: string;
  readonly scheduledBackup: string;
  readonly ingressPolicy: string;
  readonly egressPolicy: string;
  readonly clientPolicy: string;
}

/** The object names of a database's CloudNativePG cluster. */
export function cloudNativeObjectNames(
  componentName: string,
  databaseName: string,
): CloudNativeObjectNames {
  const cluster = cloudNativeClusterName(componentName);
  return {
    cluster,
    appSecret: `${cluster}-wissel-app`,
    database: `${cluster}-${dns1123Label(databaseName)}`.slice(0, 63).replace(/-+$/, ""),
    scheduledBackup: `${cluster}-daily`,
    ingressPolicy: `${cluster}-wissel-ingress`,
    egressPolicy: `${cluster}-wissel-egress`,
    clientPolicy: `${cluster}-wissel-clients`,
  };
}

/** The Secrets and Services the operator itself creates for a cluster, named after it. */
const OPERATOR_SECRETS = ["ca", "server", "replication"] as const;
const OPERATOR_SERVICES = ["rw", "ro", "r"] as const;

/**
 * Every name a CloudNativePG database takes in its namespace: Wissel's objects and those the
 * operator derives from the cluster name (`<c>-ca`, `<c>-rw`), each in its kind's scope, so a
 * cluster `orders` and a cluster `orders-wissel` cannot both own `orders-wissel-app`.
 */
export function cloudNativePhysicalNames(
  componentName: string,
  databaseName: string,
  namespace: string,
  cluster: ClusterRef | undefined,
): PhysicalName[] {
  const names = cloudNativeObjectNames(componentName, databaseName);
  const scope = (kind: string): string => kubernetesScope(cluster, namespace, kind);
  return [
    { scope: scope("cnpg-cluster"), name: names.cluster, what: "CloudNativePG Cluster" },
    { scope: scope("cnpg-database"), name: names.database, what: "CloudNativePG Database" },
    {
      scope: scope("cnpg-scheduled-backup"),
      name: names.scheduledBackup,
      what: "CloudNativePG ScheduledBackup",
    },
    { scope: scope("secret"), name: names.appSecret, what: "Secret" },
    ...OPERATOR_SECRETS.map((suffix) => ({
      scope: scope("secret"),
      name: `${names.cluster}-${suffix}`,
      what: "Secret",
    })),
    ...OPERATOR_SERVICES.map((suffix) => ({
      scope: scope("service"),
      name: `${names.cluster}-${suffix}`,
      what: "Service",
    })),
    ...[names.ingressPolicy, names.egressPolicy, names.clientPolicy].map((name) => ({
      scope: scope("network-policy"),
      name,
      what: "NetworkPolicy",
    })),
  ];
}

/** The ObjectBucketClaim of a bucket; the provisioner's Secret takes the same name. */
export function claimName(componentName: string): string {
  return dns1123Label(componentName);
}

/** A bucket's names: the claim and its Secret in the configured namespace, and the S3 bucket. */
export function bucketPhysicalNames(names: {
  readonly claimName: string;
  readonly namespace: string;
  readonly bucketName: string;
  readonly storage: { readonly endpoint: string };
}): PhysicalName[] {
  const { claimName: claim, namespace, bucketName: bucket, storage } = names;
  return [
    {
      scope: kubernetesScope(undefined, namespace, "object-bucket-claim"),
      name: claim,
      what: "ObjectBucketClaim",
    },
    { scope: kubernetesScope(undefined, namespace, "secret"), name: claim, what: "Secret" },
    {
      scope: `kubernetes:bucket:${storage.endpoint}`,
      name: bucket,
      what: "S3 bucket",
    },
  ];
}
