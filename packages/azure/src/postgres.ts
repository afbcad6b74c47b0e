/**
 * The PostgresDatabase on Azure: a Flexible Server per database, its database, TLS-only server
 * parameters, the extension allowlist, firewall rules or VNet integration, and a one-shot Kubernetes
 * Job on the program's AKS cluster that creates the least-privileged app role (ARM has no resource
 * for PostgreSQL roles) with core's tested statements. What Flexible Server offers is in
 * `postgres-offer.ts`, the validator in `postgres-validate.ts`, the Job in `postgres-setup-job.ts`.
 */
import * as pulumi from "@pulumi/pulumi";
import * as dbforpostgresql from "@pulumi/azure-native/dbforpostgresql";
import {
  appConnectionLimit,
  dns1123Label,
  identityHash,
  parseCidr,
  type BuildContext,
  type BuildResult,
  type ClusterRef,
  type Decision,
  type NameIdentity,
  type PostgresBinding,
  type PostgresBuildSpec,
  postgresUri,
} from "@wissel/core";
import { POSTGRES_CA_BUNDLE } from "./postgres-ca";
import {
  AZURE_RESERVED_CONNECTIONS,
  POSTGRES_PORT,
  postgresSkuFor,
  postgresStorageFor,
} from "./postgres-offer";
import { buildSetupJob, setupCluster } from "./postgres-setup-job";
import { POSTGRES_ADMIN_LOGIN, type AzureSettings } from "./settings";

// Flexible Server's offer, the validator and the setup job, re-exported where the package index finds them today.
export {
  AZURE_BACKUP_RETENTION,
  AZURE_EXTENSIONS,
  AZURE_POSTGRES_VERSIONS,
  AZURE_RESERVED_CONNECTIONS,
  POSTGRES_PORT,
  POSTGRES_SKUS,
  POSTGRES_STORAGE_SIZES,
  postgresSkuFor,
  postgresStorageFor,
  type PostgresSku,
  type PostgresTier,
} from "./postgres-offer";
export { setupCluster, setupImage, setupNamespaceName } from "./postgres-setup-job";
export { validatePostgresSpec } from "./postgres-validate";

/**
 * The server name, also its DNS label under `postgres.database.azure.com`, unique across Azure: a
 * DNS-1123 stem of the component name and a hash of the project, stack and name. 3–63 characters.
 */
export function postgresServerName(identity: NameIdentity): string {
  const hash = identityHash(identity);
  return `${dns1123Label(identity.name, 63 - hash.length - 1)}-${hash}`;
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

/** Builds a Flexible Server with one database, its TLS and extension settings, network access and app role. */
export function buildPostgres(
  ctx: BuildContext<AzureSettings>,
  spec: PostgresBuildSpec,
): BuildResult<PostgresBinding> {
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
          ? {
              delegatedSubnetResourceId: network.delegatedSubnetId,
              privateDnsZoneArmResourceId: network.privateDnsZoneId,
              publicNetworkAccess: "Disabled",
            }
          : { publicNetworkAccess: "Enabled" },
      // Service-managed keys, stated: the API's value is SystemManaged (the SDK's enum spells an older name).
      dataEncryption: { type: "SystemManaged" },
    },
    // The password is an input the API never returns; marked secret wherever it might surface.
    { parent, additionalSecretOutputs: ["administratorLoginPassword"], ...ctx.statefulOptions },
  );

  const database = new dbforpostgresql.Database(
    `${name}-database`,
    {
      resourceGroupName: rg,
      serverName,
      databaseName: spec.databaseName,
      charset: "UTF8",
      collation: "en_US.utf8",
    },
    { parent, dependsOn: [server], ...ctx.statefulOptions },
  );

  // Flexible Server applies one parameter change at a time; concurrent ones fail with ServerIsBusy.
  const parameters: dbforpostgresql.Configuration[] = [];
  const parameter = (
    role: string,
    configurationName: string,
    value: string,
  ): dbforpostgresql.Configuration => {
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
  const extensions =
    spec.extensions.length > 0
      ? parameter("extensions", "azure.extensions", spec.extensions.join(","))
      : undefined;

  const firewallRules = spec.allowedCidrs.map((cidr, i) => {
    const range = ipv4Range(cidr);
    return new dbforpostgresql.FirewallRule(
      `${name}-allow-${i}`,
      {
        resourceGroupName: rg,
        serverName,
        firewallRuleName: `wissel-allow-${i}`,
        startIpAddress: range.start,
        endIpAddress: range.end,
      },
      { parent, dependsOn: [server] },
    );
  });

  // The app role: core's statements, run by a one-shot job as the admin over verify-full TLS.
  const setup = buildSetupJob({
    name,
    parent,
    spec,
    identity,
    cluster,
    host,
    adminPasswordText,
    appPasswordText,
    maxConnections: sku.maxConnections - AZURE_RESERVED_CONNECTIONS,
    database,
    runAfter: [...parameters, ...firewallRules],
  });
  const { namespaceName, setupNamespace, secret, job } = setup;

  // Resolves once the job has run, so nothing connects as the app role before it exists.
  const binding = pulumi.secret(
    pulumi.all([server.id, database.id, job.id]).apply((): PostgresBinding => {
      const parts = {
        host,
        port: POSTGRES_PORT,
        database: spec.databaseName,
        user: spec.appRole,
        password: appPasswordText,
        sslmode: "verify-full" as const,
      };
      return { ...parts, caCertificate: POSTGRES_CA_BUNDLE, uri: postgresUri(parts) };
    }),
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
      why:
        storageGB === spec.storageGiB
          ? "a size Flexible Server offers"
          : `${spec.storageGiB} GiB rounded up to the next size Flexible Server offers; grow it in the program, never shrink it`,
    },
    {
      what: "backups",
      choice: `${spec.backupRetentionDays} days, restore to any point in that window; locally and zone-redundant, no geo copy`,
      why: "Flexible Server archives WAL continuously; geo-redundant backups would leave the region for its pair",
    },
    {
      what: "availability",
      choice: spec.highAvailability ? "zone-redundant standby" : "single server",
      why: spec.highAvailability
        ? "highAvailability: a standby in another zone takes over"
        : "highAvailability not asked",
    },
    {
      what: "network",
      choice:
        network !== undefined
          ? "private access in the delegated subnet; no public endpoint"
          : `public endpoint, firewall open to ${spec.allowedCidrs.join(", ")} only`,
      why:
        network !== undefined
          ? "wissel:azure.postgres"
          : "allowedCidrs; no rule admits anything else",
    },
    {
      what: "TLS",
      choice:
        "required, TLS 1.2 or later; clients verify-full against DigiCert Global Root G2 and Microsoft RSA Root CA 2017",
      why: "require_secure_transport and ssl_min_protocol_version set explicitly, so drift is corrected",
    },
    {
      what: "app role",
      choice: `${spec.appRole}, created by a one-shot job on AKS cluster "${cluster.name}" in namespace ${namespaceName} (connection limit ${connectionLimit})`,
      why: `Azure has no API for PostgreSQL roles; the job connects as ${POSTGRES_ADMIN_LOGIN}, so the cluster must reach the server (its egress in allowedCidrs, or its VNet routed to the delegated subnet)`,
    },
    {
      what: "encryption at rest",
      choice: "service-managed keys",
      why: "no Key Vault key to manage or lose",
    },
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
