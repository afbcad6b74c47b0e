/**
 * PostgreSQL on Trove (`wissel:openstack.postgres.trove: true`): the plan checks a database against
 * this cloud's Trove (datastore versions, flavors, volume limit, backups scheduled outside Pulumi) and
 * picks its datastore version and flavor; the build makes the instance, its database and the app user.
 */
import { createHmac } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import * as database from "@pulumi/openstack/database";
import { configSetCommand, postgresUri } from "@wissel/core";
import type {
  BuildContext,
  BuildResult,
  Decision,
  Issue,
  NameIdentity,
  PostgresBinding,
  PostgresBuildSpec,
  PostgresSpec,
  SslMode,
} from "@wissel/core";
import { smallestFlavor } from "./flavors";
import { magnumName } from "./names";
import {
  POSTGRES_PREFIX,
  SEED_COMMAND,
  type TroveFlavor,
  type TroveSettings,
} from "./postgres-settings";
import type { OpenStackSettings } from "./settings";
import { OPENSTACK_KEY } from "./vendor";

/** The Pulumi type tokens of the Trove children. */
export const TROVE_INSTANCE_TYPE = "openstack:database/instance:Instance";
export const TROVE_DATABASE_TYPE = "openstack:database/database:Database";
export const TROVE_USER_TYPE = "openstack:database/user:User";

/** Trove's PostgreSQL guest listens on PostgreSQL's own port. */
export const TROVE_PORT = 5432;

/**
 * Clients check the server's certificate chain against the stack's CA but not its name: the server's
 * address is Trove's to assign, so a certificate naming it can only be made after the instance exists.
 */
export const TROVE_SSLMODE: SslMode = "verify-ca";

function describe(flavor: TroveFlavor): string {
  return `${flavor.name} (${flavor.vcpu} vCPU, ${flavor.memoryGiB} GiB)`;
}

/**
 * The app role's password: an HMAC of the component's project, stack and name under the stack's
 * secret seed. It is the same on every run (Trove's user cannot change its password in place, and
 * no random provider is installed), differs per database, and is URL- and SQL-safe (base64url):
 * Trove's guest agent writes it into `CREATE USER … PASSWORD '…'` without escaping.
 */
export function troveAppPassword(seed: string, identity: NameIdentity): string {
  return createHmac("sha256", seed)
    .update(
      `wissel postgres app password\0${identity.project}\0${identity.stack}\0${identity.name}`,
    )
    .digest("base64url");
}

/** The largest flavor of a table, for the message when none is large enough. */
function largest(flavors: readonly TroveFlavor[]): TroveFlavor | undefined {
  return [...flavors].sort((a, b) => b.vcpu - a.vcpu || b.memoryGiB - a.memoryGiB)[0];
}

/** What a Trove database is built from: the spec, and the datastore version, flavor and name chosen. */
export interface TrovePlan {
  readonly engine: "trove";
  /** The spec, without a namespace: Trove runs the database on this cloud, not in a Namespace. */
  readonly spec: PostgresSpec;
  readonly trove: TroveSettings;
  /** Trove's datastore version for the spec's major. */
  readonly version: string;
  /** The smallest flavor that meets the requested size. */
  readonly flavor: TroveFlavor;
  /** The instance's name (Trove names the Nova server after it). */
  readonly instanceName: string;
}

/**
 * Checks a database against Trove on this cloud (a datastore version, a flavor and a volume that fit)
 * and picks its version and flavor.
 */
export function planTrovePostgres(
  spec: PostgresBuildSpec,
  identity: NameIdentity,
  subject: string,
  trove: TroveSettings,
): Issue[] | TrovePlan {
  const { namespace: _namespace, ...databaseSpec } = spec;
  const issues: Issue[] = [];
  if (spec.namespace !== undefined) {
    issues.push({
      subject,
      field: "namespace",
      value: spec.namespace.namespace,
      rule: `is only for targets that run PostgreSQL on Kubernetes; this stack runs it on Trove (${POSTGRES_PREFIX}.trove is true)`,
      fix: `Remove namespace, or run ${configSetCommand(OPENSTACK_KEY, ["postgres", "trove"], "false", { code: true })} to run the database as CloudNativePG in that namespace.`,
    });
  }
  const version = trove.versions[String(spec.version)];
  if (version === undefined) {
    const majors = Object.keys(trove.versions).sort();
    issues.push({
      subject,
      field: "version",
      value: spec.version,
      rule: `must be a major this cloud's Trove offers (${majors.join(", ")}, from ${POSTGRES_PREFIX}.versions)`,
      fix: `Set version to one of ${majors.join(", ")}, or add Trove's datastore version for ${spec.version} under ${POSTGRES_PREFIX}.versions["${spec.version}"].`,
    });
  }
  const flavor = smallestFlavor(trove.flavors, spec);
  if (flavor === undefined) {
    const top = largest(trove.flavors);
    issues.push({
      subject,
      field: "vcpu",
      value: { vcpu: spec.vcpu, memoryGiB: spec.memoryGiB },
      rule: `with memoryGiB must fit a flavor in ${POSTGRES_PREFIX}.flavors; none has ${spec.vcpu} vCPU and ${spec.memoryGiB} GiB${top !== undefined ? ` (the largest is ${describe(top)})` : ""}`,
      fix: `Lower vcpu or memoryGiB, or list a larger flavor in ${POSTGRES_PREFIX}.flavors.`,
    });
  }
  const scheduled = trove.scheduledBackupRetentionDays;
  if (scheduled === undefined || scheduled < spec.backupRetentionDays) {
    issues.push({
      subject,
      field: "backupRetentionDays",
      value: spec.backupRetentionDays,
      rule:
        scheduled === undefined
          ? "cannot be applied on Trove: the OpenStack provider has no resource for Trove backups, and no backups scheduled outside Pulumi are declared"
          : `exceeds the ${scheduled} days kept by the Trove backups scheduled outside Pulumi (${POSTGRES_PREFIX}.scheduledBackupRetentionDays)`,
      fix: `Schedule \`openstack database backup create\` for the instance outside Pulumi and run ${configSetCommand(OPENSTACK_KEY, ["postgres", "scheduledBackupRetentionDays"], String(spec.backupRetentionDays), { code: true })}, or run ${configSetCommand(OPENSTACK_KEY, ["postgres", "trove"], "false", { code: true })} for CloudNativePG with continuous backups.`,
    });
  }
  if (trove.maxVolumeGiB !== undefined && spec.storageGiB > trove.maxVolumeGiB) {
    issues.push({
      subject,
      field: "storageGiB",
      value: spec.storageGiB,
      rule: `must be at most ${trove.maxVolumeGiB} GiB, this cloud's Trove volume limit (${POSTGRES_PREFIX}.maxVolumeGiB)`,
      fix: `Lower storageGiB to ${trove.maxVolumeGiB} or less, or ask the operator to raise max_accepted_volume_size and update ${POSTGRES_PREFIX}.maxVolumeGiB.`,
    });
  }
  if (issues.length > 0 || version === undefined || flavor === undefined) return issues;
  return {
    engine: "trove",
    spec: databaseSpec,
    trove,
    version,
    flavor,
    instanceName: magnumName(identity),
  };
}

