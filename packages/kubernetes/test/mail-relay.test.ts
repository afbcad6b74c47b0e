/**
 * A smarthost with a login (a vendor's sending service): Postfix authenticates over verified TLS
 * only, the login is a secret file only Postfix's container mounts, and a login that would break
 * the map's format is refused without being echoed.
 */
import { generateDkimKey } from "../src/mail/dkim";
import { mailServerFiles } from "../src/mail/files";
import { hashPassword } from "../src/mail/passwords";
import { RELAY_PASSWORD_FILE } from "../src/mail/postfix";
import { mailPodConfigInput } from "../src/mail/pod";
import { mailServerObjects } from "../src/mail/workload";
import type { MailServerConfig, RelayHost } from "../src/mail/config";

const KEY = generateDkimKey();

function config(relayHost: RelayHost): MailServerConfig {
  return {
    hostname: "mail.gemeente.example",
    domains: [{ name: "gemeente.example", dkimSelector: "wissel", dkimPrivateKeyPem: KEY }],
    mailboxes: [
      {
        address: "meldingen@gemeente.example",
        passwordHash: hashPassword("a-password-long-enough-to-count"),
        quotaBytes: 1024 ** 3,
      },
    ],
    relayHost,
    ...mailPodConfigInput(),
  };
}

const RELAY = { host: "smtp.azurecomm.net", port: 587 };
const LOGIN = { username: "meldingen@gemeente.example", password: "s3cr3t~value.with:colon" };

describe("mail server relaying through a smarthost with a login", () => {
  it("writes the login into the Secret's files only, and AUTH over verified TLS into main.cf", () => {
    const files = mailServerFiles(config({ ...RELAY, credentials: LOGIN }));
    expect(files.secretFiles[RELAY_PASSWORD_FILE]).toBe(
      `[smtp.azurecomm.net]:587 ${LOGIN.username}:${LOGIN.password}\n`,
    );
    for (const text of Object.values(files.configFiles)) expect(text).not.toContain(LOGIN.password);
    const main = files.configFiles["main.cf"]!;
    expect(main).toContain("relayhost = [smtp.azurecomm.net]:587");
    expect(main).toContain("smtp_sasl_auth_enable = yes");
    expect(main).toContain(
      `smtp_sasl_password_maps = texthash:${mailPodConfigInput().paths!.secretsDirectory}/${RELAY_PASSWORD_FILE}`,
    );
    expect(main).toContain("smtp_tls_security_level = secure");
    expect(main).toContain("smtp_sasl_security_options = noanonymous");
  });

  it("relays without AUTH and without the file when the smarthost needs no login", () => {
    const files = mailServerFiles(config(RELAY));
    expect(files.secretFiles).not.toHaveProperty(RELAY_PASSWORD_FILE);
    expect(files.configFiles["main.cf"]).not.toContain("smtp_sasl_auth_enable");
  });

  it("mounts the login into Postfix's container alone, readable by root only", () => {
    const objects = mailServerObjects({
      files: mailServerFiles(config({ ...RELAY, credentials: LOGIN })),
      namespace: "mail-mail",
      name: "mail",
      image: "registry.example.nl/wissel/mail-server:1.0.0",
      storage: { sizeGiB: 2 },
      tlsSecretName: "mail-tls",
    });
    const pod = objects.statefulSet.spec.template.spec;
    const relayVolume = pod.volumes.find((v) => v.name === "relay-login");
    expect(relayVolume).toMatchObject({
      secret: {
        defaultMode: 0o400,
        items: [{ key: RELAY_PASSWORD_FILE, path: RELAY_PASSWORD_FILE }],
      },
    });
    const mounting = pod.containers
      .filter((c) => c.volumeMounts.some((m) => m.name === "relay-login"))
      .map((c) => c.name);
    expect(mounting).toEqual(["postfix"]);
  });

  it.each([
    ["a user name with a colon", { username: "a:b", password: "fine" }, "username"],
    ["a user name with a space", { username: "a b", password: "fine" }, "username"],
    ["a password with a line break", { username: "a", password: "x\ninjected" }, "password"],
    ["an empty password", { username: "a", password: "" }, "password"],
  ])("refuses %s, naming the field and never the password", (_, credentials, field) => {
    let message = "";
    try {
      mailServerFiles(config({ ...RELAY, credentials }));
    } catch (error) {
      message = String(error);
    }
    expect(message).toContain(`relayHost.credentials.${field}`);
    if (field === "password" && credentials.password !== "")
      expect(message).not.toContain(credentials.password);
  });
});
