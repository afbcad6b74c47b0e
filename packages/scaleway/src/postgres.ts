/**
 * The PostgresDatabase on Scaleway: a Managed Database for PostgreSQL instance on a Private Network,
 * its database, a non-admin application user and that user's privilege on the database, and an ACL
 * when the stack names outside networks. Sizing, storage and passwords are pure functions, tested
 * without Pulumi.
 */
import { randomInt } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import * as databases from "@pulumiverse/scaleway/databases";
import * as network from "@pulumiverse/scaleway/network";
import {
  clustersOn,
  parseCidr,
  parseIpAddress,
  type BuildContext,
  type BuildResult,
  type Decision,
  type Issue,
  type PostgresBinding,
  type PostgresBuildSpec,
  type PostgresVersion,
  type SslMode,
} from "@wissel/core";
import { kapsuleName } from "./kapsule";
import type { ScalewaySettings } from "./settings";

/** A node range of Managed Database for PostgreSQL. */
export type DatabaseNodeFamily = "PLAY2" | "PRO2" | "POP2";

/** A Managed Database node type. */
export interface DatabaseNodeType {
  /** As the API and the instance's `nodeType` spell it: `DB-PRO2-XXS`. */
  readonly name: string;
  readonly family: DatabaseNodeFamily;
  readonly vcpu: number;
  readonly memoryGiB: number;
}

/**
 * The node types the sizing picks from, cheapest range first at a given size: PLAY2 and PRO2
 * (shared vCPUs), then POP2 (dedicated vCPUs). Left out: the first-generation DEV and GP types
 * (being retired, and tied to Local Storage) and types whose sizes Scaleway does not publish.
 */
export const DATABASE_NODE_TYPES: readonly DatabaseNodeType[] = [
  { name: "DB-PLAY2-PICO", family: "PLAY2", vcpu: 1, memoryGiB: 2 },
  { name: "DB-PLAY2-NANO", family: "PLAY2", vcpu: 2, memoryGiB: 4 },
  { name: "DB-PRO2-XXS", family: "PRO2", vcpu: 2, memoryGiB: 8 },
  { name: "DB-PRO2-XS", family: "PRO2", vcpu: 4, memoryGiB: 16 },
  { name: "DB-PRO2-S", family: "PRO2", vcpu: 8, memoryGiB: 32 },
  { name: "DB-PRO2-M", family: "PRO2", vcpu: 16, memoryGiB: 64 },
  { name: "DB-PRO2-L", family: "PRO2", vcpu: 32, memoryGiB: 128 },
  { name: "DB-POP2-2C-8G", family: "POP2", vcpu: 2, memoryGiB: 8 },
  { name: "DB-POP2-4C-16G", family: "POP2", vcpu: 4, memoryGiB: 16 },
  { name: "DB-POP2-8C-32G", family: "POP2", vcpu: 8, memoryGiB: 32 },
  { name: "DB-POP2-16C-64G", family: "POP2", vcpu: 16, memoryGiB: 64 },
  { name: "DB-POP2-32C-128G", family: "POP2", vcpu: 32, memoryGiB: 128 },
  { name: "DB-POP2-64C-256G", family: "POP2", vcpu: 64, memoryGiB: 256 },
];

/**
 * The smallest node type with at least the requested vCPUs and memory: fewest vCPUs first, then least
 * memory, then the table's order (shared vCPUs before dedicated at equal size). Undefined when none
 * is big enough.
 */
export function databaseNodeTypeFor(request: { readonly vcpu: number; readonly memoryGiB: number }): DatabaseNodeType | undefined {
  const fits = DATABASE_NODE_TYPES.filter((t) => t.vcpu >= request.vcpu && t.memoryGiB >= request.memoryGiB);
  return [...fits].sort((a, b) => a.vcpu - b.vcpu || a.memoryGiB - b.memoryGiB)[0];
}

/** The PostgreSQL majors Scaleway offers for new instances, as `PostgreSQL-<major>` engines. */
export const SCALEWAY_POSTGRES_MAJORS: readonly PostgresVersion[] = [15, 16, 17];

