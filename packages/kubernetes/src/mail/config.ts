/**
 * The one typed input of the self-hosted mail server (Postfix + Dovecot + OpenDKIM), its defaults,
 * and the guard that keeps every value safe to write into the configuration text. The rest of this
 * folder turns a `MailServerConfig` into files; nothing here imports Pulumi.
 *
 * The guard is not the user-facing validation (the Mailbox and MailDomain blocks check their args,
 * with fixes, before anything is planned): it refuses what would change the meaning of the text
 * (a newline, a space, a colon in an address) so no caller can inject configuration.
 */
import { WisselError, type Issue } from "@wissel/core";

/** A hosted domain and the key its outgoing mail is signed with. */
export interface MailDomainConfig {
  /** The domain, lower case: `gemeente.example`. */
  readonly name: string;
  /** The DKIM selector: the record is published at `<selector>._domainkey.<name>`. */
  readonly dkimSelector: string;
  /** The RSA private key (PKCS#8 or PKCS#1 PEM) OpenDKIM signs with. Secret. */
  readonly dkimPrivateKeyPem: string;
}

/** One account: an address that logs in, reads over IMAP and sends. */
export interface MailboxConfig {
  /** `meldingen@gemeente.example`; also the login name. Its domain must be hosted. */
  readonly address: string;
  /** A SHA512-CRYPT hash (`$6$...`, from `hashPassword`); never the password itself. Secret. */
  readonly passwordHash: string;
  /** The mailbox's quota; mail that would exceed it is refused. */
  readonly quotaBytes: number;
  /** Other addresses, of a hosted domain, delivered to this mailbox and allowed as its sender. */
  readonly aliases?: readonly string[];
  /**
   * Whether mail to the address is accepted and stored; a send-only account (an application's
   * outgoing mail) logs in to submit and receives nothing.
   * @default true
   */
  readonly receives?: boolean;
}

/** A smarthost, and the login Postfix gives it (over TLS only) where it asks for one. */
export interface RelayHost {
  readonly host: string;
  readonly port: number;
  /** SMTP AUTH credentials for the smarthost; the password is secret. */
  readonly credentials?: { readonly username: string; readonly password: string };
}

/** Where and as whom the processes run. */
export interface MailServerPaths {
  /** Where the configuration files are (a ConfigMap's mount): Postfix's `config_directory`. */
  readonly configDirectory: string;
  /** Where the accounts file and DKIM keys are (a Secret's mount). */
  readonly secretsDirectory: string;
  /** Persistent state: the mailboxes, Postfix's queue, Dovecot's state (the retained volume). */
  readonly dataDirectory: string;
  /** Throwaway runtime state: sockets and pid files (an emptyDir). */
  readonly runDirectory: string;
}

/** Ports the outside world talks to. */
export interface MailServerListen {
  /**
   * The address every public service binds to.
   * @default "0.0.0.0"
   */
  readonly address?: string;
  /** @default 25 */
  readonly smtpPort?: number;
  /** @default 587 */
  readonly submissionPort?: number;
  /** @default 993 */
  readonly imapsPort?: number;
}

/**
 * Ports the three programs use to talk to each other, on 127.0.0.1 only: in a pod its containers
 * share that loopback, and TCP needs no socket file both a Postfix and a Dovecot user can open.
 */
export interface MailServerInternalPorts {
  /** Dovecot's LMTP, which Postfix delivers every hosted address through. @default 24 */
  readonly lmtp?: number;
  /** Dovecot's auth service, which Postfix's submission asks (SASL). @default 12345 */
  readonly auth?: number;
  /** Dovecot's quota-status policy service, which Postfix asks before accepting mail. @default 12340 */
  readonly quotaStatus?: number;
  /** OpenDKIM's milter, which signs what submission accepts. @default 8891 */
  readonly dkim?: number;
}

/** The unprivileged account Dovecot and OpenDKIM run as, and which owns the mailboxes. */
export interface MailServerUser {
  /** @default "vmail" */
  readonly name?: string;
  /** @default "vmail" */
  readonly group?: string;
  /** @default 5000 */
  readonly uid?: number;
  /** @default 5000 */
  readonly gid?: number;
}

