/**
 * What Scaleway Transactional Email (TEM) is and says, as pure functions and constants: where it
 * runs, its SMTP relay, the permission set that lets a login send through it, its documented
 * limits, and the records its Domain resource asks the owner to publish, turned into the mail
 * server's `SendingDns`.
 */
import { dkimSelectorOf, spfMechanisms, type Placement } from "@wissel/core";
import { VENDOR, findRegion, type ScalewayRegionId } from "./vendor";

/**
 * The only region TEM runs in, whatever region the stack names: "Transactional Email is only
 * available in the fr-par region" (Scaleway, Transactional Email capabilities and limits), and the
 * provider's `tem.Domain.region`: "Currently, only fr-par is supported".
 */
export const TEM_REGION: ScalewayRegionId = "fr-par";

/** Where TEM handles a domain's outgoing mail: Scaleway in fr-par (Paris, France). */
export function temPlacement(): Omit<Placement, "target"> {
  return { ...VENDOR, region: TEM_REGION, country: findRegion(TEM_REGION)?.country ?? "FR" };
}

/**
 * TEM's SMTP relay: submission on 587 with STARTTLS, which the server requires (Scaleway's SMTP
 * configuration reference: an encrypted connection is mandatory; the host moved from
 * smtp.tem.scw.cloud to smtp.tem.scaleway.com in September 2024).
 */
export const TEM_SMTP = { host: "smtp.tem.scaleway.com", port: 587 } as const;

/**
 * The IAM permission set the relay's API key holds, and only it: creating emails over SMTP.
 * Scaleway added it on 2025-02-21 beside `TransactionalEmailEmailApiCreate` (the REST API) so that
 * a sender no longer needs `TransactionalEmailFullAccess`, which also manages domains, webhooks and
 * blocklists (Scaleway changelog "New permission sets for email creation via SMTP or the Scaleway
 * API").
 */
export const TEM_SMTP_PERMISSION_SET = "TransactionalEmailEmailSmtpCreate";

/**
 * TEM's default quotas per Organization, as Scaleway documents them (Transactional Email
 * capabilities and limits, reviewed 2025-10-29): raised by Scaleway support on request.
 */
export const TEM_SENDING_LIMITS =
  "10,000 emails a month (each recipient counts as one email), 10 recipients and 10 attachments an email, 50 MB an email over SMTP, no hourly quota since 1 December 2023; Scaleway support raises them on request";

/** How long `pulumi up` waits for TEM to check a domain its owner listed as published. */
export const TEM_VALIDATION_TIMEOUT_SECONDS = 600;

/**
 * The SPF mechanism TEM documents (`v=spf1 include:_spf.tem.scaleway.com -all`): the record until
 * the Domain resource reports its own, and in offline plans. TEM does not follow a recursive
 * include, so it must stand in the domain's own record.
 */
const DEFAULT_SPF = "include:_spf.tem.scaleway.com";

/** What the Domain resource reports of the records it asks for. */
export interface TemDomainRecords {
  /** `spfConfig`: the SPF snippet, `include:_spf.tem.scaleway.com`. */
  readonly spfConfig?: string | undefined;
  /** `dkimName`: the DKIM record's name, `<project id>._domainkey`. */
  readonly dkimName?: string | undefined;
  /** `dkimConfig`: the DKIM record's whole text, `v=DKIM1; h=sha256; k=rsa; p=…`. */
  readonly dkimConfig?: string | undefined;
}

/** What the mail server's domain publishes for TEM (the shared server's `SendingDns`). */
export interface TemSendingDns {
  readonly spf: readonly string[];
  readonly dkim: readonly { kind: "txt"; selector: string; value: string }[];
}

/**
 * The records TEM asks for, as the server's sending DNS: its SPF mechanism (the domain's mail
 * leaves from TEM) and its DKIM TXT record, whose selector is the project id. TEM checks a domain
 * by these two records; it has no separate ownership record, so there is no verification entry.
 * Until the resource reports a DKIM key (offline plans, before the first deployment) the domain
 * publishes only the server's own DKIM key, since only TEM knows its public key.
 */
export function temSendingDns(records: TemDomainRecords, projectId: string): TemSendingDns {
  const spf = records.spfConfig !== undefined ? spfMechanisms(records.spfConfig) : [];
  const selector =
    records.dkimName !== undefined && records.dkimName !== ""
      ? dkimSelectorOf(records.dkimName)
      : projectId;
  const text = records.dkimConfig?.trim() ?? "";
  // The whole record as documented; a bare key is given the record's tags.
  const value = text === "" || /^v=DKIM1/i.test(text) ? text : `v=DKIM1; k=rsa; p=${text}`;
  return {
    spf: spf.length > 0 ? spf : [DEFAULT_SPF],
    dkim: value !== "" ? [{ kind: "txt", selector, value }] : [],
  };
}
