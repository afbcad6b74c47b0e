/** Residency: a classified raw resource is placed where `wissel:policy` lets its classification live. */
import { RULE_MEANING, describePlacement, satisfies } from "@wissel/core";
import { CLASSIFICATION_LABEL, CLASSIFICATION_TAG, readClassification } from "../classification";
import { bio2 } from "../framework";
import { KNOWN_TYPES, insideWisselComponent } from "../kinds";
import { placeResource } from "../placement";
import { subject } from "../read";
import type { ResourceRule } from "../types";

export const residency: ResourceRule = {
  scope: "resource",
  name: "wissel-residency",
  description:
    "Data-holding resources and clusters are placed where wissel:policy lets their classification live (country and vendor jurisdiction).",
  severity: "critical",
  enforcementLevel: "mandatory",
  framework: bio2(
    "5.23",
    "Information security for use of cloud services",
    "the cloud service's location and the law its provider is under meet the data's classification",
  ),
  remediation:
    "Move the resource to a region and vendor the policy allows for its classification, or correct its classification tag.",
  check(resource, context) {
    // Wissel components are checked by core before they build; only raw resources are judged here.
    if (KNOWN_TYPES[resource.type] === undefined || insideWisselComponent(resource.urn)) return [];
    const reading = readClassification(resource);
    const tagName = resource.type.startsWith("kubernetes:")
      ? `label ${CLASSIFICATION_LABEL}`
      : `tag ${CLASSIFICATION_TAG}`;
    if (reading.state === "unknown") return [];
    if (reading.state === "invalid")
      return [
        `${subject(resource)}: ${reading.source} says ${JSON.stringify(reading.value)}, which is no classification (public, internal or sensitive). Set the ${tagName} to one of them (rule wissel-residency).`,
      ];
    const classification = reading.state === "tagged" ? reading.classification : "internal";
    const rule = context.policy[classification];
    if (rule === "any") return [];
    const where = placeResource(resource, context);
    if (where === undefined || where.state === "unknown") return [];
    const origin =
      reading.state === "tagged"
        ? `is ${classification} (${reading.source})`
        : "is untagged, so internal,";
    if (where.state === "unplaced")
      return [
        `${subject(resource)} ${origin} and wissel:policy.${classification} is ${rule}, but it ${where.why}. ${where.fix}, so the policy can place it (rule wissel-residency).`,
      ];
    if (satisfies(where.placement, rule)) return [];
    return [
      `${subject(resource)} ${origin} and may only be placed ${RULE_MEANING[rule]} (wissel:policy.${classification}: ${rule}), but it is placed with ${describePlacement(where.placement)}. Move it to a region and vendor that meet the policy, or change its ${tagName} if the data allows it (rule wissel-residency).`,
    ];
  },
};
