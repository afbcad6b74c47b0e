/**
 * Runs every rule over a program's resources, as `wissel plan` does: the same rule functions the
 * pack registers with CrossGuard, with the levels a pack config sets.
 */
import { RULES } from "./rules";
import type { EnforcementLevel, Framework, ResourceView, RuleContext, Severity } from "./types";

/** One violation, as `wissel plan --json` reports it. */
export interface Violation {
  readonly rule: string;
  readonly enforcementLevel: EnforcementLevel;
  readonly severity: Severity;
  readonly framework: Framework;
  readonly type: string;
  readonly name: string;
  readonly urn: string;
  readonly message: string;
}

/** Every violation of the enabled rules, in rule order, then in the order of the resources. */
export function evaluate(
  resources: readonly ResourceView[],
  context: RuleContext,
  levels: Readonly<Record<string, EnforcementLevel | "disabled">>,
): Violation[] {
  const violations: Violation[] = [];
  for (const rule of RULES) {
    const level = levels[rule.name] ?? rule.enforcementLevel;
    if (level === "disabled") continue;
    const findings =
      rule.scope === "resource"
        ? resources.flatMap((resource) =>
            rule.check(resource, context).map((message) => ({ resource, message })),
          )
        : rule.check(resources, context);
    for (const { resource, message } of findings)
      violations.push({
        rule: rule.name,
        enforcementLevel: level,
        severity: rule.severity,
        framework: rule.framework,
        type: resource.type,
        name: resource.name,
        urn: resource.urn,
        message,
      });
  }
  return violations;
}
