/**
 * The controls the rules serve. BIO2 (Baseline Informatiebeveiliging Overheid, version 2) takes its
 * control set from ISO/IEC 27002:2022, so each rule names the ISO/IEC 27002:2022 control number and
 * title. Which control a rule serves is Wissel's own mapping, not one BIO2 publishes: see
 * docs/policy.md for the reasons per rule.
 */
import type { Framework } from "./types";

/** The framework name every rule carries. */
export const BIO2 = "BIO2";

/** The version of BIO2, and the ISO/IEC 27002 edition its controls are numbered by. */
export const BIO2_VERSION = "2 (ISO/IEC 27002:2022)";

/** A BIO2 control as a CrossGuard `framework` field. */
export function bio2(reference: string, title: string, checked: string): Framework {
  return {
    name: BIO2,
    version: BIO2_VERSION,
    reference,
    specification: `${reference} ${title}: ${checked}`,
  };
}
