/**
 * The DNS records a mail domain's owner publishes, whichever vendor sends and receives its mail: MX,
 * SPF, DKIM and DMARC, plus a vendor's own verification records. Pure: the adapters give the facts
 * (their mail hosts, SPF mechanisms, DKIM key or CNAME), this module writes the records.
 */
import type { MailDomainSpec } from "./contract";

/** One record for the domain's zone, as a registrar's form asks for it. */
export interface MailDnsRecord {
  readonly type: "MX" | "TXT" | "CNAME";
  /** The fully qualified owner name, without a trailing dot: `_dmarc.amsterdam.nl`. */
  readonly name: string;
  /** The record's data: a host for MX and CNAME, the text for TXT (unquoted, unsplit). */
  readonly value: string;
  /** MX only. */
  readonly priority?: number;
  /** What the record is for, for the plan and the docs: `SPF: who may send as the domain`. */
  readonly purpose: "mx" | "spf" | "dkim" | "dmarc" | "verification";
}

/** How receivers find the domain's DKIM key. */
export type DkimPublication =
  /** The key itself, as the `p=` of a TXT record (a self-hosted signer). */
  | { readonly kind: "key"; readonly publicKeyBase64: string }
  /** A CNAME to a record the vendor publishes and rotates (Azure Communication Services). */
  | { readonly kind: "cname"; readonly selector: string; readonly target: string }
  /** A TXT record whose full text the vendor gives (Scaleway Transactional Email). */
  | { readonly kind: "txt"; readonly selector: string; readonly value: string };

/** What the vendor that sends and receives a domain's mail says about it. */
export interface MailDnsFacts {
  /**
   * Hosts that accept the domain's incoming mail, most preferred first. Empty when no mailbox of the
   * domain stores mail: the domain then publishes a null MX (RFC 7505) and accepts none.
   */
  readonly mxHosts: readonly string[];
  /** SPF mechanisms of every sender: `include:spf.tem.scaleway.com`, `a:mail.amsterdam.nl`. */
  readonly spf: readonly string[];
  readonly dkim: readonly DkimPublication[];
  /** Records a vendor needs to prove the domain is the customer's (Azure's `ms-domain-verification`). */
  readonly verification?: readonly MailDnsRecord[];
}

/**
 * The SPF mechanisms of a vendor's SPF text, which may be a whole record (`v=spf1 include:x -all`)
 * or only its snippet (`include:x`): every term but the version and the `all` term.
 */
export function spfMechanisms(value: string): string[] {
  return value
    .split(/\s+/)
    .filter(
      (term) => term !== "" && term.toLowerCase() !== "v=spf1" && !/^[-~?+]?all$/i.test(term),
    );
}

/** A DKIM record's selector from its owner name, relative or absolute: what comes before `._domainkey`. */
export function dkimSelectorOf(name: string): string {
  return name.replace(/\._domainkey(\..*)?\.?$/i, "");
}

/**
 * The records of a domain. SPF ends in `-all` (nobody else sends as the domain), DMARC takes the
 * domain's policy with relaxed alignment, which a vendor signing with the domain's own DKIM key meets.
 */
export function mailDnsRecords(spec: MailDomainSpec, facts: MailDnsFacts): MailDnsRecord[] {
  const domain = spec.domain;
  const mx: MailDnsRecord[] =
    facts.mxHosts.length === 0
      ? [{ type: "MX", name: domain, value: ".", priority: 0, purpose: "mx" }]
      : facts.mxHosts.map((host, index) => ({
          type: "MX",
          name: domain,
          value: host,
          priority: 10 * (index + 1),
          purpose: "mx",
        }));
  const spf: MailDnsRecord = {
    type: "TXT",
    name: domain,
    value: ["v=spf1", ...new Set(facts.spf), "-all"].join(" "),
    purpose: "spf",
  };
  const dkim = facts.dkim.map((publication): MailDnsRecord => {
    switch (publication.kind) {
      case "key":
        return {
          type: "TXT",
          name: `${spec.dkimSelector}._domainkey.${domain}`,
          value: `v=DKIM1; k=rsa; p=${publication.publicKeyBase64}`,
          purpose: "dkim",
        };
      case "cname":
        return {
          type: "CNAME",
          name: `${publication.selector}._domainkey.${domain}`,
          value: publication.target,
          purpose: "dkim",
        };
      case "txt":
        return {
          type: "TXT",
          name: `${publication.selector}._domainkey.${domain}`,
          value: publication.value,
          purpose: "dkim",
        };
    }
  });
  const dmarc: MailDnsRecord = {
    type: "TXT",
    name: `_dmarc.${domain}`,
    value: [
      "v=DMARC1",
      `p=${spec.dmarcPolicy}`,
      ...(spec.dmarcReports !== undefined ? [`rua=mailto:${spec.dmarcReports}`] : []),
    ].join("; "),
    purpose: "dmarc",
  };
  return [...mx, spf, ...dkim, dmarc, ...(facts.verification ?? [])];
}

/**
 * What a domain's records lack for its mail to be delivered and trusted: an MX (or null MX), one SPF
 * record, a DKIM record and a DMARC record. Empty when complete; the mail contract suite runs this on
 * every vendor's domain.
 */
export function missingMailDnsRecords(domain: string, records: readonly MailDnsRecord[]): string[] {
  const missing: string[] = [];
  const of = (purpose: MailDnsRecord["purpose"]): MailDnsRecord[] =>
    records.filter((r) => r.purpose === purpose);
  if (!of("mx").some((r) => r.type === "MX" && r.name === domain)) missing.push(`MX of ${domain}`);
  const spf = of("spf").filter((r) => r.name === domain && r.value.startsWith("v=spf1 "));
  if (spf.length !== 1) {
    missing.push(`one SPF record of ${domain} (found ${spf.length})`);
  } else if (!/ [-~]all$/.test(spf[0]!.value)) {
    missing.push(`an SPF record of ${domain} that ends in -all or ~all`);
  }
  if (!of("dkim").some((r) => r.name.endsWith(`._domainkey.${domain}`))) {
    missing.push(`a DKIM record under _domainkey.${domain}`);
  }
  if (!of("dmarc").some((r) => r.name === `_dmarc.${domain}` && r.value.startsWith("v=DMARC1;"))) {
    missing.push(`a DMARC record at _dmarc.${domain}`);
  }
  return missing;
}
