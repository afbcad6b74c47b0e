/**
 * A throwaway PostgreSQL server for tests: Debian's `postgresql` binaries, a cluster in a temporary
 * directory, TLS with a CA and server certificate generated per run, `pg_hba.conf` with TLS-only
 * rules, listening on 127.0.0.1 on a free port. Clients are `psql` processes, so a test sees exactly
 * what libpq (and so most drivers) would: the server's refusal, or the certificate check's.
 *
 * The binaries come from `WISSEL_POSTGRES_BIN`, or the newest `/usr/lib/postgresql/<major>/bin`;
 * `scripts/ci-services.sh` installs them. PostgreSQL refuses to run as root, so when the tests run as
 * root the server runs as `nobody`.
 */
import { spawn } from "node:child_process";
import {
  chownSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
  appendFileSync,
  chmodSync,
} from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";

/** The output of one client or server command. */
export interface CommandResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** How a client connects. */
export interface PostgresConnection {
  readonly user: string;
  readonly password: string;
  readonly database: string;
  /** @default "verify-full" */
  readonly sslmode?: "disable" | "allow" | "prefer" | "require" | "verify-ca" | "verify-full";
  /** The CA file the client trusts. @default the server's CA */
  readonly sslrootcert?: string;
  /** The host name the client asks for and checks the certificate against. @default "127.0.0.1" */
  readonly host?: string;
}

export interface PostgresServerOptions {
  /**
   * `pg_hba.conf` lines placed before the server's own final rule (`hostssl all all 127.0.0.1/32
   * scram-sha-256`).
   * @default ["hostnossl all all all reject"]
   */
  readonly hbaRules?: readonly string[];
}

const SETUP_FIX =
  "Run scripts/ci-services.sh, which installs Debian's postgresql and openssl packages, or set WISSEL_POSTGRES_BIN to the directory holding initdb and pg_ctl.";

/** The directory with `initdb`, `pg_ctl`, `postgres` and `psql`; throws with the fix when there is none. */
export function postgresBinDir(): string {
  const configured = process.env["WISSEL_POSTGRES_BIN"];
  if (configured !== undefined && configured !== "") {
    if (!existsSync(join(configured, "initdb")))
      throw new Error(`WISSEL_POSTGRES_BIN=${configured} holds no initdb. ${SETUP_FIX}`);
    return configured;
  }
  const root = "/usr/lib/postgresql";
  const majors = existsSync(root)
    ? readdirSync(root)
        .filter(
          (major) =>
            /^\d+$/.test(major) &&
            existsSync(join(root, major, "bin", "initdb")) &&
            existsSync(join(root, major, "bin", "psql")),
        )
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (majors[0] === undefined)
    throw new Error(`No PostgreSQL server binaries under ${root}. ${SETUP_FIX}`);
  return join(root, majors[0], "bin");
}

/** Runs a command; never throws for a non-zero exit. */
export function runCommand(
  command: string,
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; input?: string; cwd?: string } = {},
): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      env: options.env ?? process.env,
      cwd: options.cwd,
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
    // A client that fails to connect exits without reading its input: that is its answer, not an error.
    child.stdin.on("error", () => undefined);
    child.stdin.end(options.input ?? "");
  });
}

async function mustRun(
  command: string,
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; input?: string; cwd?: string } = {},
): Promise<string> {
  const result = await runCommand(command, args, options);
  if (result.code !== 0)
    throw new Error(
      `${command} ${args.join(" ")} failed (${result.code}):\n${result.stderr}${result.stdout}`,
    );
  return result.stdout;
}

