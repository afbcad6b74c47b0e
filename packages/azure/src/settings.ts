/** The `wissel:azure` stack settings: parsed, checked and defaulted once per program. */
import { Issues, PLAN_SECRET_PLACEHOLDER, configSetCommand, parseCidr, validation } from "@wissel/core";
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
  /**
   * The password of every PostgreSQL server's administrator (`wisseladmin`), from a secret config
   * value. Required only by programs with a PostgresDatabase; checked against Azure's rules when set.
   * Plain text here: builders wrap it in `pulumi.secret` before it reaches any resource.
   */
  readonly postgresAdminPassword?: string;
  /**
   * The password of each database's application role, by component name, from secret config
   * values. Required for each PostgresDatabase of the program. Plain text here, like the admin's.
   */
  readonly postgresAppPasswords: Readonly<Record<string, string>>;
  /** Private access for PostgreSQL servers: a subnet delegated to Flexible Server and its private DNS zone. */
  readonly postgres?: PostgresNetworkSettings;
  /** The known region for `location`. */
  readonly region: AzureRegion;
}

/** `wissel:azure.postgres`: VNet integration of every PostgreSQL server of the stack. */
export interface PostgresNetworkSettings {
  /** Resource id of a subnet delegated to `Microsoft.DBforPostgreSQL/flexibleServers`. */
  readonly delegatedSubnetId: string;
  /** Resource id of a private DNS zone whose name ends in `.postgres.database.azure.com`, linked to the subnet's VNet. */
  readonly privateDnsZoneId: string;
}

const KEYS = [
  "location",
  "resourceGroupName",
  "subscriptionId",
  "redundancy",
  "apiServerAuthorizedIpRanges",
  "postgresAdminPassword",
  "postgresAppPasswords",
  "postgres",
] as const;
const SUBJECT = "stack config";
const SETTINGS_KEY = "wissel:azure";
const PREFIX = `${SETTINGS_KEY}.`;

/** Resource group names: 1–90 letters, digits, `_`, `-`, `.`, `(`, `)`, not ending in a period. */
const RESOURCE_GROUP = /^[\p{L}\p{N}_\-.()]{1,90}$/u;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type PlainKey = Exclude<(typeof KEYS)[number], "postgresAdminPassword" | "postgresAppPasswords" | "postgres">;

const EXAMPLES: Readonly<Record<PlainKey, string>> = {
  location: "westeurope",
  resourceGroupName: "rg-team-workspace",
  subscriptionId: "00000000-0000-0000-0000-000000000000",
  redundancy: DEFAULT_REDUNDANCY,
  apiServerAuthorizedIpRanges: "203.0.113.0/24",
};

function setCommand(key: PlainKey, value: string = EXAMPLES[key]): string {
  return configSetCommand(SETTINGS_KEY, key === "apiServerAuthorizedIpRanges" ? [key, 0] : [key], value);
}

/**
 * Whether a string is an IPv4 address or CIDR block as AKS takes authorized IP ranges: core's parser,
 * so plain decimal octets and no host bits set.
 */
export function isIpv4Cidr(value: string): boolean {
  return parseCidr(value, { bareAddress: true, family: 4 }).ok;
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
  // Unknown keys (a misspelt postgresAdminPasword among them) never show their value: see core's showValue.
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
  const postgresAdminPassword = adminPassword(issues, values["postgresAdminPassword"]);
  const postgresAppPasswords = appPasswords(issues, values["postgresAppPasswords"]);
  const postgres = postgresNetwork(issues, values["postgres"]);

  issues.throwIfAny();
  return {
    location: location!,
    resourceGroupName: resourceGroupName!,
    subscriptionId: subscriptionId!.toLowerCase(),
    redundancy,
    ...(ranges !== undefined ? { apiServerAuthorizedIpRanges: ranges } : {}),
    ...(postgresAdminPassword !== undefined ? { postgresAdminPassword } : {}),
    postgresAppPasswords,
    ...(postgres !== undefined ? { postgres } : {}),
    region: region!,
  };
}

