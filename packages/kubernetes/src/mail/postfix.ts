/**
 * Postfix (3.5 or newer): `main.cf`, `master.cf` and the lookup tables, as text. Every hosted address
 * is a virtual mailbox delivered through Dovecot's LMTP; nothing is delivered to local Unix users.
 *
 * Port 25 takes mail for the hosted domains only (`reject_unauth_destination`, no `permit_mynetworks`
 * anywhere, so not even a neighbour on the same network can relay). Submission (587) takes mail only
 * over STARTTLS and only from a client that logged in through Dovecot's auth service, and only with
 * an envelope sender that login owns (`reject_sender_login_mismatch`). Before accepting a
 * recipient Postfix asks Dovecot's quota-status service, so a message the mailbox has no room for
 * (by the client's declared SIZE) is refused in the SMTP dialogue, not bounced later. Tables are `texthash:`, read from the text
 * as it is: no `postmap` step, so the files in a ConfigMap are the files Postfix reads.
 */
import { splitAddress, type ResolvedMailServerConfig } from "./config";

/** The lookup tables' file names, in the configuration directory. */
export const POSTFIX_TABLES = {
  virtualMailboxes: "virtual-mailboxes",
  virtualAliases: "virtual-aliases",
  senderLogins: "sender-logins",
  hostedSenders: "hosted-senders",
} as const;

function table(config: ResolvedMailServerConfig, name: string): string {
  return `texthash:${config.paths.configDirectory}/${name}`;
}

function lines(entries: readonly (readonly [string, string])[]): string {
  return entries.map(([key, value]) => `${key} ${value}`).join("\n") + "\n";
}

/**
 * `virtual_mailbox_maps`: each address that receives (its value is unused; Dovecot finds the
 * mailbox). A send-only address is missing, so mail to it is refused as an unknown user.
 */
export function virtualMailboxMap(config: ResolvedMailServerConfig): string {
  return lines(
    config.mailboxes.filter((m) => m.receives).map((mailbox) => [mailbox.address, "OK"]),
  );
}

/** `virtual_alias_maps`: each alias to the mailbox it belongs to. */
export function virtualAliasMap(config: ResolvedMailServerConfig): string {
  return lines(
    config.mailboxes.flatMap((mailbox) =>
      mailbox.aliases.map((alias): [string, string] => [alias, mailbox.address]),
    ),
  );
}

/** `smtpd_sender_login_maps`: which login may use which envelope sender (its address and aliases). */
export function senderLoginMap(config: ResolvedMailServerConfig): string {
  return lines(
    config.mailboxes.flatMap((mailbox) =>
      [mailbox.address, ...mailbox.aliases].map((address): [string, string] => [
        address,
        mailbox.address,
      ]),
    ),
  );
}

/**
 * For port 25's `check_sender_access`: a sender address of a hosted domain is refused there, where
 * nobody logs in; our users send through submission. (`reject_unauthenticated_sender_login_mismatch`
 * would say the same, but Postfix only applies it where SASL is on, and port 25 offers no AUTH.)
 */
export function hostedSenderMap(config: ResolvedMailServerConfig): string {
  return lines(
    config.domains.map((domain): [string, string] => [
      domain.name,
      "REJECT 5.7.1 Mail from this domain is sent through submission (port 587), logged in",
    ]),
  );
}

/** The file, in the secrets directory, of the smarthost's login: Postfix's `smtp_sasl_password_maps`. */
export const RELAY_PASSWORD_FILE = "relay-password";

/** `[host]:port`, as `relayhost` and the password map name the smarthost. */
function relayDestination(relay: NonNullable<ResolvedMailServerConfig["relayHost"]>): string {
  return `[${relay.host}]:${relay.port}`;
}

/** The password map: `[host]:port user:password`. Secret. */
export function relayPasswordMap(config: ResolvedMailServerConfig): string | undefined {
  const relay = config.relayHost;
  if (relay?.credentials === undefined) return undefined;
  const { username, password } = relay.credentials;
  return `${relayDestination(relay)} ${username}:${password}\n`;
}

