/**
 * The blocks' own files on the real programs: a program declares a MailDomain and two Mailboxes on
 * the Kubernetes target (under the mock runtime), and Debian's Dovecot, Postfix and OpenDKIM run
 * the accounts file, the Postfix maps and the DKIM key exactly as the adapter registered them in
 * its Secret and ConfigMap. Only the daemons' own configuration differs from the pod's: it names
 * this machine's directories and free ports instead of the pod's mounts (`mailFilesFor`'s layout).
 * The mailboxes then log in with the passwords their bindings carry.
 *
 * Without the binaries the suite is skipped on a developer's machine and fails under `CI=true`.
 */
import { ImapFlow } from "imapflow";
import { createTransport } from "nodemailer";
import {
  MailDomain,
  Mailbox,
  isRefusal,
  validateMailDomainArgs,
  validateMailboxArgs,
  type MailboxBinding,
} from "@wissel/core";
import { adapter } from "@wissel/kubernetes";
import {
  MAIL_SERVER_SETUP_FIX,
  MailServer,
  MockHarness,
  missingMailServerBinaries,
  unwrapSecrets,
  valueOf,
  type MailServerLayout,
  type Registration,
} from "@wissel/testing";
import { POSTFIX_CAPABILITIES, postfixCommand } from "../src/mail/pod";
import { planMailServer } from "../src/mail/plan";
import { mailFilesFor } from "../src/mail/server-files";
import { MAIL_SETTINGS, outputs, stackConfig } from "./fixtures";

jest.setTimeout(30_000);

const missing = missingMailServerBinaries();
const inCi = process.env["CI"] === "true" || process.env["CI"] === "1";
const suite = missing.length > 0 && !inCi ? describe.skip : describe;

const DOMAIN = "meldingen.amsterdam.nl";
const SECRET = "kubernetes:core/v1:Secret";
/** Name, local part and aliases of each mailbox. */
const MAILBOXES = [
  ["meldingen", "meldingen", ["klachten"]],
  ["vergunningen", "vergunningen", []],
] as const;

function inputsOf(registrations: readonly Registration[], type: string, name: string) {
  const found = registrations.find((r) => r.type === type && r.name === name);
  if (found === undefined) throw new Error(`no ${type} ${name}`);
  return unwrapSecrets(found.inputs)[0] as Record<string, Record<string, string>>;
}

