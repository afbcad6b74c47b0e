/**
 * One block on one target, as an adapter declares it: `plan` decides everything from the validated
 * spec and the settings, or returns the issues that refuse it; `build` registers what the plan says.
 * Core runs `plan` before anything is registered, so a builder never meets a spec it cannot build.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { BucketBinding, BucketSpec } from "./bucket/contract";
import type {
  KubernetesClusterBinding,
  KubernetesClusterSpec,
  NamespaceBinding,
  NamespaceQuota,
  NamespaceSpec,
} from "./kubernetes/contract";
import type { PostgresBinding, PostgresSpec } from "./postgres/contract";
import type {
  MailDomainBinding,
  MailDomainSpec,
  MailboxBinding,
  MailboxSpec,
} from "./mail/contract";
import type { Decision, Placement } from "./adapter";
import type { Issue } from "./errors";
import type { PhysicalName } from "./collisions";

/** What a block's plan reads besides its spec. */
export interface PlanContext<Settings> {
  /** The component name, the stem of every child's name (`${name}`, `${name}-<role>`). */
  readonly name: string;
  /** `Bucket "files"`: the subject of every issue the plan returns. */
  readonly subject: string;
  /** The adapter's settings from `wissel:<target>`, already validated. */
  readonly settings: Settings;
  /** Project and stack names, for deterministic physical names. */
  readonly project: string;
  readonly stack: string;
}

/** Everything a builder needs besides its block's plan. */
export interface BuildContext<Settings> extends PlanContext<Settings> {
  /** The component; every child is created with `{ parent }`. */
  readonly parent: pulumi.ComponentResource;
  readonly placement: Placement;
  /**
   * Options for a child that holds data: `protect` and `retainOnDelete` unless the user opted out
   * with `allowDataLoss`. Spread them into the child's options.
   */
  readonly statefulOptions: Readonly<{ protect: boolean; retainOnDelete: boolean }>;
}

/** What the physical names of a block derive from: the plan context. */
export type NamingContext<Settings> = Pick<
  PlanContext<Settings>,
  "name" | "settings" | "project" | "stack"
>;

/** What a builder returns. */
export interface BuildResult<Binding> {
  readonly binding: pulumi.Output<Binding>;
  /** The raw children, by role: the escape hatch. */
  readonly vendorResources: Readonly<Record<string, pulumi.Resource>>;
  readonly decisions?: readonly Decision[];
}

/** The size of one worker node as the vendor delivers it (the node type chosen, not the request). */
export interface NodeSize {
  readonly vcpu: number;
  readonly memoryGiB: number;
}

/** What a cluster builder returns: the common result, and the node size when the adapter knows it. */
export interface ClusterBuildResult extends BuildResult<KubernetesClusterBinding> {
  /**
   * Each worker node's capacity, from the node type the adapter chose; undefined when the cluster is
   * not the adapter's to size (an existing cluster). Blocks that run pods on the cluster check their
   * pods against it at preview.
   */
  readonly nodeSize?: NodeSize;
  /**
   * Creates the Kubernetes provider that talks to this cluster, with the binding's admin kubeconfig.
   * Core calls it on the first block that deploys onto the cluster and hands every later one the same
   * provider (`ClusterRef.provider`), so a cluster no block uses gets no provider.
   */
  readonly provider: () => pulumi.ProviderResource;
}

/** The spec a plan receives and the binding its build returns, per block. */
export interface BlockContracts {
  bucket: { spec: BucketSpec; binding: BucketBinding };
  kubernetesCluster: {
    spec: KubernetesClusterSpec;
    binding: KubernetesClusterBinding;
    result: ClusterBuildResult;
  };
  namespace: { spec: NamespaceBuildSpec; binding: NamespaceBinding };
  postgres: { spec: PostgresBuildSpec; binding: PostgresBinding };
  mailDomain: {
    spec: MailDomainBuildSpec;
    binding: MailDomainBinding;
    result: MailDomainBuildResult;
  };
  mailbox: { spec: MailboxBuildSpec; binding: MailboxBinding };
}

/** The block kinds an adapter can build. */
export type BuildableKind = keyof BlockContracts;

/** The spec of a block kind, as its plan receives it. */
export type SpecOf<K extends BuildableKind> = BlockContracts[K]["spec"];

/** What the builder of a block returns. */
export type BuildResultOf<K extends BuildableKind> = BlockContracts[K] extends {
  result: infer R extends BuildResult<BlockContracts[K]["binding"]>;
}
  ? R
  : BuildResult<BlockContracts[K]["binding"]>;

/** A plan's answer: the issues that refuse the spec on this target, or the plan to build. */
export type PlanResult<Plan> = readonly Issue[] | Plan;

/**
 * One block on one target. A plan is a plain object (never an array): what `build` needs, decided.
 * `build` and `names` are methods, so a block with its own plan type fits `AdapterBlock<K, S>`.
 */
export interface AdapterBlock<K extends BuildableKind, Settings, Plan = unknown> {
  /**
   * The namespace or cluster of the program the block runs its workload on, when it runs on one
   * (CloudNativePG in a Namespace). Core then places the block where the host runs: the plan, the
   * policy check and the sovereignty summary describe where the data goes. Read from the spec, so
   * the placement is known even when the plan refuses the spec.
   */
  host?(spec: SpecOf<K>, settings: Settings): Host | undefined;
  /**
   * Where the block's service runs when that is fixed by the vendor rather than by the settings
   * (Scaleway's Transactional Email runs in fr-par only, whatever region the stack names). Read
   * when the block has no host.
   */
  placement?(spec: SpecOf<K>, settings: Settings): Omit<Placement, "target">;
  /** Checks the spec against the target's own limits and decides what to build. */
  plan(spec: SpecOf<K>, ctx: PlanContext<Settings>): PlanResult<Plan>;
  /**
   * The vendor names the plan takes, each with the namespace it must be unique in. Core rejects a
   * block whose name another component already took in the same scope, naming both.
   */
  names?(plan: Plan, ctx: NamingContext<Settings>): readonly PhysicalName[];
  /** Registers the plan's children under `ctx.parent`. */
  build(plan: Plan, ctx: BuildContext<Settings>): BuildResultOf<K>;
}

