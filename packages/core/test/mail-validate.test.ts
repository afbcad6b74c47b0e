import { WisselError } from "@wissel/core";
import { validateMailDomainArgs, validateMailboxArgs } from "../src/mail/validate";

const DOMAIN_SUBJECT = 'MailDomain "mail"';
const MAILBOX_SUBJECT = 'Mailbox "meldingen"';
const domain = { domainName: "amsterdam.nl" };

function rejection(validate: () => unknown): WisselError {
  try {
    validate();
  } catch (error) {
    if (WisselError.isInstance(error)) return error;
    throw error;
  }
  throw new Error("accepted");
}

/** [what, args, field, value as shown, rule fragment, fix fragment] */
type Case = [string, unknown, string, string, string, string];

/** The sentence users read names subject, field, rule, the value received and the fix. */
function expectIssue(
  error: WisselError,
  subject: string,
  [, , field, shown, rule, fix]: Case,
): void {
  const issue = error.issues.find((i) => i.field === field);
  expect(issue).toBeDefined();
  expect(issue?.rule).toContain(rule);
  expect(issue?.fix).toContain(fix);
  const line = error.message.split("\n").find((l) => l.startsWith(`${subject}: ${field} `));
  expect(line).toBeDefined();
  expect(line).toContain(`(received ${shown}).`);
}

const LABELS = "must be two or more DNS labels";
const LOCAL = "must be lowercase letters and digits, with single dots";

