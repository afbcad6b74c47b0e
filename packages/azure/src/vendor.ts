/** Who runs Azure, which law reaches it, and the regions this adapter places data in. */
import type { Region, VendorFacts } from "@wissel/core";

/** Microsoft Azure, as contracted in the EU. */
export const VENDOR: VendorFacts = {
  vendor: "Microsoft Azure",
  // The EU contracting entity; EU customers sign with Microsoft Ireland, not Microsoft Corporation.
  legalEntity: "Microsoft Ireland Operations Ltd",
  // The ultimate parent's country drives the jurisdiction: Microsoft Corporation (US) controls the
  // Irish entity, so US law reaches the data wherever the region is.
  headquarters: "US",
  foreignJurisdictions: ["US CLOUD Act"],
  onPremises: false,
};

/** An Azure region, and whether it has availability zones (which zone-redundant storage needs). */
export interface AzureRegion extends Region {
  readonly zones: boolean;
}

/**
 * The regions this adapter knows: the EU regions a European public body is likely to use, plus a few
 * outside the EU so policy checks have something to reject. Ids are Azure's `location` names.
 */
export const REGIONS: readonly AzureRegion[] = [
  { id: "westeurope", country: "NL", location: "West Europe (Amsterdam)", zones: true },
  { id: "northeurope", country: "IE", location: "North Europe (Dublin)", zones: true },
  {
    id: "germanywestcentral",
    country: "DE",
    location: "Germany West Central (Frankfurt)",
    zones: true,
  },
  // No availability zones here, so zone-redundant storage is not offered.
  { id: "germanynorth", country: "DE", location: "Germany North (Berlin)", zones: false },
  { id: "francecentral", country: "FR", location: "France Central (Paris)", zones: true },
  { id: "swedencentral", country: "SE", location: "Sweden Central (Gävle)", zones: true },
  { id: "italynorth", country: "IT", location: "Italy North (Milan)", zones: true },
  { id: "polandcentral", country: "PL", location: "Poland Central (Warsaw)", zones: true },
  { id: "spaincentral", country: "ES", location: "Spain Central (Madrid)", zones: true },
  { id: "norwayeast", country: "NO", location: "Norway East (Oslo)", zones: true },
  { id: "switzerlandnorth", country: "CH", location: "Switzerland North (Zurich)", zones: true },
  { id: "uksouth", country: "GB", location: "UK South (London)", zones: true },
  { id: "eastus", country: "US", location: "East US (Virginia)", zones: true },
];

/** The region with this id, if the adapter knows it. */
export function findRegion(id: string): AzureRegion | undefined {
  return REGIONS.find((region) => region.id === id);
}

/**
 * The invoke that returns an AKS cluster's admin kubeconfig (the local cluster-admin certificate). It
 * lives here, not with the cluster builder, so the adapter can name its offline answer without
 * loading that builder.
 */
export const ADMIN_CREDENTIALS_INVOKE =
  "azure-native:containerservice:listManagedClusterAdminCredentials";
