/**
 * The plan as data: each Wissel component with its placement and the child resources it registered,
 * the resources outside any component, the errors, and the sovereignty summary. Assembling it from
 * core's component records and the harness's registrations is pure.
 */
import {
  isEuCountry,
  type BlockKind,
  type Classification,
  type ComponentRecord,
  type Decision,
  type Placement,
  type InterimSummary,
  type SensitivePlacement,
  type SovereigntySummary,
  type Support,
} from "@wissel/core";
import type { Violation } from "@wissel/policy";
import type { StateDiff } from "./diff";

/** What the plan needs of one registration (the harness's `Registration` has it all). */
export interface RecordedResource {
  readonly type: string;
  readonly name: string;
  readonly urn: string;
  readonly parent: string | undefined;
  readonly custom: boolean;
  readonly protect: boolean;
  readonly retainOnDelete: boolean;
  readonly additionalSecretOutputs: readonly string[];
}

/** One resource as the plan shows it. */
export interface PlannedResource {
  readonly type: string;
  readonly name: string;
  /** 1 for a direct child of the component, 2 for a grandchild, … */
  readonly depth: number;
  /** False for a component resource (a group, not a vendor object). */
  readonly custom: boolean;
  /** Holds data: registered with protect or retainOnDelete. */
  readonly stateful: boolean;
  readonly protect: boolean;
  readonly retainOnDelete: boolean;
  /** Outputs the resource marks secret beyond what its provider already does. */
  readonly secretOutputs: readonly string[];
}

/** One Wissel component as planned. */
export interface PlannedComponent {
  readonly kind: BlockKind;
  /** The neutral type token: `wissel:storage:Bucket`. */
  readonly type: string;
  readonly name: string;
  readonly target: string;
  /** The config key that chose the target: `wissel:target` or `wissel:targets.<name or kind>`. */
  readonly targetKey: string;
  readonly placement: Placement;
  readonly support: Support;
  readonly classification: Classification;
  readonly decisions: readonly Decision[];
  readonly resources: readonly PlannedResource[];
}

/** Why the plan failed. */
export interface PlanError {
  /**
   * `usage` and `setup` before the program ran (arguments, Pulumi.yaml, stack file); `resource` for a
   * component's refusal (a settings, capability or policy error); `config` for a missing or bad config
   * value the program read; `invoke` for a provider function the plan cannot answer offline;
   * `program` for anything else the program threw; `typescript` for a type error, found before the
   * program ran (as `pulumi preview` finds it); `policy` for a violation of a mandatory
   * @wissel/policy rule; `state` for a `--against` file that cannot be read as the stack's state;
   * `migration` for a data-holding block the stack moves to another target with no migration.
   */
  readonly kind:
    | "usage"
    | "setup"
    | "typescript"
    | "resource"
    | "config"
    | "invoke"
    | "program"
    | "policy"
    | "state"
    | "migration";
  readonly message: string;
}

/** A stack output the program exports. */
export interface StackOutput {
  readonly name: string;
  readonly secret: boolean;
}

/** Components and resources at one vendor. */
export interface VendorTally {
  readonly vendor: string;
  readonly legalEntity: string;
  readonly headquarters: string;
  readonly foreignJurisdictions: readonly string[];
  readonly components: number;
  readonly resources: number;
}

/** Components and resources in one country. */
export interface CountryTally {
  readonly country: string;
  readonly eu: boolean;
  readonly components: number;
  readonly resources: number;
}

/**
 * Where everything went, and under whose law: core's sovereignty summary (the figures a program's
 * stack output reports too) plus the vendor resources counted per vendor and country.
 */
export interface PlanSummary {
  readonly components: number;
  /** Vendor resources (not component groups) inside Wissel components. */
  readonly resources: number;
  /** Vendor resources the program registered outside any Wissel component (placement unknown). */
  readonly otherResources: number;
  /** Components at vendors that no non-EU law is known to reach. */
  readonly componentsWithoutForeignJurisdiction: number;
  /** That count as a share of all components, 0 to 1; null when there is no component. */
  readonly shareWithoutForeignJurisdiction: number | null;
  /** Share of components in the EU at such a vendor, 0 to 1 (core's `euControlledShare`). */
  readonly euControlledShare: number;
  readonly byVendor: readonly VendorTally[];
  readonly byCountry: readonly CountryTally[];
  /** Where each `sensitive` component lives. */
  readonly sensitive: readonly SensitivePlacement[];
  /** Components `wissel:policy.interim` lets stay, for now, where the policy refuses them. */
  readonly interim: readonly InterimSummary[];
}

/**
 * The version of the `--json` document (schemas/plan-report.schema.json): raised when a key is removed
 * or changes meaning, not when one is added.
 */
export const PLAN_REPORT_SCHEMA_VERSION = 1;

