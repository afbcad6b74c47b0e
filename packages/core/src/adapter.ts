/**
 * The contract every adapter package implements. Core depends on no vendor SDK: an adapter brings its
 * SDK, its vendor facts, its capability table and one builder per block it supports.
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
import type { Issue } from "./errors";
import type { PhysicalName } from "./collisions";

/** The kinds of building block, as used in `wissel:targets` and capability tables. */
export const BLOCK_KINDS = [
  "bucket",
  "postgres",
  "kubernetesCluster",
  "namespace",
  "mailbox",
] as const;
export type BlockKind = (typeof BLOCK_KINDS)[number];

/**
 * The kinds a program can declare today: each has a block class. A `wissel:targets` key naming any
 * other kind (`mailbox`, until its block lands) places nothing and is reported.
 */
export const DECLARABLE_KINDS: readonly BlockKind[] = [
  "bucket",
  "postgres",
  "kubernetesCluster",
  "namespace",
];

/** The blocks a program built on one target, by kind: the names of their components. */
export interface ProgramBlocks {
  names(kind: BlockKind): ReadonlySet<string>;
}

/** The class users write for each block kind, for messages and `wissel plan`. */
export const BLOCK_CLASSES: Readonly<Record<BlockKind, string>> = {
  bucket: "Bucket",
  postgres: "PostgresDatabase",
  kubernetesCluster: "KubernetesCluster",
  namespace: "Namespace",
  mailbox: "Mailbox",
};

/** How a target provides a block or a feature. */
export type Support = "native" | "emulated" | "unsupported";

/** One row of a capability table. */
export interface Capability {
  readonly support: Support;
  /** One line, shown in docs and in errors: `Swift has no container lifecycle`. */
  readonly reason: string;
}

/** What a target offers for one block: the block itself, and each optional feature of it. */
export interface BlockCapabilities<Feature extends string = string> {
  readonly block: Capability;
  readonly features: Readonly<Record<Feature, Capability>>;
}

/** The optional features of each block that a target may not offer. */
export interface BlockFeatures {
  bucket: "versioning" | "expireAfterDays" | "cors" | "scopedCredentials" | "encryptionAtRest";
  postgres: "highAvailability" | "pointInTimeRecovery" | "extensions" | "allowedCidrs" | "appRole";
  kubernetesCluster: "networkPolicy" | "oidcIssuer" | "privateNetwork";
  namespace: "teamGroup" | "networkPolicy";
  mailbox: string;
}

/** A capability table: one entry per block (a missing entry means the block is unsupported). */
export type CapabilityTable = {
  readonly [K in BlockKind]?: BlockCapabilities<BlockFeatures[K]>;
};

/** Who runs the infrastructure and which law reaches them. */
export interface VendorFacts {
  /** Display name: `Scaleway`, `Microsoft Azure`, or the operator of an on-premises cluster. */
  readonly vendor: string;
  /** The contracting legal entity: `Scaleway SAS`. */
  readonly legalEntity: string;
  /** ISO 3166-1 alpha-2 country of the headquarters of the legal entity's ultimate parent. */
  readonly headquarters: string;
  /**
   * Non-EU law that can compel access to data regardless of where it is stored, e.g.
   * `["US CLOUD Act"]`. Empty when none is known.
   */
  readonly foreignJurisdictions: readonly string[];
  /** True when the infrastructure is operated by the user's own organisation. */
  readonly onPremises: boolean;
}

/** One region a target can place resources in. */
export interface Region {
  readonly id: string;
  /** ISO 3166-1 alpha-2 country code of the data centres. */
  readonly country: string;
  readonly location: string;
}

