import {
  WisselError,
  DEFAULT_POSTGRES_VERSION,
  defaultDatabaseName,
  ipv6AllowedCidrs,
  isCidr,
  validatePostgresArgs,
} from "@wissel/core";

const SUBJECT = 'PostgresDatabase "orders"';

function rejection(args: unknown, name = "orders"): WisselError {
  try {
    validatePostgresArgs(args, SUBJECT, name);
  } catch (error) {
    if (WisselError.isInstance(error)) return error;
    throw error;
  }
  throw new Error(`accepted ${JSON.stringify(args)}`);
}

/** [what, args, field, value as shown, rule fragment, fix fragment] */
type Case = [string, unknown, string, string, string, string];

const WHOLE_NUMBER = "must be a whole number of";
const BAD_NAME =
  "must be lowercase letters, digits and underscores, starting with a letter or underscore, at most 59 characters";
const BAD_CIDR = "must be a CIDR block such as 192.0.2.0/24";

describe("validatePostgresArgs rejects bad input, naming field, value, rule and fix", () => {
  const cases: Case[] = [
    // versions
    [
      "version too old",
      { version: 14 },
      "version",
      "14",
      "must be one of 15, 16, 17",
      "Set version to 17, or leave it out.",
    ],
    [
      "version too new",
      { version: 18 },
      "version",
      "18",
      "must be one of 15, 16, 17",
      "Set version to 17",
    ],
    [
      "version as string",
      { version: "16" },
      "version",
      '"16"',
      "(a major version, as a number)",
      "Set version to 17",
    ],
    [
      "version with minor",
      { version: 16.2 },
      "version",
      "16.2",
      "must be one of 15, 16, 17",
      "Set version to 17",
    ],
    // sizes
    ["zero vcpu", { vcpu: 0 }, "vcpu", "0", `${WHOLE_NUMBER} vCPUs from 1 to 64`, "default 2"],
    [
      "too many vcpu",
      { vcpu: 65 },
      "vcpu",
      "65",
      `${WHOLE_NUMBER} vCPUs from 1 to 64`,
      "Set vcpu to the vCPUs the server needs",
    ],
    ["fractional vcpu", { vcpu: 1.5 }, "vcpu", "1.5", `${WHOLE_NUMBER} vCPUs`, "default 2"],
    [
      "memory as string",
      { memoryGiB: "8Gi" },
      "memoryGiB",
      '"8Gi"',
      `${WHOLE_NUMBER} GiB from 1 to 512`,
      "Set memoryGiB in whole GiB",
    ],
    [
      "memory too large",
      { memoryGiB: 1024 },
      "memoryGiB",
      "1024",
      `${WHOLE_NUMBER} GiB from 1 to 512`,
      "default 4",
    ],
    [
      "storage below the minimum",
      { storageGiB: 5 },
      "storageGiB",
      "5",
      `${WHOLE_NUMBER} GiB from 10 to 16384`,
      "default 32",
    ],
    [
      "storage above the maximum",
      { storageGiB: 20_000 },
      "storageGiB",
      "20000",
      `${WHOLE_NUMBER} GiB from 10 to 16384`,
      "Set storageGiB in whole GiB",
    ],
    [
      "storage not a number",
      { storageGiB: Number.NaN },
      "storageGiB",
      "NaN",
      `${WHOLE_NUMBER} GiB`,
      "default 32",
    ],
    // retention and switches
    [
      "retention zero",
      { backupRetentionDays: 0 },
      "backupRetentionDays",
      "0",
      `${WHOLE_NUMBER} days from 1 to 35`,
      "default 7",
    ],
    [
      "retention above 35",
      { backupRetentionDays: 36 },
      "backupRetentionDays",
      "36",
      `${WHOLE_NUMBER} days from 1 to 35`,
      "how many days of backups to keep",
    ],
    [
      "high availability as string",
      { highAvailability: "yes" },
      "highAvailability",
      '"yes"',
      "must be true or false",
      "default false",
    ],
    [
      "PITR as number",
      { pointInTimeRecovery: 1 },
      "pointInTimeRecovery",
      "1",
      "must be true or false",
      "default false",
    ],
    // extensions
    [
      "extensions not a list",
      { extensions: "pgcrypto" },
      "extensions",
      '"pgcrypto"',
      "must be a list of extension names",
      'extensions: ["pgcrypto"]',
    ],
    [
      "extension typo",
      { extensions: ["pg_crypto"] },
      "extensions[0]",
      '"pg_crypto"',
      "must be one of btree_gin",
      'Did you mean "pgcrypto"?',
    ],
    [
      "extension in capitals",
      { extensions: ["PostGIS"] },
      "extensions[0]",
      '"PostGIS"',
      "must be one of",
      'Did you mean "postgis"?',
    ],
    [
      "unknown extension",
      { extensions: ["timescaledb"] },
      "extensions[0]",
      '"timescaledb"',
      "must be one of",
      "as CREATE EXTENSION takes it, in lowercase",
    ],
    [
      "extension as number",
      { extensions: [7] },
      "extensions[0]",
      "7",
      "must be one of",
      "in lowercase",
    ],
    [
      "duplicate extension",
      { extensions: ["citext", "pg_trgm", "citext"] },
      "extensions[2]",
      '"citext"',
      "must not repeat an extension",
      "List each extension once.",
    ],
    // database names
    [
      "reserved postgres",
      { databaseName: "postgres" },
      "databaseName",
      '"postgres"',
      "the server or the vendor owns those",
      'databaseName: "orders"',
    ],
    [
      "reserved template1",
      { databaseName: "template1" },
      "databaseName",
      '"template1"',
      "must not be postgres, template0, template1",
      "Name the database after the application",
    ],
    [
      "vendor database",
      { databaseName: "azure_maintenance" },
      "databaseName",
      '"azure_maintenance"',
      "the server or the vendor owns those",
      "Name the database",
    ],
    [
      "pg_ prefix reserved for roles",
      { databaseName: "pg_orders" },
      "databaseName",
      '"pg_orders"',
      'must not start with "pg_"',
      "without the pg_ prefix",
    ],
    [
      "name too long",
      { databaseName: "a".repeat(60) },
      "databaseName",
      `"${"a".repeat(60)}"`,
      BAD_NAME,
      'databaseName: "orders"',
    ],
    [
      "name with capitals",
      { databaseName: "Orders" },
      "databaseName",
      '"Orders"',
      BAD_NAME,
      "Set databaseName explicitly",
    ],
    [
      "name with hyphen",
      { databaseName: "orders-db" },
      "databaseName",
      '"orders-db"',
      BAD_NAME,
      "Set databaseName explicitly",
    ],
    [
      "name starting with a digit",
      { databaseName: "2orders" },
      "databaseName",
      '"2orders"',
      BAD_NAME,
      "Set databaseName explicitly",
    ],
    [
      "name with a quote",
      { databaseName: 'x"; DROP ROLE admin; --' },
      "databaseName",
      '"x\\"; DROP ROLE admin; --"',
      BAD_NAME,
      "Set databaseName explicitly",
    ],
    [
      "empty name",
      { databaseName: "" },
      "databaseName",
      '""',
      BAD_NAME,
      "Set databaseName explicitly",
    ],
    [
      "name as number",
      { databaseName: 42 },
      "databaseName",
      "42",
      BAD_NAME,
      "Set databaseName explicitly",
    ],
    // CIDRs
    [
      "the whole internet",
      { allowedCidrs: ["0.0.0.0/0"] },
      "allowedCidrs[0]",
      '"0.0.0.0/0"',
      "must not open the database to the whole internet",
      "Name the networks that need access",
    ],
    [
      "the whole IPv6 internet",
      { allowedCidrs: ["::/0"] },
      "allowedCidrs[0]",
      '"::/0"',
      "whole internet",
      "Name the networks",
    ],
    [
      "host bits set",
      { allowedCidrs: ["192.0.2.1/24"] },
      "allowedCidrs[0]",
      '"192.0.2.1/24"',
      BAD_CIDR,
      "a single address is 192.0.2.10/32",
    ],
    [
      "IPv6 host bits set",
      { allowedCidrs: ["2001:db8::1/32"] },
      "allowedCidrs[0]",
      '"2001:db8::1/32"',
      BAD_CIDR,
      "Write the network address and prefix",
    ],
    [
      "address without prefix",
      { allowedCidrs: ["192.0.2.10"] },
      "allowedCidrs[0]",
      '"192.0.2.10"',
      BAD_CIDR,
      "192.0.2.10/32",
    ],
    [
      "prefix too long",
      { allowedCidrs: ["192.0.2.0/33"] },
      "allowedCidrs[0]",
      '"192.0.2.0/33"',
      BAD_CIDR,
      "prefix",
    ],
    ["garbage", { allowedCidrs: ["office"] }, "allowedCidrs[0]", '"office"', BAD_CIDR, "prefix"],
    [
      "octet out of range",
      { allowedCidrs: ["300.0.0.0/8"] },
      "allowedCidrs[0]",
      '"300.0.0.0/8"',
      BAD_CIDR,
      "prefix",
    ],
    [
      "zero-padded prefix",
      { allowedCidrs: ["10.0.0.0/08"] },
      "allowedCidrs[0]",
      '"10.0.0.0/08"',
      BAD_CIDR,
      "prefix",
    ],
    [
      "zoned IPv6 address",
      { allowedCidrs: ["fe80::%eth0/64"] },
      "allowedCidrs[0]",
      '"fe80::%eth0/64"',
      BAD_CIDR,
      "prefix",
    ],
    [
      "leading zeros",
      { allowedCidrs: ["010.0.0.0/8"] },
      "allowedCidrs[0]",
      '"010.0.0.0/8"',
      `${BAD_CIDR} (address with no host bits set, then a prefix length): 010.0.0.0 has an octet with a leading zero`,
      "Did you mean 10.0.0.0/8?",
    ],
    [
      "host bits set, with the network suggested",
      { allowedCidrs: ["10.0.0.1/8"] },
      "allowedCidrs[0]",
      '"10.0.0.1/8"',
      "10.0.0.1 has host bits set for a /8: the network is 10.0.0.0/8",
      "Did you mean 10.0.0.0/8?",
    ],
    [
      "the same network spelt twice",
      { allowedCidrs: ["2001:db8::/32", "2001:0db8::/32"] },
      "allowedCidrs[1]",
      '"2001:0db8::/32"',
      "must not repeat a CIDR",
      "List each network once.",
    ],
    [
      "duplicate CIDR",
      { allowedCidrs: ["192.0.2.0/24", "192.0.2.0/24"] },
      "allowedCidrs[1]",
      '"192.0.2.0/24"',
      "must not repeat a CIDR",
      "List each network once.",
    ],
    [
      "CIDRs not a list",
      { allowedCidrs: "192.0.2.0/24" },
      "allowedCidrs",
      '"192.0.2.0/24"',
      "must be a list of CIDR blocks",
      'allowedCidrs: ["192.0.2.0/24"]',
    ],
    // keys and the rest
    [
      "typo of storageGiB",
      { storageGb: 64 },
      "storageGb",
      "a number, not shown",
      "is not an argument of PostgresDatabase",
      "Did you mean storageGiB?",
    ],
    [
      "typo of extensions",
      { extension: ["pgcrypto"] },
      "extension",
      "a list of 1 item, not shown",
      "is not an argument of PostgresDatabase",
      "Did you mean extensions?",
    ],
    [
      "unknown key",
      { replicas: 3 },
      "replicas",
      "a number, not shown",
      "is not an argument of PostgresDatabase",
      "Remove it; the arguments are: version, vcpu",
    ],
    [
      "bad classification",
      { classification: "secret" },
      "classification",
      '"secret"',
      'must be one of "public"',
      "Set classification to one of them",
    ],
    [
      "allowDataLoss as string",
      { allowDataLoss: "true" },
      "allowDataLoss",
      '"true"',
      "must be true or false",
      "default false",
    ],
    [
      "args not an object",
      [1],
      "args",
      "[1]",
      "must be an object",
      "Pass an object such as { storageGiB: 64 }",
    ],
  ];

  it.each(cases)("%s", (_what, args, field, shown, rule, fix) => {
    const error = rejection(args);
    const issue = error.issues.find((i) => i.field === field);
    expect(issue).toBeDefined();
    expect(issue?.rule).toContain(rule);
    expect(issue?.fix).toContain(fix);
    // The sentence users read: subject, field, rule, received value, fix.
    const line = error.message.split("\n").find((l) => l.startsWith(`${SUBJECT}: ${field} `));
    expect(line).toBeDefined();
    expect(line).toContain(rule);
    expect(line).toContain(`(received ${shown}).`);
    expect(line).toContain(fix);
  });

  it("reports every problem at once", () => {
    const error = rejection({
      version: 14,
      vcpu: 0,
      extensions: ["pgcrypto", "pgcrypto"],
      allowedCidrs: ["0.0.0.0/0"],
    });
    expect(error.issues.map((i) => i.field)).toEqual([
      "version",
      "vcpu",
      "extensions[1]",
      "allowedCidrs[0]",
    ]);
  });
});