/** Everything the mail server's files are made from. */
export interface MailServerConfig {
  /** The server's own name, in its greeting and certificate: `mail.gemeente.example`. */
  readonly hostname: string;
  readonly domains: readonly MailDomainConfig[];
  readonly mailboxes: readonly MailboxConfig[];
  /** PEM files of the server's certificate (with its chain) and private key. */
  readonly tls: { readonly certificateFile: string; readonly keyFile: string };
  readonly paths: MailServerPaths;
  readonly listen?: MailServerListen;
  readonly internalPorts?: MailServerInternalPorts;
  readonly user?: MailServerUser;
  /**
   * Postfix's own unprivileged account and the group of its set-gid programs (Debian creates both).
   * @default { mailOwner: "postfix", setgidGroup: "postdrop" }
   */
  readonly postfix?: { readonly mailOwner: string; readonly setgidGroup: string };
  /**
   * A smarthost all outgoing mail goes through (a vendor's relay, or a test's sink); without it
   * Postfix delivers to each domain's MX itself.
   * @default - direct delivery
   */
  readonly relayHost?: RelayHost;
  /** @default 26214400 - 25 MiB, what most providers accept */
  readonly messageSizeLimitBytes?: number;
}

/** The config with every default decided, which the file builders read. */
export interface ResolvedMailServerConfig {
  readonly hostname: string;
  readonly domains: readonly MailDomainConfig[];
  readonly mailboxes: readonly (MailboxConfig & {
    readonly aliases: readonly string[];
    readonly receives: boolean;
  })[];
  readonly tls: { readonly certificateFile: string; readonly keyFile: string };
  readonly paths: MailServerPaths;
  readonly listen: Required<MailServerListen>;
  readonly internalPorts: Required<MailServerInternalPorts>;
  readonly user: Required<MailServerUser>;
  readonly postfix: { readonly mailOwner: string; readonly setgidGroup: string };
  readonly relayHost: RelayHost | undefined;
  readonly messageSizeLimitBytes: number;
}

const SUBJECT = "mail server configuration";
const DOMAIN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const LOCAL_PART = /^[a-z0-9]([a-z0-9._+-]{0,62}[a-z0-9])?$/;
const SELECTOR = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
const NAME = /^[a-z_][a-z0-9_-]{0,31}$/;
const ABSOLUTE_PATH = /^\/[A-Za-z0-9._/-]*$/;
const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
/** `$6$`, an optional `rounds=N$`, a salt of up to 16 characters, then 86 characters of hash. */
const SHA512_CRYPT = /^\$6\$(rounds=\d{1,9}\$)?[./0-9A-Za-z]{1,16}\$[./0-9A-Za-z]{86}$/;

function isPort(value: number): boolean {
  return Number.isInteger(value) && value >= 1 && value <= 65535;
}

function isIpv4(value: string): boolean {
  const parts = IPV4.exec(value);
  return parts !== null && parts.slice(1).every((part) => Number(part) <= 255);
}

/** Splits `local@domain`; undefined when the address is not a plain, lower-case one. */
export function splitAddress(address: string): { local: string; domain: string } | undefined {
  const at = address.lastIndexOf("@");
  if (at <= 0) return undefined;
  const local = address.slice(0, at);
  const domain = address.slice(at + 1);
  return LOCAL_PART.test(local) && DOMAIN.test(domain) ? { local, domain } : undefined;
}

