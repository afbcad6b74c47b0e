/** Where resources built with Kubernetes settings stand, and who runs them: all from the settings. */
import { settingFragments, type Placement } from "@wissel/core";
import type { KubernetesSettings } from "./settings";

/** Vendor facts and region of resources built with these settings: all from the settings. */
export function placement(settings: KubernetesSettings): Omit<Placement, "target"> {
  return {
    ...settingFragments.vendorFactsOf(settings.operator),
    region: settings.region,
    country: settings.country,
  };
}
