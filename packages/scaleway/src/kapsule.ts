/**
 * Kapsule facts the cluster builder decides with: the node types it sizes from, the Kubernetes minors
 * Scaleway lets a new cluster run, and the zones. Pure data and pure functions, tested without Pulumi.
 */
import {
  identityHash,
  type Issue,
  type KubernetesClusterSpec,
  type NameIdentity,
} from "@wissel/core";
import type { ScalewayRegionId, ScalewayZoneId } from "./vendor";

/** A node family of the sizing table. */
export type NodeFamily = "PRO2" | "POP2" | "POP2-HC" | "POP2-HM";

/** An Instance type a Kapsule pool can run on. */
export interface NodeType {
  /** The commercial type, as the API and the pool's `nodeType` spell it: `PRO2-XS`. */
  readonly name: string;
  readonly family: NodeFamily;
  readonly vcpu: number;
  readonly memoryGiB: number;
}

/**
 * The zones that offer each family (Scaleway's Instances datasheet: PRO2 in PAR1-3, AMS1-3,
 * WAW1-3; POP2 not in WAW1; POP2-HC and POP2-HM neither in AMS3 nor in WAW1).
 */
export const FAMILY_ZONES: Readonly<Record<NodeFamily, readonly ScalewayZoneId[]>> = {
  PRO2: [
    "fr-par-1",
    "fr-par-2",
    "fr-par-3",
    "nl-ams-1",
    "nl-ams-2",
    "nl-ams-3",
    "pl-waw-1",
    "pl-waw-2",
    "pl-waw-3",
  ],
  POP2: [
    "fr-par-1",
    "fr-par-2",
    "fr-par-3",
    "nl-ams-1",
    "nl-ams-2",
    "nl-ams-3",
    "pl-waw-2",
    "pl-waw-3",
  ],
  "POP2-HC": ["fr-par-1", "fr-par-2", "fr-par-3", "nl-ams-1", "nl-ams-2", "pl-waw-2", "pl-waw-3"],
  "POP2-HM": ["fr-par-1", "fr-par-2", "fr-par-3", "nl-ams-1", "nl-ams-2", "pl-waw-2", "pl-waw-3"],
};

/**
 * The pool's zone when the stack names none: in each region, a zone that offers every family above
 * (pl-waw-1 has neither POP2 nor its variants).
 */
export const DEFAULT_ZONES: Readonly<Record<ScalewayRegionId, ScalewayZoneId>> = {
  "fr-par": "fr-par-1",
  "nl-ams": "nl-ams-1",
  "pl-waw": "pl-waw-2",
};

/**
 * The node types the sizing picks from, production ranges only: PRO2 (shared vCPUs, the cheapest at
 * a given size) before POP2 and its high-CPU and high-memory variants (dedicated vCPUs). Left out:
 * DEV1, PLAY2 and STARDUST (Scaleway's development ranges; Kapsule refuses the smallest), GP1
 * (a historical offer), COPARM1 (arm64, which many images lack) and ENT1 (POP2 with SEV, same price).
 */