/** `relayhost`, and with a login, AUTH over TLS that must verify and never falls back to clear text. */
function relayLines(config: ResolvedMailServerConfig): [string, string][] {
  const relay = config.relayHost;
  if (relay === undefined) return [];
  const lines: [string, string][] = [["relayhost", relayDestination(relay)]];
  if (relay.credentials === undefined) return lines;
  return [
    ...lines,
    ["smtp_sasl_auth_enable", "yes"],
    ["smtp_sasl_password_maps", `texthash:${config.paths.secretsDirectory}/${RELAY_PASSWORD_FILE}`],
    ["smtp_sasl_security_options", "noanonymous"],
    ["smtp_sasl_tls_security_options", "noanonymous"],
    ["smtp_tls_security_level", "secure"],
    ["smtp_tls_CAfile", "/etc/ssl/certs/ca-certificates.crt"],
  ];
}

/** `main.cf`. */
export function postfixMainCf(config: ResolvedMailServerConfig): string {
  const { paths, internalPorts, listen } = config;
  const policy = `check_policy_service inet:127.0.0.1:${internalPorts.quotaStatus}`;
  const domains = [...new Set(config.domains.map((domain) => domain.name))];
  const postmaster = config.mailboxes.find((m) => splitAddress(m.address)?.local === "postmaster");
  const settings: [string, string][] = [
    ["compatibility_level", "3.6"],
    ["myhostname", config.hostname],
    ["myorigin", "$myhostname"],
    // No local delivery and no local aliases: every address is a virtual mailbox.
    ["mydestination", ""],
    ["local_recipient_maps", ""],
    ["local_transport", "error:5.1.1 local delivery is disabled"],
    ["alias_maps", ""],
    ["alias_database", ""],
    // Trusted by nothing below: no restriction says permit_mynetworks.
    ["mynetworks", "127.0.0.1/32"],
    ["inet_interfaces", listen.address === "0.0.0.0" ? "all" : listen.address],
    ["inet_protocols", "ipv4"],
    ["queue_directory", `${paths.dataDirectory}/postfix/queue`],
    ["data_directory", `${paths.dataDirectory}/postfix/data`],
    ["mail_owner", config.postfix.mailOwner],
    ["setgid_group", config.postfix.setgidGroup],
    // Through postlogd (master.cf) to the master's standard output: the container's log.
    ["maillog_file", "/dev/stdout"],
    ["smtpd_banner", "$myhostname ESMTP"],
    ["biff", "no"],
    ["append_dot_mydomain", "no"],
    ["disable_vrfy_command", "yes"],
    ["smtpd_helo_required", "yes"],
    ["message_size_limit", String(config.messageSizeLimitBytes)],
    ["mailbox_size_limit", "0"],
    ["recipient_delimiter", "+"],
    ...(postmaster ? [["2bounce_notice_recipient", postmaster.address] as [string, string]] : []),

    ["virtual_mailbox_domains", domains.join(", ")],
    ["virtual_mailbox_maps", table(config, POSTFIX_TABLES.virtualMailboxes)],
    ["virtual_alias_maps", table(config, POSTFIX_TABLES.virtualAliases)],
    ["virtual_transport", `lmtp:inet:127.0.0.1:${internalPorts.lmtp}`],
    ["smtpd_sender_login_maps", table(config, POSTFIX_TABLES.senderLogins)],
    ...relayLines(config),

    ["smtpd_tls_cert_file", config.tls.certificateFile],
    ["smtpd_tls_key_file", config.tls.keyFile],
    ["smtpd_tls_security_level", "may"],
    // Never offer AUTH on a connection without TLS.
    ["smtpd_tls_auth_only", "yes"],
    ["smtpd_tls_protocols", ">=TLSv1.2"],
    ["smtpd_tls_mandatory_protocols", ">=TLSv1.2"],
    ["smtpd_tls_received_header", "yes"],
    ["smtpd_tls_loglevel", "1"],
    ["smtp_tls_security_level", "may"],
    ["smtp_tls_protocols", ">=TLSv1.2"],
    ["smtp_tls_loglevel", "1"],
    ["tls_ssl_options", "NO_RENEGOTIATION"],

    // SASL through Dovecot; switched on for submission only (master.cf).
    ["smtpd_sasl_auth_enable", "no"],
    ["smtpd_sasl_type", "dovecot"],
    ["smtpd_sasl_path", `inet:127.0.0.1:${internalPorts.auth}`],
    ["smtpd_sasl_security_options", "noanonymous, noplaintext"],
    ["smtpd_sasl_tls_security_options", "noanonymous"],
    ["smtpd_sasl_authenticated_header", "no"],
    ["broken_sasl_auth_clients", "no"],

    // Port 25: mail for the hosted domains only, never with a sender address of ours unless logged in.
    ["smtpd_relay_restrictions", "reject_unauth_destination"],
    [
      "smtpd_sender_restrictions",
      `reject_non_fqdn_sender, check_sender_access ${table(config, POSTFIX_TABLES.hostedSenders)}`,
    ],
    // quota-status answers at RCPT: it refuses a full mailbox, and a message whose declared SIZE
    // does not fit. A client that declares no size is refused by LMTP's own check at delivery.
    [
      "smtpd_recipient_restrictions",
      `reject_non_fqdn_recipient, reject_unlisted_recipient, ${policy}`,
    ],

    // DKIM signing is a submission-only milter (master.cf); if it is down, mail waits, unsigned mail never leaves.
    ["smtpd_milters", ""],
    ["non_smtpd_milters", ""],
    ["milter_default_action", "tempfail"],
    ["milter_protocol", "6"],
  ];
  return (
    "# Postfix main.cf, generated by Wissel.\n" +
    settings.map(([key, value]) => (value === "" ? `${key} =` : `${key} = ${value}`)).join("\n") +
    "\n"
  );
}

