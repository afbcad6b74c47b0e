/**
 * The PostgresDatabase on Azure: a Flexible Server per database, its database, TLS-only server
 * parameters, the extension allowlist, firewall rules or VNet integration, and a one-shot Kubernetes
 * Job on the program's AKS cluster that creates the least-privileged app role (ARM has no resource
 * for PostgreSQL roles) with core's tested statements.
 */
import { createHmac } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import * as dbforpostgresql from "@pulumi/azure-native/dbforpostgresql";
import type * as BatchV1 from "@pulumi/kubernetes/batch/v1";
import type * as CoreV1 from "@pulumi/kubernetes/core/v1";
import type * as KubernetesAdapter from "@wissel/kubernetes/compose";
import {
  appConnectionLimit,
  clustersOn,
  dns1123Label,
  identityHash,
  parseCidr,
  postgresSetupSql,
  type BuildContext,
  type BuildResult,
  type ClusterRef,
  type Decision,
  type Issue,
  type NameIdentity,
  type PostgresBinding,
  type PostgresBuildSpec,
  type PostgresExtension,
  loadOptionalPeer,
} from "@wissel/core";
import { POSTGRES_CA_BUNDLE } from "./postgres-ca";
import { ADMIN_PASSWORD_COMMAND, POSTGRES_ADMIN_LOGIN, appPasswordCommand, type AzureSettings } from "./settings";

/** Flexible Server's compute tiers. */
export type PostgresTier = "Burstable" | "GeneralPurpose" | "MemoryOptimized";

/** A Flexible Server compute size, with Azure's default `max_connections` for it. */
export interface PostgresSku {
  readonly name: string;
  readonly tier: PostgresTier;
  readonly vcpu: number;
  readonly memoryGiB: number;
  readonly maxConnections: number;
}

/**
 * The sizes offered in every region this adapter knows: Burstable B-series, General Purpose Ddsv5
 * (4 GiB per vCPU) and Memory Optimized Edsv5 (8 GiB per vCPU, 432 GiB at 64). Connections from
 * Azure's "Limits" page (learn.microsoft.com/azure/postgresql/flexible-server/concepts-limits).
 */
export const POSTGRES_SKUS: readonly PostgresSku[] = [
  { name: "Standard_B1ms", tier: "Burstable", vcpu: 1, memoryGiB: 2, maxConnections: 50 },
  { name: "Standard_B2s", tier: "Burstable", vcpu: 2, memoryGiB: 4, maxConnections: 429 },
  { name: "Standard_B2ms", tier: "Burstable", vcpu: 2, memoryGiB: 8, maxConnections: 859 },
  { name: "Standard_B4ms", tier: "Burstable", vcpu: 4, memoryGiB: 16, maxConnections: 1718 },
  { name: "Standard_B8ms", tier: "Burstable", vcpu: 8, memoryGiB: 32, maxConnections: 3437 },
  { name: "Standard_B12ms", tier: "Burstable", vcpu: 12, memoryGiB: 48, maxConnections: 5000 },
  { name: "Standard_B16ms", tier: "Burstable", vcpu: 16, memoryGiB: 64, maxConnections: 5000 },
  { name: "Standard_B20ms", tier: "Burstable", vcpu: 20, memoryGiB: 80, maxConnections: 5000 },
  { name: "Standard_D2ds_v5", tier: "GeneralPurpose", vcpu: 2, memoryGiB: 8, maxConnections: 859 },
  { name: "Standard_D4ds_v5", tier: "GeneralPurpose", vcpu: 4, memoryGiB: 16, maxConnections: 1718 },
  { name: "Standard_D8ds_v5", tier: "GeneralPurpose", vcpu: 8, memoryGiB: 32, maxConnections: 3437 },
  { name: "Standard_D16ds_v5", tier: "GeneralPurpose", vcpu: 16, memoryGiB: 64, maxConnections: 5000 },
  { name: "Standard_D32ds_v5", tier: "GeneralPurpose", vcpu: 32, memoryGiB: 128, maxConnections: 5000 },
  { name: "Standard_D48ds_v5", tier: "GeneralPurpose", vcpu: 48, memoryGiB: 192, maxConnections: 5000 },
  { name: "Standard_D64ds_v5", tier: "GeneralPurpose", vcpu: 64, memoryGiB: 256, maxConnections: 5000 },
  { name: "Standard_D96ds_v5", tier: "GeneralPurpose", vcpu: 96, memoryGiB: 384, maxConnections: 5000 },
  { name: "Standard_E2ds_v5", tier: "MemoryOptimized", vcpu: 2, memoryGiB: 16, maxConnections: 1718 },
  { name: "Standard_E4ds_v5", tier: "MemoryOptimized", vcpu: 4, memoryGiB: 32, maxConnections: 3437 },
  { name: "Standard_E8ds_v5", tier: "MemoryOptimized", vcpu: 8, memoryGiB: 64, maxConnections: 5000 },
  { name: "Standard_E16ds_v5", tier: "MemoryOptimized", vcpu: 16, memoryGiB: 128, maxConnections: 5000 },
  { name: "Standard_E20ds_v5", tier: "MemoryOptimized", vcpu: 20, memoryGiB: 160, maxConnections: 5000 },
  { name: "Standard_E32ds_v5", tier: "MemoryOptimized", vcpu: 32, memoryGiB: 256, maxConnections: 5000 },
  { name: "Standard_E48ds_v5", tier: "MemoryOptimized", vcpu: 48, memoryGiB: 384, maxConnections: 5000 },
  { name: "Standard_E64ds_v5", tier: "MemoryOptimized", vcpu: 64, memoryGiB: 432, maxConnections: 5000 },
  { name: "Standard_E96ds_v5", tier: "MemoryOptimized", vcpu: 96, memoryGiB: 672, maxConnections: 5000 },
];

