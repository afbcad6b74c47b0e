/** Small checks shared by the validators of every block. */
import { CLASSIFICATIONS, type Classification } from "./bucket/contract";
import { Issues } from "./errors";

/** Suggests the closest known key for a typo (edit distance ≤ 2). */
export function closest(value: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of known) {
    const d = editDistance(value.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(above + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}

/** Rejects keys the contract does not know (a typo would otherwise be ignored silently). */
export function checkKnownKeys(
  issues: Issues,
  value: object,
  known: readonly string[],
  path: string,
  what: string,
): void {
  for (const key of Object.keys(value)) {
    if (known.includes(key)) continue;
    const guess = closest(key, known);
    issues.add(
      `${path}${key}`,
      (value as Record<string, unknown>)[key],
      `is not an argument of ${what}`,
      guess !== undefined
        ? `Did you mean ${path}${guess}?`
        : `Remove it; the arguments are: ${known.join(", ")}.`,
      // An unknown key's value may be anything, a pasted credential included: never shown.
      { secret: true },
    );
  }
}

/**
 * True for an object literal, `JSON.parse` output or `Object.create(null)`: not an array, a Map, a
 * Date, an Output or any other class instance, which a validator would otherwise read as `{}`.
 * Judged by the prototype chain, not by identity, so objects from another realm pass too.
 */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === null || Object.getPrototypeOf(prototype) === null;
}

/** Checks an optional boolean; returns it or the default. */
export function optionalBoolean(
  issues: Issues,
  field: string,
  value: unknown,
  fallback: boolean,
): boolean {
  if (value === undefined) return fallback;
  if (typeof value === "boolean") return value;
  issues.add(
    field,
    value,
    "must be true or false",
    `Set ${field} to true or false, or leave it out (default ${fallback}).`,
  );
  return fallback;
}

/** Checks an optional whole number in a range; returns it, or undefined when absent or invalid. */
export function optionalInteger(
  issues: Issues,
  field: string,
  value: unknown,
  range: { min: number; max: number; unit: string },
  fix: string,
): number | undefined {
  if (value === undefined) return undefined;
  if (
    typeof value !== "number" ||
    !Number.isInteger(value) ||
    value < range.min ||
    value > range.max
  ) {
    issues.add(
      field,
      value,
      `must be a whole number of ${range.unit} from ${range.min} to ${range.max}`,
      fix,
    );
    return undefined;
  }
  return value;
}

/** Checks a value against a literal union. */
export function oneOf<T extends string>(
  issues: Issues,
  field: string,
  value: unknown,
  allowed: readonly T[],
  fallback: T,
): T {
  if (value === undefined) return fallback;
  if (typeof value === "string" && (allowed as readonly string[]).includes(value))
    return value as T;
  const guess = typeof value === "string" ? closest(value, allowed) : undefined;
  issues.add(
    field,
    value,
    `must be one of ${allowed.map((a) => `"${a}"`).join(", ")}`,
    guess !== undefined
      ? `Did you mean "${guess}"?`
      : `Set ${field} to one of them, or leave it out (default "${fallback}").`,
  );
  return fallback;
}

/**
 * What every block takes about its data: how sensitive it is (checked against `wissel:policy`) and
 * whether Pulumi may delete it with the block.
 */
export function dataHandling(
  issues: Issues,
  raw: Readonly<Record<string, unknown>>,
): { classification: Classification; allowDataLoss: boolean } {
  return {
    classification: oneOf(
      issues,
      "classification",
      raw["classification"],
      CLASSIFICATIONS,
      "internal",
    ),
    allowDataLoss: optionalBoolean(issues, "allowDataLoss", raw["allowDataLoss"], false),
  };
}