function bind(config: ResolvedMailServerConfig, port: number): string {
  return config.listen.address === "0.0.0.0" ? String(port) : `${config.listen.address}:${port}`;
}

/**
 * `master.cf`. No service is chrooted (the container is the confinement, and a chroot would need
 * copies of /etc files in the queue directory); every daemon but the master runs as `mail_owner`.
 */
export function postfixMasterCf(config: ResolvedMailServerConfig): string {
  const service = (
    name: string,
    type: "inet" | "unix" | "unix-dgram",
    priv: "n" | "-",
    wakeup: string,
    maxproc: string,
    command: string,
    options: readonly string[] = [],
  ) =>
    [
      [name, type, priv, "-", "n", wakeup, maxproc, command].join(" "),
      ...options.map((option) => `  -o ${option}`),
    ].join("\n");
  const services = [
    service(bind(config, config.listen.smtpPort), "inet", "n", "-", "-", "smtpd"),
    service(bind(config, config.listen.submissionPort), "inet", "n", "-", "-", "smtpd", [
      "syslog_name=postfix/submission",
      "smtpd_tls_security_level=encrypt",
      "smtpd_sasl_auth_enable=yes",
      "smtpd_client_restrictions=permit_sasl_authenticated,reject",
      "smtpd_sender_restrictions=reject_non_fqdn_sender,reject_sender_login_mismatch,permit_sasl_authenticated,reject",
      "smtpd_relay_restrictions=permit_sasl_authenticated,reject",
      `smtpd_milters=inet:127.0.0.1:${config.internalPorts.dkim}`,
      "milter_macro_daemon_name=ORIGINATING",
    ]),
    service("pickup", "unix", "n", "60", "1", "pickup"),
    service("cleanup", "unix", "n", "-", "0", "cleanup"),
    service("qmgr", "unix", "n", "300", "1", "qmgr"),
    service("tlsmgr", "unix", "-", "1000?", "1", "tlsmgr"),
    service("rewrite", "unix", "-", "-", "-", "trivial-rewrite"),
    service("bounce", "unix", "-", "-", "0", "bounce"),
    service("defer", "unix", "-", "-", "0", "bounce"),
    service("trace", "unix", "-", "-", "0", "bounce"),
    service("verify", "unix", "-", "-", "1", "verify"),
    service("flush", "unix", "n", "1000?", "0", "flush"),
    service("proxymap", "unix", "-", "-", "-", "proxymap"),
    service("proxywrite", "unix", "-", "-", "1", "proxymap"),
    service("smtp", "unix", "-", "-", "-", "smtp"),
    service("relay", "unix", "-", "-", "-", "smtp"),
    service("showq", "unix", "n", "-", "-", "showq"),
    service("error", "unix", "-", "-", "-", "error"),
    service("retry", "unix", "-", "-", "-", "error"),
    service("discard", "unix", "-", "-", "-", "discard"),
    service("lmtp", "unix", "-", "-", "-", "lmtp"),
    service("anvil", "unix", "-", "-", "1", "anvil"),
    service("scache", "unix", "-", "-", "1", "scache"),
    service("postlog", "unix-dgram", "n", "-", "1", "postlogd"),
  ];
  return (
    "# Postfix master.cf, generated by Wissel.\n" +
    "# service type private unpriv chroot wakeup maxproc command\n" +
    services.join("\n") +
    "\n"
  );
}
