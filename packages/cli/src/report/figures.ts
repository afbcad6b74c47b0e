/**
 * The figures the report shows, from the plans (pure): per stack the EU-controlled share against
 * the 30 % target, where resources sit by vendor and country and which law reaches them, where
 * sensitive data lives, and which placements the policy allows only until a date. Every figure is one the stack's `wissel plan --json` holds, or a sum of them.
 */
import type { CountryTally, VendorTally } from "../plan";
import type { InterimSummary, SensitivePlacement } from "@wissel/core";
import type { StackPlan } from "./collect";

/** The share of components at EU-controlled vendors the city aims for. */
export const EU_CONTROLLED_TARGET = 0.3;

/** One stack's figures. */
export interface StackFigures {
  readonly project: string;
  readonly stack: string;
  /** `wissel:target` of the stack, as its components were placed (the most common target). */
  readonly target: string | null;
  /** The plan's error count: a stack that did not plan cleanly shows what it planned, flagged. */
  readonly errors: readonly string[];
  readonly components: number;
  /** Components in the EU at a vendor no non-EU law is known to reach. */
  readonly euControlled: number;
  /** The plan's `summary.euControlledShare`, 0 to 1. */
  readonly euControlledShare: number;
  readonly resources: number;
  readonly byVendor: readonly VendorTally[];
  readonly byCountry: readonly CountryTally[];
  readonly sensitive: readonly SensitivePlacement[];
  /** Placements `wissel:policy.interim` allows until a date, earliest deadline first. */
  readonly interim: readonly InterimSummary[];
}

/** All stacks, and their sum. */
export interface Figures {
  readonly stacks: readonly StackFigures[];
  readonly total: {
    readonly components: number;
    readonly euControlled: number;
    /** euControlled ÷ components over every stack; 0 without components. */
    readonly euControlledShare: number;
  };
}

function mostCommon(values: readonly string[]): string | null {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  let best: string | null = null;
  for (const [value, count] of counts)
    if (best === null || count > (counts.get(best) ?? 0)) best = value;
  return best;
}

/** The figures of each stack's plan, in the order given. */
export function figuresOf(plans: readonly StackPlan[]): Figures {
  const stacks = plans.map(({ project, stack, report }): StackFigures => {
    const { summary } = report;
    return {
      project,
      stack,
      target: mostCommon(report.components.map((c) => c.target)),
      errors: report.errors.map((e) => e.message),
      components: summary.components,
      euControlled: Math.round(summary.euControlledShare * summary.components),
      euControlledShare: summary.euControlledShare,
      resources: summary.resources + summary.otherResources,
      byVendor: summary.byVendor,
      byCountry: summary.byCountry,
      sensitive: summary.sensitive,
      interim: summary.interim,
    };
  });
  const components = stacks.reduce((n, s) => n + s.components, 0);
  const euControlled = stacks.reduce((n, s) => n + s.euControlled, 0);
  return {
    stacks,
    total: {
      components,
      euControlled,
      euControlledShare: components > 0 ? euControlled / components : 0,
    },
  };
}

/** A share as the page prints it: whole percent, as `wissel plan` prints it. */
export function percent(share: number): string {
  return `${Math.round(share * 100)} %`;
}
