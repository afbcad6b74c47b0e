/**
 * MailDomain and Mailbox on Scaleway, beyond the shared contract: where the data goes (TEM in
 * fr-par for what the domain sends, the Kapsule cluster for the mail it keeps), the TEM domain and
 * its validation only once the owner lists it, an SMTP login whose policy holds only the SMTP send
 * permission set on the project, the server relaying through TEM with that login kept secret, the
 * domain's records as TEM asks for them, and the bad programs and settings refused before anything
 * registers.
 */
import {
  KubernetesCluster,
  MailDomain,
  Mailbox,
  plannedComponents,
  type MailboxArgs,
} from "@wissel/core";
import { MockHarness, unwrapSecrets, valueOf, type Registration } from "@wissel/testing";
import { temSendingDns } from "../src/mail-tem-facts";
import {
  CONFIG,
  MAIL,
  PROJECT_ID,
  SECRET_KEY,
  SETTINGS,
  TEM_DKIM_CONFIG,
  clusterOutputs,
} from "./fixtures";

const DOMAIN = "meldingen.amsterdam.nl";
const TLS = { issuer: "letsencrypt" } as const;

function mailConfig(
  mail: unknown = MAIL,
  extra: Readonly<Record<string, unknown>> = {},
): Record<string, unknown> {
  return {
    ...CONFIG,
    "wissel:scaleway": { ...SETTINGS, ...(mail !== null ? { mail } : {}) },
    ...extra,
  };
}

let harness: MockHarness;
beforeAll(async () => {
  harness = await MockHarness.start({ config: mailConfig(), outputs: clusterOutputs });
});
beforeEach(() => harness.reset());
afterEach(() => harness.setConfig(mailConfig()));

function find(registrations: readonly Registration[], type: string, name: string) {
  const found = registrations.find((r) => r.type === type && r.name === name);
  if (found === undefined) throw new Error(`no ${type} ${name}`);
  return found;
}

function inputsOf(registrations: readonly Registration[], type: string, name: string) {
  return unwrapSecrets(find(registrations, type, name).inputs)[0] as Record<string, unknown>;
}

async function workspace(mailboxes: Readonly<Record<string, Omit<MailboxArgs, "domain">>>) {
  return harness.run(() => {
    const cluster = new KubernetesCluster("apps");
    const domain = new MailDomain("mail", { domain: DOMAIN, tls: TLS, cluster });
    const boxes = Object.entries(mailboxes).map(
      ([name, args]) => new Mailbox(name, { domain, ...args }),
    );
    return { domain, boxes };
  });
}

function domainDecisions() {
  const record = plannedComponents().find((r) => r.kind === "mailDomain");
  if (record === undefined) throw new Error("no mailDomain in the plan");
  return record.decisions;
}

