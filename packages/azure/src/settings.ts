/** The `wissel:azure` stack settings: parsed, checked and defaulted once per program. */
import { Issues, validation } from "@wissel/core";
import { REGIONS, findRegion, type AzureRegion } from "./vendor";

/** How many copies Azure keeps, all inside the chosen region. */
export type Redundancy = "LRS" | "ZRS";
export const REDUNDANCIES: readonly Redundancy[] = ["LRS", "ZRS"];

/**
 * Zone-redundant by default: three copies across the region's availability zones survive the loss of
 * a data centre, and unlike GRS no copy leaves the chosen region (and so its country).
 */
export const DEFAULT_REDUNDANCY: Redundancy = "ZRS";

/** `wissel:azure`, validated. */
export interface AzureSettings {
  /** The region, e.g. `westeurope`. */
  readonly location: string;
  /**
   * An existing resource group. Wissel does not create one: on Azure, resource groups carry the
   * organisation's RBAC, policy and budget assignments, usually made by a landing zone; a deployment
   * identity that may only write inside its group cannot create groups anyway.
   */
  readonly resourceGroupName: string;
  /** The subscription holding the group; role definition ids are built from it without an invoke. */
  readonly subscriptionId: string;
  readonly redundancy: Redundancy;
  /**
   * CIDRs that may reach a KubernetesCluster's API server. Unset: the API server is reachable from
   * any address, and every request still needs Entra ID or the cluster's admin certificate. When set,
   * include the egress addresses of whatever runs `pulumi up`, or the deployment cannot reach the cluster.
   */
  readonly apiServerAuthorizedIpRanges?: readonly string[];
  /** The known region for `location`. */
  readonly region: AzureRegion;
}

const KEYS = ["location", "resourceGroupName", "subscriptionId", "redundancy", "apiServerAuthorizedIpRanges"] as const;
const SUBJECT = "stack config";
const PREFIX = "wissel:azure.";

/** Resource group names: 1–90 letters, digits, `_`, `-`, `.`, `(`, `)`, not ending in a period. */
const RESOURCE_GROUP = /^[\p{L}\p{N}_\-.()]{1,90}$/u;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const EXAMPLES: Readonly<Record<(typeof KEYS)[number], string>> = {
  location: "westeurope",
  resourceGroupName: "rg-team-workspace",
  subscriptionId: "00000000-0000-0000-0000-000000000000",
  redundancy: DEFAULT_REDUNDANCY,
  apiServerAuthorizedIpRanges: "203.0.113.0/24",
};

function setCommand(key: (typeof KEYS)[number], value: string = EXAMPLES[key]): string {
  const path = key === "apiServerAuthorizedIpRanges" ? `${key}[0]` : key;
  return `pulumi config set --path '${PREFIX}${path}' ${value}`;
}

/** An IPv4 address or CIDR block, as AKS takes authorized IP ranges. */
const IPV4_CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:\/(\d{1,2}))?$/;

/** Whether a string is an IPv4 address or CIDR block with every octet ≤ 255 and a prefix ≤ 32. */
export function isIpv4Cidr(value: string): boolean {
  const match = IPV4_CIDR.exec(value);
  if (match === null) return false;
  const octets = match.slice(1, 5).map(Number);
  const prefix = match[5] !== undefined ? Number(match[5]) : 32;
  return octets.every((o) => o <= 255) && prefix <= 32;
}

/**
 * Parses the raw value of `wissel:azure` (undefined when unset). Throws a WisselError naming each bad
 * key, the value, the rule and the `pulumi config set` command that fixes it.
 */
