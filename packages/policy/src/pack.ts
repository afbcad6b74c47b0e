/**
 * The rules as a CrossGuard policy pack. `policies()` gives them to `new PolicyPack(...)`; the pack
 * folder (`packages/policy/pack`) does exactly that, and `pulumi preview --policy-pack <folder>` runs
 * it. This entry loads `@pulumi/policy` (and its gRPC server); the main entry does not.
 */
import {
  PolicyPack,
  type Policies,
  type ResourceValidationPolicy,
  type StackValidationPolicy,
} from "@pulumi/policy";
import { RESIDENCY_CONFIG_SCHEMA, residencyContext } from "./config";
import { RULES } from "./rules";
import type { ResourceView, Rule, RuleContext } from "./types";

/** The context of every rule but residency, which reads its own config. */
function contextFor(rule: Rule, config: unknown): RuleContext {
  return residencyContext(rule.name === "wissel-residency" ? config : {});
}

function info(rule: Rule) {
  return {
    name: rule.name,
    description: rule.description,
    enforcementLevel: rule.enforcementLevel,
    severity: rule.severity,
    framework: { ...rule.framework },
    remediationSteps: rule.remediation,
    tags: ["wissel"],
    ...(rule.name === "wissel-residency" ? { configSchema: RESIDENCY_CONFIG_SCHEMA } : {}),
  };
}

/** One rule as a CrossGuard policy. */
export function toPolicy(rule: Rule): ResourceValidationPolicy | StackValidationPolicy {
  if (rule.scope === "resource")
    return {
      ...info(rule),
      validateResource: (args, reportViolation) => {
        const view: ResourceView = {
          type: args.type,
          name: args.name,
          urn: args.urn,
          props: args.props,
          protect: args.opts.protect,
          retainOnDelete: undefined,
        };
        for (const message of rule.check(view, contextFor(rule, args.getConfig())))
          reportViolation(message);
      },
    };
  return {
    ...info(rule),
    validateStack: (args, reportViolation) => {
      const views = args.resources.map((resource): ResourceView => ({
        type: resource.type,
        name: resource.name,
        urn: resource.urn,
        props: resource.props,
        protect: resource.opts.protect,
        retainOnDelete: undefined,
      }));
      for (const finding of rule.check(views, contextFor(rule, args.getConfig())))
        reportViolation(finding.message, finding.resource.urn);
    },
  };
}

/** Every rule as a CrossGuard policy. */
export function policies(): Policies {
  return RULES.map(toPolicy);
}

/** Serves the pack to the Pulumi engine (what the pack folder's entry calls). */
export function servePolicyPack(name = "wissel"): PolicyPack {
  return new PolicyPack(name, {
    policies: policies(),
    description: "Wissel's residency and secure-default rules over every resource of a program.",
  });
}