describe("mail on Scaleway: the server on Kapsule, sending through Transactional Email", () => {
  it("places the domain in fr-par, where TEM sends from, and the stored mail on the cluster", async () => {
    const { result } = await workspace({
      meldingen: { localPart: "meldingen" },
      noreply: { localPart: "noreply", imap: false },
    });
    const { domain, boxes } = result;
    expect(domain.placement).toMatchObject({
      target: "scaleway",
      vendor: "Scaleway",
      region: "fr-par",
      country: "FR",
    });
    expect(domain.ref.mailStore).toMatchObject({
      target: "scaleway",
      region: "nl-ams",
      country: "NL",
      runsOn: 'KubernetesCluster "apps" (target scaleway)',
    });
    // An IMAP mailbox is where its mail is kept; a send-only one is where its mail is sent from.
    expect(boxes[0]!.placement.region).toBe("nl-ams");
    expect(boxes[1]!.placement.region).toBe("fr-par");
    const planned = plannedComponents().find((r) => r.kind === "mailDomain")!;
    expect(planned.placement.region).toBe("fr-par");

    const decisions = domainDecisions();
    expect(decisions.find((d) => d.what === "outgoing mail")).toMatchObject({
      choice: expect.stringMatching(/Transactional Email in fr-par \(Paris, France\)/),
      why: expect.stringMatching(/only in fr-par, whatever the stack's region/),
    });
    expect(decisions.find((d) => d.what === "mail store")?.choice).toMatch(
      /Kapsule cluster "apps" in nl-ams \(NL\)/,
    );
    expect(decisions.find((d) => d.what === "sending limits")?.choice).toMatch(
      /10,000 emails a month/,
    );
  });

  it("registers the TEM domain in fr-par in the stack's project, kept like a DKIM key", async () => {
    const { result, registrations } = await workspace({ meldingen: { localPart: "meldingen" } });
    // The escape hatch reaches the TEM side beside the server's children.
    expect(Object.keys(result.domain.vendorResources)).toEqual(
      expect.arrayContaining(["temDomain", "smtpApplication", "smtpPolicy", "smtpKey", "volume"]),
    );
    expect(result.domain.vendorResources).not.toHaveProperty("temValidation");
    const domain = find(registrations, "scaleway:tem/domain:Domain", "mail-tem-domain");
    expect(unwrapSecrets(domain.inputs)[0]).toEqual({
      name: DOMAIN,
      acceptTos: true,
      autoconfig: false,
      region: "fr-par",
      projectId: PROJECT_ID,
    });
    expect([domain.protect, domain.retainOnDelete]).toEqual([true, true]);
  });

  it("waits for TEM's check only for a domain the owner lists as published", async () => {
    const { registrations } = await workspace({ meldingen: { localPart: "meldingen" } });
    expect(
      registrations.filter((r) => r.type === "scaleway:tem/domainValidation:DomainValidation"),
    ).toEqual([]);
    expect(domainDecisions().find((d) => d.what === "sending domain")?.choice).toMatch(
      /not checked yet/,
    );

    harness.setConfig(mailConfig({ ...MAIL, verifiedDomains: [DOMAIN] }));
    harness.reset();
    const again = await workspace({ meldingen: { localPart: "meldingen" } });
    const validation = inputsOf(
      again.registrations,
      "scaleway:tem/domainValidation:DomainValidation",
      "mail-tem-validation",
    );
    expect(validation).toEqual({ domainId: "mail-tem-domain-id", region: "fr-par", timeout: 600 });
    expect(domainDecisions().find((d) => d.what === "sending domain")?.choice).toMatch(
      /checked by TEM during pulumi up/,
    );
  });

  it("grants the SMTP login only the SMTP send permission set, on the stack's project", async () => {
    const { registrations } = await workspace({ meldingen: { localPart: "meldingen" } });
    const policy = inputsOf(registrations, "scaleway:iam/policy:Policy", "mail-smtp-policy");
    expect(policy["applicationId"]).toBe("mail-smtp-app-id");
    expect(policy["rules"]).toEqual([
      { projectIds: [PROJECT_ID], permissionSetNames: ["TransactionalEmailEmailSmtpCreate"] },
    ]);
    const key = find(registrations, "scaleway:iam/apiKey:ApiKey", "mail-smtp-key");
    expect(unwrapSecrets(key.inputs)[0]).toMatchObject({
      applicationId: "mail-smtp-app-id",
      defaultProjectId: PROJECT_ID,
    });
    const policyUrn = find(registrations, "scaleway:iam/policy:Policy", "mail-smtp-policy").urn;
    expect(key.dependencies).toContain(policyUrn);
  });

  it("relays through smtp.tem.scaleway.com:587 with the project id and the key's secret, kept secret", async () => {
    const { registrations } = await workspace({ meldingen: { localPart: "meldingen" } });
    const config = inputsOf(registrations, "kubernetes:core/v1:ConfigMap", "mail-config");
    const main = (config["data"] as Record<string, string>)["main.cf"]!;
    expect(main).toContain("relayhost = [smtp.tem.scaleway.com]:587");
    expect(main).toContain("smtp_tls_security_level = secure");
    const secrets = find(registrations, "kubernetes:core/v1:Secret", "mail-secrets");
    expect(secrets.secretInputs).toContain("stringData");
    const files = unwrapSecrets(secrets.inputs)[0] as { stringData: Record<string, string> };
    expect(
      Object.values(files.stringData).some((text) => text.includes(`${PROJECT_ID}:${SECRET_KEY}`)),
    ).toBe(true);
    // Nowhere else: no plain input, no name, no decision carries the key's secret.
    for (const registration of registrations) {
      expect(registration.urn).not.toContain(SECRET_KEY);
      const plain = Object.entries(registration.inputs).filter(
        ([field]) => !registration.secretInputs.includes(field),
      );
      expect(JSON.stringify(plain)).not.toContain(SECRET_KEY);
    }
    expect(JSON.stringify(domainDecisions())).not.toContain(SECRET_KEY);
  });

  it("publishes TEM's SPF include and DKIM record beside the server's own key, MX and DMARC", async () => {
    const { result } = await workspace({ meldingen: { localPart: "meldingen" } });
    const records = await valueOf(result.domain.dnsRecords);
    expect(records.map((r) => `${r.purpose} ${r.type} ${r.name} ${r.value}`)).toEqual([
      `mx MX ${DOMAIN} mail.${DOMAIN}`,
      `spf TXT ${DOMAIN} v=spf1 include:_spf.tem.scaleway.com -all`,
      expect.stringMatching(
        new RegExp(`^dkim TXT wissel\\._domainkey\\.${DOMAIN} v=DKIM1; k=rsa; p=`),
      ),
      `dkim TXT ${PROJECT_ID}._domainkey.${DOMAIN} ${TEM_DKIM_CONFIG}`,
      `dmarc TXT _dmarc.${DOMAIN} v=DMARC1; p=quarantine`,
    ]);
  });

  it("stands in TEM's documented SPF while the Domain reports nothing, and never a DKIM key it has not seen", () => {
    expect(temSendingDns({}, PROJECT_ID)).toEqual({
      spf: ["include:_spf.tem.scaleway.com"],
      dkim: [],
    });
    expect(temSendingDns({ dkimConfig: "MIIBkey" }, PROJECT_ID).dkim).toEqual([
      { kind: "txt", selector: PROJECT_ID, value: "v=DKIM1; k=rsa; p=MIIBkey" },
    ]);
  });
});

describe("bad mail programs and settings on Scaleway, refused before anything registers", () => {
  async function refusal(program: () => unknown, config?: Readonly<Record<string, unknown>>) {
    if (config !== undefined) harness.setConfig(config);
    harness.reset();
    let message = "";
    try {
      await harness.run(program);
    } catch (error) {
      message = error instanceof Error ? error.message : String(error);
    }
    return {
      message,
      registered: harness.registrations.filter((r) => r.type.startsWith("scaleway")),
    };
  }
  const withCluster = () => {
    const cluster = new KubernetesCluster("apps");
    return new MailDomain("mail", { domain: DOMAIN, tls: TLS, cluster });
  };

  it.each([
    [
      "a domain without a Kapsule cluster",
      () => new MailDomain("mail", { domain: DOMAIN, tls: TLS }),
      undefined,
      /cluster must be a KubernetesCluster on target "scaleway": the mail server .* Kapsule cluster.*new KubernetesCluster\("apps"\)/s,
    ],
    [
      "no mail settings",
      withCluster,
      mailConfig(null),
      /wissel:scaleway\.mail\.image is required.*Kapsule cluster "apps".*pulumi config set --path 'wissel:scaleway\.mail\.image'/s,
    ],
    [
      "a domain without a TLS source",
      () => {
        const cluster = new KubernetesCluster("apps");
        return new MailDomain("mail", { domain: DOMAIN, cluster });
      },
      undefined,
      /tls is required here: the mail server offers submission and IMAP over TLS only.*Set tls to/s,
    ],
    [
      "an image on a moving tag",
      withCluster,
      mailConfig({ image: "registry.example.nl/wissel/mail:latest" }),
      /^stack config: wissel:scaleway\.mail\.image must be .* fixed tag or digest \(not latest\) \(received "registry\.example\.nl\/wissel\/mail:latest"\)\. Run pulumi config set/,
    ],
    [
      "mail settings given as a list",
      withCluster,
      mailConfig([MAIL]),
      /^stack config: wissel:scaleway\.mail must be an object with image \(received \[.*\]\)\. Run pulumi config set --path 'wissel:scaleway\.mail\.image'/,
    ],
    [
      "a verified domain in capitals",
      withCluster,
      mailConfig({ ...MAIL, verifiedDomains: ["Meldingen.Amsterdam.NL"] }),
      /^stack config: wissel:scaleway\.mail\.verifiedDomains\[0\] must be a domain name in lower case.*\(received "Meldingen\.Amsterdam\.NL"\)\. Run pulumi config set --path 'wissel:scaleway\.mail\.verifiedDomains\[0\]' meldingen\.amsterdam\.nl\./,
    ],
    [
      "an Azure-only mail setting",
      withCluster,
      mailConfig({ ...MAIL, tenantId: "00000000-0000-0000-0000-000000000000" }),
      /^stack config: wissel:scaleway\.mail\.tenantId is not a setting of wissel:scaleway\.mail \(received a string of 36 characters, not shown\)\. Remove it; the settings are: image, storageClassName, serviceType, verifiedDomains\./,
    ],
    [
      "a mail Service of an unknown type",
      withCluster,
      mailConfig({ ...MAIL, serviceType: "NodePort" }),
      /^stack config: wissel:scaleway\.mail\.serviceType must be LoadBalancer or ClusterIP \(received "NodePort"\)\. Run pulumi config set --path 'wissel:scaleway\.mail\.serviceType' LoadBalancer\./,
    ],
    [
      "a policy that keeps internal data in the Netherlands, where TEM cannot send from",
      withCluster,
      mailConfig(MAIL, { "wissel:policy": { internal: "nl" } }),
      /may only be placed in the Netherlands.*wissel:policy\.internal: nl.*fr-par/s,
    ],
  ])("%s", async (_, program, config, pattern) => {
    const { message, registered } = await refusal(program, config);
    expect(message).toMatch(pattern);
    // A program's error names its block; a setting's names the stack config.
    expect(message).toMatch(/^(MailDomain "mail": |stack config: )/);
    expect(registered.filter((r) => r.type.startsWith("scaleway:tem"))).toEqual([]);
    expect(registered.filter((r) => r.name.startsWith("mail-"))).toEqual([]);
  });

  it("refuses a mailbox declared after its domain's server wrote its accounts", async () => {
    const { message } = await refusal(async () => {
      const domain = withCluster();
      // The accounts are written on the turn of the event loop after the domain: queued after it.
      await new Promise((resolve) => setImmediate(resolve));
      return new Mailbox("late", { domain, localPart: "late" });
    });
    expect(message).toMatch(
      /Mailbox "late": domain must be declared in the same synchronous step as MailDomain "mail".*\(received "mail"\).*Declare every mailbox right after its domain/s,
    );
  });
});
