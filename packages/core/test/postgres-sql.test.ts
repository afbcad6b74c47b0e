import fc from "fast-check";
import {
  appConnectionLimit,
  appRoleStatements,
  createDatabaseStatement,
  databaseAccessStatements,
  dollarQuote,
  extensionStatements,
  hbaQuote,
  pgHbaRules,
  postgresSetupSql,
  quoteIdent,
  quoteLiteral,
  schemaStatements,
  scramSha256Verifier,
  serverDatabaseStatements,
  validatePostgresArgs,
  type PostgresSpec,
} from "@wissel/core";

const SALT = Buffer.alloc(16, 7);

function spec(args: Record<string, unknown> = {}, name = "orders"): PostgresSpec {
  return validatePostgresArgs(args, `PostgresDatabase "${name}"`, name);
}

/**
 * The statement with every quoted identifier, string literal and dollar-quote tag replaced by a
 * placeholder: PostgreSQL's lexer rules for `"…"`, `'…'` and `E'…'`. Two statements with the same
 * skeleton differ only inside quotes, so no value has escaped its quotes.
 */
function skeleton(sql: string): string {
  return sql.replace(
    /E'(?:[^'\\]|''|\\[\s\S])*'|'(?:[^']|'')*'|"(?:[^"]|"")*"|\$wissel\d*\$/g,
    (token) => {
      if (token.startsWith('"')) return "<ident>";
      if (token.startsWith("$")) return "<tag>";
      return "<literal>";
    },
  );
}

/** Names the validator accepts, as the property tests' database names. */
const acceptedName = fc.stringMatching(/^[a-z_][a-z0-9_]{0,58}$/).filter((name) => {
  try {
    validatePostgresArgs({ databaseName: name }, "t", "t");
    return true;
  } catch {
    return false;
  }
});

describe("quoting", () => {
  it("quotes identifiers always, doubling double quotes", () => {
    expect(quoteIdent("orders")).toBe('"orders"');
    expect(quoteIdent("user")).toBe('"user"');
    expect(quoteIdent("uuid-ossp")).toBe('"uuid-ossp"');
    expect(quoteIdent('a"b')).toBe('"a""b"');
  });

  it("refuses identifiers PostgreSQL would truncate or cannot hold", () => {
    expect(() => quoteIdent("")).toThrow("must not be empty");
    expect(() => quoteIdent("a\0b")).toThrow("must not contain NUL");
    expect(quoteIdent("x".repeat(63))).toBe(`"${"x".repeat(63)}"`);
    expect(() => quoteIdent("x".repeat(64))).toThrow("at most 63 bytes");
    expect(() => quoteIdent("é".repeat(32))).toThrow("at most 63 bytes");
  });

  it("quotes literals as quote_literal does", () => {
    expect(quoteLiteral("pencil")).toBe("'pencil'");
    expect(quoteLiteral("it's")).toBe("'it''s'");
    expect(quoteLiteral("a\\b'c")).toBe("E'a\\\\b''c'");
    expect(quoteLiteral("")).toBe("''");
    expect(() => quoteLiteral("a\0")).toThrow("must not contain NUL");
  });

  it("round-trips any identifier and literal through PostgreSQL's lexer rules", () => {
    const text = fc
      .string({ unit: "binary", minLength: 1, maxLength: 40 })
      .filter((s) => !s.includes("\0") && Buffer.byteLength(s) <= 63);
    fc.assert(
      fc.property(text, (value) => {
        const ident = quoteIdent(value);
        expect(ident).toMatch(/^"(?:[^"]|"")*"$/s);
        expect(ident.slice(1, -1).replace(/""/g, '"')).toBe(value);
        const literal = quoteLiteral(value);
        if (value.includes("\\")) {
          expect(literal).toMatch(/^E'(?:[^'\\]|''|\\\\)*'$/s);
          expect(literal.slice(2, -1).replace(/''/g, "'").replace(/\\\\/g, "\\")).toBe(value);
        } else {
          expect(literal).toMatch(/^'(?:[^']|'')*'$/s);
          expect(literal.slice(1, -1).replace(/''/g, "'")).toBe(value);
        }
      }),
      { numRuns: 500 },
    );
  });

  it("picks a dollar-quote tag the body does not contain", () => {
    expect(dollarQuote("SELECT 1")).toBe("$wissel$SELECT 1$wissel$");
    expect(dollarQuote("x $wissel$ y")).toBe("$wissel1$x $wissel$ y$wissel1$");
    expect(dollarQuote("$wissel$ $wissel1$")).toBe("$wissel2$$wissel$ $wissel1$$wissel2$");
  });

  it("quotes pg_hba names so keywords match databases of that name", () => {
    expect(hbaQuote("all")).toBe('"all"');
    expect(() => hbaQuote("a b")).toThrow("lowercase letters");
    expect(() => hbaQuote("+admins")).toThrow("lowercase letters");
  });
});

