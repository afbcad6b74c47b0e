/**
 * Every statement of @wissel/core's postgres/sql.ts, run against a real PostgreSQL (Debian's
 * `postgresql`, started by this test with TLS and a certificate it generates). Proves the app role
 * can work in its own database and nothing else, and that only TLS connections get in.
 */
import { randomBytes } from "node:crypto";
import fc from "fast-check";
import {
  POSTGRES_EXTENSIONS,
  appRoleStatements,
  createDatabaseStatement,
  pgHbaRules,
  postgresSetupSql,
  quoteIdent,
  quoteLiteral,
  scramSha256Verifier,
  validatePostgresArgs,
  type PostgresExtension,
  type PostgresSpec,
} from "@wissel/core";
import { PostgresServer, type PostgresConnection } from "@wissel/testing";

jest.setTimeout(120_000);

/** Extensions that Debian's postgresql package does not ship (postgis and pgvector are packaged apart). */
const NOT_IN_DEBIAN_SERVER: readonly PostgresExtension[] = ["postgis", "vector"];
const SHIPPED = POSTGRES_EXTENSIONS.filter((e) => !NOT_IN_DEBIAN_SERVER.includes(e));

const orders = validatePostgresArgs({ extensions: SHIPPED }, 'PostgresDatabase "orders"', "orders");
const billing = validatePostgresArgs({}, 'PostgresDatabase "billing"', "billing");
// Passwords that a naive quoter would break: quotes, a backslash, a dollar tag, and (billing) non-ASCII.
const ORDERS_PASSWORD = `p'a\\ss"$wissel$ ${randomBytes(12).toString("base64url")}`;
const BILLING_PASSWORD = `pä'ss wörd ☃ \\ ${randomBytes(6).toString("hex")}`;

let server: PostgresServer;

/** No lone surrogate: the text survives UTF-8, as everything sent to PostgreSQL must. */
function wellFormed(text: string): boolean {
  return Buffer.from(text, "utf8").toString("utf8") === text;
}

function sql(statements: readonly string[]): string {
  return `${statements.join("\n")}\n`;
}

async function setUp(spec: PostgresSpec, password: string): Promise<void> {
  await server.asAdmin("postgres", createDatabaseStatement(spec));
  const setup = postgresSetupSql(spec, { password });
  await server.asAdmin("postgres", sql(setup.server));
  await server.asAdmin(spec.databaseName, sql(setup.database));
}

function as(
  spec: PostgresSpec,
  password: string,
  database = spec.databaseName,
  extra: Partial<PostgresConnection> = {},
): PostgresConnection {
  return { user: spec.appRole, password, database, ...extra };
}

const app = (database?: string, extra: Partial<PostgresConnection> = {}) =>
  as(orders, ORDERS_PASSWORD, database, extra);
const otherApp = (database?: string) => as(billing, BILLING_PASSWORD, database);

beforeAll(async () => {
  // Only the orders app gets pg_hba rules: billing shows what the SQL alone enforces.
  server = await PostgresServer.start({ hbaRules: pgHbaRules(orders) });
  await setUp(orders, ORDERS_PASSWORD);
  await setUp(billing, BILLING_PASSWORD);
});

afterAll(async () => {
  await server?.stop();
});

describe("TLS", () => {
  it("connects with verify-full against the generated CA, encrypted", async () => {
    expect(server.caCertificate).toMatch(/^-----BEGIN CERTIFICATE-----/);
    const out = await server.query(
      app(),
      "SELECT ssl, version FROM pg_stat_ssl WHERE pid = pg_backend_pid();",
    );
    expect(out.trim()).toMatch(/^t\|TLSv1\.[23]$/);
  });

  it("refuses a connection without TLS", async () => {
    for (const connection of [
      app(undefined, { sslmode: "disable" }),
      {
        user: server.admin.user,
        password: server.admin.password,
        database: "postgres",
        sslmode: "disable" as const,
      },
    ]) {
      const result = await server.psql(connection, "SELECT 1;");
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(
        `pg_hba.conf rejects connection for host "127.0.0.1", user "${connection.user}", database "${connection.database}", no encryption`,
      );
    }
  });

  it("fails verify-full against another CA, and against a host name the certificate does not name", async () => {
    const otherCa = await server.psql(
      app(undefined, { sslrootcert: server.otherCaFile }),
      "SELECT 1;",
    );
    expect(otherCa.code).toBe(2);
    expect(otherCa.stderr).toContain("certificate verify failed");
    const wrongHost = await server.psql(app(undefined, { host: "db.example.nl" }), "SELECT 1;");
    expect(wrongHost.code).toBe(2);
    expect(wrongHost.stderr).toContain(
      'server certificate for "localhost" (and 1 other name) does not match host name "db.example.nl"',
    );
    expect(await server.query(app(undefined, { host: "localhost" }), "SELECT 1;")).toBe("1\n");
  });
});

