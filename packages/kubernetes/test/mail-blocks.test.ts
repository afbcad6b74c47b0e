/**
 * MailDomain and Mailbox on the Kubernetes target, beyond the shared contract: what the mail
 * server's objects hold once every mailbox has joined, the namespace's Pod Security level and its
 * reason in the plan, and the bad programs and settings refused before anything registers.
 */
import { MailDomain, Mailbox, Namespace, plannedComponents, type MailboxArgs } from "@wissel/core";
import { MockHarness, unwrapSecrets, valueOf, type Registration } from "@wissel/testing";
import { sha512Crypt } from "../src/mail/passwords";
import { CLUSTER, MAIL, MAIL_SETTINGS, SETTINGS, outputs, stackConfig } from "./fixtures";

const DOMAIN = "meldingen.amsterdam.nl";
const TLS = { issuer: "letsencrypt" } as const;

let harness: MockHarness;
beforeAll(async () => {
  harness = await MockHarness.start({ config: stackConfig(MAIL_SETTINGS), outputs });
});
beforeEach(() => harness.reset());

function inputsOf(registrations: readonly Registration[], type: string, name: string) {
  const found = registrations.find((r) => r.type === type && r.name === name);
  if (found === undefined) throw new Error(`no ${type} ${name}`);
  return unwrapSecrets(found.inputs)[0] as Record<string, unknown>;
}

async function workspace(mailboxes: Readonly<Record<string, Omit<MailboxArgs, "domain">>>) {
  return harness.run(() => {
    const domain = new MailDomain("mail", { domain: DOMAIN, tls: TLS });
    const boxes = Object.entries(mailboxes).map(
      ([name, args]) => new Mailbox(name, { domain, ...args }),
    );
    return { domain, boxes };
  });
}

describe("the mail server on the Kubernetes target", () => {
  it("writes every mailbox of the program into the server's files, hashed from its own password", async () => {
    const { result, registrations } = await workspace({
      meldingen: { localPart: "meldingen", quotaGiB: 10, aliases: ["klachten"] },
      nieuwsbrief: { localPart: "nieuwsbrief", imap: false },
    });
    const config = inputsOf(registrations, "kubernetes:core/v1:ConfigMap", "mail-config");
    const data = config["data"] as Record<string, string>;
    expect(data["virtual-mailboxes"]).toBe(`meldingen@${DOMAIN} OK\n`);
    expect(data["virtual-aliases"]).toBe(`klachten@${DOMAIN} meldingen@${DOMAIN}\n`);
    expect(data["sender-logins"]).toContain(`nieuwsbrief@${DOMAIN} nieuwsbrief@${DOMAIN}`);

    const secrets = inputsOf(registrations, "kubernetes:core/v1:Secret", "mail-secrets");
    const accounts = (secrets["stringData"] as Record<string, string>)["accounts"]!.split("\n");
    for (const [i, box] of result.boxes.entries()) {
      const { password } = await valueOf(box.binding);
      const credentials = inputsOf(
        registrations,
        "kubernetes:core/v1:Secret",
        `${["meldingen", "nieuwsbrief"][i]}-credentials`,
      )["stringData"] as Record<string, string>;
      expect(credentials["password"]).toBe(password);
      const line = accounts.find((l) => l.startsWith(`${box.address}:`))!;
      expect(line).toContain(`{SHA512-CRYPT}${sha512Crypt(password, credentials["salt"]!)}`);
      expect(line).not.toContain(password);
    }
    // Ten GiB for the stored mailbox, one for the queue and indexes; the send-only one stores nothing.
    const claim = inputsOf(
      registrations,
      "kubernetes:core/v1:PersistentVolumeClaim",
      "mail-data",
    ) as { spec: { resources: { requests: { storage: string } } } };
    expect(claim.spec.resources.requests.storage).toBe("11Gi");
    const statefulSet = inputsOf(
      registrations,
      "kubernetes:apps/v1:StatefulSet",
      "mail-server",
    ) as {
      spec: { template: { spec: { containers: { image: string }[] } } };
    };
    expect(statefulSet.spec.template.spec.containers.map((c) => c.image)).toEqual([
      MAIL.image,
      MAIL.image,
      MAIL.image,
    ]);
  });

  it("gives the server's namespace the least Pod Security level it runs under, and says why", async () => {
    const { registrations } = await workspace({ meldingen: { localPart: "meldingen" } });
    const namespace = inputsOf(registrations, "kubernetes:core/v1:Namespace", "mail-namespace") as {
      metadata: { name: string; labels: Record<string, string> };
    };
    expect(namespace.metadata.name).toBe("mail-mail");
    expect(namespace.metadata.labels["pod-security.kubernetes.io/enforce"]).toBe("baseline");
    expect(namespace.metadata.labels["pod-security.kubernetes.io/warn"]).toBe("restricted");
    const domain = plannedComponents().find((r) => r.kind === "mailDomain")!;
    const security = domain.decisions.find((d) => d.what === "mail server pod security");
    expect(security?.choice).toBe("baseline");
    expect(security?.why).toMatch(/postfix container needs root, CHOWN/);
    expect(security?.why).toMatch(/dovecot and opendkim meet restricted/);
  });

  it("uses cert-manager for the mail host's certificate when the domain names an issuer", async () => {
    const { registrations } = await workspace({ meldingen: { localPart: "meldingen" } });
    const certificate = inputsOf(
      registrations,
      "kubernetes:cert-manager.io/v1:Certificate",
      "mail-certificate",
    ) as { spec: { dnsNames: string[]; secretName: string; issuerRef: Record<string, string> } };
    expect(certificate.spec.dnsNames).toEqual([`mail.${DOMAIN}`]);
    expect(certificate.spec.issuerRef).toEqual({
      name: "letsencrypt",
      kind: "ClusterIssuer",
      group: "cert-manager.io",
    });
  });
});

