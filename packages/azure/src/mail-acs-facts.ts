/**
 * What Azure Communication Services Email is and says, as pure functions: the data location for a
 * stack's country, its documented sending limits, and the DNS records its Domain resource asks the
 * owner to publish, turned into the mail server's `SendingDns`.
 */
import { dkimSelectorOf, spfMechanisms, type MailDnsRecord } from "@wissel/core";

/** Communication Services' SMTP endpoint: submission with STARTTLS and SMTP AUTH. */
export const ACS_SMTP = { host: "smtp.azurecomm.net", port: 587 } as const;

/**
 * The data locations Communication Services offers in one country, by that country; every other
 * European country's stack gets "Europe" (Microsoft's EU data centres, no country fixed).
 */
const COUNTRY_DATA_LOCATIONS: Readonly<Record<string, string>> = {
  DE: "Germany",
  FR: "France",
  NO: "Norway",
  CH: "Switzerland",
  GB: "UK",
  US: "United States",
};

/** Where Communication Services keeps the domain's mail data at rest, for a stack's country. */
export function acsDataLocation(country: string): string {
  return COUNTRY_DATA_LOCATIONS[country] ?? "Europe";
}

/**
 * Communication Services' default limits for a customer-managed domain, as Microsoft documents
 * them; Microsoft raises them on a support request.
 */
export const ACS_SENDING_LIMITS =
  "30 messages a minute and 100 an hour per Communication Services resource, 10 MB a message; a message over them is refused by the relay and bounces from the queue";

/**
 * The SPF mechanism and DKIM selectors Communication Services documents for a customer-managed
 * domain: the records until the Domain resource reports its own (and in offline plans).
 */
const DEFAULT_SPF = "include:spf.protection.outlook.com";
const DEFAULT_DKIM_SELECTORS = ["selector1-azurecomm-prod-net", "selector2-azurecomm-prod-net"];

/** One record as the Domain resource reports it: a name relative to the domain, its type and value. */
export interface AcsDnsRecord {
  readonly name: string;
  readonly type: string;
  readonly value: string;
}

/** The Domain resource's `verificationRecords`. */
export interface AcsVerificationRecords {
  readonly domain?: AcsDnsRecord;
  readonly sPF?: AcsDnsRecord;
  readonly dKIM?: AcsDnsRecord;
  readonly dKIM2?: AcsDnsRecord;
}

/** What the mail server's domain publishes for Communication Services (core's `SendingDns`). */
export interface AcsSendingDns {
  readonly spf: readonly string[];
  readonly dkim: readonly { kind: "cname"; selector: string; target: string }[];
  readonly verification?: readonly MailDnsRecord[];
}

/**
 * The records the Domain resource asks for, as the server's sending DNS: its SPF mechanisms (the
 * domain's mail leaves from Microsoft), its DKIM CNAMEs, and its `ms-domain-verification` TXT
 * record. Where it reports none yet, the documented ones stand in; the verification record has no
 * stand-in, since only the resource knows its value.
 */
export function acsSendingDns(
  domain: string,
  records: AcsVerificationRecords | undefined,
): AcsSendingDns {
  const spf = records?.sPF !== undefined ? spfMechanisms(records.sPF.value) : [];
  const reported = [records?.dKIM, records?.dKIM2].filter(
    (record): record is AcsDnsRecord =>
      record !== undefined && record.type.toUpperCase() === "CNAME",
  );
  const dkim =
    reported.length > 0
      ? reported.map((r) => ({
          kind: "cname" as const,
          selector: dkimSelectorOf(r.name),
          target: r.value.replace(/\.$/, ""),
        }))
      : DEFAULT_DKIM_SELECTORS.map((selector) => ({
          kind: "cname" as const,
          selector,
          target: `${selector}._domainkey.azurecomm.net`,
        }));
  const verification = records?.domain;
  return {
    spf: spf.length > 0 ? spf : [DEFAULT_SPF],
    dkim,
    ...(verification !== undefined && verification.value !== ""
      ? {
          verification: [
            {
              type: "TXT" as const,
              name: domain,
              value: verification.value,
              purpose: "verification" as const,
            },
          ],
        }
      : {}),
  };
}

/** The actions the SMTP login's Entra application needs on the Communication Services resource. */
export const ACS_SMTP_ACTIONS = [
  "Microsoft.Communication/CommunicationServices/Read",
  "Microsoft.Communication/CommunicationServices/Write",
  "Microsoft.Communication/EmailServices/write",
] as const;