describe("validateMailDomainArgs rejects bad input, naming field, value, rule and fix", () => {
  const cases: Case[] = [
    ["no arguments", undefined, "args", "nothing", "must be an object", "domain:"],
    ["no domain", {}, "domain", "nothing", "is required", 'domain: "meldingen.amsterdam.nl"'],
    ["domain not a string", { domain: 42 }, "domain", "42", "is required", "Set domain"],
    [
      "trailing dot",
      { domain: "amsterdam.nl." },
      "domain",
      '"amsterdam.nl."',
      "must not end in a dot",
      'Write "amsterdam.nl"',
    ],
    [
      "uppercase",
      { domain: "Amsterdam.NL" },
      "domain",
      '"Amsterdam.NL"',
      "must be lowercase",
      'Write "amsterdam.nl"',
    ],
    ["unicode", { domain: "bücherei.nl" }, "domain", '"bücherei.nl"', "xn-- form", "xn--"],
    [
      "an address",
      { domain: "info@amsterdam.nl" },
      "domain",
      '"info@amsterdam.nl"',
      "not an address",
      '"amsterdam.nl"',
    ],
    [
      "one label",
      { domain: "amsterdam" },
      "domain",
      '"amsterdam"',
      LABELS,
      "meldingen.amsterdam.nl",
    ],
    [
      "empty label",
      { domain: "mail..amsterdam.nl" },
      "domain",
      '"mail..amsterdam.nl"',
      LABELS,
      "DNS name",
    ],
    [
      "leading hyphen",
      { domain: "-mail.amsterdam.nl" },
      "domain",
      '"-mail.amsterdam.nl"',
      LABELS,
      "DNS name",
    ],
    [
      "underscore",
      { domain: "mail_server.amsterdam.nl" },
      "domain",
      '"mail_server.amsterdam.nl"',
      LABELS,
      "DNS name",
    ],
    [
      "label too long",
      { domain: `${"a".repeat(64)}.nl` },
      "domain",
      `"${"a".repeat(64)}.nl"`,
      LABELS,
      "DNS name",
    ],
    [
      "too long",
      { domain: `${"abcdefghi.".repeat(26)}nl` },
      "domain",
      "",
      "at most 253 characters",
      "DNS name",
    ],
    [
      "IP address",
      { domain: "192.0.2.10" },
      "domain",
      '"192.0.2.10"',
      "not an IP address",
      "DNS name",
    ],
    [
      "special-use name",
      { domain: "mail.local" },
      "domain",
      '"mail.local"',
      ".local is a special-use name",
      "DNS name",
    ],
    [
      "localhost",
      { domain: "mail.localhost" },
      "domain",
      '"mail.localhost"',
      "special-use",
      "DNS name",
    ],
    [
      "unknown key",
      { domain: "amsterdam.nl", dkim: "x" },
      "dkim",
      "a string of 1 character, not shown",
      "is not an argument of MailDomain",
      "dkimSelector",
    ],
    [
      "selector with dot",
      { domain: "amsterdam.nl", dkimSelector: "a.b" },
      "dkimSelector",
      '"a.b"',
      "must be one DNS label",
      'default "wissel"',
    ],
    [
      "selector uppercase",
      { domain: "amsterdam.nl", dkimSelector: "Wissel" },
      "dkimSelector",
      '"Wissel"',
      "must be one DNS label",
      "wissel2026",
    ],
    [
      "dmarc policy typo",
      { domain: "amsterdam.nl", dmarcPolicy: "rejct" },
      "dmarcPolicy",
      '"rejct"',
      'must be one of "none", "quarantine", "reject"',
      'Did you mean "reject"?',
    ],
    [
      "dmarc reports not an address",
      { domain: "amsterdam.nl", dmarcReports: "dmarc" },
      "dmarcReports",
      '"dmarc"',
      "must be an address",
      "dmarc-rapporten@amsterdam.nl",
    ],
    [
      "dmarc reports with a comma",
      { domain: "amsterdam.nl", dmarcReports: "a,b@amsterdam.nl" },
      "dmarcReports",
      '"a,b@amsterdam.nl"',
      "without spaces",
      "Write one address",
    ],
    [
      "dmarc reports to a bad domain",
      { domain: "amsterdam.nl", dmarcReports: "dmarc@amsterdam" },
      "dmarcReports",
      '"dmarc@amsterdam"',
      "must have a domain that must be two or more",
      "Write one address",
    ],
    [
      "tls as a string",
      { domain: "amsterdam.nl", tls: "mail-tls" },
      "tls",
      '"mail-tls"',
      "must be an object",
      'secretName: "mail-tls"',
    ],
    [
      "tls with both",
      { domain: "amsterdam.nl", tls: { secretName: "a", issuer: "b" } },
      "tls",
      "",
      "exactly one of secretName and issuer",
      "cert-manager ClusterIssuer",
    ],
    [
      "tls with neither",
      { domain: "amsterdam.nl", tls: {} },
      "tls",
      "{}",
      "exactly one of secretName and issuer",
      "kubernetes.io/tls",
    ],
    [
      "tls secret name invalid",
      { domain: "amsterdam.nl", tls: { secretName: "Mail_TLS" } },
      "tls.secretName",
      // A field named like a secret is never shown.
      "a string of 8 characters, not shown",
      "must be a Kubernetes object name",
      "secretName",
    ],
    [
      "issuer kind with a secret",
      { domain: "amsterdam.nl", tls: { secretName: "mail-tls", issuerKind: "Issuer" } },
      "tls.issuerKind",
      '"Issuer"',
      "applies to an issuer only",
      "Remove tls.issuerKind",
    ],
    [
      "issuer kind typo",
      { domain: "amsterdam.nl", tls: { issuer: "letsencrypt", issuerKind: "ClusterIssuers" } },
      "tls.issuerKind",
      '"ClusterIssuers"',
      'must be one of "ClusterIssuer", "Issuer"',
      'Did you mean "ClusterIssuer"?',
    ],
  ];

  it.each(cases)("%s", (...testCase) => {
    const [, args, , shown] = testCase;
    const error = rejection(() => validateMailDomainArgs(args, DOMAIN_SUBJECT));
    if (shown === "") {
      expect(
        error.issues.some((i) => i.field === testCase[2] && i.rule.includes(testCase[4])),
      ).toBe(true);
      return;
    }
    expectIssue(error, DOMAIN_SUBJECT, testCase);
  });

  it("defaults a bare domain, and keeps what it is given", () => {
    expect(validateMailDomainArgs({ domain: "meldingen.amsterdam.nl" }, DOMAIN_SUBJECT)).toEqual({
      domain: "meldingen.amsterdam.nl",
      dkimSelector: "wissel",
      dmarcPolicy: "quarantine",
      classification: "internal",
      allowDataLoss: false,
    });
    expect(
      validateMailDomainArgs(
        {
          domain: "xn--gemeente-sselstein-j6b.nl",
          tls: { issuer: "letsencrypt" },
          dkimSelector: "wissel2026",
          dmarcPolicy: "reject",
          dmarcReports: "DMARC+rua@reports.example.nl",
        },
        DOMAIN_SUBJECT,
      ),
    ).toEqual({
      domain: "xn--gemeente-sselstein-j6b.nl",
      tls: { issuer: "letsencrypt", issuerKind: "ClusterIssuer" },
      dkimSelector: "wissel2026",
      dmarcPolicy: "reject",
      dmarcReports: "DMARC+rua@reports.example.nl",
      classification: "internal",
      allowDataLoss: false,
    });
  });
});