function guard(config: MailServerConfig, resolved: ResolvedMailServerConfig): Issue[] {
  const issues: Issue[] = [];
  const add = (field: string, value: unknown, rule: string, fix: string, secret = false) =>
    issues.push({ subject: SUBJECT, field, value, rule, fix, ...(secret ? { secret } : {}) });

  if (!DOMAIN.test(config.hostname))
    add(
      "hostname",
      config.hostname,
      "must be a lower-case DNS name",
      "Give a name like mail.gemeente.example.",
    );
  if (config.domains.length === 0)
    add(
      "domains",
      config.domains,
      "must hold at least one domain",
      "Add the domain the mailboxes belong to.",
    );
  const hosted = new Set<string>();
  config.domains.forEach((domain, i) => {
    if (!DOMAIN.test(domain.name))
      add(
        `domains[${i}].name`,
        domain.name,
        "must be a lower-case DNS name",
        "Give a name like gemeente.example.",
      );
    else if (hosted.has(domain.name))
      add(`domains[${i}].name`, domain.name, "must be listed once", "Remove the second entry.");
    hosted.add(domain.name);
    if (!SELECTOR.test(domain.dkimSelector))
      add(
        `domains[${i}].dkimSelector`,
        domain.dkimSelector,
        "must be one lower-case DNS label",
        "Use a selector like wissel2026.",
      );
    if (
      !/^-----BEGIN (RSA )?PRIVATE KEY-----\n[A-Za-z0-9+/=\n]+-----END (RSA )?PRIVATE KEY-----\n?$/.test(
        domain.dkimPrivateKeyPem,
      )
    )
      add(
        `domains[${i}].dkimPrivateKeyPem`,
        domain.dkimPrivateKeyPem,
        "must be one RSA private key in PEM",
        "Give the PEM of an RSA key, as generateDkimKey returns.",
        true,
      );
  });

  const owners = new Map<string, string>();
  const claim = (field: string, address: string, owner: string) => {
    const parts = splitAddress(address);
    if (parts === undefined)
      return add(
        field,
        address,
        "must be a lower-case address local@domain",
        "Write the address in lower case, without spaces or quotes.",
      );
    if (!hosted.has(parts.domain))
      return add(
        field,
        address,
        "must belong to a hosted domain",
        `Add ${parts.domain} to domains, or use an address of ${[...hosted].join(", ")}.`,
      );
    const previous = owners.get(address);
    if (previous !== undefined)
      return add(
        field,
        address,
        `is already taken by ${previous}`,
        "Give each address and alias to one mailbox only.",
      );
    owners.set(address, owner);
  };
  config.mailboxes.forEach((mailbox, i) => {
    claim(`mailboxes[${i}].address`, mailbox.address, mailbox.address);
    (mailbox.aliases ?? []).forEach((alias, j) =>
      claim(`mailboxes[${i}].aliases[${j}]`, alias, mailbox.address),
    );
    if (!SHA512_CRYPT.test(mailbox.passwordHash))
      add(
        `mailboxes[${i}].passwordHash`,
        mailbox.passwordHash,
        "must be a SHA512-CRYPT hash ($6$...)",
        "Hash the password with hashPassword; never pass the password itself.",
        true,
      );
    if (!Number.isSafeInteger(mailbox.quotaBytes) || mailbox.quotaBytes < 1)
      add(
        `mailboxes[${i}].quotaBytes`,
        mailbox.quotaBytes,
        "must be a whole number of bytes of at least 1",
        "Give the quota in bytes, e.g. 1073741824 for 1 GiB.",
      );
  });

  for (const [field, path] of [
    ["tls.certificateFile", config.tls.certificateFile],
    ["tls.keyFile", config.tls.keyFile],
    ["paths.configDirectory", config.paths.configDirectory],
    ["paths.secretsDirectory", config.paths.secretsDirectory],
    ["paths.dataDirectory", config.paths.dataDirectory],
    ["paths.runDirectory", config.paths.runDirectory],
  ] as const)
    if (!ABSOLUTE_PATH.test(path))
      add(
        field,
        path,
        "must be an absolute path of letters, digits and ._/-",
        "Use a plain absolute path such as /etc/wissel-mail.",
      );

  if (!isIpv4(resolved.listen.address))
    add(
      "listen.address",
      resolved.listen.address,
      "must be an IPv4 address",
      "Use 0.0.0.0 for every interface, or one address such as 127.0.0.1.",
    );
  const ports: [string, number][] = [
    ["listen.smtpPort", resolved.listen.smtpPort],
    ["listen.submissionPort", resolved.listen.submissionPort],
    ["listen.imapsPort", resolved.listen.imapsPort],
    ["internalPorts.lmtp", resolved.internalPorts.lmtp],
    ["internalPorts.auth", resolved.internalPorts.auth],
    ["internalPorts.quotaStatus", resolved.internalPorts.quotaStatus],
    ["internalPorts.dkim", resolved.internalPorts.dkim],
    ...(resolved.relayHost
      ? [["relayHost.port", resolved.relayHost.port] as [string, number]]
      : []),
  ];
  const used = new Map<number, string>();
  for (const [field, port] of ports) {
    if (!isPort(port))
      add(field, port, "must be a port from 1 to 65535", "Give a whole number port.");
    const other = used.get(port);
    if (other !== undefined && field !== "relayHost.port")
      add(field, port, `is already used by ${other}`, "Give every service its own port.");
    used.set(port, field);
  }
  if (
    resolved.relayHost &&
    !DOMAIN.test(resolved.relayHost.host) &&
    !isIpv4(resolved.relayHost.host)
  )
    add(
      "relayHost.host",
      resolved.relayHost.host,
      "must be a DNS name or an IPv4 address",
      "Give the smarthost's name or address.",
    );
  const credentials = resolved.relayHost?.credentials;
  if (credentials !== undefined) {
    if (!/^[^\s:]{1,256}$/.test(credentials.username))
      add(
        "relayHost.credentials.username",
        credentials.username,
        "must be 1 to 256 characters without spaces or ':'",
        "Give the smarthost's SMTP user name.",
      );
    if (!/^\S{1,512}$/.test(credentials.password))
      add(
        "relayHost.credentials.password",
        "(secret)",
        "must be 1 to 512 characters without spaces or line breaks",
        "Give the smarthost's SMTP password as issued.",
        true,
      );
  }
  for (const [field, name] of [
    ["user.name", resolved.user.name],
    ["user.group", resolved.user.group],
    ["postfix.mailOwner", resolved.postfix.mailOwner],
    ["postfix.setgidGroup", resolved.postfix.setgidGroup],
  ] as const)
    if (!NAME.test(name))
      add(field, name, "must be a POSIX user or group name", "Use a name like vmail.");
  for (const [field, id] of [
    ["user.uid", resolved.user.uid],
    ["user.gid", resolved.user.gid],
  ] as const)
    if (!Number.isSafeInteger(id) || id < 1)
      add(
        field,
        id,
        "must be a whole number above 0 (never root)",
        "Run the mail processes as an unprivileged id such as 5000.",
      );
  if (
    !Number.isSafeInteger(resolved.messageSizeLimitBytes) ||
    resolved.messageSizeLimitBytes < 1024
  )
    add(
      "messageSizeLimitBytes",
      resolved.messageSizeLimitBytes,
      "must be a whole number of at least 1024",
      "Give the limit in bytes.",
    );
  return issues;
}

