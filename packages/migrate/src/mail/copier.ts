/**
 * The copier behind `wissel-mail-copy`: one mailbox over IMAP into another, with imapflow. Reads
 * both ends from `MAIL_COPY_ENV`'s variables; writes progress, never a password, to stderr.
 *
 * `copy` creates each folder the source has (its path translated to the target's hierarchy
 * delimiter), appends every message the target's folder lacks with its flags and received date,
 * and sets the flags of those it has. `check` lists each side's messages by folder with their
 * flags and fails on any difference. Messages are matched by Message-ID, or by their bytes'
 * SHA-256 where they have none; `\Recent` is the server's own and is never copied.
 */
import { createHash } from "node:crypto";
import { ImapFlow, type FetchMessageObject } from "imapflow";
import { MAIL_COPY_ENV } from "../mail";

type End = "SOURCE" | "TARGET";

/** One message as the copy sees it: its key, its flags, and how to fetch it. */
interface MessageEntry {
  readonly key: string;
  readonly uid: number;
  readonly flags: readonly string[];
}

/** One folder of one side: its path there and its messages by key. */
interface FolderEntry {
  /** The path as segments, independent of the server's delimiter. */
  readonly segments: readonly string[];
  readonly path: string;
  readonly messages: Map<string, MessageEntry>;
}

function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (value === undefined || value === "")
    throw new Error(`wissel-mail-copy: ${name} is not set; the copy step's environment sets it.`);
  return value;
}

function client(env: NodeJS.ProcessEnv, end: End): ImapFlow {
  return new ImapFlow({
    host: required(env, MAIL_COPY_ENV.host(end)),
    port: Number(required(env, MAIL_COPY_ENV.port(end))),
    // A binding's IMAP is IMAPS: TLS from the first byte, the certificate verified.
    secure: true,
    auth: {
      user: required(env, MAIL_COPY_ENV.user(end)),
      pass: required(env, MAIL_COPY_ENV.password(end)),
    },
    logger: false,
  });
}

function settableFlags(flags: ReadonlySet<string> | undefined): string[] {
  return [...(flags ?? [])].filter((flag) => flag !== "\\Recent").sort();
}

function sha256(source: Buffer): string {
  return `sha256:${createHash("sha256").update(source).digest("hex")}`;
}

/** Every selectable folder of a side, with its messages. */
async function folders(imap: ImapFlow): Promise<FolderEntry[]> {
  const listed = (await imap.list()).filter((f) => !f.flags.has("\\Noselect"));
  const result: FolderEntry[] = [];
  for (const folder of listed) {
    const lock = await imap.getMailboxLock(folder.path, { readOnly: true });
    try {
      const messages = new Map<string, MessageEntry>();
      const found: FetchMessageObject[] = [];
      for await (const message of imap.fetch("1:*", { uid: true, flags: true, envelope: true }))
        found.push(message);
      for (const message of found) {
        let key = message.envelope?.messageId;
        if (key === undefined || key === "") {
          const full = await imap.fetchOne(String(message.uid), { source: true }, { uid: true });
          key =
            full !== false && full.source !== undefined
              ? sha256(full.source)
              : `uid:${message.uid}`;
        }
        messages.set(key, { key, uid: message.uid, flags: settableFlags(message.flags) });
      }
      const segments =
        folder.delimiter === "" ? [folder.path] : folder.path.split(folder.delimiter);
      result.push({ segments, path: folder.path, messages });
    } finally {
      lock.release();
    }
  }
  return result;
}

const joined = (segments: readonly string[]) => segments.join("/");

/**
 * Runs `work` with both ends connected, and logs both out afterwards, also when the second end
 * fails to connect.
 */
async function withBoth<T>(
  env: NodeJS.ProcessEnv,
  work: (source: ImapFlow, target: ImapFlow) => Promise<T>,
): Promise<T> {
  const source = client(env, "SOURCE");
  const target = client(env, "TARGET");
  try {
    await source.connect();
    await target.connect();
    return await work(source, target);
  } finally {
    await Promise.allSettled([source.logout(), target.logout()]);
  }
}

/** Copies what the target lacks; returns the number of messages appended and flags set. */
export async function copyMailbox(
  env: NodeJS.ProcessEnv,
  log: (line: string) => void,
): Promise<{ appended: number; flagged: number }> {
  return withBoth(env, async (source, target) => {
    const from = await folders(source);
    const delimiter = (await target.list())[0]?.delimiter || "/";
    const existing = new Map((await folders(target)).map((f) => [joined(f.segments), f]));
    let appended = 0;
    let flagged = 0;
    for (const folder of from) {
      const path =
        folder.segments.length === 1 && folder.segments[0]!.toUpperCase() === "INBOX"
          ? "INBOX"
          : folder.segments.join(delimiter);
      const there = existing.get(joined(folder.segments));
      if (there === undefined && path !== "INBOX") await target.mailboxCreate(path);
      const have = there?.messages ?? new Map<string, MessageEntry>();
      let done = 0;
      const lock = await source.getMailboxLock(folder.path, { readOnly: true });
      try {
        for (const message of folder.messages.values()) {
          const present = have.get(message.key);
          if (present === undefined) {
            const full = await source.fetchOne(
              String(message.uid),
              { source: true, internalDate: true },
              { uid: true },
            );
            if (full === false || full.source === undefined)
              throw new Error(
                `wissel-mail-copy: message ${message.uid} of ${folder.path} vanished during the copy`,
              );
            await target.append(path, full.source, [...message.flags], full.internalDate);
            appended++;
          } else if (present.flags.join(" ") !== message.flags.join(" ")) {
            const targetLock = await target.getMailboxLock(there!.path);
            try {
              await target.messageFlagsSet(String(present.uid), [...message.flags], { uid: true });
            } finally {
              targetLock.release();
            }
            flagged++;
          }
          done++;
          if (done % 500 === 0) log(`${folder.path}: ${done}/${folder.messages.size}`);
        }
      } finally {
        lock.release();
      }
      log(`${folder.path}: ${folder.messages.size} messages`);
    }
    return { appended, flagged };
  });
}

/** The differences between the two sides, one line each; empty when they hold the same mail. */
export async function checkMailbox(env: NodeJS.ProcessEnv): Promise<string[]> {
  return withBoth(env, async (source, target) => {
    const from = await folders(source);
    const to = new Map((await folders(target)).map((f) => [joined(f.segments), f]));
    const problems: string[] = [];
    for (const folder of from) {
      const there = to.get(joined(folder.segments));
      if (there === undefined) {
        problems.push(`folder ${folder.path} is missing on the target`);
        continue;
      }
      for (const message of folder.messages.values()) {
        const copy = there.messages.get(message.key);
        if (copy === undefined) problems.push(`${folder.path}: ${message.key} is missing`);
        else if (copy.flags.join(" ") !== message.flags.join(" "))
          problems.push(
            `${folder.path}: ${message.key} has flags [${copy.flags.join(" ")}], not [${message.flags.join(" ")}]`,
          );
      }
      if (there.messages.size !== folder.messages.size)
        problems.push(
          `${folder.path}: ${folder.messages.size} messages on the source, ${there.messages.size} on the target`,
        );
    }
    return problems;
  });
}