/** Connections Flexible Server keeps for its own replication and monitoring. */
export const AZURE_RESERVED_CONNECTIONS = 15;

const TIER_ORDER: readonly PostgresTier[] = ["Burstable", "GeneralPurpose", "MemoryOptimized"];

/**
 * The smallest size with at least `vcpu` vCPUs and `memoryGiB` GiB: fewest vCPUs first (they drive
 * the price), then least memory, then the cheaper tier. Burstable has no high availability, so a
 * highly available server is sized from General Purpose and Memory Optimized only. Undefined when
 * nothing is large enough.
 */
export function postgresSkuFor(vcpu: number, memoryGiB: number, highAvailability = false): PostgresSku | undefined {
  return [...POSTGRES_SKUS]
    .filter((sku) => !highAvailability || sku.tier !== "Burstable")
    .sort((a, b) => a.vcpu - b.vcpu || a.memoryGiB - b.memoryGiB || TIER_ORDER.indexOf(a.tier) - TIER_ORDER.indexOf(b.tier))
    .find((sku) => sku.vcpu >= vcpu && sku.memoryGiB >= memoryGiB);
}

/** The disk sizes Flexible Server's Premium SSD storage offers, in GiB. */
export const POSTGRES_STORAGE_SIZES: readonly number[] = [32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768];

/** The smallest disk size of at least `storageGiB`; undefined beyond the largest. */
export function postgresStorageFor(storageGiB: number): number | undefined {
  return POSTGRES_STORAGE_SIZES.find((size) => size >= storageGiB);
}

/** PostgreSQL majors Flexible Server creates new servers with (11 and 12 are retired). */
export const AZURE_POSTGRES_VERSIONS: readonly number[] = [13, 14, 15, 16, 17, 18];

/** Backup retention Flexible Server accepts, in days. */
export const AZURE_BACKUP_RETENTION = { min: 7, max: 35 } as const;

/**
 * Wissel's extensions that Flexible Server allowlists (`azure.extensions`), each with the majors it
 * ships them for. `pg_stat_statements` is in Azure's default `shared_preload_libraries`.
 */
export const AZURE_EXTENSIONS: Readonly<Record<PostgresExtension, readonly number[]>> = {
  btree_gin: AZURE_POSTGRES_VERSIONS,
  btree_gist: AZURE_POSTGRES_VERSIONS,
  citext: AZURE_POSTGRES_VERSIONS,
  fuzzystrmatch: AZURE_POSTGRES_VERSIONS,
  hstore: AZURE_POSTGRES_VERSIONS,
  intarray: AZURE_POSTGRES_VERSIONS,
  ltree: AZURE_POSTGRES_VERSIONS,
  pg_stat_statements: AZURE_POSTGRES_VERSIONS,
  pg_trgm: AZURE_POSTGRES_VERSIONS,
  pgcrypto: AZURE_POSTGRES_VERSIONS,
  postgis: AZURE_POSTGRES_VERSIONS,
  tablefunc: AZURE_POSTGRES_VERSIONS,
  unaccent: AZURE_POSTGRES_VERSIONS,
  "uuid-ossp": AZURE_POSTGRES_VERSIONS,
  vector: AZURE_POSTGRES_VERSIONS,
};