export const NODE_TYPES: readonly NodeType[] = [
  { name: "PRO2-XXS", family: "PRO2", vcpu: 2, memoryGiB: 8 },
  { name: "PRO2-XS", family: "PRO2", vcpu: 4, memoryGiB: 16 },
  { name: "PRO2-S", family: "PRO2", vcpu: 8, memoryGiB: 32 },
  { name: "PRO2-M", family: "PRO2", vcpu: 16, memoryGiB: 64 },
  { name: "PRO2-L", family: "PRO2", vcpu: 32, memoryGiB: 128 },
  { name: "POP2-2C-8G", family: "POP2", vcpu: 2, memoryGiB: 8 },
  { name: "POP2-4C-16G", family: "POP2", vcpu: 4, memoryGiB: 16 },
  { name: "POP2-8C-32G", family: "POP2", vcpu: 8, memoryGiB: 32 },
  { name: "POP2-16C-64G", family: "POP2", vcpu: 16, memoryGiB: 64 },
  { name: "POP2-32C-128G", family: "POP2", vcpu: 32, memoryGiB: 128 },
  { name: "POP2-64C-256G", family: "POP2", vcpu: 64, memoryGiB: 256 },
  { name: "POP2-HC-2C-4G", family: "POP2-HC", vcpu: 2, memoryGiB: 4 },
  { name: "POP2-HC-4C-8G", family: "POP2-HC", vcpu: 4, memoryGiB: 8 },
  { name: "POP2-HC-8C-16G", family: "POP2-HC", vcpu: 8, memoryGiB: 16 },
  { name: "POP2-HC-16C-32G", family: "POP2-HC", vcpu: 16, memoryGiB: 32 },
  { name: "POP2-HC-32C-64G", family: "POP2-HC", vcpu: 32, memoryGiB: 64 },
  { name: "POP2-HC-64C-128G", family: "POP2-HC", vcpu: 64, memoryGiB: 128 },
  { name: "POP2-HM-2C-16G", family: "POP2-HM", vcpu: 2, memoryGiB: 16 },
  { name: "POP2-HM-4C-32G", family: "POP2-HM", vcpu: 4, memoryGiB: 32 },
  { name: "POP2-HM-8C-64G", family: "POP2-HM", vcpu: 8, memoryGiB: 64 },
  { name: "POP2-HM-16C-128G", family: "POP2-HM", vcpu: 16, memoryGiB: 128 },
  { name: "POP2-HM-32C-256G", family: "POP2-HM", vcpu: 32, memoryGiB: 256 },
  { name: "POP2-HM-64C-512G", family: "POP2-HM", vcpu: 64, memoryGiB: 512 },
];

/**
 * The smallest node type offered in the zone that has at least the requested vCPUs and memory:
 * fewest vCPUs first, then least memory, then the table's order (PRO2 before POP2 at equal size).
 * Undefined when none is big enough.
 */
export function nodeTypeFor(
  request: { readonly vcpu: number; readonly memoryGiB: number },
  zone: ScalewayZoneId,
): NodeType | undefined {
  const fits = NODE_TYPES.filter(
    (t) =>
      t.vcpu >= request.vcpu &&
      t.memoryGiB >= request.memoryGiB &&
      FAMILY_ZONES[t.family].includes(zone),
  );
  // A stable sort keeps the table's family order among types of the same size.
  return [...fits].sort((a, b) => a.vcpu - b.vcpu || a.memoryGiB - b.memoryGiB)[0];
}

/** One Kubernetes minor on Kapsule, with the dates of Scaleway's release calendar. */
export interface KapsuleMinor {
  readonly minor: string;
  /** Available for cluster creation from this day. */
  readonly released: string;
  /** Removed from cluster creation on this day. */
  readonly deprecated: string;
  /** Clusters still on it are upgraded to the next minor by Scaleway after this day. */
  readonly endOfSupport: string;
}

/**
 * Scaleway's Kapsule release calendar (docs: "Kubernetes version support policy"), as of
 * KAPSULE_CALENDAR_REVIEWED. Update both when Scaleway publishes a new minor.
 */
export const KAPSULE_MINORS: readonly KapsuleMinor[] = [
  { minor: "1.33", released: "2025-09-04", deprecated: "2026-09-04", endOfSupport: "2026-11-04" },
  { minor: "1.34", released: "2025-09-29", deprecated: "2026-09-29", endOfSupport: "2026-11-29" },
  { minor: "1.35", released: "2026-01-19", deprecated: "2027-01-19", endOfSupport: "2027-03-19" },
  { minor: "1.36", released: "2026-07-07", deprecated: "2027-07-07", endOfSupport: "2027-09-07" },
];