/** The instance's `engine` for a major version. */
export function engineName(version: PostgresVersion): string {
  return `PostgreSQL-${version}`;
}

/**
 * Block Storage with 5,000 IOPS: the instance's volume, detached from the node so it grows without a
 * node change and is snapshotted by the automatic backups. Neutral args have no IOPS knob to ask for
 * 15,000.
 */
export const VOLUME_TYPE = "sbs_5k";
/** Scaleway sizes database volumes in GB (10^9 bytes), in steps of 5 GB. */
export const VOLUME_STEP_GB = 5;
/** The largest Block Storage volume of a database instance: 10 TB. */
export const MAX_VOLUME_GB = 10_000;
const BYTES_PER_GIB = 1024 ** 3;
const BYTES_PER_GB = 1000 ** 3;

/** The volume size in GB for a request in GiB: at least as many bytes, rounded up to Scaleway's 5 GB steps. */
export function volumeSizeGb(storageGiB: number): number {
  const gb = (storageGiB * BYTES_PER_GIB) / BYTES_PER_GB;
  return Math.ceil(gb / VOLUME_STEP_GB) * VOLUME_STEP_GB;
}

/** Hours between automatic backups: one a day, Scaleway's default. */
export const BACKUP_FREQUENCY_HOURS = 24;

/**
 * The first user of every instance: Scaleway's admin role for the database owner's work (the app
 * connects as its own user). Changing it would recreate the instance, so it never changes.
 */
export const ADMIN_USER = "wissel_admin";

/** The app's permission on its own database: read, write, and create schemas and tables (migrations). */
export const APP_PERMISSION = "all";

/** Characters of generated passwords; the specials are the ones Scaleway accepts that need no escaping in a URI. */
const LOWER = "abcdefghijklmnopqrstuvwxyz";
const UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const DIGITS = "0123456789";
const SPECIALS = "-_.";
const ALPHABET = LOWER + UPPER + DIGITS + SPECIALS;
/** 32 characters of a 65-character alphabet: about 190 bits. */
export const PASSWORD_LENGTH = 32;
/** What Scaleway accepts as a special character in a database password. */
const SCALEWAY_SPECIALS = "!@#$%^&*()_+-=[]{}|;:,.<>?";

/**
 * Whether a password meets Scaleway's rules for database users: 8–128 characters, with at least one
 * lower-case letter, upper-case letter, digit and special character.
 */
export function meetsScalewayPasswordRules(password: string): boolean {
  return (
    password.length >= 8 &&
    password.length <= 128 &&
    /[a-z]/.test(password) &&
    /[A-Z]/.test(password) &&
    /[0-9]/.test(password) &&
    [...password].some((c) => SCALEWAY_SPECIALS.includes(c)) &&
    [...password].every((c) => /[A-Za-z0-9]/.test(c) || SCALEWAY_SPECIALS.includes(c))
  );
}

/**
 * A random password that meets Scaleway's rules by construction: one character of each class, the
 * rest from the whole alphabet, then shuffled.
 * @param random a uniform integer in [0, max); cryptographic by default
 */
export function generatePassword(random: (max: number) => number = randomInt): string {
  const pick = (set: string): string => set[random(set.length)]!;
  const chars = [pick(LOWER), pick(UPPER), pick(DIGITS), pick(SPECIALS)];
  while (chars.length < PASSWORD_LENGTH) chars.push(pick(ALPHABET));
  for (let i = chars.length - 1; i > 0; i--) {
    const j = random(i + 1);
    [chars[i], chars[j]] = [chars[j]!, chars[i]!];
  }
  return chars.join("");
}

/** Scaleway user names start with a letter; the app user is `<databaseName>_app`. */
const USER_NAME = /^[a-zA-Z][a-zA-Z0-9_-]{0,62}$/;