describe("the app role in its own database", () => {
  it("creates tables, writes and reads them, and owns them", async () => {
    const out = await server.query(
      app(),
      `CREATE TABLE invoices (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, total numeric NOT NULL);
       INSERT INTO invoices (total) VALUES (12.50), (7.25);
       UPDATE invoices SET total = total + 1 WHERE id = 2;
       CREATE INDEX invoices_total ON invoices (total);
       CREATE TEMPORARY TABLE scratch AS SELECT sum(total) AS s FROM invoices;
       SELECT s FROM scratch;
       SELECT tableowner FROM pg_tables WHERE tablename = 'invoices';
       DELETE FROM invoices;
       DROP TABLE invoices;`,
    );
    expect(out).toBe("20.75\norders_app\n");
  });

  it("has no role attribute beyond LOGIN, its connection limit, and no membership", async () => {
    const out = await server.asAdmin(
      "postgres",
      `SELECT rolcanlogin, rolsuper, rolcreatedb, rolcreaterole, rolreplication, rolbypassrls, rolconnlimit,
              (SELECT count(*) FROM pg_auth_members m WHERE m.member = r.oid)
       FROM pg_roles r WHERE rolname = 'orders_app';`,
    );
    expect(out).toBe("t|f|f|f|f|f|90|0\n");
  });

  it("stores a SCRAM verifier, never the password", async () => {
    const stored = (
      await server.asAdmin(
        "postgres",
        "SELECT rolpassword FROM pg_authid WHERE rolname = 'orders_app';",
      )
    ).trim();
    expect(stored).toBe(scramSha256Verifier(ORDERS_PASSWORD, "orders_app"));
    const billingStored = (
      await server.asAdmin(
        "postgres",
        "SELECT rolpassword FROM pg_authid WHERE rolname = 'billing_app';",
      )
    ).trim();
    expect(billingStored).toMatch(/^SCRAM-SHA-256\$4096:/);
  });

  it("cannot create roles, databases, schemas or extensions", async () => {
    const cases: [string, string][] = [
      ["CREATE ROLE intruder LOGIN;", "permission denied to create role"],
      ["CREATE DATABASE other;", "permission denied to create database"],
      ["CREATE SCHEMA side;", "permission denied for database orders"],
      ["ALTER ROLE orders_app CREATEDB;", "permission denied"],
      ["ALTER DATABASE orders CONNECTION LIMIT 1000;", "must be owner of database orders"],
    ];
    for (const [statement, message] of cases) {
      const result = await server.psql(app(), statement);
      expect({ statement, code: result.code }).toEqual({ statement, code: 3 });
      expect(result.stderr).toContain(message);
    }
    // Granting what it holds without the grant option only warns, and changes nothing.
    const grant = await server.psql(app(), "GRANT CONNECT ON DATABASE orders TO PUBLIC;");
    expect(grant.stderr).toContain('no privileges were granted for "orders"');
    expect(
      await server.asAdmin(
        "orders",
        "SELECT has_database_privilege('billing_app', 'orders', 'CONNECT');",
      ),
    ).toBe("f\n");
    const extension = await server.psql(otherApp(), "CREATE EXTENSION pgcrypto;");
    expect(extension.code).toBe(3);
    expect(extension.stderr).toContain('permission denied to create extension "pgcrypto"');
  });

  it("cannot connect to another database: pg_hba.conf stops the role that has rules", async () => {
    for (const database of ["postgres", "template1", "billing"]) {
      const result = await server.psql(app(database), "SELECT 1;");
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(
        `pg_hba.conf rejects connection for host "127.0.0.1", user "orders_app", database "${database}", SSL encryption`,
      );
    }
  });

  it("cannot connect to another database: the grants alone stop the role without rules", async () => {
    expect(await server.query(otherApp(), "SELECT current_user;")).toBe("billing_app\n");
    for (const database of ["postgres", "template1", "orders"]) {
      const result = await server.psql(otherApp(database), "SELECT 1;");
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`permission denied for database "${database}"`);
      expect(result.stderr).toContain("User does not have CONNECT privilege.");
    }
  });

  it("nobody but the admin may create in public", async () => {
    const out = await server.asAdmin(
      "orders",
      `SELECT has_schema_privilege('orders_app', 'public', 'CREATE'), has_schema_privilege('billing_app', 'public', 'CREATE'),
              has_database_privilege('billing_app', 'orders', 'CONNECT'), has_database_privilege('orders_app', 'orders', 'TEMPORARY'),
              has_database_privilege('orders_app', 'orders', 'CREATE');`,
    );
    expect(out).toBe("t|f|f|t|f\n");
  });
});