describe("validateMailboxArgs rejects bad input, naming field, value, rule and fix", () => {
  const cases: Case[] = [
    ["no arguments", undefined, "args", "nothing", "must be an object", "localPart"],
    [
      "no domain",
      { localPart: "meldingen" },
      "domain",
      "nothing",
      "is required: the MailDomain",
      "new MailDomain",
    ],
    [
      "domain as a name",
      { domain: "amsterdam.nl", localPart: "meldingen" },
      "domain",
      '"amsterdam.nl"',
      "must be the MailDomain component, not the domain's name",
      "domain: mail",
    ],
    [
      "no local part",
      { domain },
      "localPart",
      "nothing",
      "is required: what comes before the @",
      '"meldingen"',
    ],
    [
      "local part with domain",
      { domain, localPart: "meldingen@amsterdam.nl" },
      "localPart",
      '"meldingen@amsterdam.nl"',
      "before the @ only",
      'Write "meldingen"',
    ],
    [
      "subaddress",
      { domain, localPart: "meldingen+test" },
      "localPart",
      '"meldingen+test"',
      "must not contain +",
      'Write "meldingen"',
    ],
    [
      "uppercase",
      { domain, localPart: "Meldingen" },
      "localPart",
      '"Meldingen"',
      "must be lowercase",
      'Write "meldingen"',
    ],
    [
      "empty",
      { domain, localPart: "" },
      "localPart",
      '""',
      "must be 1 to 64 characters",
      "lowercase letters",
    ],
    [
      "too long",
      { domain, localPart: "a".repeat(65) },
      "localPart",
      `"${"a".repeat(65)}"`,
      "must be 1 to 64 characters",
      "lowercase letters",
    ],
    [
      "leading dot",
      { domain, localPart: ".meldingen" },
      "localPart",
      '".meldingen"',
      LOCAL,
      "team.vergunningen",
    ],
    [
      "double dot",
      { domain, localPart: "team..meldingen" },
      "localPart",
      '"team..meldingen"',
      LOCAL,
      "single dots",
    ],
    [
      "space",
      { domain, localPart: "team meldingen" },
      "localPart",
      '"team meldingen"',
      LOCAL,
      "single dots",
    ],
    ["quoted", { domain, localPart: '"team"' }, "localPart", '"\\"team\\""', LOCAL, "single dots"],
    [
      "address too long",
      { domain: { domainName: `${"abcdefghi.".repeat(20)}nl` }, localPart: "a".repeat(60) },
      "localPart",
      `"${"a".repeat(60)}"`,
      "at most 254 characters",
      "Shorten",
    ],
    [
      "display name with a line break",
      { domain, localPart: "meldingen", displayName: "Meldingen\r\nBcc: x@y.nl" },
      "displayName",
      "",
      "must not contain line breaks",
      "plain name",
    ],
    [
      "display name with angle brackets",
      { domain, localPart: "meldingen", displayName: "A <b@c.nl>" },
      "displayName",
      '"A <b@c.nl>"',
      "must not contain line breaks",
      "plain name",
    ],
    [
      "display name blank",
      { domain, localPart: "meldingen", displayName: "  " },
      "displayName",
      '"  "',
      "must be a non-empty string",
      "plain name",
    ],
    [
      "display name padded",
      { domain, localPart: "meldingen", displayName: " Meldingen" },
      "displayName",
      '" Meldingen"',
      "without leading or trailing spaces",
      "plain name",
    ],
    [
      "quota zero",
      { domain, localPart: "meldingen", quotaGiB: 0 },
      "quotaGiB",
      "0",
      "must be a whole number of GiB from 1 to 1024",
      "default 5",
    ],
    [
      "quota fractional",
      { domain, localPart: "meldingen", quotaGiB: 2.5 },
      "quotaGiB",
      "2.5",
      "must be a whole number of GiB",
      "default 5",
    ],
    [
      "quota too large",
      { domain, localPart: "meldingen", quotaGiB: 2048 },
      "quotaGiB",
      "2048",
      "from 1 to 1024",
      "quotaGiB",
    ],
    [
      "quota as a string",
      { domain, localPart: "meldingen", quotaGiB: "5" },
      "quotaGiB",
      '"5"',
      "must be a whole number",
      "quotaGiB",
    ],
    [
      "quota without imap",
      { domain, localPart: "noreply", imap: false, quotaGiB: 5 },
      "quotaGiB",
      "5",
      "with imap: false, no mail is stored",
      "Remove quotaGiB, or set imap: true.",
    ],
    [
      "imap not boolean",
      { domain, localPart: "meldingen", imap: "yes" },
      "imap",
      '"yes"',
      "must be true or false",
      "default true",
    ],
    [
      "aliases not a list",
      { domain, localPart: "meldingen", aliases: "oud" },
      "aliases",
      '"oud"',
      "must be a list of local parts",
      "aliases: [",
    ],
    [
      "aliases without imap",
      { domain, localPart: "noreply", imap: false, aliases: ["geen-antwoord"] },
      "aliases",
      "",
      "with imap: false, no mail is stored",
      "Remove aliases",
    ],
    [
      "alias invalid",
      { domain, localPart: "meldingen", aliases: ["Oud"] },
      "aliases[0]",
      '"Oud"',
      "must be lowercase",
      'Write "oud"',
    ],
    [
      "alias not a string",
      { domain, localPart: "meldingen", aliases: [7] },
      "aliases[0]",
      "7",
      "must be a string",
      "aliases[0]",
    ],
    [
      "alias is the mailbox",
      { domain, localPart: "meldingen", aliases: ["meldingen"] },
      "aliases[0]",
      '"meldingen"',
      "must differ from the mailbox's own local part",
      "receives it already",
    ],
    [
      "alias repeated",
      { domain, localPart: "meldingen", aliases: ["oud", "oud"] },
      "aliases[1]",
      '"oud"',
      "must not repeat an alias",
      "List each alias once.",
    ],
    [
      "too many aliases",
      { domain, localPart: "meldingen", aliases: Array.from({ length: 51 }, (_, i) => `a${i}`) },
      "aliases",
      '"51 aliases"',
      "at most 50 aliases",
      "distribution list",
    ],
    [
      "classification typo",
      { domain, localPart: "meldingen", classification: "sensitve" },
      "classification",
      '"sensitve"',
      "must be one of",
      'Did you mean "sensitive"?',
    ],
    [
      "allowDataLoss not boolean",
      { domain, localPart: "meldingen", allowDataLoss: 1 },
      "allowDataLoss",
      "1",
      "must be true or false",
      "default false",
    ],
    [
      "unknown key",
      { domain, localPart: "meldingen", quotaGib: 5 },
      "quotaGib",
      "a number, not shown",
      "is not an argument of Mailbox",
      "Did you mean quotaGiB?",
    ],
  ];

  it.each(cases)("%s", (...testCase) => {
    const [, args, field, shown, rule] = testCase;
    const error = rejection(() => validateMailboxArgs(args, MAILBOX_SUBJECT));
    if (shown === "") {
      expect(error.issues.some((i) => i.field === field && i.rule.includes(rule))).toBe(true);
      return;
    }
    expectIssue(error, MAILBOX_SUBJECT, testCase);
  });

  it("reports every problem at once", () => {
    const error = rejection(() =>
      validateMailboxArgs({ localPart: "A B", quotaGiB: -1, imap: 0 }, MAILBOX_SUBJECT),
    );
    expect(error.issues.map((i) => i.field).sort()).toEqual([
      "domain",
      "imap",
      "localPart",
      "quotaGiB",
    ]);
  });

  it("defaults a bare mailbox, and keeps what it is given", () => {
    expect(validateMailboxArgs({ domain, localPart: "meldingen" }, MAILBOX_SUBJECT)).toEqual({
      domain: "amsterdam.nl",
      localPart: "meldingen",
      address: "meldingen@amsterdam.nl",
      displayName: "meldingen",
      quotaGiB: 5,
      imap: true,
      aliases: [],
      classification: "internal",
      allowDataLoss: false,
    });
    expect(
      validateMailboxArgs(
        {
          domain,
          localPart: "team.vergunningen",
          displayName: "Vergunningen — team Zuid",
          quotaGiB: 50,
          aliases: ["vergunningen-zuid", "permits_south"],
          classification: "sensitive",
        },
        MAILBOX_SUBJECT,
      ),
    ).toMatchObject({
      address: "team.vergunningen@amsterdam.nl",
      displayName: "Vergunningen — team Zuid",
      quotaGiB: 50,
      aliases: ["vergunningen-zuid", "permits_south"],
      classification: "sensitive",
    });
    expect(
      validateMailboxArgs({ domain, localPart: "noreply", imap: false }, MAILBOX_SUBJECT),
    ).toMatchObject({ imap: false, aliases: [] });
  });
});
