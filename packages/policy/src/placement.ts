/**
 * Where a raw vendor resource lives and under whose law: its location, region or zone input mapped
 * to a country through the region tables the adapters export, with the adapters' vendor facts. Azure
 * and Scaleway facts come from `@wissel/azure` and `@wissel/scaleway` (optional peers, loaded on the
 * first resource of that vendor; their main entries load no vendor SDK). OpenStack and Kubernetes are
 * software run by an operator, so their facts come from the rule's context.
 */
import { loadOptionalPeer, type Placement, type Region, type VendorFacts } from "@wissel/core";
import { vendorOf, type Vendor } from "./kinds";
import { UNKNOWN, at, text } from "./read";
import type { OperatorPlacement, ResourceView, RuleContext } from "./types";

/** What an adapter package exports that placement needs. */
interface AdapterFacts {
  readonly VENDOR: VendorFacts;
  readonly REGIONS: readonly Region[];
  readonly ZONES?: Readonly<Record<string, readonly string[]>>;
}

const PEERS: Readonly<Record<"azure" | "scaleway", string>> = {
  azure: "@wissel/azure",
  scaleway: "@wissel/scaleway",
};

/** The adapter's facts, loaded on first use; a missing package fails with its install command. */
function adapterFacts(vendor: "azure" | "scaleway"): AdapterFacts {
  const pkg = PEERS[vendor];
  return loadOptionalPeer(
    () =>
      (vendor === "azure" ? require("@wissel/azure") : require("@wissel/scaleway")) as AdapterFacts,
    {
      adapter: "@wissel/policy",
      purpose: `the residency of ${vendor} resources (its vendor facts and regions)`,
      packages: [pkg],
    },
  );
}

/** Where a resource is, or why that cannot be said. */
export type PlacementResult =
  | { readonly state: "placed"; readonly placement: Placement }
  | { readonly state: "unplaced"; readonly why: string; readonly fix: string }
  | { readonly state: "unknown" };

const placed = (
  target: Vendor,
  facts: VendorFacts,
  region: string,
  country: string,
): PlacementResult => ({ state: "placed", placement: { ...facts, target, region, country } });

/** Azure writes locations as `westeurope` and as `West Europe`; both name one region. */
function azureRegionId(location: string): string {
  return location.toLowerCase().replace(/\s+/g, "");
}

function placeAzure(resource: ResourceView): PlacementResult {
  const location = text(at(resource.props, "location"));
  if (location === UNKNOWN) return { state: "unknown" };
  const facts = adapterFacts("azure");
  if (location === undefined)
    return {
      state: "unplaced",
      why: "sets no location (it would take its resource group's, which the policy cannot see)",
      fix: "Set location explicitly",
    };
  const region = facts.REGIONS.find((r) => r.id === azureRegionId(location));
  if (region === undefined)
    return {
      state: "unplaced",
      why: `is in location ${JSON.stringify(location)}, which is not in @wissel/azure's region table (${facts.REGIONS.map((r) => r.id).join(", ")})`,
      fix: "Use a location of that table, or ask for the region to be added to @wissel/azure's REGIONS",
    };
  return placed("azure", facts.VENDOR, region.id, region.country);
}

function placeScaleway(resource: ResourceView): PlacementResult {
  const region = text(at(resource.props, "region"));
  const zone = text(at(resource.props, "zone"));
  if (region === UNKNOWN || zone === UNKNOWN) return { state: "unknown" };
  const facts = adapterFacts("scaleway");
  const fromZone =
    zone === undefined
      ? undefined
      : Object.entries(facts.ZONES ?? {}).find(([, zones]) => zones.includes(zone))?.[0];
  const id = region ?? fromZone;
  if (id === undefined)
    return {
      state: "unplaced",
      why:
        zone === undefined
          ? "sets no region (it would take the provider's default, which the policy cannot see)"
          : `is in zone ${JSON.stringify(zone)}, which is in no region of @wissel/scaleway's table`,
      fix: "Set region explicitly (fr-par, nl-ams or pl-waw)",
    };
  const known = facts.REGIONS.find((r) => r.id === id);
  if (known === undefined)
    return {
      state: "unplaced",
      why: `is in region ${JSON.stringify(id)}, which is not in @wissel/scaleway's region table (${facts.REGIONS.map((r) => r.id).join(", ")})`,
      fix: "Use a region of that table",
    };
  return placed("scaleway", facts.VENDOR, known.id, known.country);
}

function placeOperated(
  resource: ResourceView,
  vendor: "openstack" | "kubernetes",
  operator: OperatorPlacement | undefined,
  configKey: string,
): PlacementResult {
  const given = vendor === "openstack" ? text(at(resource.props, "region")) : undefined;
  if (given === UNKNOWN) return { state: "unknown" };
  if (operator === undefined)
    return {
      state: "unplaced",
      why: `runs on ${vendor}, whose operator (who runs it, which law reaches it) the policy was not given`,
      fix: `State the operator in ${configKey}`,
    };
  const region = given ?? operator.region;
  const country =
    region !== undefined ? (operator.regions[region] ?? operator.country) : operator.country;
  if (country === undefined)
    return {
      state: "unplaced",
      why: `is in region ${JSON.stringify(region ?? "(none)")}, whose country the policy was not given`,
      fix: `Give the region's country in ${configKey}`,
    };
  return placed(vendor, operator.facts, region ?? "(the cluster)", country);
}

/** Places a resource of one of the four vendors; undefined for any other provider's resource. */
export function placeResource(
  resource: ResourceView,
  context: RuleContext,
): PlacementResult | undefined {
  const vendor = vendorOf(resource.type);
  switch (vendor) {
    case "azure":
      return placeAzure(resource);
    case "scaleway":
      return placeScaleway(resource);
    case "openstack":
    case "kubernetes":
      return placeOperated(
        resource,
        vendor,
        context.operators[vendor],
        context.operatorKey(vendor),
      );
    case undefined:
      return undefined;
  }
}
