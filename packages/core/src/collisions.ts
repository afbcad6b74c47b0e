/**
 * Physical names a program has claimed, per vendor namespace, so two components whose Pulumi names
 * differ (`files.v2`, `files-v2`) but whose vendor names are the same are rejected at preview, before
 * the second registers anything. One registry per process, shared by every copy of core.
 */
import type { ClusterRef } from "./adapter-block";
import type { Issue } from "./errors";

/** One vendor name a block will take. */
export interface PhysicalName {
  /**
   * The vendor namespace the name must be unique in: `scaleway:bucket:nl-ams`,
   * `kubernetes:azure:platform/workspace:secret`. Two claims collide when scope and name are equal.
   */
  readonly scope: string;
  readonly name: string;
  /** What the name is of, for messages: `S3 bucket`, `CloudNativePG Cluster`. */
  readonly what: string;
}

interface Claim {
  readonly subject: string;
  readonly resourceName: string;
  readonly physical: PhysicalName;
}

const CLAIMS_KEY = Symbol.for("wissel.physicalNames");

function claims(): Map<string, Claim> {
  const holder = globalThis as { [CLAIMS_KEY]?: Map<string, Claim> };
  return (holder[CLAIMS_KEY] ??= new Map());
}

function key(physical: PhysicalName): string {
  return `${physical.scope}\u0000${physical.name}`;
}

/** A name for the fix that differs from `name` in more than case and punctuation. */
function distinctExample(name: string): string {
  return `${name}-2`;
}

/**
 * The issues of a block whose physical names are already claimed by another component of the
 * program: one per name, naming both resources, the physical name and its namespace.
 */
export function physicalNameIssues(
  subject: string,
  resourceName: string,
  names: readonly PhysicalName[],
): Issue[] {
  // One issue per component collided with: its first shared name, and how many more there are.
  const byHolder = new Map<string, { holder: Claim; physical: PhysicalName; more: number }>();
  const seen = new Set<string>();
  for (const physical of names) {
    const id = key(physical);
    if (seen.has(id)) continue;
    seen.add(id);
    const holder = claims().get(id);
    if (holder === undefined) continue;
    const found = byHolder.get(holder.subject);
    if (found === undefined) byHolder.set(holder.subject, { holder, physical, more: 0 });
    else found.more += 1;
  }
  return [...byHolder.values()].map(({ holder, physical, more }) => ({
    subject,
    field: "name",
    value: resourceName,
    rule:
      `must not give the same ${physical.what} name as ${holder.subject}: both become "${physical.name}" in ${physical.scope}` +
      `${more > 0 ? ` (and ${more} more name${more === 1 ? "" : "s"})` : ""}, so the second would collide at deploy`,
    fix: `Rename one of the two so they differ in more than case and punctuation, e.g. "${resourceName}" → "${distinctExample(resourceName)}".`,
  }));
}

/** Records a block's physical names; call only once the block passed every check. */
export function claimPhysicalNames(
  subject: string,
  resourceName: string,
  names: readonly PhysicalName[],
): void {
  for (const physical of names) {
    const id = key(physical);
    if (!claims().has(id)) claims().set(id, { subject, resourceName, physical });
  }
}

/** Every claimed physical name, in claim order (tests, `wissel plan`). */
export function claimedPhysicalNames(): readonly (PhysicalName & { readonly subject: string })[] {
  return [...claims().values()].map((c) => ({ ...c.physical, subject: c.subject }));
}

/** Forgets the claims (between test cases). */
export function resetPhysicalNames(): void {
  claims().clear();
}

/**
 * The cluster part of a Kubernetes scope: a KubernetesCluster built in the program by its target and
 * name; the `kubernetes` target's configured cluster (which is also what a KubernetesCluster on that
 * target stands for) as `kubernetes:configured`.
 */
export function kubernetesClusterKey(
  cluster: Pick<ClusterRef, "target" | "name"> | undefined,
): string {
  return cluster === undefined || cluster.target === "kubernetes"
    ? "kubernetes:configured"
    : `${cluster.target}:${cluster.name}`;
}

/**
 * The scope of a Kubernetes object: cluster-wide kinds (`namespace`) on one cluster, namespaced kinds
 * (`secret`, `cnpg-cluster`) in one namespace of one cluster.
 */
export function kubernetesScope(
  cluster: Pick<ClusterRef, "target" | "name"> | undefined,
  namespace: string | undefined,
  kind: string,
): string {
  const where =
    namespace === undefined
      ? kubernetesClusterKey(cluster)
      : `${kubernetesClusterKey(cluster)}/${namespace}`;
  return `kubernetes:${where}:${kind}`;
}

/** The namespace a Namespace block creates, on its cluster (every target builds it from `spec.namespace`). */
export function namespacePhysicalNames(
  namespace: string,
  cluster: ClusterRef | undefined,
): PhysicalName[] {
  return [
    {
      scope: kubernetesScope(cluster, undefined, "namespace"),
      name: namespace,
      what: "Kubernetes namespace",
    },
  ];
}