/**
 * A Trove instance on the stack's private network with the smallest fitting flavor, the database, and
 * the app user with access to that database only. The instance and the database hold the data.
 */
export function buildTrovePostgres(
  plan: TrovePlan,
  ctx: BuildContext<OpenStackSettings>,
): BuildResult<PostgresBinding> {
  const { spec, trove, version, flavor } = plan;
  const { region } = ctx.settings;
  const identity = { project: ctx.project, stack: ctx.stack, name: ctx.name };

  const instance = new database.Instance(
    ctx.name,
    {
      // Trove names the Nova server after the instance, so Magnum's host-name-safe rule suits it too.
      name: plan.instanceName,
      region,
      datastore: { type: trove.datastore, version },
      flavorId: flavor.id,
      size: spec.storageGiB,
      // One private network and no floating IP: reachable from that network only.
      networks: [{ uuid: trove.networkId }],
    },
    { parent: ctx.parent, ...ctx.statefulOptions },
  );

  const db = new database.Database(
    `${ctx.name}-database`,
    { instanceId: instance.id, name: spec.databaseName, region },
    { parent: ctx.parent, ...ctx.statefulOptions },
  );

  const password = pulumi.secret(troveAppPassword(trove.passwordSeed, identity));
  const user = new database.User(
    `${ctx.name}-app`,
    {
      instanceId: instance.id,
      name: spec.appRole,
      password,
      // The database's own output, so Trove grants on a database that exists (it refuses otherwise).
      databases: [db.name],
      region,
    },
    // No additionalSecretOutputs: the SDK itself marks password secret (a test checks it does).
    { parent: ctx.parent },
  );

  const binding = pulumi
    .all([instance.addresses, password])
    .apply(([addresses, secret]): PostgresBinding => {
      const parts = {
        // Before the instance exists (a plan), Trove has assigned no address; empty stands for "after apply".
        host: addresses[0] ?? "",
        port: TROVE_PORT,
        database: spec.databaseName,
        user: spec.appRole,
        password: secret,
        sslmode: TROVE_SSLMODE,
      };
      return { ...parts, caCertificate: trove.caCertificate, uri: postgresUri(parts) };
    });

  return {
    binding: pulumi.secret(binding),
    vendorResources: { instance, database: db, user },
    decisions: troveDecisions(plan),
  };
}

function troveDecisions({ spec, trove, flavor, version }: TrovePlan): Decision[] {
  return [
    {
      what: "flavor",
      choice: describe(flavor),
      why: `smallest in ${POSTGRES_PREFIX}.flavors meeting ${spec.vcpu} vCPU / ${spec.memoryGiB} GiB`,
    },
    {
      what: "storage",
      choice: `${spec.storageGiB} GiB Cinder volume`,
      why: "the OpenStack provider replaces a Trove instance to change its flavor or volume, which protect refuses: resize with `openstack database instance resize`",
    },
    {
      what: "datastore",
      choice: `${trove.datastore} ${version}`,
      why: `Trove's datastore version for PostgreSQL ${spec.version}, from ${POSTGRES_PREFIX}.versions`,
    },
    {
      what: "network",
      choice: `private network ${trove.networkId}, no floating IP`,
      why: "reachable from that network only",
    },
    {
      what: "tls",
      choice: `${TROVE_SSLMODE} against ${POSTGRES_PREFIX}.caCertificate`,
      why: "the OpenStack provider cannot enable Trove's TLS: run `openstack database ssl enable` in enforced mode with a certificate that CA signed once the instance exists; until then clients refuse to connect rather than connect in plaintext",
    },
    {
      what: "backups",
      choice: `scheduled outside Pulumi, kept ${trove.scheduledBackupRetentionDays ?? 0} days (${POSTGRES_PREFIX}.scheduledBackupRetentionDays)`,
      why: `the OpenStack provider has no resource for Trove backups; the operator attests the schedule that covers backupRetentionDays ${spec.backupRetentionDays}`,
    },
    {
      what: "app role",
      choice: `${spec.appRole}, created by Trove's guest agent`,
      why: `its password is derived from ${POSTGRES_PREFIX}.passwordSeed (set with ${SEED_COMMAND}); Trove grants it ALL on ${spec.databaseName} and schema public`,
    },
  ];
}
