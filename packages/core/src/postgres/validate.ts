/** Validation and defaults of `PostgresDatabase` arguments, as pure functions. */
import { Issues, type Issue } from "../errors";
import { parseCidr } from "../net";
import {
  checkKnownKeys,
  closest,
  dataHandling,
  isPlainObject,
  optionalBoolean,
  optionalInteger,
} from "../validate";
import {
  POSTGRES_EXTENSIONS,
  POSTGRES_VERSIONS,
  type PostgresExtension,
  type PostgresSpec,
  type PostgresVersion,
} from "./contract";

const KEYS = [
  "version",
  "vcpu",
  "memoryGiB",
  "storageGiB",
  "highAvailability",
  "backupRetentionDays",
  "pointInTimeRecovery",
  "extensions",
  "databaseName",
  "allowedCidrs",
  "classification",
  "allowDataLoss",
  "namespace",
];

/** Newest major every target offers. */
export const DEFAULT_POSTGRES_VERSION: PostgresVersion = 17;
/** Databases the server owns, or vendors reserve. */
export const RESERVED_DATABASES: readonly string[] = [
  "postgres",
  "template0",
  "template1",
  "azure_maintenance",
  "azure_sys",
  "rdsadmin",
  "rdb",
];
/** PostgreSQL identifiers are at most 63 bytes; the app role appends `_app`. */
const MAX_DATABASE_NAME = 59;

/** The default database name for a component: hyphens become underscores, lowercased. */
export function defaultDatabaseName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9_]+/g, "_");
}

/**
 * Validates and defaults the arguments of a database. Throws a WisselError listing every problem.
 * @param name the component name, for the default database name
 */
