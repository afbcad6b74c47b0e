/** Who runs Scaleway, which law reaches it, and the regions this adapter places data in. */
import type { Region, VendorFacts } from "@wissel/core";

/** Scaleway, as contracted. */
export const VENDOR: VendorFacts = {
  vendor: "Scaleway",
  legalEntity: "Scaleway SAS",
  // Scaleway SAS belongs to the Iliad group, itself French: no non-EU parent sits above it.
  headquarters: "FR",
  foreignJurisdictions: [],
  onPremises: false,
};

/** The ids of the regions this adapter knows, as Scaleway's API and `region` arguments spell them. */
export type ScalewayRegionId = "fr-par" | "nl-ams" | "pl-waw";

/** The regions with Object Storage, and the country of their data centres. */
export const REGIONS: readonly (Region & { readonly id: ScalewayRegionId })[] = [
  { id: "fr-par", country: "FR", location: "Paris" },
  { id: "nl-ams", country: "NL", location: "Amsterdam" },
  { id: "pl-waw", country: "PL", location: "Warsaw" },
];

/** The region with this id, if the adapter knows it. */
export function findRegion(id: string): (Region & { readonly id: ScalewayRegionId }) | undefined {
  return REGIONS.find((region) => region.id === id);
}

/** An availability zone id: `nl-ams-1`. */
export type ScalewayZoneId = `${ScalewayRegionId}-${1 | 2 | 3}`;

/** The zones of each region, as Scaleway's API spells them. */
export const ZONES: Readonly<Record<ScalewayRegionId, readonly ScalewayZoneId[]>> = {
  "fr-par": ["fr-par-1", "fr-par-2", "fr-par-3"],
  "nl-ams": ["nl-ams-1", "nl-ams-2", "nl-ams-3"],
  "pl-waw": ["pl-waw-1", "pl-waw-2", "pl-waw-3"],
};

/** The S3 endpoint of a region, over TLS (virtual-hosted addressing works on it, as bucket names have no dots). */
export function s3Endpoint(region: ScalewayRegionId): string {
  return `https://s3.${region}.scw.cloud`;
}