export function parseSettings(raw: unknown): AzureSettings {
  const issues = new Issues(SUBJECT);
  if (raw !== undefined && !validation.isPlainObject(raw)) {
    issues.add(
      "wissel:azure",
      raw,
      "must be an object with location, resourceGroupName and subscriptionId",
      `Set each key, e.g. ${setCommand("location")}.`,
    );
    issues.throwIfAny();
  }
  const values = (raw ?? {}) as Record<string, unknown>;
  validation.checkKnownKeys(issues, values, KEYS, PREFIX, "wissel:azure");

  const location = required(issues, values, "location");
  let region: AzureRegion | undefined;
  if (location !== undefined) {
    region = findRegion(location);
    if (region === undefined) {
      const guess = validation.closest(location, REGIONS.map((r) => r.id));
      issues.add(
        `${PREFIX}location`,
        location,
        `must be one of the regions Wissel knows: ${REGIONS.map((r) => `${r.id} (${r.country})`).join(", ")}`,
        guess !== undefined ? `Did you mean ${guess}? Run ${setCommand("location", guess)}.` : `Run ${setCommand("location")}.`,
      );
    }
  }

  const resourceGroupName = required(issues, values, "resourceGroupName");
  if (resourceGroupName !== undefined && (!RESOURCE_GROUP.test(resourceGroupName) || resourceGroupName.endsWith("."))) {
    issues.add(
      `${PREFIX}resourceGroupName`,
      resourceGroupName,
      "must be an Azure resource group name: 1–90 letters, digits, underscores, hyphens, periods and parentheses, not ending in a period",
      `Give the name of an existing resource group, e.g. ${setCommand("resourceGroupName")}.`,
    );
  }

  const subscriptionId = required(issues, values, "subscriptionId");
  if (subscriptionId !== undefined && !UUID.test(subscriptionId)) {
    issues.add(
      `${PREFIX}subscriptionId`,
      subscriptionId,
      "must be a subscription id (a UUID such as 00000000-0000-0000-0000-000000000000), not a subscription name",
      `Find it with \`az account show --query id -o tsv\`, then run ${setCommand("subscriptionId", "<id>")}.`,
    );
  }

  const redundancy = validation.oneOf(issues, `${PREFIX}redundancy`, values["redundancy"], REDUNDANCIES, DEFAULT_REDUNDANCY);
  if (redundancy === "ZRS" && region !== undefined && !region.zones) {
    issues.add(
      `${PREFIX}redundancy`,
      values["redundancy"] ?? redundancy,
      `must be LRS in ${region.id}, which has no availability zones for zone-redundant storage (ZRS is the default)`,
      `Accept single-zone copies with ${setCommand("redundancy", "LRS")}, or choose a region with zones such as ${setCommand("location")}.`,
    );
  }

  const ranges = authorizedIpRanges(issues, values["apiServerAuthorizedIpRanges"]);

  issues.throwIfAny();
  return {
    location: location!,
    resourceGroupName: resourceGroupName!,
    subscriptionId: subscriptionId!.toLowerCase(),
    redundancy,
    ...(ranges !== undefined ? { apiServerAuthorizedIpRanges: ranges } : {}),
    region: region!,
  };
}

/** A required non-empty string setting; reports it as missing with the command that sets it. */
function required(issues: Issues, values: Record<string, unknown>, key: (typeof KEYS)[number]): string | undefined {
  const value = values[key];
  if (typeof value === "string" && value.length > 0) return value;
  issues.add(
    `${PREFIX}${key}`,
    value,
    value === undefined ? "is required" : "must be a non-empty string",
    `Run ${setCommand(key)}.`,
  );
  return undefined;
}

/** The optional list of CIDRs that may reach a cluster's API server. */
function authorizedIpRanges(issues: Issues, value: unknown): string[] | undefined {
  const field = `${PREFIX}apiServerAuthorizedIpRanges`;
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.length === 0) {
    issues.add(
      field,
      value,
      "must be a non-empty list of IPv4 CIDR blocks",
      `List each range, e.g. ${setCommand("apiServerAuthorizedIpRanges")}, or remove the key to leave the API server reachable from any address.`,
    );
    return undefined;
  }
  const ranges: string[] = [];
  value.forEach((item, i) => {
    if (typeof item !== "string" || !isIpv4Cidr(item)) {
      issues.add(
        `${field}[${i}]`,
        item,
        "must be an IPv4 address or CIDR block such as 203.0.113.0/24",
        `Run pulumi config set --path '${field}[${i}]' 203.0.113.0/24 with your own range.`,
      );
    } else if (item.endsWith("/0")) {
      issues.add(
        `${field}[${i}]`,
        item,
        "must not authorize every address (a /0 range restricts nothing)",
        `Remove the key to leave the API server reachable from any address, or list the ranges that need it.`,
      );
    } else {
      ranges.push(item);
    }
  });
  return ranges;
}
