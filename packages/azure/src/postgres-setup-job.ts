/**
 * The one-shot setup Job of a Flexible Server database: on the program's AKS cluster, in a namespace of
 * its own, it runs core's statements as the admin over verify-full TLS and creates the least-privileged
 * app role (ARM has no resource for PostgreSQL roles).
 */
import { createHmac } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import type * as BatchV1 from "@pulumi/kubernetes/batch/v1";
import type * as CoreV1 from "@pulumi/kubernetes/core/v1";
import type * as KubernetesAdapter from "@wissel/kubernetes/compose";
import {
  clustersOn,
  dns1123Label,
  identityHash,
  loadOptionalPeer,
  postgresSetupSql,
  type ClusterRef,
  type Issue,
  type NameIdentity,
  type PostgresBuildSpec,
} from "@wissel/core";
import { POSTGRES_CA_BUNDLE } from "./postgres-ca";
import { POSTGRES_PORT } from "./postgres-offer";
import { POSTGRES_ADMIN_LOGIN } from "./settings";

/** The psql client image of the setup job: the official image's Alpine variant, same major as the server. */
export function setupImage(version: number): string {
  return `docker.io/library/postgres:${version}-alpine`;
}

/** The `postgres` user of the official Alpine image. */
const POSTGRES_IMAGE_UID = 70;

/** The namespace the setup job runs in, on the AKS cluster. */
export function setupNamespaceName(identity: NameIdentity): string {
  const hash = identityHash(identity);
  return `wissel-pg-${dns1123Label(identity.name, 63 - "wissel-pg-".length - hash.length - 1)}-${hash}`;
}

/**
 * The cluster the setup job runs on: the cluster of the namespace passed, or the program's only
 * KubernetesCluster on Azure. An issue explains why there is none.
 */
export function setupCluster(spec: PostgresBuildSpec, subject: string): ClusterRef | Issue {
  if (spec.namespace !== undefined) {
    const cluster = spec.namespace.cluster;
    if (cluster === undefined || cluster.target !== "azure") {
      return {
        subject,
        field: "namespace",
        value: spec.namespace.namespace,
        rule: 'must be a Namespace on an AKS cluster of this program: on target "azure" it only chooses the cluster that runs the job creating the app role',
        fix: "Pass a Namespace created on a KubernetesCluster of target azure, or leave namespace out.",
      };
    }
    return cluster;
  }
  const clusters = clustersOn("azure");
  if (clusters.length === 1) return clusters[0]!;
  return {
    subject,
    field: "namespace",
    value: undefined,
    rule:
      clusters.length === 0
        ? 'needs a KubernetesCluster on target "azure" declared before the database: Azure has no API for PostgreSQL roles, so a one-shot job on the cluster creates the app role'
        : `must be given when the program has several clusters on target "azure" (${clusters.map((c) => c.name).join(", ")}): it chooses the cluster that runs the job creating the app role`,
    fix:
      clusters.length === 0
        ? 'Declare a KubernetesCluster (new KubernetesCluster("apps")) before this database, or place it elsewhere with wissel:targets.'
        : "Pass namespace: a Namespace on the cluster that should run the job.",
  };
}

/** @wissel/kubernetes and the Kubernetes SDK load only when a program builds a database or namespace. */
function kubernetes(): {
  adapter: typeof KubernetesAdapter;
  core: typeof CoreV1;
  batch: typeof BatchV1;
} {
  return loadOptionalPeer(
    () => ({
      adapter: require("@wissel/kubernetes/compose") as typeof KubernetesAdapter,
      core: require("@pulumi/kubernetes/core/v1") as typeof CoreV1,
      batch: require("@pulumi/kubernetes/batch/v1") as typeof BatchV1,
    }),
    {
      adapter: "@wissel/azure",
      purpose: "a PostgresDatabase (its setup job runs on the cluster)",
      packages: ["@wissel/kubernetes", "@pulumi/kubernetes"],
    },
  );
}

/** What the setup job needs: the database, the server it connects to, and the passwords. */
export interface SetupJobInput {
  /** The component's name, which the job's Pulumi names derive from. */
  readonly name: string;
  readonly parent: pulumi.ComponentResource;
  readonly spec: PostgresBuildSpec;
  /** The cluster that runs the job (`setupCluster`). */
  readonly cluster: ClusterRef;
  /** The namespace it runs in (`setupNamespaceName`). */
  readonly namespaceName: string;
  /** The server's host name, which its certificate carries. */
  readonly host: string;
  readonly adminPasswordText: string;
  readonly appPasswordText: string;
  /** The server's `max_connections` less what Flexible Server keeps for itself. */
  readonly maxConnections: number;
  /** The database the statements run in. */
  readonly database: pulumi.Resource;
  /** What else must be in place before the job runs: the server parameters and firewall rules. */
  readonly runAfter: readonly pulumi.Resource[];
}