/** An adapter's blocks, one per kind it builds. */
export type AdapterBlocks<Settings> = {
  readonly [K in BuildableKind]?: AdapterBlock<K, Settings>;
};

/** Declares one block with its plan type, checked against the kind's spec and result. */
export function defineBlock<K extends BuildableKind, Settings, Plan>(
  block: AdapterBlock<K, Settings, Plan>,
): AdapterBlock<K, Settings, Plan> {
  return block;
}

/** True when a plan's answer is a list of issues rather than a plan. */
export function isRefusal<Plan>(result: PlanResult<Plan>): result is readonly Issue[] {
  return Array.isArray(result);
}

/** The issues when there are any, else the plan: the usual last line of a block's `plan`. */
export function planOrIssues<Plan>(issues: readonly Issue[], plan: () => Plan): PlanResult<Plan> {
  return issues.length > 0 ? issues : plan();
}

/** Infrastructure of another block that a block runs its workload on. */
export type Host = NamespaceRef | ClusterRef;

/** A `Namespace` as other blocks see it: where they run on a Kubernetes target. */
export interface NamespaceRef {
  /** The Namespace component's name. */
  readonly name: string;
  /** The Kubernetes namespace name. */
  readonly namespace: string;
  /** The target that built the namespace. */
  readonly target: string;
  /**
   * Where the namespace's pods run: its cluster's vendor, region and jurisdiction. A block that runs
   * its workload in this namespace (CloudNativePG) is placed here, whatever target built it.
   */
  readonly placement: Placement;
  /** The cluster it is on, when the program built one. */
  readonly cluster?: ClusterRef;
  /** The namespace's ResourceQuota: what all its pods together may request. */
  readonly quota: Readonly<Required<NamespaceQuota>>;
  /** The namespace component, for `dependsOn`. */
  readonly resource: pulumi.ComponentResource;
}

/** What a Postgres plan receives: the spec, and the namespace to run in where it runs on Kubernetes. */
export interface PostgresBuildSpec extends PostgresSpec {
  /** The namespace passed as `namespace`, for targets that run PostgreSQL on Kubernetes. */
  readonly namespace?: NamespaceRef;
}

/** A `KubernetesCluster` as other blocks see it: what they need to run on it. */
export interface ClusterRef {
  /** The cluster component's name. */
  readonly name: string;
  /** The target that built it. */
  readonly target: string;
  /** Where its nodes run: vendor, region, country and jurisdiction. */
  readonly placement: Placement;
  /** Each worker node's capacity, when the adapter chose the node type. */
  readonly nodeSize?: NodeSize;
  readonly binding: pulumi.Output<KubernetesClusterBinding>;
  /** The cluster component, for `dependsOn`. */
  readonly resource: pulumi.ComponentResource;
  /** Its raw vendor children, for adapters that reuse them (a network, a node pool). */
  readonly vendorResources: Readonly<Record<string, pulumi.Resource>>;
  /**
   * The Kubernetes provider that talks to the cluster, as its adapter's cluster builder defines it:
   * created on the first call and the same on every later one, so every block on the cluster shares
   * one provider (the engine starts a provider process per provider resource).
   */
  readonly provider: () => pulumi.ProviderResource;
}

/** What a namespace plan receives: the spec, and the cluster it goes on when one is known. */
export interface NamespaceBuildSpec extends NamespaceSpec {
  /**
   * The cluster passed as `cluster`, or the only `KubernetesCluster` of the program on this target;
   * undefined when the program has none (the Kubernetes adapter then uses its configured cluster).
   */
  readonly cluster?: ClusterRef;
}

/** What a mail domain's plan receives: the spec, and the cluster its mail server may run on. */
export interface MailDomainBuildSpec extends MailDomainSpec {
  /**
   * The cluster passed as `cluster`, or the only `KubernetesCluster` of the program on this target;
   * undefined when the program has none (the Kubernetes adapter then uses its configured cluster).
   */
  readonly cluster?: ClusterRef;
}

/** What a mail domain's builder returns: the common result, and where its mailboxes keep mail. */
export interface MailDomainBuildResult extends BuildResult<MailDomainBinding> {
  /**
   * Where a mailbox's stored mail lives: the mail server's cluster. Undefined when the domain has no
   * mail server (it only sends, through the vendor's service), so no mailbox of it can store mail.
   */
  readonly mailStore?: Placement;
}

/** A `MailDomain` as its mailboxes see it. */
export interface MailDomainRef {
  /** The MailDomain component's name. */
  readonly name: string;
  /** The domain's DNS name. */
  readonly domain: string;
  /** The target that built the domain; its mailboxes are built there too. */
  readonly target: string;
  /** Where the domain's mail is sent from: the vendor's sending service or the mail server. */
  readonly placement: Placement;
  /** Where its mailboxes' stored mail lives; undefined when the domain only sends. */
  readonly mailStore?: Placement;
  /** The domain component: adapters key their own state of the domain by it. */
  readonly resource: pulumi.ComponentResource;
}

/** What a mailbox plan receives: the spec, and its domain. */
export interface MailboxBuildSpec extends MailboxSpec {
  readonly mailDomain: MailDomainRef;
}
