/** Validation and defaults of `MailDomainArgs` and `MailboxArgs`, as pure functions. */
import { Issues } from "../errors";
import { isDns1123Label } from "../names";
import { checkKnownKeys, dataHandling, isPlainObject, oneOf, optionalBoolean } from "../validate";
import {
  MAX_ADDRESS_LENGTH,
  domainProblem,
  localPartProblem,
  reportAddressProblem,
} from "./addresses";
import {
  DMARC_POLICIES,
  type MailDomainLike,
  type MailDomainSpec,
  type MailTls,
  type MailboxSpec,
} from "./contract";

const DOMAIN_ARG_KEYS = ["domain", "tls", "dkimSelector", "dmarcPolicy", "dmarcReports", "cluster"];
const MAILBOX_ARG_KEYS = [
  "domain",
  "localPart",
  "displayName",
  "quotaGiB",
  "imap",
  "aliases",
  "classification",
  "allowDataLoss",
];

export const DEFAULT_DKIM_SELECTOR = "wissel";
export const DEFAULT_QUOTA_GIB = 5;
export const MAX_QUOTA_GIB = 1024;
/** More aliases than this is a distribution list, which is another block's job. */
export const MAX_ALIASES = 50;
export const MAX_DISPLAY_NAME_LENGTH = 100;

/**
 * Validates and defaults the arguments of a mail domain. Throws a WisselError listing every problem.
 * @param subject how messages name the resource, e.g. `MailDomain "mail"`
 */
export function validateMailDomainArgs(args: unknown, subject: string): MailDomainSpec {
  const issues = new Issues(subject);
  if (!isPlainObject(args)) {
    issues.add(
      "args",
      args,
      "must be an object with the domain",
      'Pass an object such as { domain: "meldingen.amsterdam.nl" }.',
    );
    issues.throwIfAny();
  }
  const raw = args as Record<string, unknown>;
  checkKnownKeys(issues, raw, DOMAIN_ARG_KEYS, "", "MailDomain");

  const domain = raw["domain"];
  if (typeof domain !== "string" || domain === "") {
    issues.add(
      "domain",
      domain,
      "is required: the DNS name the addresses end in",
      'Set domain, such as domain: "meldingen.amsterdam.nl".',
    );
  } else {
    const problem = domainProblem(domain);
    if (problem !== undefined) issues.add("domain", domain, problem.rule, problem.fix);
  }
  const tls = validateTls(issues, raw["tls"]);
  const dkimSelector = raw["dkimSelector"] ?? DEFAULT_DKIM_SELECTOR;
  if (typeof dkimSelector !== "string" || !isDns1123Label(dkimSelector)) {
    issues.add(
      "dkimSelector",
      dkimSelector,
      "must be one DNS label: lowercase letters, digits and inner hyphens, at most 63 characters",
      `Write a label such as "wissel2026", or leave it out (default "${DEFAULT_DKIM_SELECTOR}").`,
    );
  }
  const dmarcPolicy = oneOf(
    issues,
    "dmarcPolicy",
    raw["dmarcPolicy"],
    DMARC_POLICIES,
    "quarantine",
  );
  const dmarcReports = raw["dmarcReports"];
  if (dmarcReports !== undefined) {
    const problem =
      typeof dmarcReports === "string"
        ? reportAddressProblem(dmarcReports)
        : { rule: "must be an address", fix: "Write one address, such as dmarc@amsterdam.nl." };
    if (problem !== undefined) issues.add("dmarcReports", dmarcReports, problem.rule, problem.fix);
  }

  issues.throwIfAny();
  return {
    domain: domain as string,
    ...(tls !== undefined ? { tls } : {}),
    dkimSelector: dkimSelector as string,
    dmarcPolicy,
    ...(typeof dmarcReports === "string" ? { dmarcReports } : {}),
    classification: "internal",
    allowDataLoss: false,
  };
}

const TLS_FIX =
  'Set tls to { secretName: "mail-tls" } (a kubernetes.io/tls Secret) or { issuer: "letsencrypt" } (a cert-manager ClusterIssuer).';