/** Fills the defaults and checks the config; throws one WisselError listing every problem. */
export function resolveMailServerConfig(config: MailServerConfig): ResolvedMailServerConfig {
  const resolved: ResolvedMailServerConfig = {
    hostname: config.hostname,
    domains: config.domains,
    mailboxes: config.mailboxes.map((mailbox) => ({
      ...mailbox,
      aliases: mailbox.aliases ?? [],
      receives: mailbox.receives ?? true,
    })),
    tls: config.tls,
    paths: config.paths,
    listen: {
      address: "0.0.0.0",
      smtpPort: 25,
      submissionPort: 587,
      imapsPort: 993,
      ...config.listen,
    },
    internalPorts: {
      lmtp: 24,
      auth: 12345,
      quotaStatus: 12340,
      dkim: 8891,
      ...config.internalPorts,
    },
    user: { name: "vmail", group: "vmail", uid: 5000, gid: 5000, ...config.user },
    postfix: config.postfix ?? { mailOwner: "postfix", setgidGroup: "postdrop" },
    relayHost: config.relayHost,
    messageSizeLimitBytes: config.messageSizeLimitBytes ?? 26_214_400,
  };
  const issues = guard(config, resolved);
  if (issues.length > 0) throw new WisselError(issues);
  return resolved;
}