/** The setup namespace, its Secret and the Job, with the namespace's name for the plan. */
export interface SetupJob {
  readonly namespaceName: string;
  readonly setupNamespace: CoreV1.Namespace;
  readonly secret: CoreV1.Secret;
  readonly job: BatchV1.Job;
}

/** Registers the setup namespace, its Secret and the Job, in that order. */
export function buildSetupJob(input: SetupJobInput): SetupJob {
  const { name, parent, spec, cluster, namespaceName, host, adminPasswordText, appPasswordText } =
    input;
  const sql = postgresSetupSql(spec, {
    password: appPasswordText,
    maxConnections: input.maxConnections,
  });
  const serverSql = `${sql.server.join("\n")}\n`;
  const databaseSql = `${sql.database.join("\n")}\n`;
  // Keyed with the admin password, so the digest reveals nothing about the statements' verifier;
  // a change of any statement or password changes the pod template, which re-runs the job.
  const digest = createHmac("sha256", adminPasswordText)
    .update(serverSql)
    .update("\0")
    .update(databaseSql)
    .digest("hex")
    .slice(0, 32);
  const k8s = kubernetes();
  const provider = cluster.provider();
  const labels = {
    "app.kubernetes.io/name": "wissel-postgres-setup",
    "app.kubernetes.io/instance": name,
    "app.kubernetes.io/managed-by": "wissel",
  };

  const setupNamespace = new k8s.core.Namespace(
    `${name}-setup-namespace`,
    // Its own namespace: the admin password must not be readable by a team that can read its namespace's Secrets.
    {
      metadata: { name: namespaceName, labels: { ...labels, ...k8s.adapter.POD_SECURITY_LABELS } },
    },
    { parent, provider },
  );
  const secretName = "postgres-setup";
  const secret = new k8s.core.Secret(
    `${name}-setup-secret`,
    {
      metadata: { name: secretName, namespace: namespaceName, labels },
      type: "Opaque",
      stringData: pulumi.secret({
        "admin-password": adminPasswordText,
        "server.sql": serverSql,
        "database.sql": databaseSql,
        "ca.pem": POSTGRES_CA_BUNDLE,
      }),
    },
    { parent, provider, dependsOn: [setupNamespace] },
  );

  const container = (containerName: string, dbname: string, file: string) => ({
    name: containerName,
    image: setupImage(spec.version),
    command: ["psql"],
    args: ["--no-psqlrc", "--set=ON_ERROR_STOP=1", `--dbname=${dbname}`, `--file=/setup/${file}`],
    env: [
      { name: "PGHOST", value: host },
      { name: "PGPORT", value: String(POSTGRES_PORT) },
      { name: "PGUSER", value: POSTGRES_ADMIN_LOGIN },
      {
        name: "PGPASSWORD",
        valueFrom: { secretKeyRef: { name: secretName, key: "admin-password" } },
      },
      { name: "PGSSLMODE", value: "verify-full" },
      { name: "PGSSLROOTCERT", value: "/setup/ca.pem" },
      { name: "PGCONNECT_TIMEOUT", value: "30" },
      { name: "PGAPPNAME", value: "wissel-setup" },
    ],
    volumeMounts: [{ name: "setup", mountPath: "/setup", readOnly: true }],
    resources: {
      requests: { cpu: "50m", memory: "64Mi" },
      limits: { cpu: "500m", memory: "128Mi" },
    },
    securityContext: {
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      capabilities: { drop: ["ALL"] },
    },
  });

  const job = new k8s.batch.Job(
    `${name}-setup`,
    {
      // No fixed name: a changed pod template replaces the job, and the new one runs before the old goes.
      metadata: { namespace: namespaceName, labels },
      spec: {
        backoffLimit: 4,
        // A server the cluster cannot reach fails the deployment in ten minutes instead of hanging it.
        activeDeadlineSeconds: 600,
        template: {
          metadata: { labels, annotations: { "wissel.dev/setup-digest": digest } },
          spec: {
            restartPolicy: "Never",
            automountServiceAccountToken: false,
            securityContext: {
              runAsNonRoot: true,
              runAsUser: POSTGRES_IMAGE_UID,
              runAsGroup: POSTGRES_IMAGE_UID,
              seccompProfile: { type: "RuntimeDefault" },
            },
            // Server statements first (role, database grants), then the database's (schema, extensions).
            initContainers: [container("server", "postgres", "server.sql")],
            containers: [container("database", spec.databaseName, "database.sql")],
            volumes: [
              {
                name: "setup",
                secret: {
                  secretName,
                  defaultMode: 0o440,
                  items: [
                    { key: "server.sql", path: "server.sql" },
                    { key: "database.sql", path: "database.sql" },
                    { key: "ca.pem", path: "ca.pem" },
                  ],
                },
              },
            ],
          },
        },
      },
    },
    { parent, provider, dependsOn: [input.database, secret, ...input.runAfter] },
  );

  return { namespaceName, setupNamespace, secret, job };
}
