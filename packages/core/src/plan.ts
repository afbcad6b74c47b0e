/**
 * What each component decided, kept for `wissel plan` and the sovereignty summary. One record list per
 * process, shared by every copy of core a program loads.
 */
import type { BlockKind, Decision, Placement, Support } from "./adapter";
import type { Classification } from "./bucket/contract";
import type { InterimPlacement } from "./config";

/** One Wissel component as planned. */
export interface ComponentRecord {
  readonly kind: BlockKind;
  /** The neutral type token: `wissel:storage:Bucket`. */
  readonly type: string;
  readonly name: string;
  /** The config key that chose the target. */
  readonly targetKey: string;
  readonly placement: Placement;
  readonly support: Support;
  readonly classification: Classification;
  readonly decisions: readonly Decision[];
  /** Set when `wissel:policy.interim` lets the component stay where the policy refuses it. */
  readonly interim?: InterimPlacement;
}

/**
 * What `wissel plan` passes a program for every `secure:` config value, which it has no key to
 * decrypt and needs none, since nothing is deployed. Adapters that check a secret's form (a password
 * policy) skip the check for this value; `pulumi preview` checks the real one.
 */
export const PLAN_SECRET_PLACEHOLDER = "wissel-plan-secret-placeholder";

const RECORDS_KEY = Symbol.for("wissel.plan.records");

function records(): ComponentRecord[] {
  const holder = globalThis as { [RECORDS_KEY]?: ComponentRecord[] };
  return (holder[RECORDS_KEY] ??= []);
}

/** Adds a record; called by every component once it is built. */
export function recordComponent(record: ComponentRecord): void {
  records().push(record);
}

/** Every component planned so far in this process, in construction order. */
export function plannedComponents(): readonly ComponentRecord[] {
  return [...records()];
}

/** Forgets the records (between test cases). */
export function resetPlan(): void {
  records().length = 0;
}
