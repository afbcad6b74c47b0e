/**
 * MailDomain and Mailbox on Azure, beyond the shared contract: the Communication Services side
 * (data location, customer-managed domain linked only once verified, one sender username per
 * mailbox, an SMTP login whose role holds only the SMTP actions), the mail server relaying through
 * it with that login, the domain's records as Communication Services asks for them, and the bad
 * programs and settings refused before anything registers.
 */
import {
  KubernetesCluster,
  MailDomain,
  Mailbox,
  plannedComponents,
  type MailboxArgs,
} from "@wissel/core";
import { MockHarness, unwrapSecrets, valueOf, type Registration } from "@wissel/testing";
import { acsDataLocation, acsSendingDns } from "../src/mail-acs-facts";
import {
  CONFIG,
  MAIL,
  SETTINGS,
  SMTP_APP_CLIENT_ID,
  SMTP_APP_SECRET,
  TENANT_ID,
  outputs,
} from "./fixtures";

const DOMAIN = "meldingen.amsterdam.nl";
const TLS = { issuer: "letsencrypt" } as const;

function mailConfig(mail: Record<string, unknown> | null = MAIL, location = "westeurope") {
  return {
    ...CONFIG,
    "wissel:azure": { ...SETTINGS, location, ...(mail !== null ? { mail } : {}) },
  };
}

let harness: MockHarness;
beforeAll(async () => {
  harness = await MockHarness.start({ config: mailConfig(), outputs });
});
beforeEach(() => harness.reset());
afterEach(() => harness.setConfig(mailConfig()));

