/** Who runs an OpenStack cloud, which law reaches it, and where its region is: all from the stack's settings. */
import { settingFragments, type Placement, type Region, type VendorFacts } from "@wissel/core";
import type { OpenStackSettings } from "./settings";

/** The operator's facts, as the stack declares them. */
export function vendorFacts(settings: OpenStackSettings): VendorFacts {
  return settingFragments.vendorFactsOf(settings.operator);
}

/** The one region these settings place resources in. */
export function settingsRegion(settings: OpenStackSettings): Region {
  return {
    id: settings.region,
    country: settings.regionCountry,
    location: `${settings.region} (${settings.operator.name})`,
  };
}

/** Vendor facts, region and country of every resource built with these settings. */
export function placement(settings: OpenStackSettings): Omit<Placement, "target"> {
  return { ...vendorFacts(settings), region: settings.region, country: settings.regionCountry };
}
