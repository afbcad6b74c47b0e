/**
 * The mail server's configuration on the real programs: Debian's Dovecot, Postfix and OpenDKIM,
 * started on free loopback ports with exactly the files `mailServerFiles` produces (the harness
 * only chooses the ports, paths and accounts, and those go in through the config's input). Node
 * clients (imapflow, nodemailer, raw sockets) then prove logins, TLS, relay rules, delivery,
 * isolation, quota and DKIM; mailauth checks the signature against the TXT record `dkimTxtRecord`
 * made from the key.
 *
 * Without the binaries the suite is skipped on a developer's machine and fails under `CI=true`.
 */
import { connect, type Socket } from "node:net";
import { connect as tlsConnect } from "node:tls";
import { ImapFlow } from "imapflow";
import { dkimVerify } from "mailauth";
import { createTransport } from "nodemailer";
import SMTPConnection from "nodemailer/lib/smtp-connection";
import { SMTPServer } from "smtp-server";
import {
  MAIL_SERVER_SETUP_FIX,
  MailServer,
  missingMailServerBinaries,
  type MailServerLayout,
} from "@wissel/testing";
import { dkimRecordName, dkimTxtRecord, generateDkimKey } from "../src/mail/dkim";
import { mailServerFiles } from "../src/mail/files";
import { POSTFIX_CAPABILITIES, postfixCommand } from "../src/mail/pod";
import { generatePassword, hashPassword } from "../src/mail/passwords";

jest.setTimeout(30_000);

const missing = missingMailServerBinaries();
const inCi = process.env["CI"] === "true" || process.env["CI"] === "1";
// Skipped only on a developer's machine without the programs; CI must have them.
const suite = missing.length > 0 && !inCi ? describe.skip : describe;

const DOMAIN = "example.test";
const A = {
  address: `alice@${DOMAIN}`,
  alias: `meldingen@${DOMAIN}`,
  password: generatePassword(),
};
const B = { address: `bob@${DOMAIN}`, password: generatePassword() };
/** Alice's quota: room for the small messages of the tests, not for the large one. */
const A_QUOTA_BYTES = 64 * 1024;
const dkimKey = generateDkimKey();
const SELECTOR = "wissel2026";

/** What the sink (standing in for the Internet, as Postfix's relay host) received. */
const relayed: { from: string; to: string[]; raw: Buffer }[] = [];
let sink: SMTPServer;
let sinkPort: number;
let layout: MailServerLayout;
let server: MailServer;

function startSink(): Promise<number> {
  sink = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        relayed.push({
          from: session.envelope.mailFrom === false ? "" : session.envelope.mailFrom.address,
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          raw: Buffer.concat(chunks),
        });
        callback();
      });
    },
  });
  return new Promise((resolve) => {
    sink.listen(0, "127.0.0.1", () => {
      const address = sink.server.address();
      resolve(typeof address === "object" && address !== null ? address.port : 0);
    });
  });
}

function imap(user: string, pass: string): ImapFlow {
  return new ImapFlow({
    host: "127.0.0.1",
    port: layout.listen.imapsPort,
    secure: true,
    tls: { ca: [layout.caCertificate], servername: "localhost" },
    auth: { user, pass },
    logger: false,
  });
}

/** Opens IMAP as the user, runs `body`, logs out. */
async function asImapUser<T>(
  user: string,
  pass: string,
  body: (client: ImapFlow) => Promise<T>,
): Promise<T> {
  const client = imap(user, pass);
  await client.connect();
  try {
    return await body(client);
  } finally {
    await client.logout();
  }
}

function submission(auth?: { user: string; pass: string }) {
  return createTransport({
    host: "127.0.0.1",
    port: layout.listen.submissionPort,
    secure: false,
    requireTLS: true,
    tls: { ca: [layout.caCertificate], servername: "localhost" },
    ...(auth ? { auth } : {}),
  });
}

