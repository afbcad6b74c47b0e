/**
 * The mailbox copy step: every folder, message and flag of the old mailbox copied over IMAP into
 * the new one by `wissel-mail-copy copy` (this package's copier, on imapflow), then compared by
 * `wissel-mail-copy check`. Both ends are read from environment variables only, the passwords
 * among them, so neither appears on a command line.
 *
 * A message is the same message on both sides when its Message-ID is (or, without one, its bytes'
 * SHA-256): a re-run, such as the final copy at cutover, appends only what arrived since and
 * brings the flags up to date, and never copies a message twice.
 */
import { CopyStepError, secretNames, type CopyCommand, type CopySteps } from "./step";

/** What the copy needs of a mailbox's binding (`MailboxBinding` of `@wissel/core`). */
export interface MailboxEnd {
  readonly address: string;
  /** Absent on a send-only mailbox, which has no mail to copy. */
  readonly imapHost?: string;
  readonly imapPort?: number;
  readonly username: string;
  readonly password: string;
}

/** How the copy runs. */
export interface MailCopyOptions {
  /**
   * The copier's command: where the runner has `@wissel/migrate`'s bin.
   * @default ["wissel-mail-copy"]
   */
  readonly program?: readonly string[];
  /**
   * A PEM file of the CA that signed the servers' certificates, for servers with a private CA.
   * Node's `NODE_EXTRA_CA_CERTS`: added to the system's roots.
   * @default - the system's roots
   */
  readonly caCertificateFile?: string;
}

/** The variables of one end: `WISSEL_MAIL_<SOURCE|TARGET>_<HOST|PORT|USER|PASSWORD>`. */
export const MAIL_COPY_ENV = {
  host: (end: "SOURCE" | "TARGET") => `WISSEL_MAIL_${end}_HOST`,
  port: (end: "SOURCE" | "TARGET") => `WISSEL_MAIL_${end}_PORT`,
  user: (end: "SOURCE" | "TARGET") => `WISSEL_MAIL_${end}_USER`,
  password: (end: "SOURCE" | "TARGET") => `WISSEL_MAIL_${end}_PASSWORD`,
} as const;

const SECRET = new Set([MAIL_COPY_ENV.password("SOURCE"), MAIL_COPY_ENV.password("TARGET")]);

function endEnv(role: "source" | "target", end: MailboxEnd): Record<string, string> {
  const name = role === "source" ? "SOURCE" : "TARGET";
  if (end.imapHost === undefined || end.imapPort === undefined)
    throw new CopyStepError(
      `Mailbox copy: the ${role} mailbox ${end.address} has no IMAP (imap: false), so it holds no mail to ${role === "source" ? "copy" : "receive"}. Copy only mailboxes with imap: true on both targets.`,
    );
  if (!Number.isInteger(end.imapPort) || end.imapPort < 1 || end.imapPort > 65535)
    throw new CopyStepError(
      `Mailbox copy: the ${role} mailbox ${end.address} has IMAP port ${end.imapPort}; a port is an integer from 1 to 65535.`,
    );
  return {
    [MAIL_COPY_ENV.host(name)]: end.imapHost,
    [MAIL_COPY_ENV.port(name)]: String(end.imapPort),
    [MAIL_COPY_ENV.user(name)]: end.username,
    [MAIL_COPY_ENV.password(name)]: end.password,
  };
}

function command(
  name: "copy" | "check",
  source: MailboxEnd,
  target: MailboxEnd,
  options: MailCopyOptions,
): CopyCommand {
  const env = {
    ...endEnv("source", source),
    ...endEnv("target", target),
    ...(options.caCertificateFile !== undefined
      ? { NODE_EXTRA_CA_CERTS: options.caCertificateFile }
      : {}),
  };
  const where = (e: MailboxEnd) => `${e.username}@${e.imapHost ?? ""}:${e.imapPort ?? ""}`;
  if (where(source) === where(target))
    throw new CopyStepError(
      `Mailbox copy: the source and the target are the same mailbox (${source.address} on ${source.imapHost ?? ""}); check the migration's from and the block's target.`,
    );
  return {
    name,
    command: [...(options.program ?? ["wissel-mail-copy"]), name],
    env,
    secretEnv: secretNames(env, SECRET),
  };
}

/** `wissel-mail-copy copy`: folders, messages (Message-IDs and dates kept) and flags, old → new. */
export function mailboxSync(
  source: MailboxEnd,
  target: MailboxEnd,
  options: MailCopyOptions = {},
): CopyCommand {
  return command("copy", source, target, options);
}

/** `wissel-mail-copy check`: fails unless every folder holds the same messages with the same flags. */
export function mailboxCheck(
  source: MailboxEnd,
  target: MailboxEnd,
  options: MailCopyOptions = {},
): CopyCommand {
  return command("check", source, target, options);
}

/** The whole step: copy, then check. */
export function mailboxCopy(
  source: MailboxEnd,
  target: MailboxEnd,
  options: MailCopyOptions = {},
): CopySteps {
  return {
    files: [],
    commands: [mailboxSync(source, target, options), mailboxCheck(source, target, options)],
  };
}