describe("extensions", () => {
  it(`leaves out only ${NOT_IN_DEBIAN_SERVER.join(" and ")}, which Debian packages apart`, () => {
    expect(orders.extensions).toHaveLength(POSTGRES_EXTENSIONS.length - 2);
  });

  it("are created by the admin and usable by the app role", async () => {
    const installed = await server.asAdmin(
      "orders",
      "SELECT extname FROM pg_extension WHERE extname <> 'plpgsql' ORDER BY extname;",
    );
    expect(installed.trim().split("\n")).toEqual([...SHIPPED].sort());
    const out = await server.query(
      app(),
      `SELECT encode(digest('abc', 'sha256'), 'hex');
       SELECT similarity('wissel', 'wisselen') > 0.3;
       SELECT 'Wissel'::citext = 'wISSEL'::citext;
       SELECT uuid_generate_v4()::text ~ '^[0-9a-f-]{36}$';
       SELECT ('a=>1'::hstore) -> 'a';
       SELECT 'top.science.astronomy'::ltree <@ 'top.science'::ltree;
       SELECT unaccent('Gemeentehuis Düsseldorf é');
       SELECT levenshtein('gemeente', 'gemeenten');
       SELECT icount('{1,2,3}'::int[]);
       SELECT count(*) FROM normal_rand(5, 0, 1);
       CREATE TABLE docs (id int, tags int[], title text, during tsrange);
       CREATE INDEX docs_gin ON docs USING gin (id, title);
       CREATE INDEX docs_gist ON docs USING gist (id, during);
       CREATE INDEX docs_trgm ON docs USING gin (title gin_trgm_ops);
       DROP TABLE docs;
       SELECT count(*) >= 0 FROM pg_stat_statements;`,
    );
    expect(out).toBe(
      [
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
        "t",
        "t",
        "t",
        "1",
        "t",
        "Gemeentehuis Dusseldorf e",
        "1",
        "3",
        "5",
        "t",
        "",
      ].join("\n"),
    );
  });
});

describe("re-running and guarding", () => {
  it("runs every statement again without error, and rotates the password", async () => {
    const next = `${ORDERS_PASSWORD}-rotated`;
    const setup = postgresSetupSql(orders, { password: next });
    await server.asAdmin("postgres", sql(setup.server));
    await server.asAdmin("orders", sql(setup.database));
    expect(
      await server.query(app(undefined), "SELECT 1;").catch((e: Error) => e.message),
    ).toContain('password authentication failed for user "orders_app"');
    expect(await server.query(as(orders, next), "SELECT current_user;")).toBe("orders_app\n");
    // Back to the password the other tests use.
    await server.asAdmin(
      "postgres",
      sql(postgresSetupSql(orders, { password: ORDERS_PASSWORD }).server),
    );
  });

  it("refuses to take over a role that has more privileges than an app may", async () => {
    const evil = validatePostgresArgs({}, "t", "evil");
    await server.asAdmin("postgres", "CREATE ROLE evil_app LOGIN CREATEDB;");
    const result = await server.psql(
      { user: server.admin.user, password: server.admin.password, database: "postgres" },
      sql(appRoleStatements(evil, { password: "pencil" })),
    );
    expect(result.code).toBe(3);
    expect(result.stderr).toContain(
      "role evil_app already exists with more privileges than an application role may have",
    );
    await server.asAdmin(
      "postgres",
      "ALTER ROLE evil_app NOCREATEDB; GRANT pg_read_all_data TO evil_app;",
    );
    const member = await server.psql(
      { user: server.admin.user, password: server.admin.password, database: "postgres" },
      sql(appRoleStatements(evil, { password: "pencil" })),
    );
    expect(member.stderr).toContain("role evil_app already exists with more privileges");
  });
});