suite("the Kubernetes adapter's mail accounts on Debian's Dovecot and Postfix", () => {
  let layout: MailServerLayout;
  let server: MailServer;
  const bindings: Record<string, MailboxBinding> = {};
  let registered: { accounts: string; maps: Record<string, string> };
  let ran: { accounts: string; maps: Record<string, string> };

  beforeAll(async () => {
    if (missing.length > 0)
      throw new Error(
        `CI=true, but the programs are missing: ${missing.join(", ")}. ${MAIL_SERVER_SETUP_FIX}`,
      );
    const harness = await MockHarness.start({ config: stackConfig(MAIL_SETTINGS), outputs });
    const { result, registrations } = await harness.run(() => {
      const domain = new MailDomain("mail", { domain: DOMAIN, tls: { secretName: "mail-tls" } });
      return MAILBOXES.map(
        ([name, localPart, aliases]) =>
          new Mailbox(name, { domain, localPart, aliases: [...aliases] }),
      );
    });
    for (const box of result) bindings[box.address] = await valueOf(box.binding);

    const secret = inputsOf(registrations, SECRET, "mail-secrets");
    const config = inputsOf(registrations, "kubernetes:core/v1:ConfigMap", "mail-config");
    const mapNames = ["virtual-mailboxes", "virtual-aliases", "sender-logins", "SigningTable"];
    const pick = (data: Readonly<Record<string, string>>) =>
      Object.fromEntries(mapNames.map((n) => [n, data[n] ?? ""]));
    registered = { accounts: secret["stringData"]!["accounts"]!, maps: pick(config["data"]!) };

    // The plan and the mailboxes the adapter built from, and the secrets it registered, laid out
    // on this machine.
    const subject = 'MailDomain "mail"';
    const plan = planMailServer(
      validateMailDomainArgs({ domain: DOMAIN, tls: { secretName: "mail-tls" } }, subject),
      { name: "mail", subject },
      {
        settingsKey: "wissel:kubernetes",
        settings: adapter.parseSettings(MAIL_SETTINGS).mail,
        imageCommand: "",
        runsOn: "the configured cluster",
      },
    );
    if (isRefusal(plan)) throw new Error(JSON.stringify(plan));
    const accounts = MAILBOXES.map(([name, localPart, aliases]) => {
      const spec = validateMailboxArgs(
        { domain: { domainName: DOMAIN }, localPart, aliases: [...aliases] },
        `Mailbox "${name}"`,
      );
      const credentials = inputsOf(registrations, SECRET, `${name}-credentials`)["stringData"]!;
      return { spec, password: credentials["password"]!, salt: credentials["salt"]! };
    });
    const dkim = inputsOf(registrations, SECRET, "mail-dkim")["stringData"]!["private.pem"]!;
    layout = await MailServer.prepare();
    const files = mailFilesFor(plan, dkim, accounts, undefined, {
      tls: layout.tls,
      paths: layout.paths,
      listen: layout.listen,
      internalPorts: layout.internalPorts,
      user: layout.user,
      postfix: layout.postfix,
    });
    ran = { accounts: files.secretFiles["accounts"]!, maps: pick(files.configFiles) };
    server = await MailServer.start(
      layout,
      files,
      {},
      { postfixCapabilities: POSTFIX_CAPABILITIES, postfixCommand: postfixCommand(files.config) },
    );
  });

  afterAll(async () => {
    await server?.stop();
  });

  it("runs the accounts file and the Postfix maps exactly as the adapter registered them", () => {
    expect(ran.accounts).toBe(registered.accounts);
    expect(ran.maps).toEqual(registered.maps);
    expect(registered.accounts.split("\n").filter(Boolean)).toHaveLength(2);
  });

  function imap(binding: MailboxBinding, password = binding.password) {
    return new ImapFlow({
      host: "127.0.0.1",
      port: layout.listen.imapsPort,
      secure: true,
      tls: { ca: [layout.caCertificate], servername: "localhost" },
      auth: { user: binding.username, pass: password },
      logger: false,
    });
  }

  it("logs each mailbox in with the password its binding carries, and refuses another", async () => {
    for (const binding of Object.values(bindings)) {
      const client = imap(binding);
      await client.connect();
      expect(client.usable).toBe(true);
      await client.logout();
    }
    const meldingen = bindings[`meldingen@${DOMAIN}`]!;
    const vergunningen = bindings[`vergunningen@${DOMAIN}`]!;
    await expect(imap(meldingen, vergunningen.password).connect()).rejects.toMatchObject({
      authenticationFailed: true,
    });
  });

  it("delivers mail one mailbox submits to another's alias, into that mailbox only", async () => {
    const from = bindings[`vergunningen@${DOMAIN}`]!;
    const to = bindings[`meldingen@${DOMAIN}`]!;
    await createTransport({
      host: "127.0.0.1",
      port: layout.listen.submissionPort,
      secure: false,
      requireTLS: true,
      tls: { ca: [layout.caCertificate], servername: "localhost" },
      auth: { user: from.username, pass: from.password },
    }).sendMail({
      from: from.address,
      to: `klachten@${DOMAIN}`,
      subject: "Melding",
      text: "Er ligt afval op straat.",
    });
    const count = async (binding: MailboxBinding) => {
      const client = imap(binding);
      await client.connect();
      try {
        const status = await client.status("INBOX", { messages: true });
        return status === false ? -1 : (status.messages ?? 0);
      } finally {
        await client.logout();
      }
    };
    const deadline = Date.now() + 10_000;
    while ((await count(to)) < 1) {
      if (Date.now() > deadline) throw new Error(`Not delivered.\n${server.log}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(await count(from)).toBe(0);
  });
});
