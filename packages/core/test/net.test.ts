import { isCidr, parseCidr, parseIpAddress } from "@wissel/core";

describe("parseCidr", () => {
  it.each([
    ["10.0.0.0/8", 4, "10.0.0.0/8", "10.0.0.0", "10.255.255.255"],
    ["192.0.2.10/32", 4, "192.0.2.10/32", "192.0.2.10", "192.0.2.10"],
    ["0.0.0.0/0", 4, "0.0.0.0/0", "0.0.0.0", "255.255.255.255"],
    ["2001:db8::/32", 6, "2001:db8::/32", "2001:db8::", "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff"],
    [
      "2001:0DB8:0000::/48",
      6,
      "2001:db8::/48",
      "2001:db8::",
      "2001:db8:0:ffff:ffff:ffff:ffff:ffff",
    ],
    ["::ffff:10.0.0.0/104", 6, "::ffff:a00:0/104", "::ffff:a00:0", "::ffff:aff:ffff"],
  ])("reads %s as IPv%d %s, %s to %s", (text, family, cidr, first, last) => {
    const result = parseCidr(text);
    expect(result).toEqual({
      ok: true,
      network: expect.objectContaining({ family, cidr, first, last }),
    });
  });

  it.each([
    // what, value, reason, detail fragment, suggestion
    [
      "leading zero in the first octet",
      "010.0.0.0/8",
      "leading-zeros",
      "leading zero",
      "10.0.0.0/8",
    ],
    [
      "leading zero in a later octet",
      "10.0.00.0/16",
      "leading-zeros",
      "leading zero",
      "10.0.0.0/16",
    ],
    [
      "leading zeros in an embedded IPv4",
      "::ffff:010.0.0.0/104",
      "leading-zeros",
      "leading zero",
      "::ffff:10.0.0.0/104",
    ],
    ["host bits set", "10.0.0.1/8", "host-bits", "the network is 10.0.0.0/8", "10.0.0.0/8"],
    [
      "host bits set in the last octet",
      "192.0.2.1/24",
      "host-bits",
      "the network is 192.0.2.0/24",
      "192.0.2.0/24",
    ],
    [
      "IPv6 host bits set",
      "2001:db8::1/64",
      "host-bits",
      "the network is 2001:db8::/64",
      "2001:db8::/64",
    ],
    [
      "embedded IPv4 host bits",
      "::ffff:10.0.0.1/120",
      "host-bits",
      "host bits",
      "::ffff:a00:0/120",
    ],
    ["prefix above 32", "10.0.0.0/33", "prefix", "from 0 to 32", undefined],
    ["prefix above 128", "2001:db8::/129", "prefix", "from 0 to 128", undefined],
    ["zero-padded prefix", "10.0.0.0/08", "prefix", "plain decimal", undefined],
    ["negative prefix", "10.0.0.0/-1", "prefix", "plain decimal", undefined],
    ["empty prefix", "10.0.0.0/", "prefix", "plain decimal", undefined],
    ["two prefixes", "10.0.0.0/8/8", "prefix", "plain decimal", undefined],
    ["octet above 255", "300.0.0.0/8", "syntax", "above 255", undefined],
    ["three octets", "10.0.0/8", "syntax", "not an IPv4 address", undefined],
    ["hexadecimal octet", "0x0a.0.0.0/8", "syntax", "not an IPv4 address", undefined],
    ["IPv6 zone", "fe80::%eth0/64", "syntax", "zone", undefined],
    ["no address", "/8", "syntax", "not an IPv4 address", undefined],
    ["a name", "office", "syntax", "slash and a prefix length", undefined],
    [
      "bare address where a block is required",
      "192.0.2.10",
      "syntax",
      "slash and a prefix length",
      "192.0.2.10/32",
    ],
  ])("rejects %s (%s)", (_what, text, reason, detail, suggestion) => {
    const result = parseCidr(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.reason).toBe(reason);
    expect(result.detail).toContain(detail);
    expect(result.suggestion).toBe(suggestion);
    // A suggestion is itself accepted (a fix that works).
    if (suggestion !== undefined) expect(isCidr(suggestion)).toBe(true);
  });

  it.each([
    ["192.0.2.10", true, "192.0.2.10/32"],
    ["203.0.113.0/24", true, "203.0.113.0/24"],
    ["203.0.113.1/24", false, undefined],
    ["010.0.0.1", false, undefined],
    ["2001:db8::1", false, undefined],
  ])("with bareAddress and IPv4 only, %s is %s", (text, ok, cidr) => {
    const result = parseCidr(text, { bareAddress: true, family: 4 });
    expect(result.ok).toBe(ok);
    if (result.ok) expect(result.network.cidr).toBe(cidr);
  });

  it("names the family when only one is taken", () => {
    expect(parseCidr("2001:db8::/32", { family: 4 })).toMatchObject({
      ok: false,
      reason: "family",
      detail: expect.stringContaining("only IPv4"),
    });
  });
});

describe("parseIpAddress", () => {
  it.each(["10.0.0.1", "0.0.0.0", "255.255.255.255", "::1", "2001:db8::1", "::ffff:192.0.2.1"])(
    "accepts %s",
    (text) => {
      expect(parseIpAddress(text).ok).toBe(true);
    },
  );
  it.each([
    "010.0.0.1",
    "1.2.3.04",
    "1.2.3.256",
    "1.2.3",
    "fe80::1%eth0",
    "::ffff:192.0.2.01",
    "example.nl",
    "",
  ])("rejects %s", (text) => {
    expect(parseIpAddress(text).ok).toBe(false);
  });
});