/** Where one resource lives and under whose control: what `wissel plan` and the policy check read. */
export interface Placement extends VendorFacts {
  /** The target whose adapter built the resource. */
  readonly target: string;
  readonly region: string;
  readonly country: string;
  /**
   * Set when the resource runs on infrastructure another block provides, such as CloudNativePG in a
   * Namespace on an AKS cluster: `Namespace "team" on KubernetesCluster "apps" (target azure)`. The
   * vendor facts, region and country are then that infrastructure's, not the building target's.
   */
  readonly runsOn?: string;
}

/** A decision an adapter made that the user should see in `wissel plan` (a SKU, a tier). */
export interface Decision {
  readonly what: string;
  readonly choice: string;
  readonly why?: string;
}

/** Everything a builder needs besides the block's own spec. */
export interface BuildContext<Settings> {
  /** The component name, for deriving child names (`${name}`, `${name}-<role>`). */
  readonly name: string;
  /** The component; every child is created with `{ parent }`. */
  readonly parent: pulumi.ComponentResource;
  /** The adapter's settings from `wissel:<target>`, already validated. */
  readonly settings: Settings;
  readonly placement: Placement;
  /** Project and stack names, for deterministic physical names. */
  readonly project: string;
  readonly stack: string;
  /**
   * Options for a child that holds data: `protect` and `retainOnDelete` unless the user opted out
   * with `allowDataLoss`. Spread them into the child's options.
   */
  readonly statefulOptions: Readonly<{ protect: boolean; retainOnDelete: boolean }>;
}

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
}

/** Builds one block on one target. */
export type BlockBuilder<
  Spec,
  Binding,
  Settings,
  Result extends BuildResult<Binding> = BuildResult<Binding>,
> = (ctx: BuildContext<Settings>, spec: Spec) => Result;

/**
 * Checks a validated spec against one target's own limits, which the neutral validation cannot know
 * (Azure allows 5 CORS rules where S3 allows 100). Returns one issue per breach; empty when none.
 */
export type SpecValidator<Spec, Settings> = (
  spec: Spec,
  subject: string,
  settings: Settings,
) => readonly Issue[];

/** What a block's physical names derive from: the build context without the parent. */
export type NamingContext<Settings> = Pick<
  BuildContext<Settings>,
  "name" | "settings" | "project" | "stack"
>;

/**
 * The vendor names a block will take, each with the namespace it must be unique in: a pure function
 * of the validated spec, the component name and the settings, called before anything is registered.
 */
export type PhysicalNamer<Spec, Settings> = (
  spec: Spec,
  ctx: NamingContext<Settings>,
) => readonly PhysicalName[];

/** The spec a builder receives and the binding it returns, per block. */
export interface BlockContracts {
  bucket: { spec: BucketSpec; binding: BucketBinding };
  kubernetesCluster: {
    spec: KubernetesClusterSpec;
    binding: KubernetesClusterBinding;
    result: ClusterBuildResult;
  };
  namespace: { spec: NamespaceBuildSpec; binding: NamespaceBinding };
  postgres: { spec: PostgresBuildSpec; binding: PostgresBinding };
}

/** What the builder of a block returns. */
export type BuildResultOf<K extends keyof BlockContracts> = BlockContracts[K] extends {
  result: infer R extends BuildResult<BlockContracts[K]["binding"]>;
}
  ? R
  : BuildResult<BlockContracts[K]["binding"]>;

/** Infrastructure of another block that a block runs its workload on. */
export type Host = NamespaceRef | ClusterRef;

/**
 * Says which namespace or cluster of the program a block runs its workload on, when it runs on one
 * (CloudNativePG in a Namespace). Undefined when the block runs on the target's own infrastructure.
 */
export type HostOf<Spec, Settings> = (spec: Spec, settings: Settings) => Host | undefined;

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

/** What a Postgres builder receives: the spec, and the namespace to run in where it runs on Kubernetes. */
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
  /** Its raw vendor children, for adapters that reuse them (a provider, a node pool). */
  readonly vendorResources: Readonly<Record<string, pulumi.Resource>>;
}