function validateTls(issues: Issues, value: unknown): MailTls | undefined {
  if (value === undefined) return undefined;
  if (!isPlainObject(value)) {
    issues.add("tls", value, "must be an object naming a Secret or a cert-manager issuer", TLS_FIX);
    return undefined;
  }
  checkKnownKeys(issues, value, ["secretName", "issuer", "issuerKind"], "tls.", "tls");
  const { secretName, issuer, issuerKind } = value;
  if ((secretName === undefined) === (issuer === undefined)) {
    issues.add("tls", value, "must name exactly one of secretName and issuer", TLS_FIX);
    return undefined;
  }
  const name = secretName ?? issuer;
  const field = secretName !== undefined ? "tls.secretName" : "tls.issuer";
  if (typeof name !== "string" || !isDns1123Subdomain(name)) {
    issues.add(
      field,
      name,
      "must be a Kubernetes object name: lowercase letters, digits, '-' and '.', at most 253 characters",
      TLS_FIX,
    );
    return undefined;
  }
  if (secretName !== undefined) {
    if (issuerKind !== undefined) {
      issues.add(
        "tls.issuerKind",
        issuerKind,
        "applies to an issuer only",
        "Remove tls.issuerKind, or name an issuer instead of a Secret.",
      );
    }
    return { secretName: name };
  }
  const kind = oneOf(
    issues,
    "tls.issuerKind",
    issuerKind,
    ["ClusterIssuer", "Issuer"],
    "ClusterIssuer",
  );
  return { issuer: name, issuerKind: kind };
}

function isDns1123Subdomain(value: string): boolean {
  return value.length <= 253 && value.split(".").every(isDns1123Label);
}

/** Whether a value is a `MailDomain` as a `Mailbox` sees it. */
function isMailDomainRef(value: unknown): value is MailDomainLike {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as Partial<MailDomainLike>).domainName === "string"
  );
}

/**
 * Validates and defaults the arguments of a mailbox. Throws a WisselError listing every problem.
 * Addresses another mailbox of the program already takes are core's collision check's to refuse.
 * @param subject how messages name the resource, e.g. `Mailbox "meldingen"`
 */
export function validateMailboxArgs(args: unknown, subject: string): MailboxSpec {
  const issues = new Issues(subject);
  if (!isPlainObject(args)) {
    issues.add(
      "args",
      args,
      "must be an object with the domain and the local part",
      'Pass an object such as { domain, localPart: "meldingen" }, with domain a MailDomain.',
    );
    issues.throwIfAny();
  }
  const raw = args as Record<string, unknown>;
  checkKnownKeys(issues, raw, MAILBOX_ARG_KEYS, "", "Mailbox");

  const domainArg = raw["domain"];
  let domain: string | undefined;
  if (isMailDomainRef(domainArg)) domain = domainArg.domainName;
  else {
    issues.add(
      "domain",
      domainArg,
      typeof domainArg === "string"
        ? "must be the MailDomain component, not the domain's name"
        : "is required: the MailDomain the address is on",
      'Create the domain once and pass it: const mail = new MailDomain("mail", { domain: "amsterdam.nl" }); then domain: mail.',
    );
  }

  const localPart = localPartOf(issues, "localPart", raw["localPart"], true);
  if (domain !== undefined && localPart !== undefined) {
    const address = `${localPart}@${domain}`;
    if (address.length > MAX_ADDRESS_LENGTH) {
      issues.add(
        "localPart",
        localPart,
        `must leave the address ${address} at most ${MAX_ADDRESS_LENGTH} characters`,
        "Shorten the local part.",
      );
    }
  }
  const displayName = displayNameOf(issues, raw["displayName"]);
  const imap = optionalBoolean(issues, "imap", raw["imap"], true);
  const quotaGiB = quotaOf(issues, raw["quotaGiB"], imap);
  const aliases = aliasesOf(issues, raw["aliases"], localPart, imap);
  const { classification, allowDataLoss } = dataHandling(issues, raw);

  issues.throwIfAny();
  return {
    domain: domain!,
    localPart: localPart!,
    address: `${localPart!}@${domain!}`,
    displayName: displayName ?? localPart!,
    quotaGiB,
    imap,
    aliases,
    classification,
    allowDataLoss,
  };
}