/** A required non-empty string setting; reports it as missing with the command that sets it. */
function required(issues: Issues, values: Record<string, unknown>, key: PlainKey): string | undefined {
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
    const parsed = typeof item === "string" ? parseCidr(item, { bareAddress: true, family: 4 }) : undefined;
    if (parsed === undefined || !parsed.ok) {
      const detail = parsed !== undefined && !parsed.ok ? `: ${parsed.detail}` : "";
      issues.add(
        `${field}[${i}]`,
        item,
        `must be an IPv4 address or CIDR block such as 203.0.113.0/24${detail}`,
        `Run ${configSetCommand(SETTINGS_KEY, ["apiServerAuthorizedIpRanges", i], parsed?.ok === false && parsed.suggestion !== undefined ? parsed.suggestion : "203.0.113.0/24")} with your own range.`,
      );
    } else if (parsed.network.prefix === 0) {
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

/** The administrator login of every PostgreSQL server; Azure refuses names such as admin or root. */
export const POSTGRES_ADMIN_LOGIN = "wisseladmin";

/** Azure's complexity rule is not checked on core's PLAN_SECRET_PLACEHOLDER: `pulumi preview` checks the real value. */
export { PLAN_SECRET_PLACEHOLDER };

/** The command that sets the admin password, with a generated value that meets Azure's rules. */
export const ADMIN_PASSWORD_COMMAND = configSetCommand(SETTINGS_KEY, ["postgresAdminPassword"], '"$(openssl rand -base64 32)"', { secret: true });

/** The command that sets one database's app role password; names with dots or dashes are bracket-quoted. */
export function appPasswordCommand(name: string): string {
  return configSetCommand(SETTINGS_KEY, ["postgresAppPasswords", name], '"$(openssl rand -base64 32)"', { secret: true });
}

/**
 * Why a Flexible Server admin password breaks Azure's rules (8–128 characters, three of upper case,
 * lower case, digits and other characters, not containing the login), or undefined when it is fine.
 */
export function adminPasswordProblem(password: string): string | undefined {
  if (password === PLAN_SECRET_PLACEHOLDER) return undefined;
  if (password.length < 8 || password.length > 128) return "must be 8 to 128 characters long";
  const classes = [/[A-Z]/, /[a-z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  if (classes < 3) return "must contain characters of three of these kinds: upper case letters, lower case letters, digits, other characters";
  if (password.toLowerCase().includes(POSTGRES_ADMIN_LOGIN)) return `must not contain the login name ${POSTGRES_ADMIN_LOGIN}`;
  // The password reaches psql through an environment variable, and SCRAM hashes ASCII as it is.
  if (!/^[\x21-\x7e]+$/.test(password)) return "must be printable ASCII without spaces";
  return undefined;
}

/** Why an app role password is unfit, or undefined: printable ASCII (SCRAM hashes it as it is), 16–128 characters. */
export function appPasswordProblem(password: string): string | undefined {
  if (password.length < 16 || password.length > 128) return "must be 16 to 128 characters long";
  if (!/^[\x21-\x7e]+$/.test(password)) return "must be printable ASCII without spaces";
  return undefined;
}

function adminPassword(issues: Issues, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  const problem = typeof value === "string" ? adminPasswordProblem(value) : "must be a string";
  if (problem === undefined) return value as string;
  issues.add(`${PREFIX}postgresAdminPassword`, value, problem, `Set a generated one: ${ADMIN_PASSWORD_COMMAND}.`, { secret: true });
  return undefined;
}

function appPasswords(issues: Issues, value: unknown): Record<string, string> {
  const field = `${PREFIX}postgresAppPasswords`;
  if (value === undefined) return {};
  if (!validation.isPlainObject(value)) {
    issues.add(field, value, "must be a map from PostgresDatabase name to a secret password", `Set one per database: ${appPasswordCommand("<name>")}.`, { secret: true });
    return {};
  }
  const passwords: Record<string, string> = {};
  for (const [name, password] of Object.entries(value)) {
    const problem = typeof password === "string" ? appPasswordProblem(password) : "must be a string";
    if (problem === undefined) passwords[name] = password as string;
    else issues.add(`${field}.${name}`, password, problem, `Set a generated one: ${appPasswordCommand(name)}.`, { secret: true });
  }
  return passwords;
}

const SUBNET_ID = /^\/subscriptions\/[0-9a-f-]{36}\/resourceGroups\/[^/]+\/providers\/Microsoft\.Network\/virtualNetworks\/[^/]+\/subnets\/[^/]+$/i;
const DNS_ZONE_ID = /^\/subscriptions\/[0-9a-f-]{36}\/resourceGroups\/[^/]+\/providers\/Microsoft\.Network\/privateDnsZones\/([^/]+)$/i;

function postgresNetwork(issues: Issues, value: unknown): PostgresNetworkSettings | undefined {
  const field = `${PREFIX}postgres`;
  if (value === undefined) return undefined;
  const example = {
    delegatedSubnetId: "/subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.Network/virtualNetworks/<vnet>/subnets/<subnet>",
    privateDnsZoneId: "/subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.Network/privateDnsZones/<zone>.postgres.database.azure.com",
  };
  if (!validation.isPlainObject(value)) {
    issues.add(field, value, "must be an object with delegatedSubnetId and privateDnsZoneId", `Run ${configSetCommand(SETTINGS_KEY, ["postgres", "delegatedSubnetId"], example.delegatedSubnetId)} and the same for privateDnsZoneId.`);
    return undefined;
  }
  validation.checkKnownKeys(issues, value, ["delegatedSubnetId", "privateDnsZoneId"], `${field}.`, field);
  const subnet = value["delegatedSubnetId"];
  const zone = value["privateDnsZoneId"];
  let ok = true;
  if (typeof subnet !== "string" || !SUBNET_ID.test(subnet)) {
    ok = false;
    issues.add(
      `${field}.delegatedSubnetId`,
      subnet,
      subnet === undefined ? "is required with private access" : "must be the resource id of a subnet",
      `Give a subnet delegated to Microsoft.DBforPostgreSQL/flexibleServers: ${configSetCommand(SETTINGS_KEY, ["postgres", "delegatedSubnetId"], example.delegatedSubnetId)}.`,
    );
  }
  const zoneName = typeof zone === "string" ? DNS_ZONE_ID.exec(zone)?.[1] : undefined;
  if (zoneName === undefined || !zoneName.toLowerCase().endsWith(".postgres.database.azure.com")) {
    ok = false;
    issues.add(
      `${field}.privateDnsZoneId`,
      zone,
      zone === undefined
        ? "is required with private access"
        : "must be the resource id of a private DNS zone whose name ends in .postgres.database.azure.com (Flexible Server refuses other zones)",
      `Give the zone linked to the subnet's VNet: ${configSetCommand(SETTINGS_KEY, ["postgres", "privateDnsZoneId"], example.privateDnsZoneId)}.`,
    );
  }
  return ok ? { delegatedSubnetId: subnet as string, privateDnsZoneId: zone as string } : undefined;
}
