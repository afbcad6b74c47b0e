/**
 * A throwaway mail server for tests: Debian's Dovecot, Postfix and OpenDKIM, started on free
 * loopback ports from configuration text the caller produced, in a temporary directory laid out as
 * a pod would mount it (configuration, secrets, data, run). The caller writes nothing itself: it
 * gets a `MailServerLayout` (paths, ports, the accounts to run as, a CA-signed certificate), builds
 * its configuration input from it, and hands the files back to `MailServer.start`.
 *
 * Dovecot and OpenDKIM run as an unprivileged user (`nobody` when the tests run as root, else the
 * test's own user). Postfix's `master` refuses to run as anything but root ("the master command is
 * reserved for the superuser"), so it runs as root, through `sudo -n` when the tests do not, and
 * every Postfix daemon it starts runs as the unprivileged `mail_owner` (Debian's `postfix`).
 *
 * The daemons stop in `stop()`; if the test process dies first, a watchdog (its own session, so a
 * killed Jest worker does not take it along) sees the parent gone within half a second and kills
 * their process groups. `scripts/ci-services.sh` installs the binaries.
 */
import { spawn, type ChildProcess } from "node:child_process";
import {
  appendFileSync,
  closeSync,
  openSync,
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { output, waitForPort, wrapped } from "./daemons";
import { freePort, makeCertificates, runCommand } from "./postgres-server";

/** The binaries this harness starts (`scripts/ci-services.sh` checks the same list). */
export const MAIL_SERVER_BINARIES = [
  "/usr/sbin/dovecot",
  "/usr/lib/dovecot/imap",
  "/usr/lib/dovecot/lmtp",
  "/usr/lib/dovecot/quota-status",
  "/usr/sbin/postfix",
  "/usr/lib/postfix/sbin/master",
  "/usr/sbin/opendkim",
  "/usr/bin/openssl",
  "/usr/bin/setpriv",
  "/usr/bin/unshare",
] as const;

/** The binaries of `MAIL_SERVER_BINARIES` that are not installed. */
export function missingMailServerBinaries(): string[] {
  return MAIL_SERVER_BINARIES.filter((binary) => !existsSync(binary));
}

export const MAIL_SERVER_SETUP_FIX =
  "Run scripts/ci-services.sh, which installs Debian's dovecot-imapd, dovecot-lmtpd, postfix, opendkim and openssl.";

/** Where everything is, which ports to use and as whom to run: the input of the caller's config. */
export interface MailServerLayout {
  /** The temporary directory everything lives in. */
  readonly directory: string;
  readonly paths: {
    readonly configDirectory: string;
    readonly secretsDirectory: string;
    readonly dataDirectory: string;
    readonly runDirectory: string;
  };
  readonly tls: { readonly certificateFile: string; readonly keyFile: string };
  /** PEM of the CA that signed the server's certificate (for `localhost` and 127.0.0.1). */
  readonly caCertificate: string;
  readonly listen: {
    readonly address: "127.0.0.1";
    readonly smtpPort: number;
    readonly submissionPort: number;
    readonly imapsPort: number;
  };
  readonly internalPorts: {
    readonly lmtp: number;
    readonly auth: number;
    readonly quotaStatus: number;
    readonly dkim: number;
  };
  /** The unprivileged account Dovecot and OpenDKIM run as. */
  readonly user: {
    readonly name: string;
    readonly group: string;
    readonly uid: number;
    readonly gid: number;
  };
  /** Postfix's daemons' account and set-gid group, as Debian's package creates them. */
  readonly postfix: { readonly mailOwner: string; readonly setgidGroup: string };
}

/** The caller's files: names relative to the configuration and the secrets directory. */
export interface MailServerFileSet {
  readonly configFiles: Readonly<Record<string, string>>;
  readonly secretFiles: Readonly<Record<string, string>>;
}

/** The configuration files the programs are started with, by name in the configuration directory. */
export interface MailServerEntryFiles {
  /** @default "dovecot.conf" */
  readonly dovecot?: string;
  /** @default "opendkim.conf" */
  readonly opendkim?: string;
}

/** How the programs run: what a pod's security contexts would impose on them. */
export interface MailServerRunOptions {
  /**
   * Run Postfix (its check and its master) as root with only these capabilities (names without
   * `CAP_`, as a pod's `securityContext.capabilities.add` after `drop: [ALL]`), and with
   * no_new_privs, as `allowPrivilegeEscalation: false` sets it (util-linux's `setpriv`, under
   * `sudo -n` when the tests do not run as root).
   * @default - every capability root has
   */
  readonly postfixCapabilities?: readonly string[];
  /**
   * Start Postfix with this command (a pod's Postfix container's) instead of `master -s`, as PID 1
   * of a new PID namespace, as a container starts it. The harness still makes the state
   * directories and runs `postfix check` first.
   * @default - `master -s -c <configDirectory>`
   */
  readonly postfixCommand?: readonly string[];
}

/** A running mail server. Call `stop()` when done (in `afterAll`). */
export class MailServer {
  private readonly exited = new Map<string, number | null>();

  private constructor(
    readonly layout: MailServerLayout,
    private readonly sudo: readonly string[],
    private readonly processes: ReadonlyMap<string, ChildProcess>,
    private readonly logs: Map<string, string>,
    private readonly watchdog: ChildProcess,
  ) {
    for (const [name, child] of processes)
      child.once("exit", (code) => this.exited.set(name, code));
  }

  /** What each program wrote to its standard output and error so far. */
  get log(): string {
    return [...this.logs]
      .map(([name, file]) => `--- ${name}\n${existsSync(file) ? readFileSync(file, "utf8") : ""}`)
      .join("\n");
  }

  /** Makes the directories, a CA and server certificate, and picks free ports. Starts nothing. */
  static async prepare(): Promise<MailServerLayout> {
    const missing = missingMailServerBinaries();
    if (missing.length > 0)
      throw new Error(`Missing ${missing.join(", ")}. ${MAIL_SERVER_SETUP_FIX}`);
    const asRoot = process.getuid?.() === 0;
    // OpenDKIM refuses a key with a world-writable directory above it (/tmp): as root, use /run.
    const base =
      process.env["WISSEL_MAIL_TMPDIR"] ?? (asRoot && existsSync("/run") ? "/run" : tmpdir());
    const directory = mkdtempSync(join(base, "wissel-mail-"));
    // Postfix's daemons (mail_owner) and the mail user must reach into the directory.
    chmodSync(directory, 0o755);
    const name = asRoot ? "nobody" : await output("id", ["-un"]);
    const user = {
      name,
      group: await output("id", ["-gn", name]),
      uid: Number(await output("id", ["-u", name])),
      gid: Number(await output("id", ["-g", name])),
    };
    const paths = {
      configDirectory: join(directory, "config"),
      secretsDirectory: join(directory, "secrets"),
      dataDirectory: join(directory, "data"),
      runDirectory: join(directory, "run"),
    };
    const tlsDirectory = join(directory, "tls");
    for (const path of [...Object.values(paths), tlsDirectory]) mkdirSync(path, { mode: 0o755 });
    await makeCertificates(tlsDirectory);
    const ports: number[] = [];
    while (ports.length < 7) {
      const port = await freePort();
      if (!ports.includes(port)) ports.push(port);
    }
    const [smtpPort, submissionPort, imapsPort, lmtp, auth, quotaStatus, dkim] = ports as [
      number,
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    return {
      directory,
      paths,
      tls: {
        certificateFile: join(tlsDirectory, "server.crt"),
        keyFile: join(tlsDirectory, "server.key"),
      },
      caCertificate: readFileSync(join(tlsDirectory, "ca.crt"), "utf8"),
      listen: { address: "127.0.0.1", smtpPort, submissionPort, imapsPort },
      internalPorts: { lmtp, auth, quotaStatus, dkim },
      user,
      postfix: { mailOwner: "postfix", setgidGroup: "postdrop" },
    };
  }

  /**
   * Writes the files exactly as given (configuration 0644; secrets 0440, root's and the mail group's,
   * as a Secret volume mounts them),
   * starts OpenDKIM, Dovecot and Postfix, and waits until every port of the layout answers.
   */
  static async start(
    layout: MailServerLayout,
    files: MailServerFileSet,
    entry: MailServerEntryFiles = {},
    options: MailServerRunOptions = {},
  ): Promise<MailServer> {
    const { paths, user } = layout;
    const asRoot = process.getuid?.() === 0;
    const capabilities = options.postfixCapabilities;
    const sudo = asRoot ? [] : ["sudo", "-n"];
    // As a container runtime does: the bounding, permitted and effective sets become the list
    // (root's permitted set is the bounding set after exec), nothing inheritable, no_new_privs.
    const postfixAs =
      capabilities === undefined
        ? sudo
        : [
            ...sudo,
            "/usr/bin/setpriv",
            `--bounding-set=-all${capabilities.map((c) => `,+${c.toLowerCase()}`).join("")}`,
            "--inh-caps=-all",
            "--no-new-privs",
            "--",
          ];
    if (!asRoot && (await runCommand("sudo", ["-n", "true"]).catch(() => ({ code: 1 }))).code !== 0)
      throw new Error(
        "Postfix's master must run as root: run the tests as root, or give this user passwordless sudo.",
      );
    for (const [fileName, text] of Object.entries(files.configFiles))
      writeFileSync(join(paths.configDirectory, fileName), text, { mode: 0o644 });
    // Secrets as a Kubernetes Secret volume shows them to a pod with an fsGroup: owned by root, the
    // fsGroup's group may read (0440). Without root, the mail user owns them (0400).
    for (const [fileName, text] of Object.entries(files.secretFiles)) {
      const path = join(paths.secretsDirectory, fileName);
      writeFileSync(path, text, { mode: asRoot ? 0o440 : 0o400 });
      if (asRoot) chownSync(path, 0, user.gid);
    }
    // Dovecot and Postfix both read the TLS key, mounted the same way.
    if (asRoot) {
      chmodSync(layout.tls.keyFile, 0o440);
      chownSync(layout.tls.keyFile, 0, user.gid);
      for (const path of [paths.dataDirectory, paths.runDirectory, paths.secretsDirectory])
        chownSync(path, user.uid, user.gid);
    }
    // Postfix's queue belongs to root, its data directory to mail_owner; `postfix check` fills the queue.
    const postfixState = join(paths.dataDirectory, "postfix");
    const queue = join(postfixState, "queue");
    const data = join(postfixState, "data");
    for (const path of [postfixState, queue, data]) mkdirSync(path, { mode: 0o755 });
    const owner = await output("id", ["-u", layout.postfix.mailOwner]);
    if (asRoot) {
      chownSync(postfixState, 0, 0);
      chownSync(queue, 0, 0);
      chownSync(data, Number(owner), 0);
    } else {
      await output("sudo", ["-n", "chown", "root:root", postfixState, queue]);
      await output("sudo", ["-n", "chown", owner, data]);
    }

    // Each program writes to a file: Postfix's postlogd opens /dev/stdout, which fails on the
    // socket Node would give as a pipe.
    const logDirectory = join(layout.directory, "logs");
    mkdirSync(logDirectory, { mode: 0o755 });
    const logs = new Map<string, string>();
    const processes = new Map<string, ChildProcess>();
    const env = { PATH: "/usr/sbin:/usr/bin:/sbin:/bin", LANG: "C" };
    const launch = (name: string, command: string, args: readonly string[]) => {
      const file = join(logDirectory, `${name}.log`);
      const fd = openSync(file, "a", 0o644);
      const child = spawn(command, args, { env, detached: true, stdio: ["ignore", fd, fd] });
      closeSync(fd);
      logs.set(name, file);
      child.on("error", (error) => appendFileSync(file, `spawn failed: ${error.message}\n`));
      processes.set(name, child);
      return child;
    };
    const unprivileged = asRoot
      ? ["/usr/bin/setpriv", `--reuid=${user.uid}`, `--regid=${user.gid}`, "--clear-groups", "--"]
      : [];
    const run = (name: string, argv: readonly string[]) =>
      launch(name, ...wrapped(unprivileged, argv));

    const configFile = (file: string) => join(paths.configDirectory, file);
    // Postfix checks the configuration and creates its queue (as root; that is the `postfix` command's job).
    const check = await runCommand(
      ...wrapped(postfixAs, ["/usr/sbin/postfix", "-c", paths.configDirectory, "check"]),
    );
    if (check.code !== 0) throw new Error(`postfix check failed:\n${check.stderr}${check.stdout}`);

    run("opendkim", [
      "/usr/sbin/opendkim",
      "-f",
      "-x",
      configFile(entry.opendkim ?? "opendkim.conf"),
    ]);
    run("dovecot", ["/usr/sbin/dovecot", "-F", "-c", configFile(entry.dovecot ?? "dovecot.conf")]);
    const master = options.postfixCommand ?? [
      "/usr/lib/postfix/sbin/master",
      "-s",
      "-c",
      paths.configDirectory,
    ];
    // A container's command is PID 1 of its own PID namespace (`postfix start-fg` execs the master
    // only there): unshare makes one, then setpriv drops to the container's capabilities.
    const namespace =
      options.postfixCommand === undefined ? [] : ["/usr/bin/unshare", "--pid", "--fork", "--"];
    const postfixArgv = [
      ...(namespace.length > 0 && postfixAs[0] === "sudo" ? postfixAs.slice(0, 2) : []),
      ...namespace,
      ...(namespace.length > 0 && postfixAs[0] === "sudo" ? postfixAs.slice(2) : postfixAs),
      ...master,
    ];
    launch("postfix", postfixArgv[0] ?? "/usr/lib/postfix/sbin/master", postfixArgv.slice(1));

    // The watchdog: polls this process and, once it is gone, kills every daemon's process group.
    const groups = [...processes.values()]
      .map((child) => child.pid)
      .filter((pid) => pid !== undefined);
    const script = [
      'parent="$1"; shift',
      'while kill -0 "$parent" 2>/dev/null; do sleep 0.5; done',
      'for group in "$@"; do /bin/kill -s TERM -- "-$group" 2>/dev/null; done',
      "sleep 3",
      'for group in "$@"; do /bin/kill -s KILL -- "-$group" 2>/dev/null; done',
    ].join("\n");
    const watchdog = spawn(
      ...wrapped(sudo, [
        "/bin/sh",
        "-c",
        script,
        "watchdog",
        String(process.pid),
        ...groups.map(String),
      ]),
      { detached: true, stdio: "ignore" },
    );
    watchdog.unref();

    const server = new MailServer(layout, sudo, processes, logs, watchdog);
    const failed = () => {
      for (const [name, code] of server.exited)
        return `${name} exited (${code}) during start-up:\n${server.log}`;
      return undefined;
    };
    const deadline = Date.now() + 15_000;
    try {
      for (const port of [
        ...Object.values(layout.internalPorts),
        layout.listen.smtpPort,
        layout.listen.submissionPort,
        layout.listen.imapsPort,
      ])
        await waitForPort(port, deadline, failed);
    } catch (error) {
      await server.stop();
      throw error;
    }
    return server;
  }

  /** Stops the three programs (TERM to each process group, KILL after 5 s) and removes the directory. */
  async stop(): Promise<void> {
    const waits = [...this.processes].map(
      ([name, child]) =>
        new Promise<void>((resolve) => {
          if (this.exited.has(name) || child.pid === undefined) return resolve();
          child.once("exit", () => resolve());
        }),
    );
    const signal = async (sig: "TERM" | "KILL") => {
      for (const [name, child] of this.processes)
        if (!this.exited.has(name) && child.pid !== undefined)
          await runCommand(...wrapped(this.sudo, ["kill", `-${sig}`, "--", `-${child.pid}`]));
    };
    await signal("TERM");
    const timer = setTimeout(() => void signal("KILL"), 5000);
    await Promise.all(waits);
    clearTimeout(timer);
    if (this.watchdog.pid !== undefined)
      await runCommand(...wrapped(this.sudo, ["kill", String(this.watchdog.pid)]));
    await runCommand(...wrapped(this.sudo, ["rm", "-rf", "--", this.layout.directory]));
    if (existsSync(this.layout.directory))
      rmSync(this.layout.directory, { recursive: true, force: true });
  }
}