function localPartOf(
  issues: Issues,
  field: string,
  value: unknown,
  required: boolean,
): string | undefined {
  if (typeof value !== "string") {
    issues.add(
      field,
      value,
      required
        ? "is required: what comes before the @"
        : "must be a string: what comes before the @",
      `Set ${field}, such as "meldingen".`,
    );
    return undefined;
  }
  const problem = localPartProblem(value);
  if (problem === undefined) return value;
  issues.add(field, value, problem.rule, problem.fix);
  return undefined;
}

function displayNameOf(issues: Issues, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  const fix = 'Write a plain name such as "Meldingen openbare ruimte", or leave it out.';
  if (typeof value !== "string" || value.trim() === "") {
    issues.add("displayName", value, "must be a non-empty string", fix);
    return undefined;
  }
  // Control characters would let the name break out of the From header; quotes and angle brackets
  // would end its quoted form.
  if (/[\p{Cc}"<>\\]/u.test(value)) {
    issues.add(
      "displayName",
      value,
      'must not contain line breaks, control characters, ", <, > or \\',
      fix,
    );
    return undefined;
  }
  if (value !== value.trim() || value.length > MAX_DISPLAY_NAME_LENGTH) {
    issues.add(
      "displayName",
      value,
      `must be at most ${MAX_DISPLAY_NAME_LENGTH} characters, without leading or trailing spaces`,
      fix,
    );
    return undefined;
  }
  return value;
}

function quotaOf(issues: Issues, value: unknown, imap: boolean): number {
  if (value === undefined) return DEFAULT_QUOTA_GIB;
  if (!imap) {
    issues.add(
      "quotaGiB",
      value,
      "applies to a mailbox that stores mail: with imap: false, no mail is stored",
      "Remove quotaGiB, or set imap: true.",
    );
    return DEFAULT_QUOTA_GIB;
  }
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1 || value > MAX_QUOTA_GIB) {
    issues.add(
      "quotaGiB",
      value,
      `must be a whole number of GiB from 1 to ${MAX_QUOTA_GIB}`,
      `Set quotaGiB to the storage the mailbox needs, or leave it out (default ${DEFAULT_QUOTA_GIB}).`,
    );
    return DEFAULT_QUOTA_GIB;
  }
  return value;
}

function aliasesOf(
  issues: Issues,
  value: unknown,
  localPart: string | undefined,
  imap: boolean,
): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    issues.add(
      "aliases",
      value,
      "must be a list of local parts",
      'Write aliases: ["meldingen-oud"].',
    );
    return [];
  }
  if (!imap && value.length > 0) {
    issues.add(
      "aliases",
      value,
      "apply to a mailbox that receives mail: with imap: false, no mail is stored",
      "Remove aliases, or set imap: true.",
    );
    return [];
  }
  if (value.length > MAX_ALIASES) {
    issues.add(
      "aliases",
      `${value.length} aliases`,
      `must hold at most ${MAX_ALIASES} aliases`,
      "Use a shared mailbox or a distribution list for that many addresses.",
    );
  }
  const aliases: string[] = [];
  value.forEach((item, i) => {
    const alias = localPartOf(issues, `aliases[${i}]`, item, false);
    if (alias === undefined) return;
    if (alias === localPart) {
      issues.add(
        `aliases[${i}]`,
        alias,
        "must differ from the mailbox's own local part",
        `Remove ${JSON.stringify(alias)} from aliases: the mailbox receives it already.`,
      );
    } else if (aliases.includes(alias)) {
      issues.add(`aliases[${i}]`, alias, "must not repeat an alias", "List each alias once.");
    } else aliases.push(alias);
  });
  return aliases;
}