describe("the default database name comes from the component name", () => {
  it.each([
    ["Orders-DB", "orders_db"],
    ["orders", "orders"],
    ["files.v2", "files_v2"],
    ["a--b", "a_b"],
  ])("%s becomes %s, which is valid", (component, expected) => {
    expect(defaultDatabaseName(component)).toBe(expected);
    const spec = validatePostgresArgs(undefined, SUBJECT, component);
    expect([spec.databaseName, spec.appRole]).toEqual([expected, `${expected}_app`]);
  });

  it.each([
    ["9lives", '"9lives"', BAD_NAME],
    ["Postgres", '"postgres"', "the server or the vendor owns those"],
    ["pg-main", '"pg_main"', 'must not start with "pg_"'],
    ["x".repeat(60), `"${"x".repeat(60)}"`, "at most 59 characters"],
  ])(
    "%s is rejected with the field saying the name came from the component",
    (component, shown, rule) => {
      const error = rejection(undefined, component);
      expect(error.issues).toHaveLength(1);
      expect(error.message).toContain(
        `${SUBJECT}: databaseName (from the component name) ${error.issues[0]!.rule} (received ${shown}).`,
      );
      expect(error.issues[0]!.rule).toContain(rule);
      expect(error.issues[0]!.fix).toContain("databaseName");
    },
  );
});

