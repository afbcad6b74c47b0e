import {
  dkimSelectorOf,
  mailDnsRecords,
  missingMailDnsRecords,
  spfMechanisms,
  type MailDnsFacts,
} from "../src/mail/dns";
import { validateMailDomainArgs } from "../src/mail/validate";

const spec = validateMailDomainArgs(
  { domain: "amsterdam.nl", dmarcPolicy: "reject", dmarcReports: "dmarc@amsterdam.nl" },
  'MailDomain "mail"',
);

const selfHosted: MailDnsFacts = {
  mxHosts: ["mail.amsterdam.nl"],
  spf: ["a:mail.amsterdam.nl"],
  dkim: [{ kind: "key", publicKeyBase64: "MIIBIjANBgkq" }],
};

describe("mailDnsRecords", () => {
  it("writes MX, SPF, DKIM and DMARC for a self-hosted server", () => {
    expect(mailDnsRecords(spec, selfHosted)).toEqual([
      { type: "MX", name: "amsterdam.nl", value: "mail.amsterdam.nl", priority: 10, purpose: "mx" },
      {
        type: "TXT",
        name: "amsterdam.nl",
        value: "v=spf1 a:mail.amsterdam.nl -all",
        purpose: "spf",
      },
      {
        type: "TXT",
        name: "wissel._domainkey.amsterdam.nl",
        value: "v=DKIM1; k=rsa; p=MIIBIjANBgkq",
        purpose: "dkim",
      },
      {
        type: "TXT",
        name: "_dmarc.amsterdam.nl",
        value: "v=DMARC1; p=reject; rua=mailto:dmarc@amsterdam.nl",
        purpose: "dmarc",
      },
    ]);
  });

  it("publishes a null MX when no mailbox stores mail, and a vendor's CNAME, TXT and verification records", () => {
    const verification = {
      type: "TXT" as const,
      name: "amsterdam.nl",
      value: "ms-domain-verification=0f1e",
      purpose: "verification" as const,
    };
    const records = mailDnsRecords(spec, {
      mxHosts: [],
      spf: ["include:spf.protection.outlook.com", "include:spf.protection.outlook.com"],
      dkim: [
        {
          kind: "cname",
          selector: "selector1-azurecomm-prod-net",
          target: "selector1.azurecomm.net",
        },
        { kind: "txt", selector: "a1b2", value: "v=DKIM1; h=sha256; k=rsa; p=MIIB" },
      ],
      verification: [verification],
    });
    expect(records[0]).toEqual({
      type: "MX",
      name: "amsterdam.nl",
      value: ".",
      priority: 0,
      purpose: "mx",
    });
    // A mechanism two senders share is listed once.
    expect(records[1]?.value).toBe("v=spf1 include:spf.protection.outlook.com -all");
    expect(records.filter((r) => r.purpose === "dkim").map((r) => [r.type, r.name])).toEqual([
      ["CNAME", "selector1-azurecomm-prod-net._domainkey.amsterdam.nl"],
      ["TXT", "a1b2._domainkey.amsterdam.nl"],
    ]);
    expect(records.at(-1)).toEqual(verification);
    expect(missingMailDnsRecords("amsterdam.nl", records)).toEqual([]);
  });

  it("orders several mail hosts by preference", () => {
    const records = mailDnsRecords(spec, {
      ...selfHosted,
      mxHosts: ["mx1.amsterdam.nl", "mx2.amsterdam.nl"],
    });
    expect(records.filter((r) => r.type === "MX").map((r) => [r.priority, r.value])).toEqual([
      [10, "mx1.amsterdam.nl"],
      [20, "mx2.amsterdam.nl"],
    ]);
  });
});

describe("missingMailDnsRecords", () => {
  const complete = mailDnsRecords(spec, selfHosted);

  it("finds nothing missing in a complete set", () => {
    expect(missingMailDnsRecords("amsterdam.nl", complete)).toEqual([]);
  });

  it.each([
    ["mx", "MX of amsterdam.nl"],
    ["spf", "one SPF record of amsterdam.nl (found 0)"],
    ["dkim", "a DKIM record under _domainkey.amsterdam.nl"],
    ["dmarc", "a DMARC record at _dmarc.amsterdam.nl"],
  ])("names a missing %s record", (purpose, message) => {
    const records = complete.filter((r) => r.purpose !== purpose);
    expect(missingMailDnsRecords("amsterdam.nl", records)).toEqual([message]);
  });

  it("refuses two SPF records, which receivers treat as none, and an SPF record open to all", () => {
    const spf = complete.find((r) => r.purpose === "spf")!;
    expect(missingMailDnsRecords("amsterdam.nl", [...complete, spf])).toEqual([
      "one SPF record of amsterdam.nl (found 2)",
    ]);
    const open = complete.map((r) => (r === spf ? { ...r, value: "v=spf1 +all" } : r));
    expect(missingMailDnsRecords("amsterdam.nl", open)).toEqual([
      "an SPF record of amsterdam.nl that ends in -all or ~all",
    ]);
  });

  it("does not count another domain's records", () => {
    expect(missingMailDnsRecords("rotterdam.nl", complete)).toHaveLength(4);
  });
});

describe("what vendors report of their records", () => {
  it.each([
    ["v=spf1 include:spf.protection.outlook.com -all", ["include:spf.protection.outlook.com"]],
    ["include:_spf.tem.scaleway.com", ["include:_spf.tem.scaleway.com"]],
    ["V=SPF1  a:mail.example.nl ip4:192.0.2.1 ~all", ["a:mail.example.nl", "ip4:192.0.2.1"]],
    ["", []],
  ])("spfMechanisms(%j)", (value, expected) => {
    expect(spfMechanisms(value)).toEqual(expected);
  });

  it.each([
    ["selector1-azurecomm-prod-net._domainkey", "selector1-azurecomm-prod-net"],
    ["11111111-2222._domainkey.meldingen.amsterdam.nl.", "11111111-2222"],
    ["wissel._DOMAINKEY.example.nl", "wissel"],
  ])("dkimSelectorOf(%j)", (name, expected) => {
    expect(dkimSelectorOf(name)).toBe(expected);
  });
});