async function inboxCount(user: string, pass: string): Promise<number> {
  return asImapUser(user, pass, async (client) => {
    const status = await client.status("INBOX", { messages: true });
    return status === false ? -1 : (status.messages ?? 0);
  });
}

async function eventually(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting until ${what}.\n${server.log}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A plain-text SMTP or IMAP dialogue: sends each line after the previous reply, returns the replies. */
async function dialogue(socket: Socket, lines: readonly string[]): Promise<string[]> {
  const replies: string[] = [];
  let buffer = "";
  const next = () =>
    new Promise<string>((resolve) => {
      const done = () => {
        socket.off("data", onData);
        socket.off("close", done);
        const reply = buffer;
        buffer = "";
        resolve(reply);
      };
      const onData = (chunk: Buffer) => {
        buffer += chunk.toString("utf8");
        // An SMTP reply ends with "NNN text"; IMAP's with a tagged or untagged line. Wait for a full line.
        if (/(^|\n)\d{3} [^\n]*\r\n$/.test(buffer) || /(^|\n)(\*|a\d) [^\n]*\r\n$/.test(buffer))
          done();
      };
      socket.on("data", onData);
      socket.once("close", done);
      // A server that says nothing (a TLS port hearing plain text) answers with silence.
      setTimeout(done, 1500);
    });
  replies.push(await next());
  for (const line of lines) {
    if (socket.destroyed) break;
    socket.write(`${line}\r\n`);
    replies.push(await next());
  }
  socket.destroy();
  return replies;
}

function plainSocket(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: "127.0.0.1", port }, () => resolve(socket));
    socket.once("error", reject);
  });
}

