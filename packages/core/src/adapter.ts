/**
 * The contract every adapter package implements. Core depends on no vendor SDK: an adapter brings its
 * SDK, its vendor facts, its capability table and one `AdapterBlock` (plan, then build) per block it
 * supports; `defineAdapter` checks the whole against one settings type.
 */
import type { AdapterBlock, BuildableKind } from "./adapter-block";
import type { Issue } from "./errors";

/** The kinds of building block, as used in `wissel:targets` and capability tables. */
export const BLOCK_KINDS = [
  "bucket",
  "postgres",
  "kubernetesCluster",
  "namespace",
  "mailDomain",
  "mailbox",
] as const;
export type BlockKind = (typeof BLOCK_KINDS)[number];

/**
 * The kinds a program can declare: each has a block class. A `wissel:targets` key naming any other
 * kind places nothing and is reported.
 */
export const DECLARABLE_KINDS: readonly BlockKind[] = BLOCK_KINDS;

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
  mailDomain: "MailDomain",
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
  /** `tls`: the domain's own certificate, for a target that runs a mail server. */
  mailDomain: "tls";
  /** `imap`: the mailbox stores mail and is read over IMAP; `aliases`: it receives other addresses. */
  mailbox: "imap" | "aliases";
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
  /**
   * One loader per block this target builds, each returning the block's plan and build (see
   * `AdapterBlock`). Core calls a loader only when a program declares that block, so a program
   * loads the modules, and the vendor SDK submodules, of the blocks it uses and no others.
   */
  readonly blocks: { readonly [K in BuildableKind]?: () => AdapterBlock<K, Settings> };
  /**
   * Answers for the provider functions (invokes) this adapter calls, used only when planning offline
   * (`wissel plan`, tests): each derives a plausible result from the invoke's inputs, e.g. a
   * kubeconfig for a cluster built in the same program. Keyed by invoke token.
   */
  readonly offlineInvokes?: Readonly<
    Record<string, (inputs: Record<string, unknown>) => Record<string, unknown>>
  >;
  /**
   * Optional: the settings read against the whole program, once it has declared its blocks (where
   * core checks `wissel:targets` keys: after the program in `wissel plan`, at its end under the
   * engine). For settings keyed by the program's own names, such as a password per database: a key
   * naming no block is reported as a warning, since a stack file may serve a smaller program too.
   */
  programWarnings?(settings: Settings, program: ProgramBlocks): readonly Issue[];
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
    typeof candidate.blocks === "object" &&
    candidate.blocks !== null
  );
}

/**
 * Declares an adapter: every block's plan and build receive the `Settings` that `parseSettings`
 * returns, checked by the compiler from the settings schema to each builder, with no casts.
 */
export function defineAdapter<Settings>(adapter: Adapter<Settings>): Adapter<Settings> {
  return adapter;
}
