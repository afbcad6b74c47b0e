/** The validator of `PostgresDatabase` on Azure: the spec against Flexible Server's offer and the stack's settings. */
import { configPath, parseCidr, type Issue, type PostgresBuildSpec } from "@wissel/core";
import {
  AZURE_BACKUP_RETENTION,
  AZURE_EXTENSIONS,
  AZURE_POSTGRES_VERSIONS,
  POSTGRES_STORAGE_SIZES,
  postgresSkuFor,
  postgresStorageFor,
} from "./postgres-offer";
import { setupCluster } from "./postgres-setup-job";
import { ADMIN_PASSWORD_COMMAND, appPasswordCommand, type AzureSettings } from "./settings";

/** Checks a database spec against what Flexible Server and the stack's settings allow. */
export function validatePostgresSpec(
  spec: PostgresBuildSpec,
  subject: string,
  settings: AzureSettings,
): Issue[] {
  const issues: Issue[] = [];
  // Core names the subject `PostgresDatabase "<name>"`; the app password is keyed by that name.
  const name = subject.replace(/^PostgresDatabase "(.*)"$/, "$1");
  if (!AZURE_POSTGRES_VERSIONS.includes(spec.version)) {
    issues.push({
      subject,
      field: "version",
      value: spec.version,
      rule: `must be a major Flexible Server creates: ${AZURE_POSTGRES_VERSIONS.join(", ")}`,
      fix: "Set version to 17, or leave it out.",
    });
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
  spec.allowedCidrs.forEach((cidr, i) => {
    const parsed = parseCidr(cidr);
    if (parsed.ok && parsed.network.family === 6) {
      issues.push({
        subject,
        field: `allowedCidrs[${i}]`,
        value: cidr,
        rule: "must be IPv4: Flexible Server firewall rules take IPv4 ranges only",
        fix: "Give the network's IPv4 range, or reach the server over private access (wissel:azure.postgres).",
      });
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
      field: configPath("wissel:azure", ["postgresAppPasswords", name]),
      value: undefined,
      rule: "is required: the password of this database's app role, kept secret in the stack",
      fix: `Run ${appPasswordCommand(name)}.`,
    });
  }
  const cluster = setupCluster(spec, subject);
  if ("field" in cluster) issues.push(cluster);
  return issues;
}
