/** No silent data loss: a data-holding resource is registered with protect and retainOnDelete. */
import { bio2 } from "../framework";
import { KNOWN_TYPES } from "../kinds";
import { subject } from "../read";
import type { ResourceRule } from "../types";

export const dataProtection: ResourceRule = {
  scope: "resource",
  name: "wissel-data-protection",
  description:
    "Resources that hold data (buckets, databases, volumes, storage accounts) are registered with protect and retainOnDelete, so no update deletes or replaces them silently.",
  severity: "high",
  enforcementLevel: "mandatory",
  framework: bio2(
    "5.33",
    "Protection of records",
    "data-holding resources are protected from deletion by a program change",
  ),
  remediation:
    "Add { protect: true, retainOnDelete: true } to the resource's options; remove them deliberately when the data may go.",
  check(resource) {
    if (KNOWN_TYPES[resource.type]?.holdsData !== true) return [];
    const missing = [
      ...(resource.protect ? [] : ["protect"]),
      // Undefined: the runner cannot see it (the CrossGuard analyzer is not sent retainOnDelete).
      ...(resource.retainOnDelete === false ? ["retainOnDelete"] : []),
    ];
    if (missing.length === 0) return [];
    return [
      `${subject(resource)} holds data but is registered without ${missing.join(" and ")}, so a change to the program can delete or replace it. Add { protect: true, retainOnDelete: true } to its options (rule wissel-data-protection).`,
    ];
  },
};