/** Everything `wissel plan` reports; `--json` prints exactly this, every key present even on failure. */
export interface PlanReport {
  readonly schemaVersion: typeof PLAN_REPORT_SCHEMA_VERSION;
  /** Always true: a reminder for whoever reads the JSON that nothing was deployed. */
  readonly offline: true;
  /** Null when Pulumi.yaml could not be read. */
  readonly project: string | null;
  readonly stack: string;
  readonly projectDir: string;
  /** Null when the stack file could not be found or read. */
  readonly stackFile: string | null;
  /** The entry module; null when Pulumi.yaml could not be read. */
  readonly program: string | null;
  readonly secretConfigKeys: readonly string[];
  readonly warnings: readonly string[];
  readonly components: readonly PlannedComponent[];
  readonly otherResources: readonly PlannedResource[];
  readonly outputs: readonly StackOutput[];
  readonly errors: readonly PlanError[];
  /** Every @wissel/policy violation, mandatory (also in `errors`) and advisory (also in `warnings`). */
  readonly violations: readonly Violation[];
  /** With `--against`: what the plan changes against the deployed stack; null without. */
  readonly diff: StateDiff | null;
  readonly summary: PlanSummary;
  /** npm packages in `require.cache` after the run (`@pulumi/azure-native/storage` for its submodules). */
  readonly loadedPackages: readonly string[];
}

/** The type tokens of the engine's own resources, never shown as program resources. */
const ENGINE_TYPES = new Set(["pulumi:pulumi:Stack"]);

function planned(resource: RecordedResource, depth: number): PlannedResource {
  return {
    type: resource.type,
    name: resource.name,
    depth,
    custom: resource.custom,
    stateful: resource.protect || resource.retainOnDelete,
    protect: resource.protect,
    retainOnDelete: resource.retainOnDelete,
    secretOutputs: [...resource.additionalSecretOutputs],
  };
}

/**
 * Pairs each component record with its registration (same type token and name, in order) and lists
 * everything registered below it. Resources under no component are returned apart.
 */
export function assemblePlan(
  records: readonly ComponentRecord[],
  registrations: readonly RecordedResource[],
): { components: PlannedComponent[]; otherResources: PlannedResource[] } {
  const children = new Map<string, RecordedResource[]>();
  for (const registration of registrations) {
    if (registration.parent === undefined) continue;
    const list = children.get(registration.parent) ?? [];
    list.push(registration);
    children.set(registration.parent, list);
  }
  const covered = new Set<string>();
  // Siblings by name, then type: the mock monitor answers registrations in no fixed order.
  const byName = (a: RecordedResource, b: RecordedResource): number =>
    a.name.localeCompare(b.name) || a.type.localeCompare(b.type);
  const below = (urn: string, depth: number): PlannedResource[] =>
    [...(children.get(urn) ?? [])].sort(byName).flatMap((child) => {
      covered.add(child.urn);
      return [planned(child, depth), ...below(child.urn, depth + 1)];
    });

  const used = new Set<RecordedResource>();
  const components = records.map((record): PlannedComponent => {
    const own = registrations.find(
      (r) => !r.custom && r.type === record.type && r.name === record.name && !used.has(r),
    );
    if (own !== undefined) {
      used.add(own);
      covered.add(own.urn);
    }
    return {
      kind: record.kind,
      type: record.type,
      name: record.name,
      target: record.placement.target,
      targetKey: record.targetKey,
      placement: record.placement,
      support: record.support,
      classification: record.classification,
      decisions: record.decisions,
      resources: own !== undefined ? below(own.urn, 1) : [],
    };
  });

  const otherResources = registrations
    .filter((r) => !covered.has(r.urn) && !ENGINE_TYPES.has(r.type))
    .sort(byName)
    .map((r) => planned(r, 1));
  return { components, otherResources };
}

/**
 * Adds resource counts per vendor and country to core's summary of the same components.
 * @param sovereignty core's `summarizeSovereignty` of the component records
 */
export function summarize(
  components: readonly PlannedComponent[],
  otherResources: readonly PlannedResource[],
  sovereignty: SovereigntySummary,
): PlanSummary {
  const vendors = new Map<string, { -readonly [K in keyof VendorTally]: VendorTally[K] }>();
  const countries = new Map<string, { -readonly [K in keyof CountryTally]: CountryTally[K] }>();
  let resources = 0;
  let withoutForeign = 0;
  for (const component of components) {
    const { placement } = component;
    const count = component.resources.filter((r) => r.custom).length;
    resources += count;
    if (placement.foreignJurisdictions.length === 0) withoutForeign += 1;

    const vendorKey = `${placement.vendor}\u0000${placement.legalEntity}`;
    const vendor = vendors.get(vendorKey) ?? {
      vendor: placement.vendor,
      legalEntity: placement.legalEntity,
      headquarters: placement.headquarters,
      foreignJurisdictions: [...placement.foreignJurisdictions],
      components: 0,
      resources: 0,
    };
    vendor.components += 1;
    vendor.resources += count;
    vendors.set(vendorKey, vendor);

    const country = countries.get(placement.country) ?? {
      country: placement.country,
      eu: isEuCountry(placement.country),
      components: 0,
      resources: 0,
    };
    country.components += 1;
    country.resources += count;
    countries.set(placement.country, country);
  }
  const byCount = <T extends { components: number; resources: number }>(a: T, b: T): number =>
    b.components - a.components || b.resources - a.resources;
  return {
    components: components.length,
    resources,
    otherResources: otherResources.filter((r) => r.custom).length,
    componentsWithoutForeignJurisdiction: withoutForeign,
    shareWithoutForeignJurisdiction:
      components.length > 0 ? withoutForeign / components.length : null,
    euControlledShare: sovereignty.euControlledShare,
    byVendor: [...vendors.values()].sort(byCount),
    byCountry: [...countries.values()].sort(byCount),
    sensitive: sovereignty.sensitive,
    interim: sovereignty.interim,
  };
}
