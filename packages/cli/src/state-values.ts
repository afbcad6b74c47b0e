/**
 * Property values as a state holds them and as the program registers them, made comparable. A state
 * wraps secrets, outputs and resource references in envelopes keyed by the engine's signature key
 * (`sdk/go/common/resource/sig`); a secret exported without `--show-secrets` is ciphertext, which
 * nobody offline can compare.
 */
import * as pulumi from "@pulumi/pulumi";

const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET = "1b47061264138c4ac30d75fd1eb44270";
const OUTPUT = "d0e6a833031e9bbcd3f4e8bde6ca49a4";
const RESOURCE_REFERENCE = "5cf8f73096256a8f31e491e813e4eb8e";
const ENGINE_UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** A value nobody can compare offline: an encrypted secret, or one known only at deployment. */
export const OPAQUE: unique symbol = Symbol("opaque");
export type Comparable =
  typeof OPAQUE | null | boolean | number | string | Comparable[] | { [key: string]: Comparable };

/** A state value made comparable: secret envelopes opened where they hold plaintext. */
export function fromState(value: unknown): Comparable {
  if (value === ENGINE_UNKNOWN) return OPAQUE;
  if (Array.isArray(value)) return value.map(fromState);
  if (typeof value !== "object" || value === null) return scalar(value);
  const record = value as Record<string, unknown>;
  switch (record[SIG_KEY]) {
    case SECRET:
      return typeof record["plaintext"] === "string"
        ? fromState(JSON.parse(record["plaintext"]))
        : OPAQUE;
    case OUTPUT:
      return "value" in record ? fromState(record["value"]) : OPAQUE;
    case RESOURCE_REFERENCE:
      return typeof record["urn"] === "string" ? record["urn"] : OPAQUE;
    case undefined:
      return Object.fromEntries(
        Object.entries(record).map(([key, item]) => [key, fromState(item)]),
      );
    default:
      // An asset or archive: compared by its hash, as the engine does.
      return typeof record["hash"] === "string" ? `hash:${record["hash"]}` : OPAQUE;
  }
}

/** A value the program registered (secrets already unwrapped by the harness) made comparable. */
export function fromProgram(value: unknown): Comparable {
  if (pulumi.isUnknown(value) || value === ENGINE_UNKNOWN) return OPAQUE;
  if (Array.isArray(value)) return value.map(fromProgram);
  if (pulumi.Resource.isInstance(value)) return OPAQUE;
  if (typeof value !== "object" || value === null) return scalar(value);
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, item]) => item !== undefined)
      .map(([key, item]) => [key, fromProgram(item)]),
  );
}

function scalar(value: unknown): Comparable {
  if (value === undefined || value === null) return null;
  if (typeof value === "boolean" || typeof value === "number" || typeof value === "string")
    return value;
  return OPAQUE;
}

/** Whether a value holds anything opaque. */
export function hasOpaque(value: Comparable): boolean {
  if (value === OPAQUE) return true;
  if (Array.isArray(value)) return value.some(hasOpaque);
  if (typeof value === "object" && value !== null) return Object.values(value).some(hasOpaque);
  return false;
}

/**
 * Equal, different, or not comparable. Opaque parts compare as unknown: `{ a: 1, b: <secret> }`
 * against `{ a: 2, b: … }` is different; against `{ a: 1, b: … }`, unknown.
 */
export function compare(a: Comparable, b: Comparable): "equal" | "different" | "unknown" {
  if (a === OPAQUE || b === OPAQUE) return "unknown";
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return "different";
    return combine(a.map((item, index) => compare(item, b[index]!)));
  }
  if (typeof a === "object" && a !== null && typeof b === "object" && b !== null) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return combine([...keys].map((key) => compare(a[key] ?? null, b[key] ?? null)));
  }
  return a === b ? "equal" : "different";
}

function combine(
  results: readonly ("equal" | "different" | "unknown")[],
): "equal" | "different" | "unknown" {
  if (results.includes("different")) return "different";
  return results.includes("unknown") ? "unknown" : "equal";
}

/** The value at a dotted path (`metadata.name`), or null. */
export function at(value: Comparable, path: string): Comparable {
  let current: Comparable = value;
  for (const key of path.split(".")) {
    if (current === OPAQUE) return OPAQUE;
    if (typeof current !== "object" || current === null || Array.isArray(current)) return null;
    current = current[key] ?? null;
  }
  return current;
}
