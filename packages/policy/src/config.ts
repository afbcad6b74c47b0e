/**
 * The pack's config, in the format `pulumi preview --policy-pack-config <file>` reads and `wissel plan
 * --policy-config <file>` reads too: per rule an enforcement level (`"advisory"`, `"mandatory"`,
 * `"disabled"`, or `{ "enforcementLevel": … }`), `all` for every rule, and the residency rule's
 * properties: `policy` (the stack's `wissel:policy`) and the OpenStack and Kubernetes operators.
 */
import {
  DEFAULT_POLICY,
  PLACEMENT_RULES,
  WisselError,
  settingFragments,
  v,
  type Issue,
  type Policy,
} from "@wissel/core";
import type { PolicyConfigSchema } from "@pulumi/policy";
import { RULES } from "./rules";
import type { EnforcementLevel, OperatorPlacement, RuleContext } from "./types";

/** The levels a config may set; `remediate` is CrossGuard's and counts as mandatory here. */
export const CONFIG_LEVELS = ["advisory", "mandatory", "remediate", "disabled"] as const;
export type ConfigLevel = (typeof CONFIG_LEVELS)[number];

const placementRule = v.optional(v.picklist(PLACEMENT_RULES));

/** `wissel:policy`, as the stack file and the residency rule's `policy` property write it. */
export const POLICY_SCHEMA = v.optional(
  v.strictObject({ public: placementRule, internal: placementRule, sensitive: placementRule }),
  {},
);

const countryCode = settingFragments.countryCode("the country of the region's data centres");

/** The residency rule's properties beyond its level. */
export const RESIDENCY_SCHEMA = v.object({
  policy: POLICY_SCHEMA,
  openstack: v.optional(
    v.strictObject({
      operator: settingFragments.operatorFacts(false),
      /** Region name → country: `{ "RegionOne": "NL" }`. */
      regions: v.record(v.string(), countryCode),
    }),
  ),
  kubernetes: v.optional(
    v.strictObject({
      operator: settingFragments.operatorFacts(true),
      country: countryCode,
      region: v.optional(v.string()),
    }),
  ),
});

/** The JSON Schema of the residency properties, for CrossGuard's `configSchema`. */
export const RESIDENCY_CONFIG_SCHEMA: PolicyConfigSchema = {
  properties: {
    policy: {
      type: "object",
      description: "The stack's wissel:policy: where each classification may live.",
      properties: Object.fromEntries(
        ["public", "internal", "sensitive"].map((key) => [
          key,
          { type: "string" as const, enum: [...PLACEMENT_RULES] },
        ]),
      ),
      additionalProperties: false,
    },
    openstack: {
      type: "object",
      description:
        "Who runs the OpenStack cloud (as wissel:openstack.operator) and each region's country.",
      properties: { operator: { type: "object" }, regions: { type: "object" } },
      required: ["operator", "regions"],
    },
    kubernetes: {
      type: "object",
      description:
        "Who runs the Kubernetes clusters (as wissel:kubernetes.operator), and their country.",
      properties: {
        operator: { type: "object" },
        country: { type: "string" },
        region: { type: "string" },
      },
      required: ["operator", "country"],
    },
  },
};

function issuesOf(key: string, result: v.SafeParseResult<v.GenericSchema>): Issue[] {
  if (result.success) return [];
  return result.issues.map((issue) => {
    const path = (issue.path ?? []).map((step) => String(step.key)).join(".");
    return {
      subject: "policy config",
      field: path === "" ? key : `${key}.${path}`,
      value: issue.input,
      rule: issue.message,
      fix: `Correct ${path === "" ? key : `${key}.${path}`} (see docs/policy.md).`,
    };
  });
}

/** A whole policy, defaults filled in. */
export function withDefaults(policy: {
  readonly [K in keyof Policy]?: Policy[K] | undefined;
}): Policy {
  return {
    public: policy.public ?? DEFAULT_POLICY.public,
    internal: policy.internal ?? DEFAULT_POLICY.internal,
    sensitive: policy.sensitive ?? DEFAULT_POLICY.sensitive,
  };
}

/** Parses the residency rule's properties into the rules' context; throws a WisselError naming the key. */
export function residencyContext(raw: unknown, key = "wissel-residency"): RuleContext {
  const result = v.safeParse(RESIDENCY_SCHEMA, raw ?? {});
  if (!result.success) throw new WisselError(issuesOf(key, result));
  const { policy, openstack, kubernetes } = result.output;
  const operators: { openstack?: OperatorPlacement; kubernetes?: OperatorPlacement } = {};
  if (openstack !== undefined)
    operators.openstack = {
      facts: settingFragments.vendorFactsOf(openstack.operator),
      regions: openstack.regions,
      country: undefined,
      region: undefined,
    };
  if (kubernetes !== undefined)
    operators.kubernetes = {
      facts: settingFragments.vendorFactsOf(kubernetes.operator),
      regions: {},
      country: kubernetes.country,
      region: kubernetes.region,
    };
  return {
    policy: withDefaults(policy),
    operators,
    operatorKey: (vendor) => `${key}.${vendor} of the policy pack config`,
  };
}

/** The effective level of each rule under a config; `remediate` counts as mandatory. */
export function enforcementLevels(
  raw: unknown,
): Readonly<Record<string, EnforcementLevel | "disabled">> {
  const issues: Issue[] = [];
  const config =
    typeof raw === "object" && raw !== null && !Array.isArray(raw)
      ? (raw as Record<string, unknown>)
      : {};
  if (raw !== undefined && config !== raw)
    issues.push({
      subject: "policy config",
      field: "(the file)",
      value: raw,
      rule: "must be a JSON object keyed by rule name (or all)",
      fix: 'Write it as { "all": "mandatory", "wissel-data-protection": "advisory" }.',
    });
  const levelOf = (key: string): ConfigLevel | undefined => {
    const entry = config[key];
    const level =
      typeof entry === "object" && entry !== null
        ? (entry as Record<string, unknown>)["enforcementLevel"]
        : entry;
    if (level === undefined) return undefined;
    if ((CONFIG_LEVELS as readonly unknown[]).includes(level)) return level as ConfigLevel;
    issues.push({
      subject: "policy config",
      field: `${key}.enforcementLevel`,
      value: level,
      rule: `must be one of ${CONFIG_LEVELS.join(", ")}`,
      fix: `Set ${key} to "advisory" or "mandatory" (or "disabled" to turn the rule off).`,
    });
    return undefined;
  };
  const names = RULES.map((rule) => rule.name);
  for (const key of Object.keys(config))
    if (key !== "all" && !names.includes(key))
      issues.push({
        subject: "policy config",
        field: key,
        value: config[key],
        rule: `is not a rule of the pack (${names.join(", ")})`,
        fix: "Remove it, or correct the rule's name.",
      });
  const all = levelOf("all");
  const levels: Record<string, EnforcementLevel | "disabled"> = {};
  for (const rule of RULES) {
    const level = levelOf(rule.name) ?? all ?? rule.enforcementLevel;
    levels[rule.name] = level === "remediate" ? "mandatory" : level;
  }
  if (issues.length > 0) throw new WisselError(issues);
  return levels;
}