describe("the SCRAM-SHA-256 verifier", () => {
  it("has PostgreSQL's format and is the same on every run", () => {
    const verifier = scramSha256Verifier("pencil", "orders_app", SALT);
    expect(verifier).toMatch(
      /^SCRAM-SHA-256\$4096:[A-Za-z0-9+/]{22}==\$[A-Za-z0-9+/]{43}=:[A-Za-z0-9+/]{43}=$/,
    );
    expect(verifier.split("$")[1]).toBe(`4096:${SALT.toString("base64")}`);
    expect(scramSha256Verifier("pencil", "orders_app")).toBe(
      scramSha256Verifier("pencil", "orders_app"),
    );
  });

  it("derives a different salt per role and per password", () => {
    const salt = (v: string) => v.split("$")[2]!.split(":")[0];
    expect(salt(scramSha256Verifier("pencil", "a_app"))).not.toBe(
      salt(scramSha256Verifier("pencil", "b_app")),
    );
    expect(salt(scramSha256Verifier("pencil", "a_app"))).not.toBe(
      salt(scramSha256Verifier("pencil2", "a_app")),
    );
  });

  it("refuses passwords PostgreSQL would SASLprep", () => {
    expect(() => scramSha256Verifier("pässword", "r")).toThrow("ASCII");
    expect(() => scramSha256Verifier("", "r")).toThrow("non-empty");
  });
});

