/**
 * The physical names this adapter's resources take, and the scopes they must be unique in: each
 * block's `names` declares them to core's collision check from the same functions its build names
 * them with. No SDK module loads here.
 */
import { identityHash, type NameIdentity } from "@wissel/core";
import type { OpenStackSettings } from "./settings";

/** Swift containers, Magnum clusters and templates, Trove instances: one name each per project (and region). */
export function projectScope(kind: string, settings: OpenStackSettings): string {
  return `openstack:${kind}:${settings.region}`;
}

/** Longest Magnum name made here: node host names append the driver's suffixes and must stay under 64. */
const MAGNUM_NAME_LENGTH = 40;

/**
 * A Magnum cluster or template name: Magnum wants `^[a-zA-Z][a-zA-Z0-9_.-]*$`; this keeps to lowercase,
 * digits and hyphens (node host names derive from it), starts with a letter, and ends with a hash of
 * the project, stack and name so two stacks in one project never collide.
 */
export function magnumName(identity: NameIdentity): string {
  const hash = identityHash(identity);
  let stem = identity.name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  if (!/^[a-z]/.test(stem)) stem = `k${stem.length > 0 ? `-${stem}` : ""}`;
  const room = MAGNUM_NAME_LENGTH - hash.length - 1;
  return `${stem.slice(0, room).replace(/-+$/g, "")}-${hash}`;
}
