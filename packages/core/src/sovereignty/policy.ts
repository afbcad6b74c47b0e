/** Checks a resource's placement against the stack's `wissel:policy`. */
import type { Placement } from "../adapter";
import type { Classification } from "../bucket/contract";
import type { Issue } from "../errors";
import type { InterimPlacement, PlacementRule, Policy } from "../config";
import { isEuCountry } from "./countries";

/** What each rule demands, for messages and docs. */
export const RULE_MEANING: Readonly<Record<PlacementRule, string>> = {
  any: "anywhere",
  eu: "in an EU country, with a vendor no non-EU law can compel",
  nl: "in the Netherlands, with a vendor no non-EU law can compel",
  "on-premises": "on infrastructure the organisation operates itself",
};

/** Whether a placement satisfies a rule. */
export function satisfies(placement: Placement, rule: PlacementRule): boolean {
  const sovereign = placement.foreignJurisdictions.length === 0;
  switch (rule) {
    case "any":
      return true;
    case "eu":
      return isEuCountry(placement.country) && sovereign;
    case "nl":
      return placement.country === "NL" && sovereign;
    case "on-premises":
      return placement.onPremises;
  }
}

/** Describes a placement in one phrase: `Microsoft Azure (Microsoft Ireland Operations Ltd, ultimate parent in US) in westeurope (NL)`. */
export function describePlacement(placement: Placement): string {
  const exposure =
    placement.foreignJurisdictions.length > 0
      ? `, reachable under ${placement.foreignJurisdictions.join(" and ")}`
      : "";
  return `${placement.vendor} (${placement.legalEntity}, ultimate parent in ${placement.headquarters}) in ${placement.region} (${placement.country})${exposure}`;
}

/** The policy issue for a resource, if its placement breaks the rule for its classification. */
export function checkPolicy(
  subject: string,
  name: string,
  classification: Classification,
  placement: Placement,
  policy: Policy,
): Issue | undefined {
  const rule = policy[classification];
  if (satisfies(placement, rule)) return undefined;
  return {
    subject,
    field: "classification",
    value: classification,
    rule: `may only be placed ${RULE_MEANING[rule]} (wissel:policy.${classification}: ${rule}), but target "${placement.target}" places it with ${describePlacement(placement)}`,
    fix: `Place it on a target that meets the policy with wissel:targets.${name}, or change wissel:policy.${classification} if the policy allows it.`,
  };
}

/** Today in UTC as `YYYY-MM-DD`, the form of an interim placement's `until`. */
export function todayUtc(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/**
 * A resource the policy refuses, judged against its interim placement: until the date, a warning
 * that says what remains to be done and by when; after it, the policy issue, naming the deadline.
 */
export function judgeInterim(
  refusal: Issue,
  name: string,
  interim: InterimPlacement,
  today: string,
): { readonly warning: string } | { readonly issue: Issue } {
  const key = `wissel:policy.interim.${name}`;
  if (today <= interim.until) {
    return {
      warning: `${refusal.subject} ${refusal.rule}. ${key} allows this until ${interim.until} (${interim.reason}); move it before then, or the plan fails from the day after.`,
    };
  }
  return {
    issue: {
      ...refusal,
      rule: `${refusal.rule}; its interim placement (${key}: ${interim.reason}) ended on ${interim.until}`,
      fix: `Finish the move: ${refusal.fix} If the deadline moved, set ${key}.until to the new date.`,
    },
  };
}

/** The warning for an interim entry whose resource the policy does not refuse: it can go. */
export function needlessInterim(subject: string, name: string): string {
  return `${subject} meets wissel:policy where it is now placed, so wissel:policy.interim.${name} exempts nothing. Remove the entry.`;
}
