/**
 * The sovereignty summary: where the planned components live and who controls them. `wissel plan`
 * prints it; a program exports it as a stack output so `pulumi stack output` shows it after a real
 * deployment.
 */
import type { ComponentRecord } from "../plan";
import { plannedComponents } from "../plan";
import { isEuCountry } from "./countries";

/** One vendor's share of the stack. */
export interface VendorShare {
  readonly vendor: string;
  readonly legalEntity: string;
  readonly headquarters: string;
  /** Non-EU law that reaches this vendor; empty when none is known. */
  readonly foreignJurisdictions: readonly string[];
  readonly onPremises: boolean;
  /** Countries of the regions used at this vendor. */
  readonly countries: readonly string[];
  readonly components: number;
}

/** Where one sensitive component lives. */
export interface SensitivePlacement {
  readonly kind: string;
  readonly name: string;
  readonly vendor: string;
  readonly region: string;
  readonly country: string;
  readonly foreignJurisdictions: readonly string[];
}

/** A component allowed, until a date, where the policy refuses it: a step of a migration. */
export interface InterimSummary {
  readonly kind: string;
  readonly name: string;
  readonly vendor: string;
  readonly country: string;
  readonly classification: string;
  readonly reason: string;
  /** The last day it may stay, `YYYY-MM-DD`. */
  readonly until: string;
}

export interface SovereigntySummary {
  readonly components: number;
  readonly vendors: readonly VendorShare[];
  /**
   * Share of components (0–1) placed in the EU with a vendor no non-EU law can compel: the figure
   * behind a "30 % at NL/EU-controlled vendors" target.
   */
  readonly euControlledShare: number;
  readonly sensitive: readonly SensitivePlacement[];
  /** Interim placements, earliest deadline first. */
  readonly interim: readonly InterimSummary[];
}

/** Whether a component sits in the EU with a vendor that no non-EU law reaches. */
export function isEuControlled(record: ComponentRecord): boolean {
  return (
    isEuCountry(record.placement.country) && record.placement.foreignJurisdictions.length === 0
  );
}

/** Summarises the given records (by default every component planned in this process). */
export function summarizeSovereignty(
  records: readonly ComponentRecord[] = plannedComponents(),
): SovereigntySummary {
  const vendors = new Map<
    string,
    {
      share: Omit<VendorShare, "countries" | "components">;
      countries: Set<string>;
      components: number;
    }
  >();
  for (const { placement } of records) {
    const key = `${placement.vendor}\u0000${placement.legalEntity}`;
    const entry = vendors.get(key) ?? {
      share: {
        vendor: placement.vendor,
        legalEntity: placement.legalEntity,
        headquarters: placement.headquarters,
        foreignJurisdictions: placement.foreignJurisdictions,
        onPremises: placement.onPremises,
      },
      countries: new Set<string>(),
      components: 0,
    };
    entry.countries.add(placement.country);
    entry.components += 1;
    vendors.set(key, entry);
  }
  const controlled = records.filter(isEuControlled).length;
  return {
    components: records.length,
    vendors: [...vendors.values()].map(({ share, countries, components }) => ({
      ...share,
      countries: [...countries].sort(),
      components,
    })),
    euControlledShare: records.length === 0 ? 0 : controlled / records.length,
    sensitive: records
      .filter((r) => r.classification === "sensitive")
      .map((r) => ({
        kind: r.kind,
        name: r.name,
        vendor: r.placement.vendor,
        region: r.placement.region,
        country: r.placement.country,
        foreignJurisdictions: r.placement.foreignJurisdictions,
      })),
    interim: records
      .flatMap((r) =>
        r.interim === undefined
          ? []
          : [
              {
                kind: r.kind,
                name: r.name,
                vendor: r.placement.vendor,
                country: r.placement.country,
                classification: r.classification,
                reason: r.interim.reason,
                until: r.interim.until,
              },
            ],
      )
      .sort((a, b) => a.until.localeCompare(b.until) || a.name.localeCompare(b.name)),
  };
}