describe("validatePostgresArgs defaults", () => {
  it("gives a small single server on the newest version", () => {
    expect(validatePostgresArgs(undefined, SUBJECT, "orders")).toEqual({
      version: DEFAULT_POSTGRES_VERSION,
      vcpu: 2,
      memoryGiB: 4,
      storageGiB: 32,
      highAvailability: false,
      backupRetentionDays: 7,
      pointInTimeRecovery: false,
      extensions: [],
      databaseName: "orders",
      appRole: "orders_app",
      allowedCidrs: [],
      classification: "internal",
      allowDataLoss: false,
    });
    expect(DEFAULT_POSTGRES_VERSION).toBe(17);
  });

  it("keeps every valid value as given", () => {
    const spec = validatePostgresArgs(
      {
        version: 15,
        vcpu: 64,
        memoryGiB: 512,
        storageGiB: 10,
        highAvailability: true,
        backupRetentionDays: 35,
        pointInTimeRecovery: true,
        extensions: ["uuid-ossp", "pgcrypto"],
        databaseName: "_billing2",
        allowedCidrs: ["192.0.2.0/24", "2001:db8::/32", "198.51.100.7/32", "::ffff:192.0.2.0/120"],
        classification: "sensitive",
        allowDataLoss: true,
      },
      SUBJECT,
      "orders",
    );
    expect(spec).toMatchObject({
      version: 15,
      vcpu: 64,
      memoryGiB: 512,
      storageGiB: 10,
      highAvailability: true,
      backupRetentionDays: 35,
      pointInTimeRecovery: true,
    });
    expect(spec.extensions).toEqual(["uuid-ossp", "pgcrypto"]);
    expect([spec.databaseName, spec.appRole]).toEqual(["_billing2", "_billing2_app"]);
    expect(spec.allowedCidrs).toEqual([
      "192.0.2.0/24",
      "2001:db8::/32",
      "198.51.100.7/32",
      "::ffff:192.0.2.0/120",
    ]);
    expect([spec.classification, spec.allowDataLoss]).toEqual(["sensitive", true]);
  });

  it("accepts a 59-character name, whose app role is PostgreSQL's 63-byte maximum", () => {
    const spec = validatePostgresArgs({ databaseName: "d".repeat(59) }, SUBJECT, "orders");
    expect(spec.appRole).toHaveLength(63);
  });
});