/** The spec checked against Scaleway's own limits, before anything is registered. */
export function validateScalewayPostgres(spec: PostgresBuildSpec, subject: string): Issue[] {
  const issues: Issue[] = [];
  const elsewhere = "or place this database elsewhere with wissel:targets.";
  const cluster = spec.namespace?.cluster;
  if (spec.namespace !== undefined && (cluster === undefined || cluster.target !== "scaleway")) {
    issues.push({
      subject,
      field: "namespace",
      value: spec.namespace.namespace,
      rule: `must be on a Kapsule cluster of this program, so the database can join that cluster's Private Network; it is on ${cluster === undefined ? "no cluster of this program" : `the ${cluster.target} cluster "${cluster.name}"`}`,
      fix: `Pass a Namespace built on a KubernetesCluster on target "scaleway", remove namespace, ${elsewhere}`,
    });
  }
  if (!SCALEWAY_POSTGRES_MAJORS.includes(spec.version)) {
    issues.push({
      subject,
      field: "version",
      value: spec.version,
      rule: `must be a major Scaleway offers for new instances (${SCALEWAY_POSTGRES_MAJORS.join(", ")})`,
      fix: `Set version to ${SCALEWAY_POSTGRES_MAJORS[SCALEWAY_POSTGRES_MAJORS.length - 1]}, ${elsewhere}`,
    });
  }
  if (databaseNodeTypeFor(spec) === undefined) {
    const maxVcpu = Math.max(...DATABASE_NODE_TYPES.map((t) => t.vcpu));
    const maxMemory = Math.max(...DATABASE_NODE_TYPES.map((t) => t.memoryGiB));
    issues.push({
      subject,
      field: spec.vcpu > maxVcpu ? "vcpu" : "memoryGiB",
      value: { vcpu: spec.vcpu, memoryGiB: spec.memoryGiB },
      rule: `must fit one Managed Database node type; the largest has ${maxVcpu} vCPUs and ${maxMemory} GiB`,
      fix: `Ask for at most ${maxVcpu} vCPUs and ${maxMemory} GiB, ${elsewhere}`,
    });
  }
  if (volumeSizeGb(spec.storageGiB) > MAX_VOLUME_GB) {
    const maxGiB = Math.floor((MAX_VOLUME_GB * BYTES_PER_GB) / BYTES_PER_GIB);
    issues.push({
      subject,
      field: "storageGiB",
      value: spec.storageGiB,
      rule: `must fit Scaleway's largest database volume, ${MAX_VOLUME_GB} GB (${maxGiB} GiB)`,
      fix: `Set storageGiB to at most ${maxGiB}, ${elsewhere}`,
    });
  }
  spec.allowedCidrs.forEach((cidr, i) => {
    const parsed = parseCidr(cidr);
    if (parsed.ok && parsed.network.family === 6) {
      issues.push({
        subject,
        field: `allowedCidrs[${i}]`,
        value: cidr,
        rule: "must be an IPv4 CIDR: Scaleway's database ACLs and endpoints take no IPv6",
        fix: `Name the IPv4 networks that need access, ${elsewhere}`,
      });
    }
  });
  if (!USER_NAME.test(spec.appRole)) {
    issues.push({
      subject,
      field: "databaseName",
      value: spec.databaseName,
      rule: `must start with a letter on Scaleway: the app user "${spec.appRole}" is named after it, and Scaleway user names start with a letter`,
      fix: 'Set databaseName to a name that starts with a letter, e.g. databaseName: "orders".',
    });
  }
  return issues;
}

/**
 * The Private Network the instance joins: the one of the cluster behind the namespace it serves, or
 * else of the program's first Kapsule cluster, so pods reach the database without routing; otherwise
 * undefined (the builder creates one).
 */
export function clusterNetwork(spec: PostgresBuildSpec): { readonly network: network.PrivateNetwork; readonly cluster: string } | undefined {
  const cluster = spec.namespace?.cluster ?? clustersOn("scaleway")[0];
  const candidate = cluster?.vendorResources["network"];
  return cluster !== undefined && network.PrivateNetwork.isInstance(candidate) ? { network: candidate, cluster: cluster.name } : undefined;
}