export function validatePostgresArgs(args: unknown, subject: string, name: string): PostgresSpec {
  const issues = new Issues(subject);
  if (args !== undefined && !isPlainObject(args)) {
    issues.add(
      "args",
      args,
      "must be an object",
      "Pass an object such as { storageGiB: 64 }, or nothing.",
    );
    issues.throwIfAny();
  }
  const raw = (args ?? {}) as Record<string, unknown>;
  checkKnownKeys(issues, raw, KEYS, "", "PostgresDatabase");

  let version = DEFAULT_POSTGRES_VERSION;
  if (raw["version"] !== undefined) {
    if ((POSTGRES_VERSIONS as readonly unknown[]).includes(raw["version"]))
      version = raw["version"] as PostgresVersion;
    else
      issues.add(
        "version",
        raw["version"],
        `must be one of ${POSTGRES_VERSIONS.join(", ")} (a major version, as a number)`,
        `Set version to ${DEFAULT_POSTGRES_VERSION}, or leave it out.`,
      );
  }
  const vcpu =
    optionalInteger(
      issues,
      "vcpu",
      raw["vcpu"],
      { min: 1, max: 64, unit: "vCPUs" },
      "Set vcpu to the vCPUs the server needs, or leave it out (default 2).",
    ) ?? 2;
  const memoryGiB =
    optionalInteger(
      issues,
      "memoryGiB",
      raw["memoryGiB"],
      { min: 1, max: 512, unit: "GiB" },
      "Set memoryGiB in whole GiB, or leave it out (default 4).",
    ) ?? 4;
  const storageGiB =
    optionalInteger(
      issues,
      "storageGiB",
      raw["storageGiB"],
      { min: 10, max: 16_384, unit: "GiB" },
      "Set storageGiB in whole GiB, or leave it out (default 32).",
    ) ?? 32;
  const highAvailability = optionalBoolean(
    issues,
    "highAvailability",
    raw["highAvailability"],
    false,
  );
  const backupRetentionDays =
    optionalInteger(
      issues,
      "backupRetentionDays",
      raw["backupRetentionDays"],
      { min: 1, max: 35, unit: "days" },
      "Set backupRetentionDays to how many days of backups to keep, or leave it out (default 7).",
    ) ?? 7;
  const pointInTimeRecovery = optionalBoolean(
    issues,
    "pointInTimeRecovery",
    raw["pointInTimeRecovery"],
    false,
  );

  const extensions: PostgresExtension[] = [];
  if (raw["extensions"] !== undefined) {
    if (!Array.isArray(raw["extensions"])) {
      issues.add(
        "extensions",
        raw["extensions"],
        "must be a list of extension names",
        'Write it as extensions: ["pgcrypto"], or leave it out.',
      );
    } else {
      raw["extensions"].forEach((extension: unknown, i) => {
        if (!(POSTGRES_EXTENSIONS as readonly unknown[]).includes(extension)) {
          const guess =
            typeof extension === "string" ? closest(extension, POSTGRES_EXTENSIONS) : undefined;
          issues.add(
            `extensions[${i}]`,
            extension,
            `must be one of ${POSTGRES_EXTENSIONS.join(", ")}`,
            guess !== undefined
              ? `Did you mean "${guess}"?`
              : "Use the extension's name as CREATE EXTENSION takes it, in lowercase.",
          );
        } else if (extensions.includes(extension as PostgresExtension)) {
          issues.add(
            `extensions[${i}]`,
            extension,
            "must not repeat an extension",
            "List each extension once.",
          );
        } else {
          extensions.push(extension as PostgresExtension);
        }
      });
    }
  }

  const databaseName = raw["databaseName"] ?? defaultDatabaseName(name);
  const nameField =
    raw["databaseName"] === undefined ? "databaseName (from the component name)" : "databaseName";
  if (
    typeof databaseName !== "string" ||
    !/^[a-z_][a-z0-9_]*$/.test(databaseName) ||
    databaseName.length > MAX_DATABASE_NAME
  ) {
    issues.add(
      nameField,
      databaseName,
      `must be lowercase letters, digits and underscores, starting with a letter or underscore, at most ${MAX_DATABASE_NAME} characters (the app role adds "_app")`,
      'Set databaseName explicitly, e.g. databaseName: "orders".',
    );
  } else if (databaseName.startsWith("pg_")) {
    // The app role is `<databaseName>_app`, and PostgreSQL refuses to create roles named pg_*.
    issues.add(
      nameField,
      databaseName,
      'must not start with "pg_": the app role would be named pg_…, which PostgreSQL reserves',
      'Set databaseName explicitly, without the pg_ prefix, e.g. databaseName: "orders".',
    );
  } else if (RESERVED_DATABASES.includes(databaseName)) {
    issues.add(
      nameField,
      databaseName,
      `must not be ${RESERVED_DATABASES.join(", ")}: the server or the vendor owns those`,
      'Name the database after the application, e.g. databaseName: "orders".',
    );
  }

  const allowedCidrs: string[] = [];
  const seen = new Set<string>();
  if (raw["allowedCidrs"] !== undefined) {
    if (!Array.isArray(raw["allowedCidrs"])) {
      issues.add(
        "allowedCidrs",
        raw["allowedCidrs"],
        "must be a list of CIDR blocks",
        'Write it as allowedCidrs: ["192.0.2.0/24"], or leave it out to allow the private network only.',
      );
    } else {
      raw["allowedCidrs"].forEach((cidr: unknown, i) => {
        const field = `allowedCidrs[${i}]`;
        const parsed = typeof cidr === "string" ? parseCidr(cidr) : undefined;
        if (typeof cidr !== "string" || parsed === undefined || !parsed.ok) {
          issues.add(
            field,
            cidr,
            `must be a CIDR block such as 192.0.2.0/24 (address with no host bits set, then a prefix length)${parsed !== undefined && !parsed.ok ? `: ${parsed.detail}` : ""}`,
            parsed !== undefined && !parsed.ok && parsed.suggestion !== undefined
              ? `Did you mean ${parsed.suggestion}? Write the network address and prefix; a single address is 192.0.2.10/32.`
              : "Write the network address and prefix; a single address is 192.0.2.10/32.",
          );
        } else if (parsed.network.prefix === 0) {
          issues.add(
            field,
            cidr,
            "must not open the database to the whole internet",
            "Name the networks that need access, such as your office's or CI runners' CIDRs.",
          );
        } else if (seen.has(parsed.network.cidr)) {
          issues.add(field, cidr, "must not repeat a CIDR", "List each network once.");
        } else {
          seen.add(parsed.network.cidr);
          allowedCidrs.push(cidr);
        }
      });
    }
  }

  const { classification, allowDataLoss } = dataHandling(issues, raw);
  issues.throwIfAny();
  const database = databaseName as string;
  return {
    version,
    vcpu,
    memoryGiB,
    storageGiB,
    highAvailability,
    backupRetentionDays,
    pointInTimeRecovery,
    extensions,
    databaseName: database,
    appRole: `${database}_app`,
    allowedCidrs,
    classification,
    allowDataLoss,
  };
}

/**
 * An issue for each of the database's `allowedCidrs` that is IPv6, on a target whose endpoint takes
 * IPv4 ranges only; `rule` and `fix` say why there and what to do instead.
 */
export function ipv6AllowedCidrs(
  spec: Pick<PostgresSpec, "allowedCidrs">,
  subject: string,
  { rule, fix }: Pick<Issue, "rule" | "fix">,
): Issue[] {
  return spec.allowedCidrs.flatMap((cidr, i) => {
    const parsed = parseCidr(cidr);
    return parsed.ok && parsed.network.family === 6
      ? [{ subject, field: `allowedCidrs[${i}]`, value: cidr, rule, fix }]
      : [];
  });
}