describe("the app role", () => {
  it("is created without any attribute but LOGIN, guarded, and given a hashed password", () => {
    const [create, alter] = appRoleStatements(spec(), { password: "pencil", salt: SALT });
    expect(create).toBe(`DO $wissel$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'orders_app') THEN
    CREATE ROLE "orders_app" WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS CONNECTION LIMIT 90;
  ELSIF EXISTS (
    SELECT FROM pg_catalog.pg_roles r
    WHERE r.rolname = 'orders_app'
      AND (r.rolsuper OR r.rolcreatedb OR r.rolcreaterole OR r.rolreplication OR r.rolbypassrls
           OR EXISTS (SELECT FROM pg_catalog.pg_auth_members m WHERE m.member = r.oid))
  ) THEN
    RAISE EXCEPTION 'role % already exists with more privileges than an application role may have', 'orders_app';
  END IF;
END
$wissel$;`);
    expect(alter).toBe(
      `ALTER ROLE "orders_app" WITH LOGIN CONNECTION LIMIT 90 PASSWORD '${scramSha256Verifier("pencil", "orders_app", SALT)}';`,
    );
    expect(alter).not.toContain("pencil");
  });

  it("never puts an ASCII password in the SQL", () => {
    fc.assert(
      fc.property(
        fc
          .string({ unit: "binary-ascii", minLength: 1, maxLength: 64 })
          .filter((p) => !p.includes("\0") && p.length >= 6),
        (password) => {
          const sql = appRoleStatements(spec(), { password }).join("\n");
          expect(sql).not.toContain(password);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("quotes a password PostgreSQL must hash itself", () => {
    const [, alter] = appRoleStatements(spec(), { password: "pä'ss\\wörd" });
    expect(alter).toBe(
      `ALTER ROLE "orders_app" WITH LOGIN CONNECTION LIMIT 90 PASSWORD E'pä''ss\\\\wörd';`,
    );
  });

  it("limits connections to the server's share for apps", () => {
    expect(appConnectionLimit()).toBe(90);
    expect(appConnectionLimit(50)).toBe(40);
    expect(appConnectionLimit(5)).toBe(1);
    expect(() => appConnectionLimit(1)).toThrow("at least 2");
    expect(appRoleStatements(spec(), { password: "pencil", maxConnections: 50 })[1]).toContain(
      "CONNECTION LIMIT 40 PASSWORD",
    );
  });

  it("refuses an empty password", () => {
    expect(() => appRoleStatements(spec(), { password: "" })).toThrow("must not be empty");
  });
});

describe("grants and extensions", () => {
  it("closes the database to PUBLIC and opens it to the app role only", () => {
    expect(databaseAccessStatements(spec())).toEqual([
      'REVOKE ALL PRIVILEGES ON DATABASE "orders" FROM PUBLIC;',
      'GRANT CONNECT, TEMPORARY ON DATABASE "orders" TO "orders_app";',
    ]);
  });

  it("lets only the app role create in public", () => {
    expect(schemaStatements(spec())).toEqual([
      "REVOKE CREATE ON SCHEMA public FROM PUBLIC;",
      'GRANT USAGE, CREATE ON SCHEMA public TO "orders_app";',
    ]);
  });

  it("creates each requested extension in public, quoted", () => {
    expect(extensionStatements(spec({ extensions: ["uuid-ossp", "pgcrypto"] }))).toEqual([
      'CREATE EXTENSION IF NOT EXISTS "uuid-ossp" WITH SCHEMA public;',
      'CREATE EXTENSION IF NOT EXISTS "pgcrypto" WITH SCHEMA public;',
    ]);
    expect(extensionStatements(spec())).toEqual([]);
  });

  it("takes CONNECT on the server's own databases from PUBLIC", () => {
    expect(serverDatabaseStatements()).toEqual([
      'REVOKE CONNECT, TEMPORARY ON DATABASE "postgres" FROM PUBLIC;',
      'REVOKE CONNECT, TEMPORARY ON DATABASE "template1" FROM PUBLIC;',
    ]);
  });

  it("creates a database from template0 in UTF-8", () => {
    expect(createDatabaseStatement(spec({ databaseName: "user" }))).toBe(
      `CREATE DATABASE "user" WITH TEMPLATE template0 ENCODING 'UTF8';`,
    );
  });

  it("puts it all together in order, by where it runs", () => {
    const s = spec({ extensions: ["citext"] });
    const sql = postgresSetupSql(s, { password: "pencil", salt: SALT });
    expect(sql.server).toEqual([
      ...appRoleStatements(s, { password: "pencil", salt: SALT }),
      ...databaseAccessStatements(s),
      ...serverDatabaseStatements(),
    ]);
    expect(sql.database).toEqual([
      ...schemaStatements(s),
      'CREATE EXTENSION IF NOT EXISTS "citext" WITH SCHEMA public;',
    ]);
    expect(postgresSetupSql(s, { password: "pencil", serverDatabases: [] }).server).toHaveLength(4);
  });
});

describe("pg_hba rules", () => {
  it("refuse plain connections and admit the app role to its own database only", () => {
    expect(pgHbaRules(spec())).toEqual([
      "hostnossl all all all reject",
      'hostssl "orders" "orders_app" all scram-sha-256',
      'hostssl all "orders_app" all reject',
    ]);
    expect(pgHbaRules(spec({ databaseName: "all" }))[1]).toBe(
      'hostssl "all" "all_app" all scram-sha-256',
    );
  });
});

describe("no injection", () => {
  const reference = postgresSetupSql(spec({ databaseName: "x", extensions: ["pgcrypto"] }), {
    password: "p",
    salt: SALT,
  });
  const shape = (sql: { server: readonly string[]; database: readonly string[] }) =>
    [...sql.server, ...sql.database].map(skeleton);

  it("for any database name the validator accepts: names stay inside their quotes", () => {
    fc.assert(
      fc.property(acceptedName, (databaseName) => {
        const sql = postgresSetupSql(spec({ databaseName, extensions: ["pgcrypto"] }), {
          password: "p",
          salt: SALT,
        });
        expect(shape(sql)).toEqual(shape(reference));
        const hba = pgHbaRules({ databaseName, appRole: `${databaseName}_app` });
        expect(hba.map(skeleton)).toEqual(
          pgHbaRules({ databaseName: "x", appRole: "x_app" }).map(skeleton),
        );
        expect(hba.map((line) => line.split(/\s+/).length)).toEqual([5, 5, 5]);
      }),
      { numRuns: 300 },
    );
  });

  it("for any password: the password stays inside its literal", () => {
    const password = fc
      .string({ unit: "binary", minLength: 1, maxLength: 80 })
      .filter((p) => !p.includes("\0"));
    fc.assert(
      fc.property(password, (value) => {
        const sql = postgresSetupSql(spec({ databaseName: "x", extensions: ["pgcrypto"] }), {
          password: value,
          salt: SALT,
        });
        expect(shape(sql)).toEqual(shape(reference));
      }),
      { numRuns: 500 },
    );
  });
});
