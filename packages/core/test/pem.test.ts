import { isPemProblem, parsePemCertificates, pemPreview } from "../src/pem";

/** A self-signed CA (EC P-256, 2026 to 2046). */
const CA = `-----BEGIN CERTIFICATE-----
MIIBozCCAUmgAwIBAgIUToO528B/nJLtY0HhwtQiclq//nwwCgYIKoZIzj0EAwIw
JzElMCMGA1UEAwwcazNzLXNlcnZlci1jYSAod2lzc2VsIHRlc3RzKTAeFw0yNjEy
MDIxNjAyMjFaFw00NjExMjcxNjAyMjFaMCcxJTAjBgNVBAMMHGszcy1zZXJ2ZXIt
Y2EgKHdpc3NlbCB0ZXN0cykwWTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAASXh/7D
KUVc+JylTgGPLU5ZkWGO7GitqcbtsoPsriY2nHNmNlQX1ECXSUeqQ/stooZ4R5Pu
CZWAL2WjK0CzoDTQo1MwUTAdBgNVHQ4EFgQUwBZmsMoSeZ6z0IQscc4GYJF98AEw
HwYDVR0jBBgwFoAUwBZmsMoSeZ6z0IQscc4GYJF98AEwDwYDVR0TAQH/BAUwAwEB
/zAKBggqhkjOPQQDAgNIADBFAiAwxtXTT1AqWD7FJfPtx0QdXWnzjm/vuDbd+s0j
e9bRdwIhAMjRiawnXPmeCPy/AYCGag+/U/mMBIbAreFnDjYEn61y
-----END CERTIFICATE-----
`;
/** A self-signed certificate without basicConstraints CA:TRUE. */
const LEAF = `-----BEGIN CERTIFICATE-----
MIIBjDCCATKgAwIBAgIUfNxJJxDNHjAFPermgeUi/8TvAyowCgYIKoZIzj0EAwIw
HTEbMBkGA1UEAwwSYXBpLmRjMS5leGFtcGxlLm5sMB4XDTI2MTIwMjE2MDI0OFoX
DTQ2MTEyNzE2MDI0OFowHTEbMBkGA1UEAwwSYXBpLmRjMS5leGFtcGxlLm5sMFkw
EwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE2/ykP/OnVk1UBvoqeSG2kHQpV4IzADZa
gmKWed6WywpSZXUt3BpMoYiosmggZorcFv4sRLdJcBiEKq0Ts6Cc+KNQME4wHQYD
VR0OBBYEFAi5nt7h/vd4zQMqMFCO9MCfB6+JMB8GA1UdIwQYMBaAFAi5nt7h/vd4
zQMqMFCO9MCfB6+JMAwGA1UdEwEB/wQCMAAwCgYIKoZIzj0EAwIDSAAwRQIhAIQO
bN73QKoqaGT/wYI/xKIT6/E78dGGRuVqqZeWfv6kAiAi3z9WHWpv/PljuKS41Rwx
J6rMfFffjHTLu6/X5gbiUQ==
-----END CERTIFICATE-----
`;
const KEY_ARMOUR =
  "-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg\n-----END PRIVATE KEY-----\n";

function problem(value: string, rules = {}): string {
  const result = parsePemCertificates(value, rules);
  if (!isPemProblem(result)) throw new Error("parsed");
  return result.problem;
}

describe("parsePemCertificates", () => {
  it("parses one certificate and a bundle, normalising indentation and line ends", () => {
    const one = parsePemCertificates(CA);
    expect(isPemProblem(one)).toBe(false);
    const indented = CA.split("\n")
      .map((line) => `    ${line}`)
      .join("\r\n");
    const bundle = parsePemCertificates(`${indented}\n\n${LEAF}`);
    if (isPemProblem(bundle)) throw new Error(bundle.problem);
    expect(bundle.certificates).toHaveLength(2);
    expect(bundle.pem).toBe(`${CA.trim()}\n${LEAF.trim()}\n`);
  });

  it.each([
    ["base64 of the PEM", Buffer.from(CA).toString("base64"), "must be PEM"],
    ["a path", "/etc/kubernetes/pki/ca.crt", "not a path"],
    ["a private key alone", KEY_ARMOUR, "not a private key"],
    ["a certificate with its key", `${CA}${KEY_ARMOUR}`, "it also holds a private key"],
    ["text around the block", `ca:\n${CA}`, "nothing before, between or after"],
    [
      "a block that does not parse",
      "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n",
      "the certificate does not",
    ],
    [
      "a truncated second block",
      `${CA}${LEAF.replace(/\n[A-Za-z0-9+/=]+\n-----END/, "\n-----END")}`,
      "certificate 2 of 2 does not",
    ],
  ])("refuses %s", (_, value, rule) => {
    expect(problem(value)).toContain(rule);
  });

  it("refuses an expired certificate, naming its subject and end date", () => {
    expect(problem(CA, { now: new Date("2047-01-01T00:00:00Z") })).toMatch(
      /^must not be expired: the certificate \(CN=k3s-server-ca \(wissel tests\)\) expired on .*2046/,
    );
  });

  it("refuses a leaf where a CA is asked for, and a bundle where one certificate is", () => {
    expect(problem(LEAF, { ca: true })).toContain("(CN=api.dc1.example.nl) is a leaf certificate");
    expect(problem(`${CA}${CA}`, { single: true })).toBe(
      "must be one certificate, not a bundle of 2",
    );
  });

  it("never quotes key material", () => {
    expect(problem(KEY_ARMOUR)).not.toContain("MIG");
    expect(pemPreview(KEY_ARMOUR)).toBe("-----BEGIN PRIVATE KEY-----…");
    expect(pemPreview("/etc/ca.crt")).toBe("/etc/ca.crt");
  });
});
