/**
 * The PostgreSQL copy step: `pg_dump` of the old database in custom format to a file, then
 * `pg_restore` of it into the new database as the new app role, so every object it restores is
 * owned by that role (`--no-owner`: nothing is reassigned to a role the old vendor had). Connections
 * are described by libpq's variables only (`PGHOST`, `PGPORT`, `PGUSER`, `PGPASSWORD`, `PGDATABASE`,
 * `PGSSLMODE`, `PGSSLROOTCERT`), each command getting one side's.
 *
 * The restore:
 * - connects with the target binding, which is the new app role: Wissel's app role owns what it
 *   creates in `public` and nothing else (packages/core/src/postgres/sql.ts);
 * - skips the dump's extensions and their comments: on the new database the admin created the
 *   block's declared `extensions` already, and the app role may neither create nor comment on one.
 *   An extension the source uses and the target block does not declare fails the restore, naming
 *   the missing type or function: declare it on the new block;
 * - skips ownership, grants, publications, subscriptions, security labels and tablespaces: they name
 *   roles, servers and storage of the old vendor;
 * - drops, then recreates, what it restores (`--clean --if-exists`), in one transaction that stops
 *   at the first error, so the copy can run again (the `cutover` phase's final copy) and a failed
 *   run leaves the new database as it was.
 *
 * The dump is a file rather than a pipe so that each command has one side's credentials only and no
 * shell is needed. `pg_dump` must be of the source server's major version or newer.
 */
import type { PostgresBinding } from "@wissel/runtime";
import {
  CopyStepError,
  secretNames,
  type CopyCommand,
  type CopyFile,
  type CopySteps,
} from "./step";

export interface PostgresCopyOptions {
  /** An absolute directory the runner owns and keeps private: the dump, the restore list and the CA files go there. */
  readonly workDir: string;
}

/** The restore list lines of extensions and of comments on extensions, which the restore skips. */
export const EXTENSION_ENTRIES = /^[0-9]+; [0-9]+ [0-9]+ (EXTENSION - |COMMENT - EXTENSION )/;

function joinPath(dir: string, name: string): string {
  return `${dir.replace(/\/+$/, "")}/${name}`;
}

/** libpq's variables for one side; the CA file, when the binding has a CA. */
function connection(
  role: "source" | "target",
  binding: PostgresBinding,
  workDir: string,
): { env: Record<string, string>; files: CopyFile[] } {
  const env: Record<string, string> = {
    PGHOST: binding.host,
    PGPORT: String(binding.port),
    PGUSER: binding.user,
    PGPASSWORD: binding.password,
    PGDATABASE: binding.database,
    PGSSLMODE: binding.sslmode,
    PGAPPNAME: "wissel-copy",
    PGCONNECT_TIMEOUT: "30",
  };
  const files: CopyFile[] = [];
  if (binding.caCertificate !== "") {
    const path = joinPath(workDir, `${role}-ca.pem`);
    files.push({ path, contents: binding.caCertificate });
    env["PGSSLROOTCERT"] = path;
  } else if (binding.sslmode !== "require") {
    // No CA published: the system's roots (libpq 16 or newer), rather than ~/.postgresql/root.crt.
    env["PGSSLROOTCERT"] = "system";
  }
  return { env, files };
}

const SECRET = new Set(["PGPASSWORD"]);

function validate(source: PostgresBinding, target: PostgresBinding, options: PostgresCopyOptions) {
  if (!options.workDir.startsWith("/"))
    throw new CopyStepError(
      `PostgreSQL copy: workDir must be an absolute path; received ${JSON.stringify(options.workDir)}.`,
    );
  const where = (b: PostgresBinding) => `${b.host.toLowerCase()}:${b.port}/${b.database}`;
  if (where(source) === where(target))
    throw new CopyStepError(
      `PostgreSQL copy: the source and the target are the same database (${where(source)}); the restore would drop the data it copies. Check the migration's from and the block's target.`,
    );
  for (const [role, binding] of [
    ["source", source],
    ["target", target],
  ] as const) {
    if (!Number.isInteger(binding.port) || binding.port < 1 || binding.port > 65535)
      throw new CopyStepError(
        `PostgreSQL copy: the ${role} database "${binding.database}" has port ${binding.port}; a port is an integer from 1 to 65535.`,
      );
  }
}

/** `pg_dump` of the source database, custom format, to `<workDir>/source.dump`. */
export function postgresDump(source: PostgresBinding, options: PostgresCopyOptions): CopyCommand {
  const { env } = connection("source", source, options.workDir);
  return {
    name: "dump",
    command: [
      "pg_dump",
      "--format=custom",
      "--no-password",
      `--file=${joinPath(options.workDir, "source.dump")}`,
    ],
    env,
    secretEnv: secretNames(env, SECRET),
  };
}

/** `pg_restore` of `<workDir>/source.dump` into the target database as the target's app role. */
export function postgresRestore(
  target: PostgresBinding,
  options: PostgresCopyOptions,
): CopyCommand {
  const { env } = connection("target", target, options.workDir);
  return {
    name: "restore",
    command: [
      "pg_restore",
      // An empty dbname makes pg_restore connect, and libpq take every parameter from PG* variables.
      "--dbname=",
      "--no-password",
      "--no-owner",
      `--role=${target.user}`,
      "--no-privileges",
      "--no-publications",
      "--no-subscriptions",
      "--no-security-labels",
      "--no-tablespaces",
      "--clean",
      "--if-exists",
      "--single-transaction",
      "--exit-on-error",
      `--use-list=${joinPath(options.workDir, "restore.list")}`,
      joinPath(options.workDir, "source.dump"),
    ],
    env,
    secretEnv: secretNames(env, SECRET),
  };
}

/**
 * The PostgreSQL copy step: write the CA files, then dump, list the dump's entries, drop the
 * extension entries from the list, restore.
 */
export function postgresCopy(
  source: PostgresBinding,
  target: PostgresBinding,
  options: PostgresCopyOptions,
): CopySteps {
  validate(source, target, options);
  const dump = joinPath(options.workDir, "source.dump");
  const list = joinPath(options.workDir, "restore.list");
  return {
    files: [
      ...connection("source", source, options.workDir).files,
      ...connection("target", target, options.workDir).files,
    ],
    commands: [
      postgresDump(source, options),
      {
        name: "list",
        command: ["pg_restore", "--list", `--file=${list}`, dump],
        env: {},
        secretEnv: [],
      },
      {
        name: "skip-extensions",
        command: ["sed", "-i", "-E", "-e", `/${EXTENSION_ENTRIES.source}/d`, list],
        env: {},
        secretEnv: [],
      },
      postgresRestore(target, options),
    ],
  };
}
