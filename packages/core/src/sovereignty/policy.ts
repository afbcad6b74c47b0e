/** Checks a resource's placement against the stack's `wissel:policy`. */
import type { Placement } from "../adapter";
import type { Classification } from "../bucket/contract";
import type { Issue } from "../errors";
import type { PlacementRule, Policy } from "../config";
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
