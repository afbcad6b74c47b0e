/**
 * The neutral contract of the `PostgresDatabase` block: what users pass, what adapters receive after
 * validation and defaults, and what the application gets back.
 */
import type { Classification } from "../bucket/contract";

/** PostgreSQL major versions Wissel offers: those every target here supports. */
export type PostgresVersion = 15 | 16 | 17;
export const POSTGRES_VERSIONS: readonly PostgresVersion[] = [15, 16, 17];

/** Extensions Wissel can enable; each adapter's table says which its vendor allows. */
export type PostgresExtension =
  | "btree_gin"
  | "btree_gist"
  | "citext"
  | "fuzzystrmatch"
  | "hstore"
  | "intarray"
  | "ltree"
  | "pg_stat_statements"
  | "pg_trgm"
  | "pgcrypto"
  | "postgis"
  | "tablefunc"
  | "unaccent"
  | "uuid-ossp"
  | "vector";
export const POSTGRES_EXTENSIONS: readonly PostgresExtension[] = [
  "btree_gin",
  "btree_gist",
  "citext",
  "fuzzystrmatch",
  "hstore",
  "intarray",
  "ltree",
  "pg_stat_statements",
  "pg_trgm",
  "pgcrypto",
  "postgis",
  "tablefunc",
  "unaccent",
  "uuid-ossp",
  "vector",
];

/**
 * Arguments of `PostgresDatabase` (plain data; the class adds where it runs on Kubernetes targets).
 * A sizing request is mapped by each adapter to the smallest vendor tier that meets it.
 */
export interface PostgresDatabaseArgsData {
  /**
   * PostgreSQL major version.
   * @default 17
   */
  readonly version?: PostgresVersion;
  /**
   * vCPUs of the server (1–64).
   * @default 2
   */
  readonly vcpu?: number;
  /**
   * Memory of the server, in GiB (1–512).
   * @default 4
   */
  readonly memoryGiB?: number;
  /**
   * Storage, in GiB (10–16384).
   * @default 32
   */
  readonly storageGiB?: number;
  /**
   * A standby in another zone that takes over on failure.
   * @default false - a single server; turn it on for systems that must survive a zone outage
   */
  readonly highAvailability?: boolean;
  /**
   * Days automated backups are kept (1–35).
   * @default 7
   */
  readonly backupRetentionDays?: number;
  /**
   * Restore to any moment within the retention window (continuous WAL archiving), not only to a daily backup.
   * @default false
   */
  readonly pointInTimeRecovery?: boolean;
  /**
   * Extensions created in the database.
   * @default []
   */
  readonly extensions?: readonly PostgresExtension[];
  /**
   * The database name: lowercase letters, digits and underscores, starting with a letter or underscore.
   * @default - the component name with hyphens turned into underscores
   */
  readonly databaseName?: string;
  /**
   * Networks outside the vendor's private network that may connect, as CIDRs. Never `0.0.0.0/0`.
   * @default [] - reachable only from the private network
   */
  readonly allowedCidrs?: readonly string[];
  /**
   * How sensitive the stored data is; checked against `wissel:policy` at preview.
   * @default "internal"
   */
  readonly classification?: Classification;
  /**
   * Let Pulumi delete the database and its data when it leaves the program.
   * @default false
   */
  readonly allowDataLoss?: boolean;
}

/** `PostgresDatabaseArgsData` validated and defaulted: what an adapter's builder receives. */
export interface PostgresSpec {
  readonly version: PostgresVersion;
  readonly vcpu: number;
  readonly memoryGiB: number;
  readonly storageGiB: number;
  readonly highAvailability: boolean;
  readonly backupRetentionDays: number;
  readonly pointInTimeRecovery: boolean;
  readonly extensions: readonly PostgresExtension[];
  readonly databaseName: string;
  /** The application's login role: `<databaseName>_app`. */
  readonly appRole: string;
  readonly allowedCidrs: readonly string[];
  readonly classification: Classification;
  readonly allowDataLoss: boolean;
}

/** How strictly the client checks the server's certificate; never `disable`. */
export type SslMode = "verify-full" | "verify-ca" | "require";

/** What the application gets: everything it needs to connect as its own least-privileged role. */
export interface PostgresBinding {
  readonly host: string;
  readonly port: number;
  readonly database: string;
  readonly user: string;
  readonly password: string;
  /** `verify-full` (or `verify-ca`) where the CA is known; `require` only where the vendor publishes none. */
  readonly sslmode: SslMode;
  /** PEM of the CA that signed the server certificate; empty when the vendor publishes none. */
  readonly caCertificate: string;
  /** `postgresql://user:password@host:port/database?sslmode=…`; secret. */
  readonly uri: string;
}