suite("the mail server's configuration on Debian's Dovecot, Postfix and OpenDKIM", () => {
  beforeAll(async () => {
    if (missing.length > 0)
      throw new Error(
        `CI=true, but the mail-server test's programs are missing: ${missing.join(", ")}. ${MAIL_SERVER_SETUP_FIX}`,
      );
    sinkPort = await startSink();
    layout = await MailServer.prepare();
    const files = mailServerFiles({
      hostname: "mail.example.test",
      domains: [{ name: DOMAIN, dkimSelector: SELECTOR, dkimPrivateKeyPem: dkimKey }],
      mailboxes: [
        {
          address: A.address,
          passwordHash: hashPassword(A.password),
          quotaBytes: A_QUOTA_BYTES,
          aliases: [A.alias],
        },
        {
          address: B.address,
          passwordHash: hashPassword(B.password),
          quotaBytes: 10 * 1024 * 1024,
        },
      ],
      tls: layout.tls,
      paths: layout.paths,
      listen: layout.listen,
      internalPorts: layout.internalPorts,
      user: layout.user,
      postfix: layout.postfix,
      relayHost: { host: "127.0.0.1", port: sinkPort },
    });
    // Postfix as its container in the pod runs it (mailPodSpec): the same command, as PID 1, with
    // only the capabilities the container keeps.
    server = await MailServer.start(
      layout,
      files,
      {},
      { postfixCapabilities: POSTFIX_CAPABILITIES, postfixCommand: postfixCommand(files.config) },
    );
  });

  afterAll(async () => {
    await server?.stop();
    await new Promise<void>((resolve) => (sink ? sink.close(() => resolve()) : resolve()));
  });

  it("logs an account in over IMAPS with its generated password, and refuses a wrong one", async () => {
    await expect(asImapUser(A.address, A.password, async (client) => client.usable)).resolves.toBe(
      true,
    );
    await expect(imap(A.address, `${A.password}x`).connect()).rejects.toMatchObject({
      authenticationFailed: true,
    });
  });

  it("takes no password without TLS: IMAPS speaks only TLS, and AUTH is refused before STARTTLS", async () => {
    // A plain-text IMAP LOGIN on the IMAPS port gets no IMAP answer at all: the port speaks TLS only.
    const imapReplies = await dialogue(await plainSocket(layout.listen.imapsPort), [
      `a1 LOGIN ${A.address} ${A.password}`,
    ]);
    expect(imapReplies.join("")).not.toMatch(/OK|IMAP/);
    // Over TLS the greeting is IMAP's: the same port, with TLS, is the only IMAP there is.
    const greeting = await new Promise<string>((resolve, reject) => {
      const socket = tlsConnect({
        host: "127.0.0.1",
        port: layout.listen.imapsPort,
        ca: [layout.caCertificate],
        servername: "localhost",
      });
      socket.once("data", (chunk: Buffer) => {
        socket.destroy();
        resolve(chunk.toString("utf8"));
      });
      socket.once("error", reject);
    });
    expect(greeting).toMatch(/^\* OK/);

    const credentials = Buffer.from(`\0${A.address}\0${A.password}`).toString("base64");
    for (const port of [layout.listen.submissionPort, layout.listen.smtpPort]) {
      const [banner, ehlo, auth] = await dialogue(await plainSocket(port), [
        "EHLO client.example.test",
        `AUTH PLAIN ${credentials}`,
      ]);
      expect(banner).toMatch(/^220 /);
      expect(ehlo).toMatch(/250[- ]STARTTLS/);
      expect(ehlo).not.toMatch(/AUTH/);
      expect(auth).toMatch(/^5\d\d /);
    }
  });

  it("takes submission only over STARTTLS and only from a logged-in user", async () => {
    const withoutTls = createTransport({
      host: "127.0.0.1",
      port: layout.listen.submissionPort,
      secure: false,
      ignoreTLS: true,
    });
    await expect(
      withoutTls.sendMail({ from: A.address, to: B.address, subject: "no TLS", text: "x" }),
    ).rejects.toMatchObject({ responseCode: 530 });
    await expect(
      submission().sendMail({ from: A.address, to: B.address, subject: "no login", text: "x" }),
    ).rejects.toMatchObject({ responseCode: 554 });
    await expect(
      submission({ user: A.address, pass: "wrong" }).sendMail({
        from: A.address,
        to: B.address,
        subject: "bad login",
        text: "x",
      }),
    ).rejects.toMatchObject({ code: "EAUTH" });
  });

  it("refuses to relay to a foreign domain on port 25, and refuses a hosted sender there", async () => {
    const port25 = (from: string, to: string) =>
      createTransport({
        host: "127.0.0.1",
        port: layout.listen.smtpPort,
        secure: false,
        requireTLS: true,
        tls: { ca: [layout.caCertificate], servername: "localhost" },
      }).sendMail({ envelope: { from, to }, from, to, subject: "relay?", text: "x" });
    await expect(
      port25("someone@elsewhere.example", "victim@foreign.example"),
    ).rejects.toMatchObject({
      responseCode: 554,
      response: expect.stringMatching(/Relay access denied/),
    });
    // Mail claiming to be from a hosted address must come through submission, logged in.
    await expect(port25(A.address, B.address)).rejects.toMatchObject({
      responseCode: 554,
      response: expect.stringMatching(/submission/),
    });
    expect(relayed).toHaveLength(0);
  });

  it("delivers what B submits for A (and A's alias) into A's mailbox, which B cannot read", async () => {
    for (const to of [A.address, A.alias])
      await submission({ user: B.address, pass: B.password }).sendMail({
        from: B.address,
        to,
        subject: "for alice",
        text: "hello alice",
      });
    await eventually(
      async () => (await inboxCount(A.address, A.password)) === 2,
      "both copies are in alice's INBOX",
    );
    const subjects = await asImapUser(A.address, A.password, async (client) => {
      await client.mailboxOpen("INBOX");
      const found: string[] = [];
      for await (const message of client.fetch("1:*", { envelope: true }))
        found.push(message.envelope?.subject ?? "");
      return found;
    });
    expect(subjects).toEqual(["for alice", "for alice"]);

    await asImapUser(B.address, B.password, async (client) => {
      expect(await client.status("INBOX", { messages: true })).toMatchObject({ messages: 0 });
      const names = (await client.list()).map((mailbox) => mailbox.path).sort();
      expect(names).toEqual(["Drafts", "INBOX", "Junk", "Sent", "Trash"]);
      for (const path of [
        `${A.address}/INBOX`,
        "../alice/Maildir",
        `shared/${A.address}`,
        "~alice",
      ])
        await expect(client.mailboxOpen(path)).rejects.toThrow();
    });
    // Nor may B send as A.
    await expect(
      submission({ user: B.address, pass: B.password }).sendMail({
        from: A.address,
        to: B.address,
        subject: "as alice",
        text: "x",
      }),
    ).rejects.toMatchObject({ responseCode: 553 });
  });

  it("refuses, in the SMTP dialogue, a message over A's quota", async () => {
    const before = await inboxCount(A.address, A.password);
    const large = `From: ${B.address}\r\nTo: ${A.address}\r\nSubject: too large\r\n\r\n${"x"
      .repeat(76)
      .concat("\r\n")
      .repeat(Math.ceil((A_QUOTA_BYTES * 2) / 78))}`;
    // As every MTA does, the client declares the size in MAIL FROM; quota-status answers at RCPT.
    const send = (user: { address: string; password: string }, to: string) =>
      new Promise<string>((resolve, reject) => {
        const connection = new SMTPConnection({
          host: "127.0.0.1",
          port: layout.listen.submissionPort,
          secure: false,
          requireTLS: true,
          tls: { ca: [layout.caCertificate], servername: "localhost" },
        });
        connection.once("error", reject);
        connection.connect(() =>
          connection.login({ user: user.address, pass: user.password }, (loginError) => {
            if (loginError) return reject(loginError);
            connection.send(
              { from: user.address, to, size: Buffer.byteLength(large) },
              large,
              (error, info) => {
                connection.quit();
                if (error) reject(error);
                else resolve(info.response);
              },
            );
          }),
        );
      });
    await expect(send(B, A.address)).rejects.toMatchObject({
      responseCode: 552,
      response: expect.stringMatching(/Mailbox is full/),
    });
    // Bob's quota is larger: the same message reaches him.
    await expect(send(A, B.address)).resolves.toMatch(/^250 /);
    await eventually(
      async () => (await inboxCount(B.address, B.password)) === 1,
      "the large message is in bob's INBOX",
    );
    expect(await inboxCount(A.address, A.password)).toBe(before);
  });

  it("signs outgoing mail with DKIM that verifies against the record dkimTxtRecord gives", async () => {
    const record = dkimTxtRecord(dkimKey);
    await submission({ user: A.address, pass: A.password }).sendMail({
      from: A.alias,
      to: "partner@foreign.example",
      subject: "signed",
      text: "a message for the outside world",
    });
    await eventually(async () => relayed.length === 1, "the relay host received the message");
    const message = relayed[0]!;
    expect(message).toMatchObject({ from: A.alias, to: ["partner@foreign.example"] });
    const asked: string[] = [];
    const result = await dkimVerify(message.raw, {
      resolver: async (name, type) => {
        asked.push(`${type} ${name}`);
        if (type === "TXT" && name === dkimRecordName({ name: DOMAIN, dkimSelector: SELECTOR }))
          return [[record]];
        throw Object.assign(new Error(`no ${type} record for ${name}`), { code: "ENOTFOUND" });
      },
    });
    expect(asked).toContain(`TXT ${SELECTOR}._domainkey.${DOMAIN}`);
    expect(result.results).toHaveLength(1);
    expect(result.results[0]).toMatchObject({
      signingDomain: DOMAIN,
      selector: SELECTOR,
      status: { result: "pass" },
    });
    // And the same message fails against another key's record: the check is not a formality.
    const other = await dkimVerify(message.raw, {
      resolver: async () => [[dkimTxtRecord(generateDkimKey())]],
    });
    expect(other.results[0]?.status?.result).not.toBe("pass");
  });
});