describe("isCidr", () => {
  it.each([
    "10.0.0.0/8",
    "192.0.2.10/32",
    "0.0.0.0/0",
    "2001:db8::/32",
    "2001:db8:0:1::/64",
    "::1/128",
    "::/0",
    "::ffff:10.0.0.0/104",
  ])("accepts %s", (cidr) => {
    expect(isCidr(cidr)).toBe(true);
  });
  it.each([
    "10.0.0.1/8",
    "2001:db8::1/64",
    "2001:db8:0:1::/48",
    "::ffff:10.0.0.1/120",
    "10.0.0.0/-1",
    "10.0.0.0/8/8",
    "10.0.0.0/",
    "/8",
    "2001:db8::/129",
  ])("rejects %s", (cidr) => {
    expect(isCidr(cidr)).toBe(false);
  });
});

describe("ipv6AllowedCidrs", () => {
  it("gives one issue per IPv6 range, at its index, with the target's rule and fix", () => {
    const note = { rule: "must be IPv4 here", fix: "Give the IPv4 range." };
    expect(
      ipv6AllowedCidrs({ allowedCidrs: ["198.51.100.0/24", "2001:db8::/32"] }, SUBJECT, note),
    ).toEqual([{ subject: SUBJECT, field: "allowedCidrs[1]", value: "2001:db8::/32", ...note }]);
    expect(ipv6AllowedCidrs({ allowedCidrs: ["192.0.2.0/24"] }, SUBJECT, note)).toEqual([]);
  });
});
