/** Where resources built with Kubernetes settings stand, and who runs them: all from the settings. */
import type { Placement } from "@wissel/core";
import type { KubernetesSettings } from "./settings";

/** Vendor facts and region of resources built with these settings: all from the settings. */
export function placement(settings: KubernetesSettings): Omit<Placement, "target"> {
  const { operator } = settings;
  return {
    vendor: operator.name,
    legalEntity: operator.legalEntity,
    headquarters: operator.country,
    foreignJurisdictions: operator.foreignJurisdictions,
    onPremises: operator.onPremises,
    region: settings.region,
    country: settings.country,
  };
}
