/**
 * The PostgreSQL copy step on real servers: two throwaway PostgreSQL servers (Debian's binaries, TLS
 * with a CA each), both databases set up with Wissel's own SQL (core's `postgresSetupSql`: the admin
 * owns the database and creates the extensions, the app role owns what it creates in `public`), the
 * old one filled by its app role. `postgresCopy`'s commands run with exactly their environment.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createDatabaseStatement, postgresSetupSql, type PostgresExtension } from "@wissel/core";
import { postgresCopy } from "@wissel/migrate";
import type { PostgresBinding } from "@wissel/runtime";
import { PostgresServer, postgresBinDir } from "@wissel/testing";
import { assertNoSecretShown, describeWithBinaries, runCopySteps } from "./run";

jest.setTimeout(60_000);

function binPath(): string {
  const path = process.env["PATH"] ?? "/usr/bin:/bin";
  try {
    return `${postgresBinDir()}:${path}`;
  } catch {
    return path;
  }
}
const PATH = binPath();
const { describe: describePostgres, missing } = describeWithBinaries(
  ["initdb", "pg_ctl", "psql", "pg_dump", "pg_restore", "sed"],
  PATH,
);

/** A database set up as a Wissel adapter does, returning the app role's binding. */
async function database(
  server: PostgresServer,
  name: string,
  appRole: string,
  extensions: readonly PostgresExtension[],
): Promise<PostgresBinding> {
  const password = `pw-${appRole}-0123456789`;
  const spec = { databaseName: name, appRole, extensions };
  const sql = postgresSetupSql(spec, { password });
  await server.asAdmin("postgres", createDatabaseStatement(spec));
  await server.asAdmin("postgres", sql.server.join("\n"));
  await server.asAdmin(name, sql.database.join("\n"));
  return {
    host: "localhost",
    port: server.port,
    database: name,
    user: appRole,
    password,
    sslmode: "verify-full",
    caCertificate: server.caCertificate,
    uri: `postgresql://${appRole}:${password}@localhost:${server.port}/${name}?sslmode=verify-full`,
  };
}

function asApp(server: PostgresServer, binding: PostgresBinding, sql: string): Promise<string> {
  return server.query(
    { user: binding.user, password: binding.password, database: binding.database },
    sql,
  );
}

const FILL = `
CREATE TABLE customers (id bigserial PRIMARY KEY, email citext UNIQUE NOT NULL, token bytea NOT NULL);
CREATE TABLE orders (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  customer_id bigint NOT NULL REFERENCES customers (id),
  total numeric(10, 2) NOT NULL,
  note text
);
CREATE INDEX orders_by_customer ON orders (customer_id);
CREATE SEQUENCE invoice_no START 1000;
CREATE VIEW large_orders AS SELECT * FROM orders WHERE total > 100;
COMMENT ON TABLE orders IS 'one row per order';
INSERT INTO customers (email, token)
  SELECT 'User' || g || '@Example.org', digest('token' || g, 'sha256') FROM generate_series(1, 500) g;
INSERT INTO orders (customer_id, total, note)
  SELECT 1 + g % 500, g * 0.75, md5(g::text) FROM generate_series(1, 2000) g;
SELECT count(nextval('invoice_no')) FROM generate_series(1, 5);
`;

/** Row counts, content checksums, sequence positions: what must be equal on both sides. */
const FINGERPRINT = `
SELECT 'customers', count(*), md5(string_agg(c::text, '|' ORDER BY id)) FROM customers c
UNION ALL SELECT 'orders', count(*), md5(string_agg(o::text, '|' ORDER BY id)) FROM orders o
UNION ALL SELECT 'large_orders', count(*), md5(string_agg(l::text, '|' ORDER BY id)) FROM large_orders l
UNION ALL SELECT 'customers_id_seq', last_value, is_called::text FROM customers_id_seq
UNION ALL SELECT 'orders_id_seq', last_value, is_called::text FROM orders_id_seq
UNION ALL SELECT 'invoice_no', last_value, is_called::text FROM invoice_no;
`;

