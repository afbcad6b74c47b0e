/**
 * SHA512-CRYPT as written here against the specification's own vectors (which OpenSSL's
 * `passwd -6` and glibc's crypt reproduce), and the password generator's alphabet. The
 * mail-server test proves Dovecot accepts the hashes.
 */
import { generatePassword, hashPassword, sha512Crypt } from "../src/mail/passwords";

describe("sha512Crypt", () => {
  it.each([
    [
      "Hello world!",
      "saltstring",
      5000,
      "$6$saltstring$svn8UoSVapNtMuq1ukKS4tPQd8iKwSMHWjl/O817G3uBnIFNjnQJuesI68u4OTLiBFdcbYEdFCoEOfaS35inz1",
    ],
    [
      "Hello world!",
      "saltstringsaltstring",
      10000,
      "$6$rounds=10000$saltstringsaltst$OW1/O6BYHV6BcXZu8QVeXbDWra3Oeqh0sbHbbMCVNSnCM/UrjmM0Dp8vOuZeHBy/YTBmSK6H9qs/y3RnOaw5v.",
    ],
  ])(
    "hashes %j with salt %j and %i rounds as the specification does",
    (password, salt, rounds, expected) => {
      expect(sha512Crypt(password, salt, rounds)).toBe(expected);
    },
  );

  it("salts every hash afresh", () => {
    const first = hashPassword("same");
    expect(first).toMatch(/^\$6\$[./0-9A-Za-z]{16}\$[./0-9A-Za-z]{86}$/);
    expect(hashPassword("same")).not.toBe(first);
  });
});

describe("generatePassword", () => {
  it("gives 32 URL- and config-safe characters, different each time", () => {
    const passwords = Array.from({ length: 50 }, generatePassword);
    for (const password of passwords) expect(password).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(new Set(passwords).size).toBe(50);
  });
});
