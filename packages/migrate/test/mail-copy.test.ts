/**
 * The mailbox copy step on real servers: two of Debian's Dovecot (each with its Postfix and
 * OpenDKIM, from the mail server's own configuration) on free loopback ports, and
 * `wissel-mail-copy` run with exactly the command and environment `mailboxCopy` produces. After
 * `copy` the target holds the source's folders, messages (by Message-ID, and by bytes for one
 * without) and flags, and `check` passes; a second `copy` appends nothing; after a flag changes on
 * the source, `check` fails naming it, and the next `copy` brings the target up to date.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { ImapFlow } from "imapflow";
import { mailboxCheck, mailboxCopy, mailboxSync, type MailboxEnd } from "@wissel/migrate";
import {
  MAIL_SERVER_SETUP_FIX,
  MailServer,
  missingMailServerBinaries,
  type MailServerLayout,
} from "@wissel/testing";
import { generateDkimKey } from "../../kubernetes/src/mail/dkim";
import { mailServerFiles } from "../../kubernetes/src/mail/files";
import { generatePassword, hashPassword } from "../../kubernetes/src/mail/passwords";
import { assertNoSecretShown, runCopyCommand, runCopySteps } from "./run";

jest.setTimeout(60_000);

const missing = missingMailServerBinaries();
const inCi = process.env["CI"] === "true" || process.env["CI"] === "1";
const suite = missing.length > 0 && !inCi ? describe.skip : describe;

const DOMAIN = "meldingen.example";
const ADDRESS = `meldingen@${DOMAIN}`;
const PROGRAM = [process.execPath, resolve(__dirname, "../dist/bin/mail-copy.js")];

/** What the source mailbox holds before the copy: folder, Message-ID, flags. */
const SEEDED = [
  { folder: "INBOX", id: "<melding-1@bewoners.example>", flags: ["\\Seen"] },
  { folder: "INBOX", id: "<melding-2@bewoners.example>", flags: ["\\Flagged", "$Forwarded"] },
  { folder: "INBOX", id: undefined, flags: [] },
  { folder: "Archief", id: "<melding-0@bewoners.example>", flags: ["\\Seen", "\\Answered"] },
  { folder: "Archief/2025", id: "<melding-oud@bewoners.example>", flags: ["\\Seen"] },
] as const;

async function startServer(password: string) {
  const layout = await MailServer.prepare();
  const files = mailServerFiles({
    hostname: "mail.meldingen.example",
    domains: [{ name: DOMAIN, dkimSelector: "wissel", dkimPrivateKeyPem: generateDkimKey() }],
    mailboxes: [{ address: ADDRESS, passwordHash: hashPassword(password), quotaBytes: 1024 ** 3 }],
    tls: layout.tls,
    paths: layout.paths,
    listen: layout.listen,
    internalPorts: layout.internalPorts,
    user: layout.user,
    postfix: layout.postfix,
  });
  return { layout, server: await MailServer.start(layout, files) };
}

function end(layout: MailServerLayout, password: string): MailboxEnd {
  return {
    address: ADDRESS,
    imapHost: "127.0.0.1",
    imapPort: layout.listen.imapsPort,
    username: ADDRESS,
    password,
  };
}

async function session<T>(
  layout: MailServerLayout,
  password: string,
  body: (imap: ImapFlow) => Promise<T>,
): Promise<T> {
  const imap = new ImapFlow({
    host: "127.0.0.1",
    port: layout.listen.imapsPort,
    secure: true,
    tls: { ca: [layout.caCertificate] },
    auth: { user: ADDRESS, pass: password },
    logger: false,
  });
  await imap.connect();
  try {
    return await body(imap);
  } finally {
    await imap.logout();
  }
}

/** Every message by folder (with `/` as the delimiter): Message-ID (or subject) and its flags. */
async function contents(layout: MailServerLayout, password: string) {
  return session(layout, password, async (imap) => {
    const result: Record<string, string[]> = {};
    for (const folder of await imap.list()) {
      const lock = await imap.getMailboxLock(folder.path, { readOnly: true });
      try {
        const lines: string[] = [];
        for await (const m of imap.fetch("1:*", { envelope: true, flags: true }))
          lines.push(
            `${m.envelope?.messageId ?? m.envelope?.subject ?? "?"} ${[...(m.flags ?? [])]
              .filter((f) => f !== "\\Recent")
              .sort()
              .join(" ")}`,
          );
        result[folder.path.split(folder.delimiter).join("/")] = lines.sort();
      } finally {
        lock.release();
      }
    }
    return result;
  });
}

