/**
 * `wissel plan` runs @wissel/policy's rules, the same functions the CrossGuard pack serves, on every
 * resource the program registered, Wissel's children and raw vendor resources alike. Inputs are
 * handed to the rules as CrossGuard hands them (in `unknownCheckingProxy`); the levels and residency
 * facts come from a pack config file, the policy and operators from the stack's own config.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { WisselError } from "@wissel/core";
import {
  enforcementLevels,
  evaluate,
  previewProps,
  residencyContext,
  type ResourceView,
  type RuleContext,
  type Violation,
} from "@wissel/policy";
import type { Registration } from "./harness";
import type { PlanError } from "./plan";

/** What the rules found, split by level. */
export interface PolicyOutcome {
  readonly violations: readonly Violation[];
  /** Mandatory violations and config mistakes: they fail the plan. */
  readonly errors: readonly PlanError[];
  /** Advisory violations. */
  readonly warnings: readonly string[];
}

const RESIDENCY = "wissel-residency";

/** An object config value; the stack file's objects reach the plan as JSON text, as Pulumi stores them. */
function object(raw: unknown): Record<string, unknown> | undefined {
  let value = raw;
  if (typeof raw === "string")
    try {
      value = JSON.parse(raw);
    } catch {
      return undefined;
    }
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** Reads the pack config file; a missing or malformed file is a config error naming it. */
function readPackConfig(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch {
    throw new Error(
      `--policy-config ${JSON.stringify(file)} cannot be read: no such file. Give the path of the JSON file pulumi preview --policy-pack-config reads.`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(
      `--policy-config ${JSON.stringify(file)} is not valid JSON: ${(error as Error).message}. Write it as { "all": "mandatory", "wissel-data-protection": "advisory" }.`,
      { cause: error },
    );
  }
  const config = object(parsed);
  if (config === undefined)
    throw new Error(
      `--policy-config ${JSON.stringify(file)} must hold a JSON object keyed by rule name; received ${JSON.stringify(parsed)}.`,
    );
  return config;
}

/**
 * The residency facts from the stack: `wissel:policy`, and the operators of `wissel:openstack` and
 * `wissel:kubernetes` where the stack states them (an adapter reports its own settings' mistakes).
 */
function stackContext(
  stackConfig: Readonly<Record<string, unknown>>,
  packResidency: unknown,
): RuleContext {
  const pack = object(packResidency) ?? {};
  const facts: Record<string, unknown> = { ...pack };
  const policy = stackConfig["wissel:policy"];
  if (policy !== undefined) facts["policy"] = object(policy) ?? policy;
  const openstack = object(stackConfig["wissel:openstack"]);
  if (openstack?.["operator"] !== undefined && typeof openstack["region"] === "string")
    facts["openstack"] = {
      operator: openstack["operator"],
      // As the adapter reads it: the region's data centres are in the operator's country by default.
      regions: {
        [openstack["region"]]:
          openstack["regionCountry"] ?? object(openstack["operator"])?.["country"],
      },
    };
  const kubernetes = object(stackConfig["wissel:kubernetes"]);
  if (kubernetes?.["operator"] !== undefined)
    facts["kubernetes"] = {
      operator: kubernetes["operator"],
      country: kubernetes["country"] ?? object(kubernetes["operator"])?.["country"],
      ...(typeof kubernetes["region"] === "string" ? { region: kubernetes["region"] } : {}),
    };
  let context: RuleContext;
  try {
    context = residencyContext(facts, RESIDENCY);
  } catch {
    // The adapter reports its own settings' mistakes; the pack config's are reported from here.
    context = residencyContext(
      { ...pack, ...(facts["policy"] !== undefined ? { policy: facts["policy"] } : {}) },
      RESIDENCY,
    );
  }
  return {
    ...context,
    operatorKey: (vendor) =>
      vendor === "openstack"
        ? "wissel:openstack.operator, .region and .regionCountry of the stack"
        : "wissel:kubernetes.operator and .country of the stack",
  };
}

/** A registration as a rule sees it. */
export function resourceView(registration: Registration): ResourceView {
  return {
    type: registration.type,
    name: registration.name,
    urn: registration.urn,
    props: previewProps(registration.inputs, (value) => pulumi.isUnknown(value)),
    protect: registration.protect,
    retainOnDelete: registration.retainOnDelete,
  };
}

/** Runs every rule on the program's registrations. Never throws: mistakes come back as errors. */
export function checkPolicies(
  registrations: readonly Registration[],
  stackConfig: Readonly<Record<string, unknown>>,
  policyConfig: string | undefined,
  cwd: string,
): PolicyOutcome {
  let levels: ReturnType<typeof enforcementLevels>;
  let context: RuleContext;
  try {
    const pack = policyConfig !== undefined ? readPackConfig(path.resolve(cwd, policyConfig)) : {};
    levels = enforcementLevels(pack);
    context = stackContext(stackConfig, pack[RESIDENCY]);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const messages = error instanceof WisselError ? message.split("\n") : [message];
    return {
      violations: [],
      errors: messages.map((line): PlanError => ({ kind: "config", message: line })),
      warnings: [],
    };
  }
  const views = registrations.filter((r) => !r.read).map(resourceView);
  const violations = evaluate(views, context, levels);
  return {
    violations,
    errors: violations
      .filter((v) => v.enforcementLevel === "mandatory")
      .map((v): PlanError => ({ kind: "policy", message: v.message })),
    warnings: violations
      .filter((v) => v.enforcementLevel === "advisory")
      .map((v) => `advisory: ${v.message}`),
  };
}
