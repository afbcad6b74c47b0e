/**
 * Every SQL statement Wissel issues for a `PostgresDatabase`, as pure functions, so each adapter runs
 * the same, tested statements (CloudNativePG's `postInitApplicationSQL`, a bootstrap job on a managed
 * service) and a test can run them against a real PostgreSQL.
 *
 * The privilege model, in short:
 * - The database is owned by the admin, not by the app role: an owner could grant CONNECT back to
 *   PUBLIC, change database settings or create schemas and extensions.
 * - The app role logs in with a password, has no role attributes beyond LOGIN and a connection limit,
 *   is a member of no other role, and holds exactly CONNECT and TEMPORARY on its own database and
 *   USAGE and CREATE on its schema `public`. It owns what it creates there, so migrations and
 *   `pg_dump`/`pg_restore` between vendors work as they do everywhere (ORMs default to `public`).
 * - PUBLIC loses every privilege on the app's database and CREATE on its `public` schema
 *   (PostgreSQL 15 already revoked the latter; the statement makes it true whatever the template).
 * - Extensions are created by the admin: most need superuser or at least CREATE on the database,
 *   which the app role does not get. Their functions and types are usable by everyone who may
 *   connect, which is the app role only.
 * - "Cannot connect to another database" is enforced twice: PUBLIC loses CONNECT on the databases
 *   every server has (`postgres`, `template1`), and each app's own database admits only its role;
 *   where the adapter writes `pg_hba.conf` (CloudNativePG), `pgHbaRules` also admits the app role to
 *   its own database only, over TLS only, so the rule holds even where the admin cannot revoke a
 *   privilege on a database the vendor owns.
 */
import { createHash, createHmac, pbkdf2Sync } from "node:crypto";
import type { PostgresSpec } from "./contract";

/** PostgreSQL's identifier limit in bytes; longer names are truncated silently, so they are refused here. */
const MAX_IDENTIFIER_BYTES = 63;

/**
 * Quotes an identifier the way `quote_ident` does for names that need it, but always: inside double
 * quotes, with each `"` doubled. Always quoting keeps reserved words (`user`, `all`) and names like
 * `uuid-ossp` safe. Throws on NUL and on names PostgreSQL would truncate.
 */
