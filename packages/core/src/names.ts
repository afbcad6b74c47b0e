/**
 * Physical names: deterministic (the same logical identity always gives the same name) and within each
 * vendor's rules. A name is a readable stem from the component name plus a short hash of the full
 * identity, so two stacks or projects never collide on a globally unique name.
 */
import { createHash } from "node:crypto";

/** What a physical name is derived from; all three parts feed the hash. */
export interface NameIdentity {
  readonly project: string;
  readonly stack: string;
  /** The component name, e.g. `uploads`. */
  readonly name: string;
}

const HASH_LENGTH = 8;

/** A short, stable, lowercase hex digest of the identity. */
export function identityHash(identity: NameIdentity, length = HASH_LENGTH): string {
  return createHash("sha256")
    .update(`${identity.project}\u0000${identity.stack}\u0000${identity.name}`)
    .digest("hex")
    .slice(0, length);
}

/** Lowercases and keeps only `[a-z0-9-]`, collapsing other runs to one hyphen. */
function hyphenate(value: string): string {
  return value
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/-+/g, "-")
    .replace(/^-+|-+$/g, "");
}

function stemWithHash(stem: string, hash: string, maxLength: number, separator: string): string {
  const room = maxLength - hash.length - separator.length;
  // No room for a stem (a limit no longer than the hash): the hash alone, cut to the limit.
  if (room <= 0) return hash.slice(0, maxLength);
  const cut = stem.slice(0, room).replace(/-+$/g, "");
  return cut.length > 0 ? `${cut}${separator}${hash}` : hash;
}

/**
 * A vendor resource name of `[a-z0-9-]` that ends in the identity's hash, at most `maxLength` long:
 * for names unique per account or worldwide (Azure Communication Services resources).
 */
export function hashedLabel(identity: NameIdentity, maxLength = 63): string {
  return stemWithHash(hyphenate(identity.name), identityHash(identity), maxLength, "-");
}

/**
 * An S3 bucket name (AWS rules, which Scaleway and Swift's S3 API follow): 3–63 characters of
 * `[a-z0-9-]`, starting and ending with a letter or digit, no dots (they break TLS with
 * virtual-hosted addressing), not starting with `xn--` or `sthree-`, not ending with `-s3alias`.
 */
export function s3BucketName(identity: NameIdentity): string {
  const stem = hyphenate(identity.name).replace(/^(xn--|sthree-)+/, "");
  // The hash always ends the name, so the reserved suffixes cannot occur.
  return stemWithHash(stem, identityHash(identity), 63, "-");
}

/** Whether a string meets the S3 bucket name rules above. */
export function isValidS3BucketName(value: string): boolean {
  return (
    /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/.test(value) &&
    !value.startsWith("xn--") &&
    !value.startsWith("sthree-") &&
    !value.endsWith("-s3alias") &&
    !value.endsWith("--ol-s3")
  );
}

/** An Azure storage account name: 3–24 lowercase letters and digits, globally unique. */
export function azureStorageAccountName(identity: NameIdentity): string {
  const stem = identity.name.toLowerCase().replace(/[^a-z0-9]/g, "");
  return `${stem.slice(0, 24 - HASH_LENGTH)}${identityHash(identity)}`;
}

/** Whether a string meets the Azure storage account name rules. */
export function isValidAzureStorageAccountName(value: string): boolean {
  return /^[a-z0-9]{3,24}$/.test(value);
}

/**
 * An Azure blob container name: 3–63 characters of `[a-z0-9-]`, starting with a letter or digit,
 * no two hyphens in a row, not ending with a hyphen. Unique only within its account, so no hash.
 */
export function azureContainerName(name: string): string {
  const stem = hyphenate(name).slice(0, 63).replace(/-+$/g, "");
  return stem.length >= 3 ? stem : `${stem}${stem.length > 0 ? "-" : ""}data`.slice(0, 63);
}

/** Whether a string meets the Azure blob container name rules. */
export function isValidAzureContainerName(value: string): boolean {
  return /^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$/.test(value);
}

/**
 * A Swift container name that also works through Swift's S3 API: the S3 bucket rules (Swift itself
 * allows up to 256 bytes without `/`, which is looser).
 */
export function swiftContainerName(identity: NameIdentity): string {
  return s3BucketName(identity);
}

/** A DNS-1123 label (Kubernetes object names, namespaces): `[a-z0-9]([-a-z0-9]*[a-z0-9])?`, ≤ 63. */
export function dns1123Label(value: string, maxLength = 63): string {
  const stem = hyphenate(value);
  if (stem.length <= maxLength && stem.length > 0) return stem;
  const hash = createHash("sha256").update(value).digest("hex").slice(0, HASH_LENGTH);
  return stemWithHash(stem, hash, maxLength, "-");
}

/** Whether a string is a DNS-1123 label. */
export function isDns1123Label(value: string): boolean {
  return value.length <= 63 && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(value);
}
