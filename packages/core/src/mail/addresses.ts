/**
 * Domain names and local parts, as the mail blocks accept them: the strict, portable subset every
 * mail server and DNS provider takes unchanged, so an address that works on one vendor works on all.
 */
import { domainToASCII } from "node:url";
import { isDns1123Label } from "../names";

/** RFC 1035: a name's text form is at most 253 characters. */
export const MAX_DOMAIN_LENGTH = 253;
/** RFC 5321: a local part is at most 64 octets. */
export const MAX_LOCAL_PART_LENGTH = 64;
/** RFC 5321's 256-octet path, less its angle brackets. */
export const MAX_ADDRESS_LENGTH = 254;

/** Special-use names (RFC 6761, RFC 6762) that no public mail can reach. */
const UNREACHABLE_SUFFIXES = ["localhost", "local", "invalid", "test", "internal"];

/** A rule a value broke, and the fix to show with it. */
export interface Problem {
  readonly rule: string;
  readonly fix: string;
}

/** Why a string is not a domain mail can be addressed to, or undefined when it is one. */
export function domainProblem(value: string): Problem | undefined {
  if (value.endsWith(".")) {
    return {
      rule: "must not end in a dot",
      fix: `Write ${JSON.stringify(value.replace(/\.+$/, ""))}.`,
    };
  }
  if (/[^\x20-\x7e]/.test(value)) {
    const ascii = domainToASCII(value);
    return {
      rule: "must be ASCII: an internationalised domain is written in its xn-- form",
      fix: ascii !== "" ? `Write ${JSON.stringify(ascii)}.` : "Write the domain's xn-- form.",
    };
  }
  if (value !== value.toLowerCase()) {
    return {
      rule: "must be lowercase",
      fix: `Write ${JSON.stringify(value.toLowerCase())}.`,
    };
  }
  if (value.includes("@")) {
    return {
      rule: "must be a domain name, not an address",
      fix: `Write the part after the @: ${JSON.stringify(value.slice(value.lastIndexOf("@") + 1))}.`,
    };
  }
  const labels = value.split(".");
  const fix = "Write the DNS name the addresses end in, such as meldingen.amsterdam.nl.";
  if (value.length > MAX_DOMAIN_LENGTH) {
    return { rule: `must be at most ${MAX_DOMAIN_LENGTH} characters`, fix };
  }
  if (labels.length < 2 || !labels.every(isDns1123Label)) {
    return {
      rule: "must be two or more DNS labels joined by dots, each of lowercase letters, digits and inner hyphens, at most 63 characters",
      fix,
    };
  }
  const top = labels[labels.length - 1]!;
  if (/^\d+$/.test(top)) {
    return { rule: "must be a domain name, not an IP address", fix };
  }
  if (UNREACHABLE_SUFFIXES.includes(top)) {
    return {
      rule: `must be reachable from the internet: .${top} is a special-use name no other mail server resolves`,
      fix,
    };
  }
  return undefined;
}

/** Why a string is not a local part the mail blocks accept, or undefined when it is one. */
export function localPartProblem(value: string): Problem | undefined {
  const fix =
    "Use lowercase letters and digits, with single dots, hyphens or underscores between them, such as meldingen or team.vergunningen.";
  if (value.includes("@")) {
    return {
      rule: "must be the part before the @ only",
      fix: `Write ${JSON.stringify(value.slice(0, value.indexOf("@")))}, and give the domain as the MailDomain.`,
    };
  }
  if (value.includes("+")) {
    return {
      rule: "must not contain +: it starts a subaddress (meldingen+tag@…), which every mailbox receives already",
      fix: `Write ${JSON.stringify(value.slice(0, value.indexOf("+")))}.`,
    };
  }
  if (value !== value.toLowerCase()) {
    return {
      rule: "must be lowercase: mail servers differ in whether case matters in a local part",
      fix: `Write ${JSON.stringify(value.toLowerCase())}.`,
    };
  }
  if (value.length === 0 || value.length > MAX_LOCAL_PART_LENGTH) {
    return { rule: `must be 1 to ${MAX_LOCAL_PART_LENGTH} characters`, fix };
  }
  if (!/^[a-z0-9](?:[a-z0-9._-]*[a-z0-9])?$/.test(value) || /[._-]{2}/.test(value)) {
    return {
      rule: "must be lowercase letters and digits, with single dots, hyphens or underscores between them",
      fix,
    };
  }
  return undefined;
}

/**
 * Why a string is not an address to send DMARC reports to, or undefined when it is one. The local
 * part is the other domain's to choose, so it is checked only for what breaks a `mailto:` URI.
 */
export function reportAddressProblem(value: string): Problem | undefined {
  const at = value.lastIndexOf("@");
  const fix = "Write one address, such as dmarc-rapporten@amsterdam.nl.";
  if (at <= 0 || at > MAX_LOCAL_PART_LENGTH || value.length > MAX_ADDRESS_LENGTH) {
    return { rule: "must be an address: a local part, an @ and a domain", fix };
  }
  if (/[\s<>()",;:\\!]/.test(value.slice(0, at))) {
    return {
      rule: 'must have a local part without spaces or any of < > ( ) " , ; : \\ !',
      fix,
    };
  }
  const domain = domainProblem(value.slice(at + 1));
  return domain === undefined ? undefined : { rule: `must have a domain that ${domain.rule}`, fix };
}
