/**
 * Mailbox passwords: a generator, and SHA512-CRYPT (`$6$`), the scheme Dovecot's passwd-file reads
 * as `{SHA512-CRYPT}`.
 *
 * SHA512-CRYPT is Ulrich Drepper's algorithm (https://www.akkadia.org/drepper/SHA-crypt.txt),
 * written here on node:crypto's SHA-512. The npm packages for it did not fit: `unixcrypt` is
 * ECMAScript-module only with no `require` export, so this CommonJS package cannot load it, and
 * `sha512crypt-node` (2013) hashes with a pure-JavaScript SHA-512 over binary strings, mangles
 * non-ASCII passwords and ships mocha as a runtime dependency. The tests check this implementation
 * against the specification's vectors, OpenSSL's `passwd -6` and Dovecot's own login.
 */
import { createHash, randomBytes, randomInt } from "node:crypto";

const ALPHABET = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const DEFAULT_ROUNDS = 5000;
/** The byte triples of the final digest, in the order the specification encodes them. */
const ORDER: readonly (readonly [number, number, number])[] = [
  [0, 21, 42],
  [22, 43, 1],
  [44, 2, 23],
  [3, 24, 45],
  [25, 46, 4],
  [47, 5, 26],
  [6, 27, 48],
  [28, 49, 7],
  [50, 8, 29],
  [9, 30, 51],
  [31, 52, 10],
  [53, 11, 32],
  [12, 33, 54],
  [34, 55, 13],
  [56, 14, 35],
  [15, 36, 57],
  [37, 58, 16],
  [59, 17, 38],
  [18, 39, 60],
  [40, 61, 19],
  [62, 20, 41],
];

function sha512(...parts: readonly Buffer[]): Buffer {
  const hash = createHash("sha512");
  for (const part of parts) hash.update(part);
  return hash.digest();
}

/** `source` repeated to exactly `length` bytes. */
function stretch(source: Buffer, length: number): Buffer {
  const out = Buffer.alloc(length);
  for (let offset = 0; offset < length; offset += source.length) source.copy(out, offset);
  return out;
}

function encode24(b2: number, b1: number, b0: number, chars: number): string {
  let word = (b2 << 16) | (b1 << 8) | b0;
  let out = "";
  for (let i = 0; i < chars; i++) {
    out += ALPHABET[word & 0x3f];
    word >>= 6;
  }
  return out;
}

/**
 * SHA512-CRYPT of `password` with `salt` (at most its first 16 characters are used) and `rounds`
 * (clamped to 1000..999999999, as glibc does): `$6$salt$hash`, or `$6$rounds=N$salt$hash` when
 * `rounds` is not the default 5000.
 */
export function sha512Crypt(password: string, salt: string, rounds = DEFAULT_ROUNDS): string {
  const key = Buffer.from(password, "utf8");
  const saltText = salt.slice(0, 16);
  const saltBytes = Buffer.from(saltText, "utf8");
  const n = Math.min(999_999_999, Math.max(1000, Math.floor(rounds)));

  const b = sha512(key, saltBytes, key);
  const a = createHash("sha512").update(key).update(saltBytes).update(stretch(b, key.length));
  for (let length = key.length; length > 0; length >>= 1) a.update(length & 1 ? b : key);
  let digest = a.digest();

  const p = stretch(sha512(...Array<Buffer>(key.length).fill(key)), key.length);
  const s = stretch(sha512(...Array<Buffer>(16 + digest[0]!).fill(saltBytes)), saltBytes.length);
  for (let i = 0; i < n; i++) {
    const c = createHash("sha512");
    c.update(i & 1 ? p : digest);
    if (i % 3 !== 0) c.update(s);
    if (i % 7 !== 0) c.update(p);
    c.update(i & 1 ? digest : p);
    digest = c.digest();
  }

  let hash = "";
  for (const [x, y, z] of ORDER) hash += encode24(digest[x]!, digest[y]!, digest[z]!, 4);
  hash += encode24(0, 0, digest[63]!, 2);
  const prefix = rounds === DEFAULT_ROUNDS ? "$6$" : `$6$rounds=${n}$`;
  return `${prefix}${saltText}$${hash}`;
}

/** A random 16-character salt from the crypt alphabet (96 bits). */
export function randomSalt(): string {
  let salt = "";
  for (let i = 0; i < 16; i++) salt += ALPHABET[randomInt(ALPHABET.length)];
  return salt;
}

/**
 * The SHA512-CRYPT hash of a password with a fresh random salt, for `MailboxConfig.passwordHash`.
 * @param rounds - more rounds cost a guesser (and each login) more. @default 5000
 */
export function hashPassword(password: string, rounds = DEFAULT_ROUNDS): string {
  return sha512Crypt(password, randomSalt(), rounds);
}

/**
 * A random password of 32 characters from `A-Za-z0-9-_` (192 bits): safe in a URL, a shell word,
 * a YAML scalar and every configuration file here, with no quoting.
 */
export function generatePassword(): string {
  return randomBytes(24).toString("base64url");
}