/** `postgresql://user:password@host:port/database?sslmode=…`, every part escaped. */
export function postgresUri(parts: Pick<PostgresBinding, "user" | "password" | "host" | "port" | "database" | "sslmode">): string {
  const ip = parseIpAddress(parts.host);
  const host = ip.ok && ip.address.kind() === "ipv6" ? `[${parts.host}]` : parts.host;
  const user = encodeURIComponent(parts.user);
  const password = encodeURIComponent(parts.password);
  return `postgresql://${user}:${password}@${host}:${parts.port}/${encodeURIComponent(parts.database)}?sslmode=${parts.sslmode}`;
}

/**
 * Clients trust the certificate Scaleway publishes for this instance alone (renewing it invalidates
 * the old one), so checking the chain already ties the connection to the instance. The host name is
 * not checked: Scaleway's documented verify-full uses the public host name, and an endpoint added or
 * changed after the certificate was issued is not in it until the certificate is renewed.
 */
export const SSL_MODE: SslMode = "verify-ca";

/** The PostgreSQL port when the provider reports none (offline plans). */
const DEFAULT_PORT = 5432;

/** Builds a PostgreSQL database on Scaleway. */
export function buildPostgres(ctx: BuildContext<ScalewaySettings>, spec: PostgresBuildSpec): BuildResult<PostgresBinding> {
  const { name, parent, settings } = ctx;
  const { region, projectId } = settings;
  const physicalName = kapsuleName({ project: ctx.project, stack: ctx.stack, name });
  // The validator has already refused a request no node type meets.
  const nodeType = databaseNodeTypeFor(spec);
  if (nodeType === undefined) throw new Error(`no Managed Database node type meets ${spec.vcpu} vCPUs and ${spec.memoryGiB} GiB`);
  const volumeGb = volumeSizeGb(spec.storageGiB);
  const publicEndpoint = spec.allowedCidrs.length > 0;

  // A database beside a Kapsule cluster joins the cluster's network; alone, it gets its own, stateful
  // like the instance (a retained instance stays attached to it).
  const shared = clusterNetwork(spec);
  const privateNetwork =
    shared?.network ??
    new network.PrivateNetwork(`${name}-network`, { name: physicalName, region, projectId, tags: ["wissel"] }, { parent, ...ctx.statefulOptions });

  // Passwords are drawn here once and kept by the state: `ignoreChanges` stops the next run's fresh
  // draw from replacing them, and the binding reads the stored value back from the resource.
  const keepPassword = { ignoreChanges: ["password"] };

  const instance = new databases.Instance(
    name,
    {
      name: physicalName,
      nodeType: nodeType.name,
      engine: engineName(spec.version),
      isHaCluster: spec.highAvailability,
      region,
      projectId,
      userName: ADMIN_USER,
      password: pulumi.secret(generatePassword()),
      volumeType: VOLUME_TYPE,
      volumeSizeInGb: volumeGb,
      disableBackup: false,
      backupScheduleFrequency: BACKUP_FREQUENCY_HOURS,
      backupScheduleRetention: spec.backupRetentionDays,
      encryptionAtRest: true,
      privateNetwork: { pnId: privateNetwork.id, enableIpam: true },
      // Without it, an instance on a Private Network has no public endpoint at all.
      ...(publicEndpoint ? { loadBalancer: {} } : {}),
      tags: ["wissel"],
    },
    // The SDK itself marks the admin password as a secret output.
    { parent, ...ctx.statefulOptions, ...keepPassword },
  );

  const database = new databases.Database(
    `${name}-database`,
    { instanceId: instance.id, name: spec.databaseName, region },
    { parent, ...ctx.statefulOptions },
  );

  // Kept with the data: the app user owns the tables it creates, and PostgreSQL refuses to drop a
  // role that still owns objects, so deleting it beside a retained database would fail anyway.
  const user = new databases.User(
    `${name}-app`,
    { instanceId: instance.id, name: spec.appRole, password: pulumi.secret(generatePassword()), isAdmin: false, region },
    { parent, ...ctx.statefulOptions, ...keepPassword },
  );

  // A grant, not data: it can be replaced freely.
  const privilege = new databases.Privilege(
    `${name}-privilege`,
    { instanceId: instance.id, userName: user.name, databaseName: database.name, permission: APP_PERMISSION, region },
    { parent },
  );

  // A new instance's ACL admits 0.0.0.0/0 on its public endpoint; this one replaces every rule with
  // exactly the named networks. Without a public endpoint there is nothing for an ACL to filter.
  const acl = publicEndpoint
    ? new databases.Acl(
        `${name}-acl`,
        {
          instanceId: instance.id,
          aclRules: spec.allowedCidrs.map((cidr, i) => ({ ip: cidr, description: `wissel allowedCidrs[${i}]` })),
          region,
        },
        { parent },
      )
    : undefined;

  const binding = pulumi.secret(
    pulumi
      .all([instance.privateNetwork, instance.certificate, user.name, user.password, database.name, privilege.id, acl?.id])
      .apply(([endpoint, certificate, userName, password, databaseName]): PostgresBinding => {
        const host = endpoint?.ip ?? endpoint?.hostname;
        // Offline plans echo inputs and know no address; a real deployment always reports one.
        if ((host === undefined || password === undefined) && !pulumi.runtime.isDryRun()) {
          throw new Error(`Scaleway reported no private endpoint or app password for the database instance of "${name}"`);
        }
        const caCertificate = certificate ?? "";
        const parts = {
          host: host ?? "",
          port: endpoint?.port ?? DEFAULT_PORT,
          database: databaseName,
          user: userName,
          password: password ?? "",
          sslmode: caCertificate !== "" ? SSL_MODE : ("require" as const),
        };
        return { ...parts, caCertificate, uri: postgresUri(parts) };
      }),
  );

  const decisions: Decision[] = [
    {
      what: "node type",
      choice: `${nodeType.name} (${nodeType.vcpu} vCPU, ${nodeType.memoryGiB} GiB)${spec.highAvailability ? " × 2 (primary and standby)" : ""}`,
      why: `smallest meeting ${spec.vcpu} vCPU / ${spec.memoryGiB} GiB${nodeType.family === "POP2" ? " (dedicated vCPUs)" : " (shared vCPUs)"}`,
    },
    {
      what: "storage",
      choice: `${volumeGb} GB Block Storage 5K, encrypted at rest`,
      why: `${spec.storageGiB} GiB rounded up to Scaleway's 5 GB steps`,
    },
    {
      what: "backups",
      choice: `daily snapshots kept ${spec.backupRetentionDays} days; no point-in-time recovery`,
      why: "Scaleway backs up Block Storage instances with scheduled snapshots",
    },
    ...(spec.highAvailability
      ? [{ what: "high availability", choice: "synchronous standby with automatic failover", why: "Scaleway keeps the standby in the primary's data centre, on another rack" }]
      : []),
    {
      what: "network",
      choice: `${shared !== undefined ? `Private Network of Kapsule cluster ${shared.cluster}` : `Private Network ${physicalName}`} (IPAM)${publicEndpoint ? `, and a public endpoint admitting ${spec.allowedCidrs.join(", ")}` : ", no public endpoint"}`,
      why: publicEndpoint ? "allowedCidrs names outside networks; the ACL replaces Scaleway's default 0.0.0.0/0" : "reachable from the private network only",
    },
    {
      what: "access",
      choice: `app user ${spec.appRole} with "${APP_PERMISSION}" on ${spec.databaseName} only; admin ${ADMIN_USER}; TLS ${SSL_MODE} with the instance's certificate`,
      why: "generated passwords, kept in the state",
    },
  ];

  return {
    binding,
    vendorResources: {
      instance,
      database,
      user,
      privilege,
      ...(shared === undefined ? { network: privateNetwork } : {}),
      ...(acl !== undefined ? { acl } : {}),
    },
    decisions,
  };
}