/** The day the calendar above was last checked against Scaleway's. */
export const KAPSULE_CALENDAR_REVIEWED = "2026-11-28";

/**
 * The minors a new Kapsule cluster may run, as of the review day: released and not yet removed from
 * creation. Fixed rather than read from the clock, so a plan gives the same answer on every day.
 */
export function creatableMinors(asOf: string = KAPSULE_CALENDAR_REVIEWED): readonly string[] {
  return KAPSULE_MINORS.filter((m) => m.released <= asOf && asOf < m.deprecated).map(
    (m) => m.minor,
  );
}

/** Why a minor is refused on Kapsule, for the message. */
function refusal(version: string, asOf: string): string {
  const known = KAPSULE_MINORS.find((m) => m.minor === version);
  const offered = creatableMinors(asOf).join(", ");
  if (known === undefined)
    return `must be a Kubernetes minor that Kapsule offers for new clusters (${offered})`;
  if (asOf < known.released)
    return `must be a minor Kapsule offers for new clusters (${offered}); ${version} arrives on ${known.released}`;
  return `must be a minor Kapsule offers for new clusters (${offered}); Scaleway removed ${version} from cluster creation on ${known.deprecated} and upgrades clusters still on it after ${known.endOfSupport}`;
}

/** The cluster spec checked against Kapsule's limits: the version and a node type big enough. */
export function validateKapsuleCluster(
  spec: KubernetesClusterSpec,
  subject: string,
  zone: ScalewayZoneId,
  asOf: string = KAPSULE_CALENDAR_REVIEWED,
): Issue[] {
  const issues: Issue[] = [];
  const offered = creatableMinors(asOf);
  if (!offered.includes(spec.version)) {
    issues.push({
      subject,
      field: "version",
      value: spec.version,
      rule: refusal(spec.version, asOf),
      fix: `Set version to "${offered[0] ?? "a supported minor"}"${offered.length > 1 ? ` or "${offered[offered.length - 1]}"` : ""}, or place this cluster elsewhere with wissel:targets.`,
    });
  }
  if (nodeTypeFor(spec, zone) === undefined) {
    const largest = NODE_TYPES.filter((t) => FAMILY_ZONES[t.family].includes(zone));
    const maxVcpu = Math.max(...largest.map((t) => t.vcpu));
    const maxMemory = Math.max(...largest.map((t) => t.memoryGiB));
    issues.push({
      subject,
      field: "vcpu",
      value: { vcpu: spec.vcpu, memoryGiB: spec.memoryGiB },
      rule: `must fit one node type in zone ${zone}; none has ${spec.vcpu} vCPUs and ${spec.memoryGiB} GiB (at most ${maxVcpu} vCPUs, ${maxMemory} GiB)`,
      fix: "Lower vcpu or memoryGiB per node and raise nodeCount instead, or set wissel:scaleway.zone to a zone with larger types.",
    });
  }
  return issues;
}

/** Lowercases and keeps only `[a-z0-9-]`, collapsing other runs to one hyphen. */
function hyphenate(value: string): string {
  return value
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

/**
 * A Kapsule cluster or Private Network name: the component name and a hash of project, stack and
 * name, at most 63 characters of `[a-z0-9-]`. Names are unique per project only, but two stacks of
 * one project would otherwise show two clusters of the same name in the console.
 */
export function kapsuleName(identity: NameIdentity): string {
  const hash = identityHash(identity);
  const stem = hyphenate(identity.name)
    .slice(0, 63 - hash.length - 1)
    .replace(/-+$/g, "");
  return stem.length > 0 ? `${stem}-${hash}` : hash;
}

/**
 * The pool's name inside its cluster, from its node type: a new type gets a new name, so Pulumi can
 * create the new pool before deleting the old one (Kapsule refuses two pools of one name).
 */
export function poolName(nodeType: NodeType): string {
  return `workers-${nodeType.name.toLowerCase()}`;
}
