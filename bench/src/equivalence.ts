/** Whether two programs registered the same vendor resources: type, name, inputs and options. */
import type { Recorded } from "./runtime";

/** JSON with sorted keys, for comparing inputs. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "undefined";
}

export function signature(r: Recorded): string {
  return canonical({
    read: r.read,
    inputs: r.inputs,
    secretInputs: [...r.secretInputs].sort(),
    protect: r.protect,
    retainOnDelete: r.retainOnDelete,
    deleteBeforeReplace: r.deleteBeforeReplace,
    additionalSecretOutputs: r.additionalSecretOutputs,
    replaceOnChanges: r.replaceOnChanges,
    provider: r.provider,
  });
}

export interface Equivalence {
  /** Vendor resources with the same type, name, inputs and options on both sides. */
  readonly same: number;
  /** Component resources the Wissel side registers on top (not vendor resources). */
  readonly components: number;
  readonly differences: readonly string[];
}

/** Compares the vendor resources two programs registered. */
export function equivalence(wissel: readonly Recorded[], hand: readonly Recorded[]): Equivalence {
  const index = (list: readonly Recorded[]): Map<string, Recorded> =>
    new Map(list.filter((r) => r.custom).map((r) => [`${r.type} ${r.name}`, r]));
  const a = index(wissel);
  const b = index(hand);
  const differences: string[] = [];
  let same = 0;
  for (const key of new Set([...a.keys(), ...b.keys()])) {
    const x = a.get(key);
    const y = b.get(key);
    if (x === undefined) differences.push(`only hand-written: ${key}`);
    else if (y === undefined) differences.push(`only Wissel: ${key}`);
    else if (signature(x) !== signature(y))
      differences.push(`${key}:\n      Wissel ${signature(x)}\n      hand   ${signature(y)}`);
    else same += 1;
  }
  return { same, components: wissel.filter((r) => !r.custom).length, differences };
}