export function quoteIdent(name: string): string {
  if (name.length === 0) throw new Error("an SQL identifier must not be empty");
  if (name.includes("\0")) throw new Error("an SQL identifier must not contain NUL");
  if (Buffer.byteLength(name, "utf8") > MAX_IDENTIFIER_BYTES) {
    throw new Error(
      `an SQL identifier must be at most ${MAX_IDENTIFIER_BYTES} bytes: ${JSON.stringify(name)}`,
    );
  }
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * Quotes a string literal with `quote_literal` semantics: `'…'` with each `'` doubled; when the text
 * holds a backslash, the escape-string form `E'…'` with each backslash doubled, so the literal means
 * the same whether `standard_conforming_strings` is on or off. Throws on NUL, which no text holds.
 */
export function quoteLiteral(value: string): string {
  if (value.includes("\0")) throw new Error("an SQL string must not contain NUL");
  const quoted = value.replace(/'/g, "''");
  return value.includes("\\") ? `E'${quoted.replace(/\\/g, "\\\\")}'` : `'${quoted}'`;
}

/** Wraps a body in dollar quotes whose tag does not occur in it (for `DO` blocks). */
export function dollarQuote(body: string): string {
  let tag = "$wissel$";
  for (let i = 1; body.includes(tag); i++) tag = `$wissel${i}$`;
  return `${tag}${body}${tag}`;
}

/** PostgreSQL's default `scram_iterations`. */
const SCRAM_ITERATIONS = 4096;

/**
 * The SCRAM-SHA-256 verifier PostgreSQL stores for a password (`rolpassword`), computed here so the
 * password itself never appears in a statement, a server log or `pg_stat_statements`. PostgreSQL
 * hashes ASCII passwords as they are (SASLprep leaves ASCII alone), so this is only defined for them.
 * @param salt 16 bytes; derived from the password and role when absent, so the statement is the
 *   same on every run of a program (a random salt would change the resource on every preview)
 */
export function scramSha256Verifier(password: string, role: string, salt?: Uint8Array): string {
  if (!isScramAscii(password))
    throw new Error("scramSha256Verifier hashes non-empty ASCII passwords without NUL only");
  const saltBytes =
    salt ??
    createHmac("sha256", password).update(`wissel scram salt for ${role}`).digest().subarray(0, 16);
  const salted = pbkdf2Sync(
    Buffer.from(password, "utf8"),
    saltBytes,
    SCRAM_ITERATIONS,
    32,
    "sha256",
  );
  const clientKey = createHmac("sha256", salted).update("Client Key").digest();
  const storedKey = createHash("sha256").update(clientKey).digest();
  const serverKey = createHmac("sha256", salted).update("Server Key").digest();
  const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString("base64");
  return `SCRAM-SHA-256$${SCRAM_ITERATIONS}:${b64(saltBytes)}$${b64(storedKey)}:${b64(serverKey)}`;
}

function isScramAscii(password: string): boolean {
  // eslint-disable-next-line no-control-regex -- SCRAM's ASCII range starts at the control character 0x01
  return /^[\x01-\x7f]+$/.test(password);
}

/** The `max_connections` PostgreSQL starts with, when an adapter knows no better. */
export const DEFAULT_MAX_CONNECTIONS = 100;
/** Connections kept free of the app for the admin, the operator's monitoring and replication. */
export const RESERVED_CONNECTIONS = 10;

/**
 * The app role's connection limit on a server with `maxConnections`: a leaking pool then exhausts
 * its own share, not the server, and the admin can still log in to fix it (PostgreSQL reserves
 * connections for superusers only, and on managed services the admin is no superuser).
 */
export function appConnectionLimit(maxConnections: number = DEFAULT_MAX_CONNECTIONS): number {
  if (!Number.isInteger(maxConnections) || maxConnections < 2)
    throw new Error(`maxConnections must be a whole number of at least 2, not ${maxConnections}`);
  return Math.max(1, maxConnections - RESERVED_CONNECTIONS);
}

/** What the app role's statements need besides the spec. */
export interface AppRoleOptions {
  /** The app role's password (generated by the adapter; never logged). */
  readonly password: string;
  /** The server's `max_connections`, for the app role's connection limit. @default 100 */
  readonly maxConnections?: number;
  /** Salt of the SCRAM verifier. @default - derived from the password and role */
  readonly salt?: Uint8Array;
}

/** The database and role names of a spec, as the statements use them. */
type SqlSpec = Pick<PostgresSpec, "databaseName" | "appRole" | "extensions">;

/**
 * Creates the app role if it is missing, refuses to go on if a role of that name has more privileges
 * than an app may have, then sets its login, connection limit and password. Idempotent: run it again
 * to rotate the password. Run as the admin, in any database.
 */
export function appRoleStatements(spec: SqlSpec, options: AppRoleOptions): string[] {
  if (options.password.length === 0) throw new Error("the app role's password must not be empty");
  const role = quoteIdent(spec.appRole);
  const name = quoteLiteral(spec.appRole);
  const limit = appConnectionLimit(options.maxConnections);
  // Attributes are spelled out on CREATE only: before PostgreSQL 16 a non-superuser admin (Azure,
  // Scaleway) may not even mention SUPERUSER, REPLICATION or BYPASSRLS in ALTER ROLE.
  const body = `
BEGIN
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = ${name}) THEN
    CREATE ROLE ${role} WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS CONNECTION LIMIT ${limit};
  ELSIF EXISTS (
    SELECT FROM pg_catalog.pg_roles r
    WHERE r.rolname = ${name}
      AND (r.rolsuper OR r.rolcreatedb OR r.rolcreaterole OR r.rolreplication OR r.rolbypassrls
           OR EXISTS (SELECT FROM pg_catalog.pg_auth_members m WHERE m.member = r.oid))
  ) THEN
    RAISE EXCEPTION 'role % already exists with more privileges than an application role may have', ${name};
  END IF;
END
`;
  const password = isScramAscii(options.password)
    ? quoteLiteral(scramSha256Verifier(options.password, spec.appRole, options.salt))
    : quoteLiteral(options.password);
  return [
    `DO ${dollarQuote(body)};`,
    `ALTER ROLE ${role} WITH LOGIN CONNECTION LIMIT ${limit} PASSWORD ${password};`,
  ];
}

/**
 * Creates the database owned by the admin, for adapters without a vendor resource for it. From
 * `template0` so nothing added to `template1` comes along, in UTF-8. Cannot run inside a transaction.
 */
export function createDatabaseStatement(spec: Pick<PostgresSpec, "databaseName">): string {
  return `CREATE DATABASE ${quoteIdent(spec.databaseName)} WITH TEMPLATE template0 ENCODING 'UTF8';`;
}

/**
 * Only the app role (and the admin) may connect to the app's database. Run as the admin (the
 * database's owner), in any database.
 */
export function databaseAccessStatements(spec: SqlSpec): string[] {
  const database = quoteIdent(spec.databaseName);
  return [
    `REVOKE ALL PRIVILEGES ON DATABASE ${database} FROM PUBLIC;`,
    // TEMPORARY: temporary tables are private to a session and common in bulk loads and ORMs.
    `GRANT CONNECT, TEMPORARY ON DATABASE ${database} TO ${quoteIdent(spec.appRole)};`,
  ];
}

/** The app role may create and use tables in `public`; nobody else may create there. Run in the app's database. */
export function schemaStatements(spec: SqlSpec): string[] {
  return [
    `REVOKE CREATE ON SCHEMA public FROM PUBLIC;`,
    `GRANT USAGE, CREATE ON SCHEMA public TO ${quoteIdent(spec.appRole)};`,
  ];
}

/**
 * Creates the requested extensions in `public`, as the admin, in the app's database. Idempotent.
 * (`pg_stat_statements` also needs `shared_preload_libraries`, which the adapter sets.)
 */
export function extensionStatements(spec: SqlSpec): string[] {
  return spec.extensions.map(
    (extension) => `CREATE EXTENSION IF NOT EXISTS ${quoteIdent(extension)} WITH SCHEMA public;`,
  );
}

/** The databases every PostgreSQL server has that accept connections. */
export const SERVER_DATABASES: readonly string[] = ["postgres", "template1"];

/**
 * Takes CONNECT and TEMPORARY on the server's own databases from PUBLIC, so an app role cannot
 * connect there. Run as a superuser (CloudNativePG) or the owner of those databases; where the admin
 * owns neither (managed services), PostgreSQL only warns, and `pgHbaRules` or the vendor's own
 * restrictions carry the rule.
 */
export function serverDatabaseStatements(
  databases: readonly string[] = SERVER_DATABASES,
): string[] {
  return databases.map(
    (database) => `REVOKE CONNECT, TEMPORARY ON DATABASE ${quoteIdent(database)} FROM PUBLIC;`,
  );
}

/** Every statement for one database, by where it runs. */
export interface PostgresSetupSql {
  /** Run as the admin connected to the server's maintenance database (`postgres`), in order. */
  readonly server: readonly string[];
  /** Run as the admin connected to the app's database, after `server`, in order. */
  readonly database: readonly string[];
}

/**
 * All the SQL Wissel issues for one database that already exists (created by the vendor's resource
 * or by `createDatabaseStatement`). Every statement is idempotent.
 */
export function postgresSetupSql(
  spec: SqlSpec,
  options: AppRoleOptions & { readonly serverDatabases?: readonly string[] },
): PostgresSetupSql {
  return {
    server: [
      ...appRoleStatements(spec, options),
      ...databaseAccessStatements(spec),
      ...serverDatabaseStatements(options.serverDatabases),
    ],
    database: [...schemaStatements(spec), ...extensionStatements(spec)],
  };
}

/**
 * Quotes a database or role name for `pg_hba.conf`: in double quotes, so keywords such as `all`,
 * `sameuser` or `replication` match a database of that name and not the keyword.
 */
export function hbaQuote(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name))
    throw new Error(
      `a pg_hba.conf name must be lowercase letters, digits and underscores: ${JSON.stringify(name)}`,
    );
  return `"${name}"`;
}

/**
 * `pg_hba.conf` lines for one app, for adapters that write them (CloudNativePG's
 * `postgresql.pg_hba`, which come after the operator's own local and replication rules): no
 * connection without TLS, the app role to its own database with SCRAM, and to nothing else.
 * Other roles (the admin) are left to the rules that follow.
 */
export function pgHbaRules(spec: Pick<PostgresSpec, "databaseName" | "appRole">): string[] {
  const database = hbaQuote(spec.databaseName);
  const role = hbaQuote(spec.appRole);
  return [
    "hostnossl all all all reject",
    `hostssl ${database} ${role} all scram-sha-256`,
    `hostssl all ${role} all reject`,
  ];
}