/** The PostgreSQL port; Flexible Server listens on no other (PgBouncer's 6432 is opt-in). */
export const POSTGRES_PORT = 5432;

/** The psql client image of the setup job: the official image's Alpine variant, same major as the server. */
export function setupImage(version: number): string {
  return `docker.io/library/postgres:${version}-alpine`;
}

/** The `postgres` user of the official Alpine image. */
const POSTGRES_IMAGE_UID = 70;

/**
 * The server name, also its DNS label under `postgres.database.azure.com`, unique across Azure: a
 * DNS-1123 stem of the component name and a hash of the project, stack and name. 3–63 characters.
 */
export function postgresServerName(identity: NameIdentity): string {
  const hash = identityHash(identity);
  return `${dns1123Label(identity.name, 63 - hash.length - 1)}-${hash}`;
}

/** The namespace the setup job runs in, on the AKS cluster. */
export function setupNamespaceName(identity: NameIdentity): string {
  const hash = identityHash(identity);
  return `wissel-pg-${dns1123Label(identity.name, 63 - "wissel-pg-".length - hash.length - 1)}-${hash}`;
}

/**
 * The first and last IPv4 address of a CIDR block, as Azure firewall rules take them, from core's
 * parser (the spec is validated, so anything else is a bug).
 */
export function ipv4Range(cidr: string): { start: string; end: string } {
  const parsed = parseCidr(cidr, { family: 4 });
  if (!parsed.ok) throw new Error(`ipv4Range: ${JSON.stringify(cidr)} ${parsed.detail}`);
  return { start: parsed.network.first, end: parsed.network.last };
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

/** Checks a database spec against what Flexible Server and the stack's settings allow. */
export function validatePostgresSpec(spec: PostgresBuildSpec, subject: string, settings: AzureSettings): Issue[] {
  const issues: Issue[] = [];
  // Core names the subject `PostgresDatabase "<name>"`; the app password is keyed by that name.
  const name = subject.replace(/^PostgresDatabase "(.*)"$/, "$1");
  if (!AZURE_POSTGRES_VERSIONS.includes(spec.version)) {
    issues.push({ subject, field: "version", value: spec.version, rule: `must be a major Flexible Server creates: ${AZURE_POSTGRES_VERSIONS.join(", ")}`, fix: "Set version to 17, or leave it out." });
  }
  if (postgresSkuFor(spec.vcpu, spec.memoryGiB, spec.highAvailability) === undefined) {
    issues.push({
      subject,
      field: "vcpu",
      value: `${spec.vcpu} vCPU / ${spec.memoryGiB} GiB`,
      rule: "must fit a Flexible Server size (at most 96 vCPU and 672 GiB)",
      fix: "Lower vcpu or memoryGiB.",
    });
  }
  if (postgresStorageFor(spec.storageGiB) === undefined) {
    issues.push({ subject, field: "storageGiB", value: spec.storageGiB, rule: `must be at most ${POSTGRES_STORAGE_SIZES.at(-1)} GiB on Flexible Server`, fix: "Lower storageGiB." });
  }
  if (spec.backupRetentionDays < AZURE_BACKUP_RETENTION.min || spec.backupRetentionDays > AZURE_BACKUP_RETENTION.max) {
    issues.push({
      subject,
      field: "backupRetentionDays",
      value: spec.backupRetentionDays,
      rule: `must be from ${AZURE_BACKUP_RETENTION.min} to ${AZURE_BACKUP_RETENTION.max} days on target "azure" (Flexible Server keeps backups at least a week)`,
      fix: `Set backupRetentionDays to ${AZURE_BACKUP_RETENTION.min} or more.`,
    });
  }
  if (spec.highAvailability && !settings.region.zones) {
    issues.push({
      subject,
      field: "highAvailability",
      value: true,
      rule: `needs availability zones for a standby in another zone; ${settings.location} has none`,
      fix: "Choose a region with zones in wissel:azure.location, or remove highAvailability.",
    });
  }
  spec.extensions.forEach((extension, i) => {
    if (!(AZURE_EXTENSIONS[extension] ?? []).includes(spec.version)) {
      issues.push({ subject, field: `extensions[${i}]`, value: extension, rule: `is not offered by Flexible Server for PostgreSQL ${spec.version}`, fix: "Remove it, or choose a version that offers it." });
    }
  });
  spec.allowedCidrs.forEach((cidr, i) => {
    const parsed = parseCidr(cidr);
    if (parsed.ok && parsed.network.family === 6) {
      issues.push({ subject, field: `allowedCidrs[${i}]`, value: cidr, rule: "must be IPv4: Flexible Server firewall rules take IPv4 ranges only", fix: "Give the network's IPv4 range, or reach the server over private access (wissel:azure.postgres)." });
    }
  });
  if (settings.postgres !== undefined && spec.allowedCidrs.length > 0) {
    issues.push({
      subject,
      field: "allowedCidrs",
      value: spec.allowedCidrs,
      rule: "cannot be combined with private access (wissel:azure.postgres): a VNet-integrated Flexible Server has no public endpoint to put firewall rules on",
      fix: "Remove allowedCidrs and route those networks into the VNet, or remove wissel:azure.postgres.",
    });
  }
  if (settings.postgres === undefined && spec.allowedCidrs.length === 0) {
    issues.push({
      subject,
      field: "allowedCidrs",
      value: [],
      rule: 'must name the networks that may connect, or the stack must give private access: on target "azure" a server without either is reachable by nobody',
      fix: "Set wissel:azure.postgres.delegatedSubnetId and privateDnsZoneId (a subnet delegated to Microsoft.DBforPostgreSQL/flexibleServers and its private DNS zone), or list allowedCidrs.",
    });
  }
  if (settings.postgresAdminPassword === undefined) {
    issues.push({
      subject,
      field: "wissel:azure.postgresAdminPassword",
      value: undefined,
      rule: "is required: Flexible Server needs an administrator password when it is created",
      fix: `Run ${ADMIN_PASSWORD_COMMAND}.`,
    });
  }
  if (settings.postgresAppPasswords[name] === undefined) {
    issues.push({
      subject,
      field: `wissel:azure.postgresAppPasswords.${name}`,
      value: undefined,
      rule: "is required: the password of this database's app role, kept secret in the stack",
      fix: `Run ${appPasswordCommand(name)}.`,
    });
  }
  const cluster = setupCluster(spec, subject);
  if ("field" in cluster) issues.push(cluster);
  return issues;
}

/** @wissel/kubernetes and the Kubernetes SDK load only when a program builds a database or namespace. */
function kubernetes(): { adapter: typeof KubernetesAdapter; core: typeof CoreV1; batch: typeof BatchV1 } {
  return loadOptionalPeer(
    () => ({
      adapter: require("@wissel/kubernetes/compose") as typeof KubernetesAdapter,
      core: require("@pulumi/kubernetes/core/v1") as typeof CoreV1,
      batch: require("@pulumi/kubernetes/batch/v1") as typeof BatchV1,
    }),
    { adapter: "@wissel/azure", purpose: "a PostgresDatabase (its setup job runs on the cluster)", packages: ["@wissel/kubernetes", "@pulumi/kubernetes"] },
  );
}

/** Percent-encodes a URI user or password. */
function uriPart(value: string): string {
  return encodeURIComponent(value);
}

/** Builds a Flexible Server with one database, its TLS and extension settings, network access and app role. */
export function buildPostgres(ctx: BuildContext<AzureSettings>, spec: PostgresBuildSpec): BuildResult<PostgresBinding> {
  const { name, parent, settings } = ctx;
  const subject = `PostgresDatabase "${name}"`;
  const identity = { project: ctx.project, stack: ctx.stack, name };
  // The validator has rejected every spec these lookups would fail on, before anything was registered.
  const sku = postgresSkuFor(spec.vcpu, spec.memoryGiB, spec.highAvailability)!;
  const storageGB = postgresStorageFor(spec.storageGiB)!;
  const adminPasswordText = settings.postgresAdminPassword!;
  const appPasswordText = settings.postgresAppPasswords[name]!;
  const cluster = setupCluster(spec, subject) as ClusterRef;
  const serverName = postgresServerName(identity);
  // Flexible Server's FQDN in Azure's public cloud, the only cloud of this adapter's regions: known
  // at preview, unlike the computed output.
  const host = `${serverName}.postgres.database.azure.com`;
  const rg = settings.resourceGroupName;
  const network = settings.postgres;

  const server = new dbforpostgresql.Server(
    name,
    {
      serverName,
      resourceGroupName: rg,
      location: settings.location,
      version: String(spec.version),
      sku: { name: sku.name, tier: sku.tier },
      administratorLogin: POSTGRES_ADMIN_LOGIN,
      administratorLoginPassword: pulumi.secret(adminPasswordText),
      // Password sign-in for the admin and the app role; Entra ID stays off, nobody is its admin.
      authConfig: { passwordAuth: "Enabled", activeDirectoryAuth: "Disabled" },
      storage: {
        storageSizeGB: storageGB,
        // Off: a grown disk cannot shrink back to the declared size, so every later update would fail.
        autoGrow: "Disabled",
      },
      backup: {
        backupRetentionDays: spec.backupRetentionDays,
        // Off: geo-redundant copies go to the paired region, which may be in another country.
        geoRedundantBackup: "Disabled",
      },
      highAvailability: spec.highAvailability ? { mode: "ZoneRedundant" } : { mode: "Disabled" },
      network:
        network !== undefined
          ? { delegatedSubnetResourceId: network.delegatedSubnetId, privateDnsZoneArmResourceId: network.privateDnsZoneId, publicNetworkAccess: "Disabled" }
          : { publicNetworkAccess: "Enabled" },
      // Service-managed keys, stated: the API's value is SystemManaged (the SDK's enum spells an older name).
      dataEncryption: { type: "SystemManaged" },
    },
    // The password is an input the API never returns; marked secret wherever it might surface.
    { parent, additionalSecretOutputs: ["administratorLoginPassword"], ...ctx.statefulOptions },
  );

  const database = new dbforpostgresql.Database(
    `${name}-database`,
    { resourceGroupName: rg, serverName, databaseName: spec.databaseName, charset: "UTF8", collation: "en_US.utf8" },
    { parent, dependsOn: [server], ...ctx.statefulOptions },
  );

  // Flexible Server applies one parameter change at a time; concurrent ones fail with ServerIsBusy.
  const parameters: dbforpostgresql.Configuration[] = [];
  const parameter = (role: string, configurationName: string, value: string): dbforpostgresql.Configuration => {
    const previous = parameters.at(-1);
    const configuration = new dbforpostgresql.Configuration(
      `${name}-${role}`,
      { resourceGroupName: rg, serverName, configurationName, value, source: "user-override" },
      { parent, dependsOn: [previous ?? server] },
    );
    parameters.push(configuration);
    return configuration;
  };
  const requireTls = parameter("require-tls", "require_secure_transport", "on");
  const tlsVersion = parameter("tls-version", "ssl_min_protocol_version", "TLSv1.2");
  // Azure refuses CREATE EXTENSION for anything not on this allowlist; an empty list allows nothing.
  const extensions = spec.extensions.length > 0 ? parameter("extensions", "azure.extensions", spec.extensions.join(",")) : undefined;

  const firewallRules = spec.allowedCidrs.map((cidr, i) => {
    const range = ipv4Range(cidr);
    return new dbforpostgresql.FirewallRule(
      `${name}-allow-${i}`,
      { resourceGroupName: rg, serverName, firewallRuleName: `wissel-allow-${i}`, startIpAddress: range.start, endIpAddress: range.end },
      { parent, dependsOn: [server] },
    );
  });

  // The app role: core's statements, run by a one-shot job as the admin over verify-full TLS.
  const sql = postgresSetupSql(spec, { password: appPasswordText, maxConnections: sku.maxConnections - AZURE_RESERVED_CONNECTIONS });
  const serverSql = `${sql.server.join("\n")}\n`;
  const databaseSql = `${sql.database.join("\n")}\n`;
  // Keyed with the admin password, so the digest reveals nothing about the statements' verifier;
  // a change of any statement or password changes the pod template, which re-runs the job.
  const digest = createHmac("sha256", adminPasswordText).update(serverSql).update("\0").update(databaseSql).digest("hex").slice(0, 32);
  const k8s = kubernetes();
  const provider = k8s.adapter.providerFor(cluster);
  const namespaceName = setupNamespaceName(identity);
  const labels = { "app.kubernetes.io/name": "wissel-postgres-setup", "app.kubernetes.io/instance": name, "app.kubernetes.io/managed-by": "wissel" };

  const setupNamespace = new k8s.core.Namespace(
    `${name}-setup-namespace`,
    // Its own namespace: the admin password must not be readable by a team that can read its namespace's Secrets.
    { metadata: { name: namespaceName, labels: { ...labels, ...k8s.adapter.POD_SECURITY_LABELS } } },
    { parent, provider },
  );
  const secretName = "postgres-setup";
  const secret = new k8s.core.Secret(
    `${name}-setup-secret`,
    {
      metadata: { name: secretName, namespace: namespaceName, labels },
      type: "Opaque",
      stringData: pulumi.secret({ "admin-password": adminPasswordText, "server.sql": serverSql, "database.sql": databaseSql, "ca.pem": POSTGRES_CA_BUNDLE }),
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
      { name: "PGPASSWORD", valueFrom: { secretKeyRef: { name: secretName, key: "admin-password" } } },
      { name: "PGSSLMODE", value: "verify-full" },
      { name: "PGSSLROOTCERT", value: "/setup/ca.pem" },
      { name: "PGCONNECT_TIMEOUT", value: "30" },
      { name: "PGAPPNAME", value: "wissel-setup" },
    ],
    volumeMounts: [{ name: "setup", mountPath: "/setup", readOnly: true }],
    resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { cpu: "500m", memory: "128Mi" } },
    securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, capabilities: { drop: ["ALL"] } },
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
            securityContext: { runAsNonRoot: true, runAsUser: POSTGRES_IMAGE_UID, runAsGroup: POSTGRES_IMAGE_UID, seccompProfile: { type: "RuntimeDefault" } },
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
    { parent, provider, dependsOn: [database, secret, ...parameters, ...firewallRules] },
  );

  // Resolves once the job has run, so nothing connects as the app role before it exists.
  const binding = pulumi.secret(
    pulumi.all([server.id, database.id, job.id]).apply((): PostgresBinding => ({
      host,
      port: POSTGRES_PORT,
      database: spec.databaseName,
      user: spec.appRole,
      password: appPasswordText,
      sslmode: "verify-full",
      caCertificate: POSTGRES_CA_BUNDLE,
      uri: `postgresql://${uriPart(spec.appRole)}:${uriPart(appPasswordText)}@${host}:${POSTGRES_PORT}/${spec.databaseName}?sslmode=verify-full`,
    })),
  );

  const connectionLimit = appConnectionLimit(sku.maxConnections - AZURE_RESERVED_CONNECTIONS);
  const decisions: Decision[] = [
    {
      what: "tier",
      choice: `${sku.name} (${sku.tier}, ${sku.vcpu} vCPU, ${sku.memoryGiB} GiB)`,
      why: `smallest meeting ${spec.vcpu} vCPU / ${spec.memoryGiB} GiB${spec.highAvailability ? " with high availability, which Burstable lacks" : ""}`,
    },
    {
      what: "storage",
      choice: `${storageGB} GiB Premium SSD, no auto-grow`,
      why: storageGB === spec.storageGiB ? "a size Flexible Server offers" : `${spec.storageGiB} GiB rounded up to the next size Flexible Server offers; grow it in the program, never shrink it`,
    },
    {
      what: "backups",
      choice: `${spec.backupRetentionDays} days, restore to any point in that window; locally and zone-redundant, no geo copy`,
      why: "Flexible Server archives WAL continuously; geo-redundant backups would leave the region for its pair",
    },
    {
      what: "availability",
      choice: spec.highAvailability ? "zone-redundant standby" : "single server",
      why: spec.highAvailability ? "highAvailability: a standby in another zone takes over" : "highAvailability not asked",
    },
    {
      what: "network",
      choice: network !== undefined ? "private access in the delegated subnet; no public endpoint" : `public endpoint, firewall open to ${spec.allowedCidrs.join(", ")} only`,
      why: network !== undefined ? "wissel:azure.postgres" : "allowedCidrs; no rule admits anything else",
    },
    {
      what: "TLS",
      choice: "required, TLS 1.2 or later; clients verify-full against DigiCert Global Root G2 and Microsoft RSA Root CA 2017",
      why: "require_secure_transport and ssl_min_protocol_version set explicitly, so drift is corrected",
    },
    {
      what: "app role",
      choice: `${spec.appRole}, created by a one-shot job on AKS cluster "${cluster.name}" in namespace ${namespaceName} (connection limit ${connectionLimit})`,
      why: `Azure has no API for PostgreSQL roles; the job connects as ${POSTGRES_ADMIN_LOGIN}, so the cluster must reach the server (its egress in allowedCidrs, or its VNet routed to the delegated subnet)`,
    },
    { what: "encryption at rest", choice: "service-managed keys", why: "no Key Vault key to manage or lose" },
  ];

  return {
    binding,
    vendorResources: {
      server,
      database,
      requireTls,
      tlsVersion,
      ...(extensions !== undefined ? { extensions } : {}),
      ...Object.fromEntries(firewallRules.map((rule, i) => [`firewallRule${i}`, rule])),
      setupNamespace,
      setupSecret: secret,
      setupJob: job,
    },
    decisions,
  };
}