function inputsOf(registrations: readonly Registration[], type: string, name: string) {
  const found = registrations.find((r) => r.type === type && r.name === name);
  if (found === undefined) throw new Error(`no ${type} ${name}`);
  return unwrapSecrets(found.inputs)[0] as Record<string, unknown>;
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

describe("mail on Azure: the server on AKS, sending through Communication Services", () => {
  it("keeps the data in Europe, and links the domain only once it is verified", async () => {
    const { registrations } = await workspace({ meldingen: { localPart: "meldingen" } });
    const email = inputsOf(
      registrations,
      "azure-native:communication:EmailService",
      "mail-email-service",
    );
    expect(email["dataLocation"]).toBe("Europe");
    const domain = inputsOf(registrations, "azure-native:communication:Domain", "mail-acs-domain");
    expect(domain["domainManagement"]).toBe("CustomerManaged");
    expect(domain["domainName"]).toBe(DOMAIN);
    expect(domain["userEngagementTracking"]).toBe("Disabled");
    const service = inputsOf(
      registrations,
      "azure-native:communication:CommunicationService",
      "mail-communication",
    );
    expect(service["dataLocation"]).toBe("Europe");
    expect(service["linkedDomains"]).toEqual([]);
    const decisions = plannedComponents().find((r) => r.kind === "mailDomain")!.decisions;
    expect(decisions.find((d) => d.what === "sending domain")?.choice).toMatch(/not linked yet/);
    expect(decisions.find((d) => d.what === "sending limits")?.choice).toMatch(
      /30 messages a minute/,
    );

    harness.setConfig(mailConfig({ ...MAIL, verifiedDomains: [DOMAIN] }));
    harness.reset();
    const again = await workspace({ meldingen: { localPart: "meldingen" } });
    const linked = inputsOf(
      again.registrations,
      "azure-native:communication:CommunicationService",
      "mail-communication",
    );
    expect((linked["linkedDomains"] as unknown[]).length).toBe(1);
  });

  it("uses the data location of the stack's country where Communication Services has one", async () => {
    harness.setConfig(mailConfig(MAIL, "germanywestcentral"));
    const { registrations } = await workspace({ meldingen: { localPart: "meldingen" } });
    const email = inputsOf(
      registrations,
      "azure-native:communication:EmailService",
      "mail-email-service",
    );
    expect(email["dataLocation"]).toBe("Germany");
    expect(acsDataLocation("NL")).toBe("Europe");
    expect(acsDataLocation("FR")).toBe("France");
  });

  it("gives the SMTP login a role with only the SMTP actions, on the sending resource alone", async () => {
    const { registrations } = await workspace({ meldingen: { localPart: "meldingen" } });
    const role = inputsOf(
      registrations,
      "azure-native:authorization:RoleDefinition",
      "mail-smtp-role",
    ) as {
      permissions: { actions: string[] }[];
      assignableScopes: string[];
    };
    expect(role.permissions).toEqual([
      {
        actions: [
          "Microsoft.Communication/CommunicationServices/Read",
          "Microsoft.Communication/CommunicationServices/Write",
          "Microsoft.Communication/EmailServices/write",
        ],
      },
    ]);
    expect(role.assignableScopes).toEqual([
      `/subscriptions/${SETTINGS.subscriptionId}/resourceGroups/${SETTINGS.resourceGroupName}`,
    ]);
    const access = inputsOf(
      registrations,
      "azure-native:authorization:RoleAssignment",
      "mail-smtp-access",
    );
    expect(access["principalType"]).toBe("ServicePrincipal");
    const username = inputsOf(
      registrations,
      "azure-native:communication:SmtpUsername",
      "mail-smtp-username",
    );
    expect(username["entraApplicationId"]).toBe(SMTP_APP_CLIENT_ID);
    expect(username["tenantId"]).toBe(TENANT_ID);
  });

  it("relays through smtp.azurecomm.net with the login, kept in the server's Secret only", async () => {
    const { registrations } = await workspace({ meldingen: { localPart: "meldingen" } });
    const config = inputsOf(registrations, "kubernetes:core/v1:ConfigMap", "mail-config");
    const main = (config["data"] as Record<string, string>)["main.cf"]!;
    expect(main).toContain("relayhost = [smtp.azurecomm.net]:587");
    expect(main).toContain("smtp_tls_security_level = secure");
    expect(JSON.stringify(config)).not.toContain(SMTP_APP_SECRET);
    const secrets = inputsOf(registrations, "kubernetes:core/v1:Secret", "mail-secrets");
    const files = secrets["stringData"] as Record<string, string>;
    expect(Object.values(files).some((text) => text.includes(`:${SMTP_APP_SECRET}`))).toBe(true);
  });

  it("registers one sender username per mailbox, so Communication Services sends as it", async () => {
    const { registrations } = await workspace({
      meldingen: { localPart: "meldingen", displayName: "Meldingen Openbare Ruimte" },
      noreply: { localPart: "noreply", imap: false },
    });
    const senders = registrations.filter(
      (r) => r.type === "azure-native:communication:SenderUsername",
    );
    expect(senders.map((r) => r.name).sort()).toEqual(["meldingen-sender", "noreply-sender"]);
    const meldingen = inputsOf(
      registrations,
      "azure-native:communication:SenderUsername",
      "meldingen-sender",
    );
    expect(meldingen).toMatchObject({
      username: "meldingen",
      displayName: "Meldingen Openbare Ruimte",
      domainName: DOMAIN,
    });
  });

  it("publishes Communication Services' SPF, DKIM CNAMEs and verification record, and its own DKIM key", async () => {
    const { result } = await workspace({ meldingen: { localPart: "meldingen" } });
    const { dnsRecords } = await valueOf(result.domain.binding);
    const spf = dnsRecords.find((r) => r.purpose === "spf")!;
    expect(spf.value).toBe("v=spf1 include:spf.protection.outlook.com -all");
    const dkim = dnsRecords.filter((r) => r.purpose === "dkim");
    expect(dkim.map((r) => `${r.type} ${r.name}`)).toEqual([
      `TXT wissel._domainkey.${DOMAIN}`,
      `CNAME selector1-azurecomm-prod-net._domainkey.${DOMAIN}`,
      `CNAME selector2-azurecomm-prod-net._domainkey.${DOMAIN}`,
    ]);
    expect(dnsRecords.find((r) => r.purpose === "verification")).toEqual({
      type: "TXT",
      name: DOMAIN,
      value: `ms-domain-verification=5f1c-${DOMAIN}`,
      purpose: "verification",
    });
  });

  it("stands in the documented records while the Domain reports none", () => {
    const dns = acsSendingDns(DOMAIN, undefined);
    expect(dns.spf).toEqual(["include:spf.protection.outlook.com"]);
    expect(dns.dkim.map((d) => d.selector)).toEqual([
      "selector1-azurecomm-prod-net",
      "selector2-azurecomm-prod-net",
    ]);
    expect(dns.verification).toBeUndefined();
  });
});

describe("bad mail programs and settings on Azure, refused before anything registers", () => {
  async function refusal(program: () => unknown, config?: Readonly<Record<string, unknown>>) {
    if (config !== undefined) harness.setConfig(config);
    harness.reset();
    let message = "";
    try {
      await harness.run(program);
    } catch (error) {
      message = error instanceof Error ? error.message : String(error);
    }
    return { message, registered: harness.registrations.filter((r) => r.type.startsWith("azure")) };
  }
  const withCluster = () => {
    const cluster = new KubernetesCluster("apps");
    return new MailDomain("mail", { domain: DOMAIN, tls: TLS, cluster });
  };

  it.each([
    [
      "a domain without an AKS cluster",
      () => new MailDomain("mail", { domain: DOMAIN, tls: TLS }),
      undefined,
      /cluster must be a KubernetesCluster on target "azure".*new KubernetesCluster/,
    ],
    ["no mail settings", withCluster, mailConfig(null), /wissel:azure\.mail\.image is required/],
    [
      "mail settings without the tenant",
      withCluster,
      mailConfig({ image: MAIL.image }),
      /wissel:azure\.mail\.tenantId is required.*az account show --query tenantId/,
    ],
    [
      "a tenant given by its domain name",
      withCluster,
      mailConfig({ ...MAIL, tenantId: "amsterdam.onmicrosoft.com" }),
      /wissel:azure\.mail\.tenantId must be an Entra ID tenant id \(a UUID\).*"amsterdam\.onmicrosoft\.com".*az account show/,
    ],
    [
      "a verified domain in capitals",
      withCluster,
      mailConfig({ ...MAIL, verifiedDomains: ["Meldingen.Amsterdam.NL"] }),
      /wissel:azure\.mail\.verifiedDomains\[0\].*lower case/,
    ],
    [
      "an image on a moving tag",
      withCluster,
      mailConfig({ ...MAIL, image: "registry.example.nl/wissel/mail:latest" }),
      /wissel:azure\.mail\.image.*not latest/,
    ],
  ])("%s", async (_, program, config, pattern) => {
    const { message, registered } = await refusal(program, config);
    expect(message).toMatch(pattern);
    expect(registered.filter((r) => r.type.startsWith("azure-native:communication"))).toEqual([]);
  });
});
