/**
 * The PostgresDatabase on Scaleway: a Managed Database for PostgreSQL instance on a Private Network,
 * its database, a non-admin application user and that user's privilege on the database, and an ACL
 * when the stack names outside networks. Sizing and storage (`postgres-offer.ts`) and passwords
 * (`postgres-password.ts`) are pure functions, tested without Pulumi; the validator is in
 * `postgres-validate.ts`.
 */
import * as pulumi from "@pulumi/pulumi";
import * as databases from "@pulumiverse/scaleway/databases";
import * as network from "@pulumiverse/scaleway/network";
import {
  clustersOn,
  defineBlock,
  type BuildContext,
  type BuildResult,
  type Decision,
  type PostgresBinding,
  type PostgresBuildSpec,
  type SslMode,
  postgresUri,
} from "@wissel/core";
import { kapsuleName } from "./kapsule";
import { projectScope } from "./names";
import {
  BACKUP_FREQUENCY_HOURS,
  VOLUME_TYPE,
  databaseNodeTypeFor,
  engineName,
  volumeSizeGb,
  type DatabaseNodeType,
} from "./postgres-offer";
import { generatePassword } from "./postgres-password";
import { validateScalewayPostgres } from "./postgres-validate";
import type { ScalewaySettings } from "./settings";

// Scaleway's offer, the passwords and the validator, re-exported where the package index finds them today.
export {
  BACKUP_FREQUENCY_HOURS,
  DATABASE_NODE_TYPES,
  MAX_VOLUME_GB,
  SCALEWAY_POSTGRES_MAJORS,
  VOLUME_STEP_GB,
  VOLUME_TYPE,
  databaseNodeTypeFor,
  engineName,
  volumeSizeGb,
  type DatabaseNodeFamily,
  type DatabaseNodeType,
} from "./postgres-offer";
export { PASSWORD_LENGTH, generatePassword, meetsScalewayPasswordRules } from "./postgres-password";
export { validateScalewayPostgres } from "./postgres-validate";

/**
 * The first user of every instance: Scaleway's admin role for the database owner's work (the app
 * connects as its own user). Changing it would recreate the instance, so it never changes.
 */
export const ADMIN_USER = "wissel_admin";

/** The app's permission on its own database: read, write, and create schemas and tables (migrations). */
export const APP_PERMISSION = "all";

/**
 * The Private Network the instance joins: the one of the cluster behind the namespace it serves, or
 * else of the program's first Kapsule cluster, so pods reach the database without routing; otherwise
 * undefined (the builder creates one).
 */
export function clusterNetwork(
  spec: PostgresBuildSpec,
): { readonly network: network.PrivateNetwork; readonly cluster: string } | undefined {
  const cluster = spec.namespace?.cluster ?? clustersOn("scaleway")[0];
  const candidate = cluster?.vendorResources["network"];
  return cluster !== undefined && network.PrivateNetwork.isInstance(candidate)
    ? { network: candidate, cluster: cluster.name }
    : undefined;
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

/** What a Scaleway database is built from: the spec, its node type and volume, and its network. */
export interface PostgresPlan {
  readonly spec: PostgresBuildSpec;
  readonly nodeType: DatabaseNodeType;
  readonly volumeGb: number;
  /** The Private Network of the Kapsule cluster it joins; undefined when it gets its own. */
  readonly shared: ReturnType<typeof clusterNetwork>;
}

/** Builds a PostgreSQL database on Scaleway. */
function buildPostgres(
  { spec, nodeType, volumeGb, shared }: PostgresPlan,
  ctx: BuildContext<ScalewaySettings>,
): BuildResult<PostgresBinding> {
  const { name, parent, settings } = ctx;
  const { region, projectId } = settings;
  const physicalName = kapsuleName({ project: ctx.project, stack: ctx.stack, name });
  const publicEndpoint = spec.allowedCidrs.length > 0;

  // A database beside a Kapsule cluster joins the cluster's network; alone, it gets its own, stateful
  // like the instance (a retained instance stays attached to it).
  const privateNetwork =
    shared?.network ??
    new network.PrivateNetwork(
      `${name}-network`,
      { name: physicalName, region, projectId, tags: ["wissel"] },
      { parent, ...ctx.statefulOptions },
    );

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
    {
      instanceId: instance.id,
      name: spec.appRole,
      password: pulumi.secret(generatePassword()),
      isAdmin: false,
      region,
    },
    { parent, ...ctx.statefulOptions, ...keepPassword },
  );

  // A grant, not data: it can be replaced freely.
  const privilege = new databases.Privilege(
    `${name}-privilege`,
    {
      instanceId: instance.id,
      userName: user.name,
      databaseName: database.name,
      permission: APP_PERMISSION,
      region,
    },
    { parent },
  );

  // A new instance's ACL admits 0.0.0.0/0 on its public endpoint; this one replaces every rule with
  // exactly the named networks. Without a public endpoint there is nothing for an ACL to filter.
  const acl = publicEndpoint
    ? new databases.Acl(
        `${name}-acl`,
        {
          instanceId: instance.id,
          aclRules: spec.allowedCidrs.map((cidr, i) => ({
            ip: cidr,
            description: `wissel allowedCidrs[${i}]`,
          })),
          region,
        },
        { parent },
      )
    : undefined;

  const binding = pulumi.secret(
    pulumi
      .all([
        instance.privateNetwork,
        instance.certificate,
        user.name,
        user.password,
        database.name,
        privilege.id,
        acl?.id,
      ])
      .apply(([endpoint, certificate, userName, password, databaseName]): PostgresBinding => {
        const host = endpoint?.ip ?? endpoint?.hostname;
        // Offline plans echo inputs and know no address; a real deployment always reports one.
        if ((host === undefined || password === undefined) && !pulumi.runtime.isDryRun()) {
          throw new Error(
            `Scaleway reported no private endpoint or app password for the database instance of "${name}"`,
          );
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
      ? [
          {
            what: "high availability",
            choice: "synchronous standby with automatic failover",
            why: "Scaleway keeps the standby in the primary's data centre, on another rack",
          },
        ]
      : []),
    {
      what: "network",
      choice: `${shared !== undefined ? `Private Network of Kapsule cluster ${shared.cluster}` : `Private Network ${physicalName}`} (IPAM)${publicEndpoint ? `, and a public endpoint admitting ${spec.allowedCidrs.join(", ")}` : ", no public endpoint"}`,
      why: publicEndpoint
        ? "allowedCidrs names outside networks; the ACL replaces Scaleway's default 0.0.0.0/0"
        : "reachable from the private network only",
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

/** The PostgresDatabase on Scaleway: a node type and volume Scaleway offers, on a Private Network. */
export const postgres = defineBlock<"postgres", ScalewaySettings, PostgresPlan>({
  plan: (spec, { subject }) => {
    const issues = validateScalewayPostgres(spec, subject);
    const nodeType = databaseNodeTypeFor(spec);
    return nodeType === undefined || issues.length > 0
      ? issues
      : { spec, nodeType, volumeGb: volumeSizeGb(spec.storageGiB), shared: clusterNetwork(spec) };
  },
  /** The instance, and its own Private Network when it joins no cluster's. */
  names: ({ shared }, ctx) => {
    const name = kapsuleName(ctx);
    return [
      { scope: projectScope("rdb-instance", ctx.settings), name, what: "Database Instance" },
      ...(shared === undefined
        ? [{ scope: projectScope("private-network", ctx.settings), name, what: "Private Network" }]
        : []),
    ];
  },
  build: buildPostgres,
});
