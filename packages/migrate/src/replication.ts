/**
 * Whether PostgreSQL's native logical replication (a publication on the old database, a
 * subscription on the new one) can carry a migration between two vendors, from facts recorded here
 * with their sources. A method that is impossible, or not known to be possible, is refused with the
 * reason, so the plan says so at preview instead of a Job failing at `pulumi up`.
 */

/** The targets that host a `PostgresDatabase`. */
export type PostgresVendor = "kubernetes" | "azure" | "scaleway" | "openstack";

/** What one vendor allows on one side of a logical replication. */
export type ReplicationSide =
  | {
      readonly kind: "supported";
      /** The lowest PostgreSQL major version on which it works. */
      readonly minimumVersion?: number;
      /** What the owner must set up first (server parameters, role attributes). */
      readonly requires: readonly string[];
    }
  | { readonly kind: "unknown"; readonly why: string };

/** A vendor's logical replication facts, as publisher (source) and subscriber (target). */
export interface ReplicationFacts {
  readonly source: ReplicationSide;
  readonly target: ReplicationSide;
  /** Where the facts come from. */
  readonly reference: string;
}

/** The facts recorded for each vendor. */
export const LOGICAL_REPLICATION: Readonly<Record<PostgresVendor, ReplicationFacts>> = {
  azure: {
    source: {
      kind: "supported",
      requires: [
        "server parameter wal_level=logical on the Flexible Server (a static parameter: the server restarts)",
        "the replication role has the REPLICATION attribute (ALTER ROLE … WITH REPLICATION, as the admin)",
        "the server's firewall or private network admits the subscriber",
      ],
    },
    target: {
      kind: "supported",
      requires: ["the admin creates the subscription (CREATE SUBSCRIPTION)"],
    },
    reference:
      "https://learn.microsoft.com/azure/postgresql/flexible-server/concepts-logical (prerequisites)",
  },
  scaleway: {
    source: {
      kind: "supported",
      minimumVersion: 17,
      requires: [
        "advanced setting rdb.enable_logical_replication on (it sets wal_level=logical)",
        "hot_standby_feedback and sync_replication_slots on, so the slot survives a failover",
        "the replication user is a member of _rdb_admin or holds the replication rights",
        "one replication slot per logical database",
      ],
    },
    target: {
      kind: "unknown",
      why: "Scaleway documents logical replication as a publisher only; whether its admin may CREATE SUBSCRIPTION is not recorded",
    },
    reference:
      "https://www.scaleway.com/en/docs/managed-databases-for-postgresql-and-mysql/api-cli/logical-replication-as-publisher",
  },
  kubernetes: {
    source: {
      kind: "supported",
      requires: [
        "a CloudNativePG Publication resource on the source cluster",
        "a pg_hba rule admitting the subscriber's replication connection (Wissel's rules admit the app role to its own database only)",
      ],
    },
    target: {
      kind: "supported",
      requires: ["a CloudNativePG Subscription resource on the target cluster"],
    },
    reference: "https://cloudnative-pg.io/documentation/current/logical_replication",
  },
  openstack: {
    source: {
      kind: "unknown",
      why: "Trove's datastore images and configuration groups differ per cloud; whether wal_level=logical may be set is the operator's",
    },
    target: {
      kind: "unknown",
      why: "whether Trove's admin may CREATE SUBSCRIPTION differs per cloud",
    },
    reference: "no vendor-wide documentation; ask the cloud's operator",
  },
};

/** One database of a migration: where it runs and its PostgreSQL major version. */
export interface ReplicationEnd {
  readonly vendor: PostgresVendor;
  readonly version: number;
}

export type ReplicationVerdict =
  | {
      readonly possible: true;
      /** What must be set up on each side first, prefixed with the side. */
      readonly requires: readonly string[];
    }
  | {
      readonly possible: false;
      /** Why not: a missing capability, a version too low, or facts nobody recorded. */
      readonly reason: string;
      /** True when the reason is missing facts rather than a known impossibility. */
      readonly unknown: boolean;
    };

function side(
  role: "source" | "target",
  end: ReplicationEnd,
  facts: ReplicationFacts,
): { ok: true; requires: string[] } | { ok: false; reason: string; unknown: boolean } {
  const fact = facts[role];
  const as = role === "source" ? "publisher (source)" : "subscriber (target)";
  if (fact.kind === "unknown")
    return {
      ok: false,
      unknown: true,
      reason: `logical replication with ${end.vendor} as ${as} is not known to work: ${fact.why} (${facts.reference})`,
    };
  if (fact.minimumVersion !== undefined && end.version < fact.minimumVersion)
    return {
      ok: false,
      unknown: false,
      reason: `${end.vendor} supports logical replication as ${as} from PostgreSQL ${fact.minimumVersion}; this database runs ${end.version}. Upgrade it to ${fact.minimumVersion}, or use pg_dump/pg_restore (${facts.reference})`,
    };
  return { ok: true, requires: fact.requires.map((r) => `${role} (${end.vendor}): ${r}`) };
}

/**
 * Whether native logical replication can move a database from `source` to `target`. The
 * requirements common to every pair (the schema copied first, sequences set at cutover, tables with
 * a primary key or a replica identity) are PostgreSQL's and are listed as well.
 */
export function logicalReplication(
  source: ReplicationEnd,
  target: ReplicationEnd,
  facts: Readonly<Record<PostgresVendor, ReplicationFacts>> = LOGICAL_REPLICATION,
): ReplicationVerdict {
  if (source.version < 10)
    return {
      possible: false,
      unknown: false,
      reason: `native logical replication needs PostgreSQL 10 or newer on the source; it runs ${source.version}`,
    };
  const from = side("source", source, facts[source.vendor]);
  const to = side("target", target, facts[target.vendor]);
  const failed = [from, to].filter((s) => !s.ok);
  if (!from.ok || !to.ok)
    return {
      possible: false,
      unknown: failed.every((s) => !s.ok && s.unknown),
      reason: failed.map((s) => (s.ok ? "" : s.reason)).join("; "),
    };
  return {
    possible: true,
    requires: [
      ...from.requires,
      ...to.requires,
      "both: the schema is copied first (pg_dump --schema-only): logical replication carries no DDL",
      "both: every replicated table has a primary key or a replica identity",
      "both: sequences are not replicated; set them on the target at cutover",
    ],
  };
}