/** A value in a libpq connection string: quoted, with `\` and `'` escaped. */
function conninfoValue(value: string): string {
  return `'${value.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
}

/** The environment of client processes: no PG* variable of the caller's leaks in. */
function clientEnv(password: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env))
    if (!key.startsWith("PG")) env[key] = value;
  return { ...env, PGPASSWORD: password, PGCONNECT_TIMEOUT: "10", PGAPPNAME: "wissel-test" };
}

/** A TCP port on 127.0.0.1 that nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Uid and gid of a user, from `id`. */
async function ids(user: string): Promise<{ uid: number; gid: number }> {
  const uid = Number((await mustRun("id", ["-u", user])).trim());
  const gid = Number((await mustRun("id", ["-g", user])).trim());
  return { uid, gid };
}

/**
 * Writes `ca.crt`, `server.crt` and `server.key` (a certificate the CA signed for 127.0.0.1 and
 * localhost) and `other-ca.crt` (an unrelated CA) into `dir`.
 */
export async function makeCertificates(dir: string): Promise<void> {
  const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
  const ca = [
    "-addext",
    "basicConstraints=critical,CA:TRUE",
    "-addext",
    "keyUsage=critical,keyCertSign,cRLSign",
  ];
  await mustRun("openssl", [
    "req",
    "-x509",
    ...ec,
    "-keyout",
    join(dir, "ca.key"),
    "-out",
    join(dir, "ca.crt"),
    "-days",
    "2",
    "-subj",
    "/CN=Wissel test CA",
    ...ca,
  ]);
  await mustRun("openssl", [
    "req",
    "-x509",
    ...ec,
    "-keyout",
    join(dir, "other-ca.key"),
    "-out",
    join(dir, "other-ca.crt"),
    "-days",
    "2",
    "-subj",
    "/CN=Wissel test CA",
    ...ca,
  ]);
  await mustRun("openssl", [
    "req",
    ...ec,
    "-keyout",
    join(dir, "server.key"),
    "-out",
    join(dir, "server.csr"),
    "-subj",
    "/CN=localhost",
  ]);
  writeFileSync(
    join(dir, "server.ext"),
    "subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n",
  );
  await mustRun("openssl", [
    "x509",
    "-req",
    "-in",
    join(dir, "server.csr"),
    "-CA",
    join(dir, "ca.crt"),
    "-CAkey",
    join(dir, "ca.key"),
    "-CAcreateserial",
    "-out",
    join(dir, "server.crt"),
    "-days",
    "2",
    "-extfile",
    join(dir, "server.ext"),
  ]);
  chmodSync(join(dir, "server.key"), 0o600);
}

function readLog(dir: string): string {
  return existsSync(join(dir, "server.log")) ? readFileSync(join(dir, "server.log"), "utf8") : "";
}

/** A running throwaway PostgreSQL server. Call `stop()` when done (in `afterAll`). */
export class PostgresServer {
  readonly host = "127.0.0.1";
  /** The superuser that owns the cluster, as a managed service's admin would be used. */
  readonly admin: { readonly user: string; readonly password: string };

  private constructor(
    private readonly dir: string,
    private readonly bin: string,
    private readonly runAs: readonly string[],
    readonly port: number,
    readonly version: number,
    adminPassword: string,
  ) {
    this.admin = { user: "wissel_admin", password: adminPassword };
  }

  /** PEM of the CA that signed the server's certificate. */
  get caCertificate(): string {
    return readFileSync(this.caFile, "utf8");
  }
  /** Path of the CA that signed the server's certificate. */
  get caFile(): string {
    return join(this.dir, "ca.crt");
  }
  /** Path of a CA that signed nothing here: a client trusting it must refuse the server. */
  get otherCaFile(): string {
    return join(this.dir, "other-ca.crt");
  }
  /** The server's log so far. */
  get log(): string {
    return readLog(this.dir);
  }

  /** Creates, configures and starts a cluster. */
  static async start(options: PostgresServerOptions = {}): Promise<PostgresServer> {
    const bin = postgresBinDir();
    const version = Number(
      (await mustRun(join(bin, "postgres"), ["--version"])).match(/(\d+)\./)?.[1],
    );
    const dir = mkdtempSync(join(tmpdir(), "wissel-pg-"));
    const asRoot = process.getuid?.() === 0;
    const runAs = asRoot ? ["runuser", "-u", "nobody", "--"] : [];
    try {
      await makeCertificates(dir);
      const adminPassword = randomBytes(18).toString("base64url");
      writeFileSync(join(dir, "pwfile"), `${adminPassword}\n`, { mode: 0o600 });
      if (asRoot) {
        const { uid, gid } = await ids("nobody");
        for (const file of ["", "pwfile", "server.key", "server.crt", "ca.crt"])
          chownSync(join(dir, file), uid, gid);
      }
      const data = join(dir, "data");
      const env = { PATH: process.env["PATH"] ?? "/usr/bin:/bin", LANG: "C", LC_ALL: "C" };
      const run = (command: string, args: readonly string[]) =>
        runAs.length > 0
          ? mustRun(runAs[0]!, [...runAs.slice(1), join(bin, command), ...args], { env, cwd: dir })
          : mustRun(join(bin, command), args, { env, cwd: dir });
      await run("initdb", [
        "-D",
        data,
        "-U",
        "wissel_admin",
        `--pwfile=${join(dir, "pwfile")}`,
        "--auth=scram-sha-256",
        "-E",
        "UTF8",
        "--locale=C",
        "--no-sync",
      ]);

      const hba = [
        ...(options.hbaRules ?? ["hostnossl all all all reject"]),
        "hostssl all all 127.0.0.1/32 scram-sha-256",
        "",
      ].join("\n");
      writeFileSync(join(data, "pg_hba.conf"), hba);
      appendFileSync(join(data, "postgresql.conf"), "\ninclude 'wissel.conf'\n");
      const pgCtl = (args: readonly string[]) =>
        runCommand(
          runAs[0] ?? join(bin, "pg_ctl"),
          [...(runAs.length > 0 ? [...runAs.slice(1), join(bin, "pg_ctl")] : []), ...args],
          { env, cwd: dir },
        );
      for (let attempt = 1; ; attempt++) {
        const port = await freePort();
        writeFileSync(
          join(data, "wissel.conf"),
          [
            "listen_addresses = '127.0.0.1'",
            `port = ${port}`,
            "unix_socket_directories = ''",
            "ssl = on",
            `ssl_cert_file = '${join(dir, "server.crt")}'`,
            `ssl_key_file = '${join(dir, "server.key")}'`,
            "ssl_min_protocol_version = 'TLSv1.2'",
            "password_encryption = 'scram-sha-256'",
            "fsync = off",
            // Adapters preload it where pg_stat_statements is requested; the tests create every extension.
            "shared_preload_libraries = 'pg_stat_statements'",
            "",
          ].join("\n"),
        );
        const started = await pgCtl([
          "start",
          "-w",
          "-t",
          "60",
          "-D",
          data,
          "-l",
          join(dir, "server.log"),
        ]);
        if (started.code === 0)
          return new PostgresServer(dir, bin, runAs, port, version, adminPassword);
        const log = readLog(dir);
        // Another process may take the free port between the check and the start.
        if (attempt >= 3 || !/could not (bind|create listen)/.test(log))
          throw new Error(`pg_ctl start failed:\n${started.stderr}${started.stdout}\n${log}`);
      }
    } catch (error) {
      rmSync(dir, { recursive: true, force: true });
      throw error;
    }
  }

  /** Runs SQL through `psql` (one statement after another, stopping at the first error). */
  psql(connection: PostgresConnection, sql: string): Promise<CommandResult> {
    const conninfo = [
      `host=${conninfoValue(connection.host ?? this.host)}`,
      ...(connection.host !== undefined && connection.host !== this.host
        ? [`hostaddr=${this.host}`]
        : []),
      `port=${this.port}`,
      `dbname=${conninfoValue(connection.database)}`,
      `user=${conninfoValue(connection.user)}`,
      `sslmode=${connection.sslmode ?? "verify-full"}`,
      `sslrootcert=${conninfoValue(connection.sslrootcert ?? this.caFile)}`,
    ].join(" ");
    return runCommand(
      join(this.bin, "psql"),
      ["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", conninfo, "-f", "-"],
      { env: clientEnv(connection.password), input: sql },
    );
  }

  /** Runs SQL and returns its output; throws with psql's message on failure. */
  async query(connection: PostgresConnection, sql: string): Promise<string> {
    const result = await this.psql(connection, sql);
    if (result.code !== 0)
      throw new Error(
        `psql as ${connection.user} on ${connection.database} failed (${result.code}): ${result.stderr}`,
      );
    return result.stdout;
  }

  /** Runs SQL as the admin in a database. */
  asAdmin(database: string, sql: string): Promise<string> {
    return this.query({ user: this.admin.user, password: this.admin.password, database }, sql);
  }

  /** Stops the server and removes its directory. */
  async stop(): Promise<void> {
    const data = join(this.dir, "data");
    const args = ["stop", "-m", "fast", "-w", "-D", data];
    const env = { PATH: process.env["PATH"] ?? "/usr/bin:/bin", LANG: "C" };
    await runCommand(
      this.runAs[0] ?? join(this.bin, "pg_ctl"),
      [
        ...(this.runAs.length > 0 ? [...this.runAs.slice(1), join(this.bin, "pg_ctl")] : []),
        ...args,
      ],
      { env, cwd: this.dir },
    );
    rmSync(this.dir, { recursive: true, force: true });
  }
}
