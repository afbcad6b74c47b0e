/**
 * The plan of `PostgresDatabase` on Azure: the spec against Flexible Server's offer and the stack's
 * settings, and what the build takes from them (size, disk, firewall ranges, passwords, the cluster
 * of the setup job).
 */
import {
  configPath,
  dns1123Label,
  identityHash,
  ipv6AllowedCidrs,
  parseCidr,
  planOrIssues,
  type ClusterRef,
  type Issue,
  type NameIdentity,
  type PlanContext,
  type PlanResult,
  type PostgresBuildSpec,
} from "@wissel/core";
import {
  AZURE_BACKUP_RETENTION,
  AZURE_EXTENSIONS,
  AZURE_POSTGRES_VERSIONS,
  AZURE_RESERVED_CONNECTIONS,
  POSTGRES_STORAGE_SIZES,
  postgresSkuFor,
  postgresStorageFor,
  type PostgresSku,
} from "./postgres-offer";
import { setupCluster, setupNamespaceName } from "./postgres-setup-job";
import {
  ADMIN_PASSWORD_COMMAND,
  appPasswordCommand,
  type AzureSettings,
  type PostgresNetworkSettings,
} from "./settings";

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
export function ipv4Range(cidr: string): IpRange {
  const parsed = parseCidr(cidr, { family: 4 });
  if (!parsed.ok) throw new Error(`ipv4Range: ${JSON.stringify(cidr)} ${parsed.detail}`);
  return { start: parsed.network.first, end: parsed.network.last };
}

/** An IPv4 range of a firewall rule. */
export interface IpRange {
  readonly start: string;
  readonly end: string;
}

/** What a Flexible Server database is built from, decided before anything is registered. */
export interface PostgresPlan {
  readonly spec: PostgresBuildSpec;
  readonly serverName: string;
  /**
   * Flexible Server's FQDN in Azure's public cloud, the only cloud of this adapter's regions: known
   * at preview, unlike the computed output.
   */
  readonly host: string;
  /** The smallest size that meets the request. */
  readonly sku: PostgresSku;
  /** The disk size Flexible Server offers for the request, in GiB. */
  readonly storageGB: number;
  /** The server's `max_connections` less what Flexible Server keeps for itself. */
  readonly maxConnections: number;
  /** One firewall rule per `allowedCidrs` entry, in order; empty under private access. */
  readonly firewallRanges: readonly IpRange[];
  /** The delegated subnet and private DNS zone, when the stack gives private access. */
  readonly privateAccess: PostgresNetworkSettings | undefined;
  /** Plain text from the stack's secrets: the build wraps them in `pulumi.secret`. */
  readonly adminPassword: string;
  readonly appPassword: string;
  /** Where the one-shot job that creates the app role runs. */
  readonly setup: { readonly cluster: ClusterRef; readonly namespaceName: string };
}

/** Checks a database spec against what Flexible Server and the stack's settings allow, and plans it. */
export function planPostgres(
  spec: PostgresBuildSpec,
  ctx: PlanContext<AzureSettings>,
): PlanResult<PostgresPlan> {
  const { name, subject, settings } = ctx;
  const issues: Issue[] = [];
  if (!AZURE_POSTGRES_VERSIONS.includes(spec.version)) {
    issues.push({
      subject,
      field: "version",
      value: spec.version,
      rule: `must be a major Flexible Server creates: ${AZURE_POSTGRES_VERSIONS.join(", ")}`,
      fix: "Set version to 17, or leave it out.",
    });
  }
  const sku = postgresSkuFor(spec.vcpu, spec.memoryGiB, spec.highAvailability);
  if (sku === undefined) {
    issues.push({
      subject,
      field: "vcpu",
      value: `${spec.vcpu} vCPU / ${spec.memoryGiB} GiB`,
      rule: "must fit a Flexible Server size (at most 96 vCPU and 672 GiB)",
      fix: "Lower vcpu or memoryGiB.",
    });
  }
  const storageGB = postgresStorageFor(spec.storageGiB);
  if (storageGB === undefined) {
    issues.push({
      subject,
      field: "storageGiB",
      value: spec.storageGiB,
      rule: `must be at most ${POSTGRES_STORAGE_SIZES.at(-1)} GiB on Flexible Server`,
      fix: "Lower storageGiB.",
    });
  }
  if (
    spec.backupRetentionDays < AZURE_BACKUP_RETENTION.min ||
    spec.backupRetentionDays > AZURE_BACKUP_RETENTION.max
  ) {
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
      issues.push({
        subject,
        field: `extensions[${i}]`,
        value: extension,
        rule: `is not offered by Flexible Server for PostgreSQL ${spec.version}`,
        fix: "Remove it, or choose a version that offers it.",
      });
    }
  });
  issues.push(
    ...ipv6AllowedCidrs(spec, subject, {
      rule: "must be IPv4: Flexible Server firewall rules take IPv4 ranges only",
      fix: "Give the network's IPv4 range, or reach the server over private access (wissel:azure.postgres).",
    }),
  );
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
  const adminPassword = settings.postgresAdminPassword;
  if (adminPassword === undefined) {
    issues.push({
      subject,
      field: "wissel:azure.postgresAdminPassword",
      value: undefined,
      rule: "is required: Flexible Server needs an administrator password when it is created",
      fix: `Run ${ADMIN_PASSWORD_COMMAND}.`,
    });
  }
  const appPassword = settings.postgresAppPasswords[name];
  if (appPassword === undefined) {
    issues.push({
      subject,
      field: configPath("wissel:azure", ["postgresAppPasswords", name]),
      value: undefined,
      rule: "is required: the password of this database's app role, kept secret in the stack",
      fix: `Run ${appPasswordCommand(name)}.`,
    });
  }
  const cluster = setupCluster(spec, subject);
  if ("field" in cluster) issues.push(cluster);
  // Each value missing above has added its issue.
  if (
    sku === undefined ||
    storageGB === undefined ||
    adminPassword === undefined ||
    appPassword === undefined ||
    "field" in cluster
  )
    return issues;
  return planOrIssues(issues, () => {
    const serverName = postgresServerName(ctx);
    return {
      spec,
      serverName,
      host: `${serverName}.postgres.database.azure.com`,
      sku,
      storageGB,
      maxConnections: sku.maxConnections - AZURE_RESERVED_CONNECTIONS,
      // Every CIDR is IPv4 here: core has validated them, and IPv6 ones were refused above.
      firewallRanges: spec.allowedCidrs.map(ipv4Range),
      privateAccess: settings.postgres,
      adminPassword,
      appPassword,
      setup: { cluster, namespaceName: setupNamespaceName(ctx) },
    };
  });
}
