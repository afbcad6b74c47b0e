/**
 * The PostgresDatabase on Azure: a Flexible Server per database, its database, TLS-only server
 * parameters, the extension allowlist, firewall rules or VNet integration, and a one-shot Kubernetes
 * Job on the program's AKS cluster that creates the least-privileged app role (ARM has no resource
 * for PostgreSQL roles) with core's tested statements. What Flexible Server offers is in
 * `postgres-offer.ts`, the plan (checks and decisions) in `postgres-plan.ts`, the Job in
 * `postgres-setup-job.ts`.
 */
import * as pulumi from "@pulumi/pulumi";
import * as dbforpostgresql from "@pulumi/azure-native/dbforpostgresql";
import {
  appConnectionLimit,
  defineBlock,
  namespacePhysicalNames,
  type BuildContext,
  type BuildResult,
  type Decision,
  type PostgresBinding,
  postgresUri,
} from "@wissel/core";
import { POSTGRES_CA_BUNDLE } from "./postgres-ca";
import { POSTGRES_PORT } from "./postgres-offer";
import { planPostgres, type PostgresPlan } from "./postgres-plan";
import { buildSetupJob } from "./postgres-setup-job";
import { POSTGRES_ADMIN_LOGIN, type AzureSettings } from "./settings";

// Flexible Server's offer, the plan and the setup job, re-exported where the package index finds them today.
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
export {
  ipv4Range,
  planPostgres,
  postgresServerName,
  type IpRange,
  type PostgresPlan,
} from "./postgres-plan";

/** Builds a Flexible Server with one database, its TLS and extension settings, network access and app role. */
function buildPostgres(
  plan: PostgresPlan,
  ctx: BuildContext<AzureSettings>,
): BuildResult<PostgresBinding> {
  const { spec, serverName, host, sku, storageGB, privateAccess: network, setup: target } = plan;
  const { name, parent, settings } = ctx;
  const rg = settings.resourceGroupName;

  const server = new dbforpostgresql.Server(
    name,
    {
      serverName,
      resourceGroupName: rg,
      location: settings.location,
      version: String(spec.version),
      sku: { name: sku.name, tier: sku.tier },
      administratorLogin: POSTGRES_ADMIN_LOGIN,
      administratorLoginPassword: pulumi.secret(plan.adminPassword),
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

  const firewallRules = plan.firewallRanges.map(
    (range, i) =>
      new dbforpostgresql.FirewallRule(
        `${name}-allow-${i}`,
        {
          resourceGroupName: rg,
          serverName,
          firewallRuleName: `wissel-allow-${i}`,
          startIpAddress: range.start,
          endIpAddress: range.end,
        },
        { parent, dependsOn: [server] },
      ),
  );

  // The app role: core's statements, run by a one-shot job as the admin over verify-full TLS.
  const setup = buildSetupJob({
    name,
    parent,
    spec,
    cluster: target.cluster,
    namespaceName: target.namespaceName,
    host,
    adminPasswordText: plan.adminPassword,
    appPasswordText: plan.appPassword,
    maxConnections: plan.maxConnections,
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
        password: plan.appPassword,
        sslmode: "verify-full" as const,
      };
      return { ...parts, caCertificate: POSTGRES_CA_BUNDLE, uri: postgresUri(parts) };
    }),
  );

  const connectionLimit = appConnectionLimit(plan.maxConnections);
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
      choice: `${spec.appRole}, created by a one-shot job on AKS cluster "${target.cluster.name}" in namespace ${namespaceName} (connection limit ${connectionLimit})`,
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

/** The PostgresDatabase on Azure: a Flexible Server, and its setup job on an AKS cluster of the program. */
export const postgres = defineBlock<"postgres", AzureSettings, PostgresPlan>({
  plan: planPostgres,
  /** Flexible Server names are global (they are DNS names); the setup job's namespace is on the AKS cluster. */
  names: ({ serverName, setup }) => [
    { scope: "azure:postgres-flexible-server", name: serverName, what: "Flexible Server" },
    ...namespacePhysicalNames(setup.namespaceName, setup.cluster),
  ],
  build: buildPostgres,
});