describe("bad mail programs and settings, refused before anything registers", () => {
  afterEach(() => harness.setConfig(stackConfig(MAIL_SETTINGS)));

  async function refusal(program: () => unknown, config?: Readonly<Record<string, unknown>>) {
    if (config !== undefined) harness.setConfig(config);
    harness.reset();
    let message = "";
    try {
      await harness.run(program);
    } catch (error) {
      message = error instanceof Error ? error.message : String(error);
    }
    return { message, registered: [...harness.registrations] };
  }

  it.each([
    [
      "a domain without the mail server's image",
      stackConfig(SETTINGS),
      /wissel:kubernetes\.mail\.image is required.*Build images\/mail-server/,
    ],
    [
      "an image on a moving tag",
      stackConfig({ ...SETTINGS, mail: { image: "registry.example.nl/wissel/mail:latest" } }),
      /wissel:kubernetes\.mail\.image.*not latest/,
    ],
    [
      "an image without a registry and path",
      stackConfig({ ...SETTINGS, mail: { image: "postfix" } }),
      /wissel:kubernetes\.mail\.image.*registry, a path and a fixed tag/,
    ],
    [
      "an unknown Service type",
      stackConfig({ ...SETTINGS, mail: { ...MAIL, serviceType: "NodePort" } }),
      /wissel:kubernetes\.mail\.serviceType.*LoadBalancer or ClusterIP/,
    ],
  ])("%s", async (_, config, pattern) => {
    const { message, registered } = await refusal(
      () => new MailDomain("mail", { domain: DOMAIN, tls: TLS }),
      config,
    );
    expect(message).toMatch(pattern);
    expect(registered).toEqual([]);
  });

  it("a domain without a TLS source, naming both ways to give one", async () => {
    const { message, registered } = await refusal(() => new MailDomain("mail", { domain: DOMAIN }));
    expect(message).toMatch(/MailDomain "mail": tls is required here/);
    expect(message).toMatch(/issuer: "letsencrypt".*secretName: "mail-tls"/);
    expect(registered).toEqual([]);
  });

  it("a mailbox given the domain's name instead of the MailDomain", async () => {
    const { message } = await refusal(
      () => new Mailbox("meldingen", { domain: DOMAIN as never, localPart: "meldingen" }),
    );
    expect(message).toMatch(/Mailbox "meldingen": domain .*must be a MailDomain of this program/);
  });

  it("a mailbox given another block as its domain", async () => {
    const { message } = await refusal(
      () => {
        const team = new Namespace("team");
        return new Mailbox("meldingen", { domain: team as never, localPart: "meldingen" });
      },
      stackConfig({ ...MAIL_SETTINGS, cluster: CLUSTER }),
    );
    expect(message).toMatch(
      /domain must be a MailDomain of this program .*wissel:kubernetes:Namespace/,
    );
  });

  it("a mailbox declared after its domain's accounts were written", async () => {
    const { message } = await refusal(async () => {
      const domain = new MailDomain("mail", { domain: DOMAIN, tls: TLS });
      // The accounts are written on the turn of the event loop after the domain: queued after it.
      await new Promise((resolve) => setImmediate(resolve));
      return new Mailbox("laat", { domain, localPart: "laat" });
    });
    expect(message).toMatch(
      /Mailbox "laat": domain .*must be declared in the same synchronous step as MailDomain "mail".*no await between them/,
    );
  });

  it("two mailboxes with one local part, naming both", async () => {
    const { message } = await refusal(() => {
      const domain = new MailDomain("mail", { domain: DOMAIN, tls: TLS });
      new Mailbox("meldingen", { domain, localPart: "meldingen" });
      return new Mailbox("meldingen-2", { domain, localPart: "meldingen" });
    });
    expect(message).toMatch(/Mailbox "meldingen-2"/);
    expect(message).toMatch(/Mailbox "meldingen"/);
    expect(message).toMatch(/meldingen@meldingen\.amsterdam\.nl/);
  });

  it("a mailbox pinned by config to another target than its domain's", async () => {
    const { message } = await refusal(
      () => {
        const domain = new MailDomain("mail", { domain: DOMAIN, tls: TLS });
        return new Mailbox("meldingen", { domain, localPart: "meldingen" });
      },
      { ...stackConfig(MAIL_SETTINGS), "wissel:targets": { meldingen: "scaleway" } },
    );
    expect(message).toMatch(
      /wissel:targets\.meldingen .*names target "scaleway", but the code places this mailbox with the MailDomain "mail" on target "kubernetes"/,
    );
  });
});
