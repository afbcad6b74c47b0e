/** Passwords of Scaleway database users: Scaleway's rules, and a generator that meets them by construction. */
import { randomInt } from "node:crypto";

/** Characters of generated passwords; the specials are the ones Scaleway accepts that need no escaping in a URI. */
const LOWER = "abcdefghijklmnopqrstuvwxyz";
const UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const DIGITS = "0123456789";
const SPECIALS = "-_.";
const ALPHABET = LOWER + UPPER + DIGITS + SPECIALS;
/** 32 characters of a 65-character alphabet: about 190 bits. */
export const PASSWORD_LENGTH = 32;
/** What Scaleway accepts as a special character in a database password. */
const SCALEWAY_SPECIALS = "!@#$%^&*()_+-=[]{}|;:,.<>?";

/**
 * Whether a password meets Scaleway's rules for database users: 8–128 characters, with at least one
 * lower-case letter, upper-case letter, digit and special character.
 */
export function meetsScalewayPasswordRules(password: string): boolean {
  return (
    password.length >= 8 &&
    password.length <= 128 &&
    /[a-z]/.test(password) &&
    /[A-Z]/.test(password) &&
    /[0-9]/.test(password) &&
    [...password].some((c) => SCALEWAY_SPECIALS.includes(c)) &&
    [...password].every((c) => /[A-Za-z0-9]/.test(c) || SCALEWAY_SPECIALS.includes(c))
  );
}

/**
 * A random password that meets Scaleway's rules by construction: one character of each class, the
 * rest from the whole alphabet, then shuffled.
 * @param random a uniform integer in [0, max); cryptographic by default
 */
export function generatePassword(random: (max: number) => number = randomInt): string {
  const pick = (set: string): string => set[random(set.length)]!;
  const chars = [pick(LOWER), pick(UPPER), pick(DIGITS), pick(SPECIALS)];
  while (chars.length < PASSWORD_LENGTH) chars.push(pick(ALPHABET));
  for (let i = chars.length - 1; i > 0; i--) {
    const j = random(i + 1);
    [chars[i], chars[j]] = [chars[j]!, chars[i]!];
  }
  return chars.join("");
}