describe("quoting, proven by the server", () => {
  const text = fc
    .string({ unit: "binary", minLength: 1, maxLength: 30 })
    .filter((s) => !s.includes("\0") && wellFormed(s));

  it("reads back every literal and identifier exactly", async () => {
    const values = fc
      .sample(text, { numRuns: 150, seed: 4 })
      .filter((v) => Buffer.byteLength(v) <= 63);
    values.push(
      "it's",
      "a\\b",
      "\\'",
      "$$",
      "$wissel$",
      '"',
      "E'x'",
      "--",
      "/*",
      "🚂 wissel",
      "\u00e9\u0301",
    );
    const hex = (v: string) => Buffer.from(v, "utf8").toString("hex");
    const literals = await server.asAdmin(
      "postgres",
      values.map((v) => `SELECT encode(convert_to(${quoteLiteral(v)}, 'UTF8'), 'hex');`).join("\n"),
    );
    expect(literals.trim().split("\n")).toEqual(values.map(hex));
    const identifiers = await server.asAdmin(
      "postgres",
      values
        .map(
          (v, i) =>
            `CREATE TEMPORARY TABLE t${i} (${quoteIdent(v)} int); SELECT encode(convert_to(attname::text, 'UTF8'), 'hex') FROM pg_attribute WHERE attrelid = 't${i}'::regclass AND attnum = 1;`,
        )
        .join("\n"),
    );
    expect(identifiers.trim().split("\n")).toEqual(values.map(hex));
  });

  it("sets up databases with any name the validator accepts, keywords included", async () => {
    const names = ["user", "all", "select", "order", "_", "replication"];
    names.push(
      ...fc.sample(
        fc
          .stringMatching(/^[a-z][a-z0-9_]{0,58}$/)
          .filter(
            (n) =>
              !n.startsWith("pg_") &&
              !["postgres", "template0", "template1", "rdb", "rdsadmin"].includes(n),
          ),
        { numRuns: 4, seed: 9 },
      ),
    );
    for (const name of names) {
      const spec = validatePostgresArgs({ databaseName: name }, "t", "t");
      const password = randomBytes(9).toString("base64");
      await setUp(spec, password);
      expect(
        await server.query(
          as(spec, password),
          "CREATE TABLE t (x int); INSERT INTO t VALUES (1); SELECT current_database(), current_user, sum(x) FROM t;",
        ),
      ).toBe(`${name}|${name}_app|1\n`);
    }
  });

  it("logs in with any password, hashed here (ASCII) or by the server", async () => {
    const passwords = fc.sample(
      fc
        .string({ unit: "binary", minLength: 1, maxLength: 40 })
        .filter((p) => !p.includes("\0") && wellFormed(p)),
      { numRuns: 12, seed: 11 },
    );
    passwords.push(
      " leading and trailing ",
      "'; DROP ROLE orders_app; --",
      "\\\\",
      "$wissel$$wissel1$",
    );
    const spec = validatePostgresArgs({ databaseName: "passwords" }, "t", "t");
    await setUp(spec, "initial");
    for (const password of passwords) {
      await server.asAdmin("postgres", sql(appRoleStatements(spec, { password })));
      expect({
        password,
        out: await server
          .query(as(spec, password), "SELECT current_user;")
          .catch((e: Error) => e.message),
      }).toEqual({ password, out: "passwords_app\n" });
    }
  });
});