suite("the mailbox copy step between two real Dovecot servers", () => {
  const sourcePassword = generatePassword();
  const targetPassword = generatePassword();
  let source: Awaited<ReturnType<typeof startServer>>;
  let target: Awaited<ReturnType<typeof startServer>>;
  let home: string;
  let caFile: string;

  beforeAll(async () => {
    if (missing.length > 0)
      throw new Error(`CI=true, but ${missing.join(", ")} are missing. ${MAIL_SERVER_SETUP_FIX}`);
    [source, target] = await Promise.all([
      startServer(sourcePassword),
      startServer(targetPassword),
    ]);
    home = mkdtempSync(join(tmpdir(), "wissel-mail-copy-"));
    // One CA per server layout; the copier trusts both through one file.
    caFile = join(home, "ca.pem");
    writeFileSync(caFile, `${source.layout.caCertificate}\n${target.layout.caCertificate}\n`);
    await session(source.layout, sourcePassword, async (imap) => {
      const delimiter = (await imap.list())[0]?.delimiter ?? "/";
      await imap.mailboxCreate(["Archief"]);
      await imap.mailboxCreate(["Archief", "2025"]);
      for (const [i, message] of SEEDED.entries()) {
        const headers = [
          `From: bewoner${i}@bewoners.example`,
          `To: ${ADDRESS}`,
          `Subject: Melding ${i}`,
          `Date: Mon, 1 Dec 2025 10:0${i}:00 +0100`,
          ...(message.id !== undefined ? [`Message-ID: ${message.id}`] : []),
        ];
        await imap.append(
          message.folder.split("/").join(delimiter),
          `${headers.join("\r\n")}\r\n\r\nEr ligt afval bij nummer ${i}.\r\n`,
          [...message.flags],
          new Date(Date.UTC(2025, 11, 1, 9, i)),
        );
      }
    });
  });

  afterAll(async () => {
    await Promise.allSettled([source?.server.stop(), target?.server.stop()]);
    if (home !== undefined) rmSync(home, { recursive: true, force: true });
  });

  const from = () => end(source.layout, sourcePassword);
  const to = () => end(target.layout, targetPassword);
  const options = () => ({ program: PROGRAM, caCertificateFile: caFile });

  it("copies every folder, message and flag, keeps the Message-IDs, and then checks equal", async () => {
    const steps = mailboxCopy(from(), to(), options());
    const results = await runCopySteps(steps, { home });
    expect(results.map((r) => [r.name, r.result.code])).toEqual([
      ["copy", 0],
      ["check", 0],
    ]);
    for (const [i, step] of steps.commands.entries())
      assertNoSecretShown(step, `${results[i]!.result.stdout}${results[i]!.result.stderr}`);
    const copied = await contents(target.layout, targetPassword);
    expect(copied).toEqual(await contents(source.layout, sourcePassword));
    // The server's own special-use folders (Drafts, Sent, …) are there on both sides, empty.
    expect(Object.keys(copied)).toEqual(
      expect.arrayContaining(["Archief", "Archief/2025", "INBOX"]),
    );
    expect(Object.values(copied).flat()).toHaveLength(SEEDED.length);
    expect(copied["INBOX"]).toContain("<melding-2@bewoners.example> $Forwarded \\Flagged");
    expect(copied["INBOX"]).toContain("Melding 2 ");
  });

  it("appends nothing on a second copy", async () => {
    const result = await runCopyCommand(mailboxSync(from(), to(), options()), { home });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain("copied: 0 messages appended, 0 messages' flags set");
    expect(Object.values(await contents(target.layout, targetPassword)).flat()).toHaveLength(
      SEEDED.length,
    );
  });

  it("fails the check after a flag changes on the source, and the next copy mends it", async () => {
    await session(source.layout, sourcePassword, async (imap) => {
      const lock = await imap.getMailboxLock("INBOX");
      try {
        const found = await imap.search({
          header: { "message-id": "<melding-1@bewoners.example>" },
        });
        expect(found).not.toBe(false);
        await imap.messageFlagsAdd(found as number[], ["\\Flagged"]);
      } finally {
        lock.release();
      }
    });
    const check = await runCopyCommand(mailboxCheck(from(), to(), options()), { home });
    expect(check.code).toBe(1);
    expect(check.stderr).toContain("INBOX: <melding-1@bewoners.example> has flags [\\Seen]");
    const results = await runCopySteps(mailboxCopy(from(), to(), options()), { home });
    expect(results.map((r) => [r.name, r.result.code])).toEqual([
      ["copy", 0],
      ["check", 0],
    ]);
    expect(results[0]!.result.stderr).toContain("0 messages appended, 1 messages' flags set");
  });

  it("refuses a wrong password without echoing it", async () => {
    const wrong = { ...to(), password: `${targetPassword}-wrong` };
    const step = mailboxSync(from(), wrong, options());
    const result = await runCopyCommand(step, { home });
    expect(result.code).toBe(2);
    assertNoSecretShown(step, `${result.stdout}${result.stderr}`);
  });
});
