/**
 * Stack config under the `wissel` namespace: which target builds each resource, the sovereignty
 * policy, and each adapter's settings. Parsing is pure; `readStackConfig` reads the live stack.
 */
import * as pulumi from "@pulumi/pulumi";
import { BLOCK_KINDS, type BlockKind } from "./adapter";
import { Issues } from "./errors";
import { CLASSIFICATIONS, type Classification } from "./bucket/contract";
import { KNOWN_TARGETS, targetNames } from "./targets";
import { closest, isPlainObject } from "./validate";

/** Where data of one classification may live. */
export type PlacementRule = "any" | "eu" | "nl" | "on-premises";
export const PLACEMENT_RULES: readonly PlacementRule[] = ["any", "eu", "nl", "on-premises"];

export type Policy = Readonly<Record<Classification, PlacementRule>>;

/**
 * Default policy: sensitive data stays with EU-controlled vendors in the EU (the users' legal duty);
 * the rest may go anywhere until the stack says otherwise.
 */
export const DEFAULT_POLICY: Policy = { public: "any", internal: "any", sensitive: "eu" };

/**
 * A resource allowed, for a while, where `wissel:policy` would refuse it: a step of a migration
 * (through Microsoft's cloud first, then on to a sovereign one). Until the date the plan warns; after
 * it, the plan fails as it would without the entry.
 */
export interface InterimPlacement {
  /** Why the data may sit there for now: the migration it waits for. */
  readonly reason: string;
  /** The last day it may stay, `YYYY-MM-DD` (UTC). */
  readonly until: string;
}

/** The parsed `wissel:*` config of a stack. */
export interface StackConfig {
  /** `wissel:target` */
  readonly target: string;
  /** `wissel:targets`: per resource name or block kind. */
  readonly targets: Readonly<Record<string, string>>;
  readonly policy: Policy;
  /** `wissel:policy.interim`: per resource name. */
  readonly interim: Readonly<Record<string, InterimPlacement>>;
  /** The raw value of `wissel:<target>` for each target, for the adapter to validate. */
  readonly adapterSettings: Readonly<Record<string, unknown>>;
}

const SUBJECT = "stack config";

/** Parses `wissel:*` config values (already JSON-decoded where they are objects). */
export function parseStackConfig(values: Readonly<Record<string, unknown>>): StackConfig {
  const issues = new Issues(SUBJECT);
  const known = targetNames();

  const target = values["target"];
  if (target === undefined) {
    issues.add(
      "wissel:target",
      target,
      "is required: Wissel never picks a vendor for you",
      `Add it to the stack file, e.g. \`pulumi config set wissel:target scaleway\` (one of ${known.join(", ")}).`,
    );
  } else if (typeof target !== "string" || !known.includes(target)) {
    issues.add(
      "wissel:target",
      target,
      `must be one of ${known.join(", ")}`,
      targetFix("wissel:target", target, known),
    );
  }

  const targets: Record<string, string> = {};
  const rawTargets = values["targets"];
  if (rawTargets !== undefined) {
    if (!isPlainObject(rawTargets)) {
      issues.add(
        "wissel:targets",
        rawTargets,
        "must be a map from resource name or block kind to target",
        "Write it as `wissel:targets: { mailbox: kubernetes, orders-db: azure }`.",
      );
    } else {
      for (const [key, value] of Object.entries(rawTargets)) {
        if (typeof value !== "string" || !known.includes(value)) {
          issues.add(
            `wissel:targets.${key}`,
            value,
            `must be one of ${known.join(", ")}`,
            targetFix(`wissel:targets.${key}`, value, known),
          );
        } else {
          targets[key] = value;
        }
      }
    }
  }

  const { policy, interim } = parsePolicy(issues, values["policy"]);

  const adapterSettings: Record<string, unknown> = {};
  for (const name of known) adapterSettings[name] = values[name];

  const allowedKeys = ["target", "targets", "policy", ...known];
  for (const key of Object.keys(values)) {
    if (allowedKeys.includes(key)) continue;
    const guess = closest(key, allowedKeys);
    issues.add(
      `wissel:${key}`,
      values[key],
      "is not a Wissel config key",
      guess !== undefined
        ? `Did you mean wissel:${guess}?`
        : `Remove it; Wissel reads ${allowedKeys.map((k) => `wissel:${k}`).join(", ")}.`,
      { secret: true },
    );
  }

  issues.throwIfAny();
  return { target: target as string, targets, policy, interim, adapterSettings };
}

function targetFix(key: string, value: unknown, known: readonly string[]): string {
  const guess = typeof value === "string" ? closest(value, known) : undefined;
  return guess !== undefined
    ? `Did you mean ${guess}? Set ${key} to ${guess}.`
    : `Set ${key} to one of ${known.join(", ")}; each is an adapter package (${Object.values(KNOWN_TARGETS).join(", ")}).`;
}

