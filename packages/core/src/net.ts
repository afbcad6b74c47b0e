/**
 * The one parser of IP addresses and CIDR blocks every package uses, built on ipaddr.js. It accepts
 * each address in its one unambiguous spelling only: IPv4 in plain dotted decimal (`010.0.0.0` is
 * octal 8.0.0.0 to inet_aton and ipaddr.js alike, decimal 10.0.0.0 to others), IPv6 without a zone,
 * a prefix in plain decimal, and a network address with no host bits set.
 */
import * as ipaddr from "ipaddr.js";

/** A CIDR block, as the parser read it. */
export interface IpNetwork {
  readonly family: 4 | 6;
  /** The network address, canonical (RFC 5952 for IPv6). */
  readonly address: string;
  readonly prefix: number;
  /** `address/prefix`, canonical. */
  readonly cidr: string;
  /** The first and last address of the block. */
  readonly first: string;
  readonly last: string;
}

/**
 * Why a value is not a CIDR block. `detail` is a clause for a rule such as `must be a CIDR block
 * such as 192.0.2.0/24: <detail>`; `suggestion`, when known, is the value meant.
 */
export interface CidrProblem {
  readonly reason: "syntax" | "leading-zeros" | "prefix" | "host-bits" | "family";
  readonly detail: string;
  readonly suggestion?: string;
}

export type CidrResult =
  { readonly ok: true; readonly network: IpNetwork } | ({ readonly ok: false } & CidrProblem);

export interface CidrOptions {
  /** Whether a bare address stands for its own /32 or /128 (AKS authorized ranges take both). */
  readonly bareAddress?: boolean;
  /** The families accepted; both when absent. */
  readonly family?: 4 | 6;
}

const IPV4_TEXT = /^\d{1,3}(\.\d{1,3}){3}$/;

function fail(reason: CidrProblem["reason"], detail: string, suggestion?: string): CidrResult {
  return { ok: false, reason, detail, ...(suggestion !== undefined ? { suggestion } : {}) };
}

/** Strips leading zeros from each octet of a dotted-quad, for suggestions. */
function withoutLeadingZeros(text: string): string {
  return text.replace(/\b0+(\d)/g, "$1");
}

/** Parses an IP address in its unambiguous spelling, or says why it is not one. */
export function parseIpAddress(
  text: string,
): { ok: true; address: ipaddr.IPv4 | ipaddr.IPv6 } | ({ ok: false } & CidrProblem) {
  if (IPV4_TEXT.test(text)) {
    if (!ipaddr.IPv4.isValidFourPartDecimal(text)) {
      const plain = withoutLeadingZeros(text);
      return ipaddr.IPv4.isValidFourPartDecimal(plain)
        ? {
            ok: false,
            reason: "leading-zeros",
            detail: `${text} has an octet with a leading zero, which some parsers read as octal (010 is 8); write plain decimal`,
            suggestion: plain,
          }
        : { ok: false, reason: "syntax", detail: `${text} has an octet above 255` };
    }
    return { ok: true, address: ipaddr.IPv4.parse(text) };
  }
  if (text.includes(":") && !text.includes("%") && ipaddr.IPv6.isValid(text)) {
    // An embedded IPv4 tail (::ffff:10.0.0.1) follows the IPv4 rule.
    const tail = text.slice(text.lastIndexOf(":") + 1);
    if (tail.includes(".") && !ipaddr.IPv4.isValidFourPartDecimal(tail)) {
      return {
        ok: false,
        reason: "leading-zeros",
        detail: `the embedded IPv4 ${tail} has an octet with a leading zero, which some parsers read as octal; write plain decimal`,
        suggestion: `${text.slice(0, text.lastIndexOf(":") + 1)}${withoutLeadingZeros(tail)}`,
      };
    }
    return { ok: true, address: ipaddr.IPv6.parse(text) };
  }
  return {
    ok: false,
    reason: "syntax",
    detail: text.includes("%")
      ? `${text} names an interface zone, which no network has`
      : `${JSON.stringify(text)} is not an IPv4 address in dotted decimal or an IPv6 address`,
  };
}

function canonical(address: ipaddr.IPv4 | ipaddr.IPv6): string {
  return address instanceof ipaddr.IPv6 ? address.toRFC5952String() : address.toString();
}

/** Parses a CIDR block (or, with `bareAddress`, an address alone), or says why it is not one. */
export function parseCidr(text: string, options: CidrOptions = {}): CidrResult {
  const slash = text.indexOf("/");
  const addressText = slash === -1 ? text : text.slice(0, slash);
  const prefixText = slash === -1 ? undefined : text.slice(slash + 1);
  if (prefixText === undefined && options.bareAddress !== true) {
    const parsed = parseIpAddress(text);
    return fail(
      "syntax",
      "a CIDR block needs a slash and a prefix length after the address",
      parsed.ok
        ? `${canonical(parsed.address)}/${parsed.address.kind() === "ipv4" ? 32 : 128}`
        : undefined,
    );
  }
  const parsed = parseIpAddress(addressText);
  if (!parsed.ok) {
    const suggestion =
      parsed.suggestion !== undefined && prefixText !== undefined
        ? `${parsed.suggestion}/${prefixText}`
        : parsed.suggestion;
    return fail(parsed.reason, parsed.detail, suggestion);
  }
  const family = parsed.address.kind() === "ipv4" ? 4 : 6;
  if (options.family !== undefined && family !== options.family) {
    return fail(
      "family",
      `${addressText} is an IPv${family} address where only IPv${options.family} is taken`,
    );
  }
  const width = family === 4 ? 32 : 128;
  if (
    prefixText !== undefined &&
    (!/^(0|[1-9]\d{0,2})$/.test(prefixText) || Number(prefixText) > width)
  ) {
    return fail(
      "prefix",
      `the prefix length ${JSON.stringify(prefixText)} is not a plain decimal from 0 to ${width}`,
    );
  }
  const prefix = prefixText === undefined ? width : Number(prefixText);
  const cidr = `${canonical(parsed.address)}/${prefix}`;
  const Family = family === 4 ? ipaddr.IPv4 : ipaddr.IPv6;
  const network = canonical(Family.networkAddressFromCIDR(cidr));
  if (network !== canonical(parsed.address)) {
    return fail(
      "host-bits",
      `${addressText} has host bits set for a /${prefix}: the network is ${network}/${prefix}`,
      `${network}/${prefix}`,
    );
  }
  return {
    ok: true,
    network: {
      family,
      address: network,
      prefix,
      cidr: `${network}/${prefix}`,
      first: network,
      last: canonical(Family.broadcastAddressFromCIDR(cidr)),
    },
  };
}

/** Whether a string is a CIDR block (IPv4 or IPv6) in its unambiguous spelling with no host bits set. */
export function isCidr(value: string): boolean {
  return parseCidr(value).ok;
}