/** What a namespace builder receives: the spec, and the cluster it goes on when one is known. */
export interface NamespaceBuildSpec extends NamespaceSpec {
  /**
   * The cluster passed as `cluster`, or the only `KubernetesCluster` of the program on this target;
   * undefined when the program has none (the Kubernetes adapter then uses its configured cluster).
   */
  readonly cluster?: ClusterRef;
}

/** The object an adapter package exports as `adapter`. */
export interface Adapter<Settings = unknown> {
  /** The target name used in `wissel:target`: `scaleway`. */
  readonly name: string;
  /** The npm package that holds it: `@wissel/scaleway`. */
  readonly packageName: string;
  /** Regions this adapter knows, with their countries. */
  readonly regions: readonly Region[];
  /**
   * Validates the raw value of `wissel:<name>` (undefined when unset) and applies defaults.
   * Throws a WisselError naming the key, e.g. `wissel:scaleway.region`.
   */
  parseSettings(raw: unknown): Settings;
  /** Vendor facts and region for resources built with these settings. */
  placement(settings: Settings): Omit<Placement, "target">;
  /** What this target offers, given its settings (e.g. Trove only where the cloud has it). */
  capabilities(settings: Settings): CapabilityTable;
  /** One builder per block this target offers. */
  readonly builders: {
    readonly [K in keyof BlockContracts]?: BlockBuilder<
      BlockContracts[K]["spec"],
      BlockContracts[K]["binding"],
      Settings,
      BuildResultOf<K>
    >;
  };
  /**
   * For blocks that run on another block's infrastructure (a database in a Namespace), that
   * infrastructure. Core then places the block where the host runs: the plan, the policy check and
   * the sovereignty summary describe where the data goes, not which adapter built it.
   */
  readonly hosts?: {
    readonly [K in keyof BlockContracts]?: HostOf<BlockContracts[K]["spec"], Settings>;
  };
  /**
   * Answers for the provider functions (invokes) this adapter calls, used only when planning offline
   * (`wissel plan`, tests): each derives a plausible result from the invoke's inputs, e.g. a
   * kubeconfig for a cluster built in the same program. Keyed by invoke token.
   */
  readonly offlineInvokes?: Readonly<
    Record<string, (inputs: Record<string, unknown>) => Record<string, unknown>>
  >;
  /**
   * Optional checks of a block's spec against this target's limits, one per block. Core runs them
   * before any resource is registered, after the capability check, and reports their issues
   * together with the others.
   */
  readonly validators?: {
    readonly [K in keyof BlockContracts]?: SpecValidator<BlockContracts[K]["spec"], Settings>;
  };
  /**
   * Optional: the settings read against the whole program, once it has declared its blocks (where
   * core checks `wissel:targets` keys: after the program in `wissel plan`, at its end under the
   * engine). For settings keyed by the program's own names, such as a password per database: a key
   * naming no block is reported as a warning, since a stack file may serve a smaller program too.
   */
  readonly programWarnings?: (settings: Settings, program: ProgramBlocks) => readonly Issue[];
  /**
   * Optional, one per block: the physical names a spec will take (see `PhysicalNamer`). Core runs it
   * after the validators and rejects a block whose name another component of the program already
   * took in the same scope (`Files` and `files` both becoming bucket `files`), naming both.
   */
  readonly physicalNames?: {
    readonly [K in keyof BlockContracts]?: PhysicalNamer<BlockContracts[K]["spec"], Settings>;
  };
}

/** Narrows an unknown module export to an Adapter, checking the parts core relies on. */
export function isAdapter(value: unknown): value is Adapter {
  if (typeof value !== "object" || value === null) return false;
  const candidate = value as Partial<Adapter>;
  return (
    typeof candidate.name === "string" &&
    typeof candidate.parseSettings === "function" &&
    typeof candidate.placement === "function" &&
    typeof candidate.capabilities === "function" &&
    typeof candidate.builders === "object"
  );
}