function parsePolicy(
  issues: Issues,
  raw: unknown,
): { policy: Policy; interim: Record<string, InterimPlacement> } {
  const policy: Record<Classification, PlacementRule> = { ...DEFAULT_POLICY };
  if (raw === undefined) return { policy, interim: {} };
  if (!isPlainObject(raw)) {
    issues.add(
      "wissel:policy",
      raw,
      "must be a map from classification to placement rule",
      "Write it as `wissel:policy: { sensitive: eu }`.",
    );
    return { policy, interim: {} };
  }
  const keys = [...CLASSIFICATIONS, "interim"];
  for (const [key, value] of Object.entries(raw)) {
    if (key === "interim") continue;
    if (!(CLASSIFICATIONS as readonly string[]).includes(key)) {
      const guess = closest(key, keys);
      issues.add(
        `wissel:policy.${key}`,
        value,
        `is not a classification (${CLASSIFICATIONS.join(", ")}) or interim`,
        guess !== undefined ? `Did you mean wissel:policy.${guess}?` : "Remove it.",
        { secret: true },
      );
      continue;
    }
    if (typeof value !== "string" || !(PLACEMENT_RULES as readonly string[]).includes(value)) {
      issues.add(
        `wissel:policy.${key}`,
        value,
        `must be one of ${PLACEMENT_RULES.join(", ")}`,
        `Set wissel:policy.${key} to one of ${PLACEMENT_RULES.join(", ")}.`,
      );
      continue;
    }
    policy[key as Classification] = value as PlacementRule;
  }
  return { policy, interim: parseInterim(issues, raw["interim"]) };
}

const INTERIM_EXAMPLE =
  '`wissel:policy: { interim: { files: { reason: "moves to Scaleway in Q2", until: "2027-06-30" } } }`';
/** A reason long enough to say which migration, short enough for one line of the plan. */
const MAX_REASON_LENGTH = 200;

function parseInterim(issues: Issues, raw: unknown): Record<string, InterimPlacement> {
  const interim: Record<string, InterimPlacement> = {};
  if (raw === undefined) return interim;
  if (!isPlainObject(raw)) {
    issues.add(
      "wissel:policy.interim",
      raw,
      "must be a map from resource name to { reason, until }",
      `Write it as ${INTERIM_EXAMPLE}.`,
    );
    return interim;
  }
  for (const [name, entry] of Object.entries(raw)) {
    const field = `wissel:policy.interim.${name}`;
    if (!isPlainObject(entry)) {
      issues.add(field, entry, "must be { reason, until }", `Write it as ${INTERIM_EXAMPLE}.`);
      continue;
    }
    for (const key of Object.keys(entry)) {
      if (key === "reason" || key === "until") continue;
      const guess = closest(key, ["reason", "until"]);
      issues.add(
        `${field}.${key}`,
        entry[key],
        "is not a key of an interim placement (reason, until)",
        guess !== undefined ? `Did you mean ${field}.${guess}?` : "Remove it.",
        { secret: true },
      );
    }
    const reason = entry["reason"];
    const text =
      typeof reason === "string" && reason.trim() !== "" && reason.length <= MAX_REASON_LENGTH
        ? reason
        : undefined;
    if (text === undefined) {
      issues.add(
        `${field}.reason`,
        reason,
        `is required: why the data may sit there for now, in at most ${MAX_REASON_LENGTH} characters`,
        `Set ${field}.reason to the migration it waits for, such as "moves to Scaleway in Q2".`,
      );
    }
    const until = calendarDate(entry["until"]);
    if (until === undefined) {
      issues.add(
        `${field}.until`,
        entry["until"],
        "must be the last day the placement may stay, as a date YYYY-MM-DD",
        `Set ${field}.until to a date such as "2027-06-30".`,
      );
    }
    if (text !== undefined && until !== undefined) interim[name] = { reason: text, until };
  }
  return interim;
}

/**
 * A date as `YYYY-MM-DD`, from that form or from the midnight timestamp a YAML parser may make of an
 * unquoted date; undefined for anything else, a day that does not exist included.
 */
function calendarDate(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:T00:00:00(?:\.000)?Z)?$/.exec(value);
  if (match === null) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  const valid =
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  return valid ? `${match[1]}-${match[2]}-${match[3]}` : undefined;
}

/** How a resource's target was chosen, for messages and `wissel plan`. */
export interface ResolvedTarget {
  readonly target: string;
  /** The config key that decided it: `wissel:targets.orders-db`, `wissel:targets.postgres` or `wissel:target`. */
  readonly key: string;
}

/** The most specific target wins: resource name, then block kind, then the stack's target. */
export function resolveTarget(config: StackConfig, kind: BlockKind, name: string): ResolvedTarget {
  const byName = config.targets[name];
  if (byName !== undefined) return { target: byName, key: `wissel:targets.${name}` };
  const byKind = config.targets[kind];
  if (byKind !== undefined) return { target: byKind, key: `wissel:targets.${kind}` };
  return { target: config.target, key: "wissel:target" };
}

/** Whether a `wissel:targets` key names a block kind rather than a resource. */
export function isBlockKind(key: string): key is BlockKind {
  return (BLOCK_KINDS as readonly string[]).includes(key);
}

/** Reads and parses the `wissel:*` config of the running stack. */
export function readStackConfig(): StackConfig {
  const config = new pulumi.Config("wissel");
  const values: Record<string, unknown> = {};
  for (const key of ["target", "targets", "policy", ...targetNames()]) {
    const raw = config.get(key);
    if (raw !== undefined) values[key] = decode(raw);
  }
  for (const key of unknownWisselKeys())
    values[key] = decode(pulumi.runtime.getConfig(`wissel:${key}`) ?? "");
  return parseStackConfig(values);
}

/** Config values that are objects arrive as JSON text; plain strings stay strings. */
function decode(raw: string): unknown {
  const trimmed = raw.trim();
  if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
    try {
      return JSON.parse(trimmed) as unknown;
    } catch {
      return raw;
    }
  }
  return raw;
}

/** Keys under `wissel:` that Wissel does not read, so typos are reported instead of ignored. */
function unknownWisselKeys(): string[] {
  const known = new Set(["target", "targets", "policy", ...targetNames()]);
  return Object.keys(pulumi.runtime.allConfig())
    .filter((key) => key.startsWith("wissel:"))
    .map((key) => key.slice("wissel:".length))
    .filter((key) => !known.has(key));
}