describePostgres("pg_dump/pg_restore between two PostgreSQL servers", () => {
  let oldServer: PostgresServer;
  let newServer: PostgresServer;
  let source: PostgresBinding;
  let target: PostgresBinding;
  let work: string;

  beforeAll(async () => {
    if (missing.length > 0)
      throw new Error(
        `CI=true and ${missing.join(", ")} is not on PATH: run scripts/ci-services.sh, which installs Debian's postgresql.`,
      );
    work = mkdtempSync(join(tmpdir(), "wissel-pg-copy-"));
    [oldServer, newServer] = await Promise.all([PostgresServer.start(), PostgresServer.start()]);
    // The new vendor names the app role differently: ownership must follow the new role.
    source = await database(oldServer, "orders", "orders_app", ["pgcrypto", "citext"]);
    target = await database(newServer, "orders", "orders_v2", ["pgcrypto", "citext"]);
    await asApp(oldServer, source, FILL);
  });

  afterAll(async () => {
    await Promise.all([oldServer?.stop(), newServer?.stop()]);
    if (work !== undefined) rmSync(work, { recursive: true, force: true });
  });

  async function copy(to: PostgresBinding, dir: string) {
    const steps = postgresCopy(source, to, { workDir: join(work, dir) });
    const results = await runCopySteps(steps, { path: PATH, home: work });
    results.forEach(({ result }, i) =>
      assertNoSecretShown(steps.commands[i]!, result.stdout + result.stderr),
    );
    return results;
  }

  it("copies tables, sequences, indexes, a view and comments; counts and checksums are equal", async () => {
    const results = await copy(target, "first");
    expect(results.map(({ name, result }) => [name, result.code, result.stderr])).toEqual([
      ["dump", 0, ""],
      ["list", 0, ""],
      ["skip-extensions", 0, ""],
      ["restore", 0, ""],
    ]);
    const before = await asApp(oldServer, source, FINGERPRINT);
    expect(before.split("\n").filter(Boolean)).toHaveLength(6);
    expect(before).toContain("customers|500|");
    expect(before).toContain("invoice_no|1004|true");
    expect(await asApp(newServer, target, FINGERPRINT)).toBe(before);
    expect(
      await asApp(
        newServer,
        target,
        "SELECT indexname FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1;" +
          "SELECT obj_description('orders'::regclass, 'pg_class');",
      ),
    ).toBe(
      "customers_email_key\ncustomers_pkey\norders_by_customer\norders_pkey\none row per order\n",
    );
  });

  it("uses the target's extensions: citext compares case-insensitively, pgcrypto's digest works", async () => {
    expect(
      await asApp(
        newServer,
        target,
        "SELECT count(*) FROM customers WHERE email = 'user7@example.ORG';" +
          "SELECT token = digest('token7', 'sha256') FROM customers WHERE id = 7;",
      ),
    ).toBe("1\nt\n");
  });

  it("the new app role owns every restored object and can write with the copied sequences", async () => {
    const owners = await asApp(
      newServer,
      target,
      "SELECT DISTINCT relkind::text || ':' || pg_get_userbyid(relowner) FROM pg_class" +
        " WHERE relnamespace = 'public'::regnamespace ORDER BY 1;",
    );
    // r table, S sequence, i index, v view: all owned by the new role, none by the old one or the admin.
    expect(owners).toBe("S:orders_v2\ni:orders_v2\nr:orders_v2\nv:orders_v2\n");
    expect(
      await asApp(
        newServer,
        target,
        "INSERT INTO customers (email, token) VALUES ('new@example.org', digest('n', 'sha256')) RETURNING id;" +
          "INSERT INTO orders (customer_id, total) VALUES (501, 9.5) RETURNING id;" +
          "SELECT nextval('invoice_no');",
      ),
    ).toBe("501\n2001\n1005\n");
  });

  it("runs again over the copy (the cutover's final copy): the target equals the source again", async () => {
    await asApp(oldServer, source, "UPDATE orders SET note = 'changed' WHERE id = 1;");
    const results = await copy(target, "again");
    expect(results.map(({ result }) => result.code)).toEqual([0, 0, 0, 0]);
    expect(await asApp(newServer, target, FINGERPRINT)).toBe(
      await asApp(oldServer, source, FINGERPRINT),
    );
  });

  it("fails, naming the type, when the new database lacks an extension, and leaves it empty", async () => {
    const bare = await database(newServer, "orders_bare", "orders_bare", ["pgcrypto"]);
    const results = await copy(bare, "bare");
    const restore = results.find(({ name }) => name === "restore")?.result;
    expect(restore?.code).not.toBe(0);
    expect(restore?.stderr).toMatch(/type "public.citext" does not exist/);
    expect(
      await asApp(
        newServer,
        bare,
        "SELECT count(*) FROM pg_class WHERE relnamespace = 'public'::regnamespace;",
      ),
    ).toBe("0\n");
  });
});
