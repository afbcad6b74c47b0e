/** The `wissel:scaleway` stack settings: parsed, checked and defaulted once per program. */
import { Issues, configSetCommand, parseHttpsEndpoint, validation } from "@wissel/core";
import { DEFAULT_ZONES } from "./kapsule";
import { REGIONS, ZONES, findRegion, type ScalewayRegionId, type ScalewayZoneId } from "./vendor";

/**
 * How the Kapsule API server authenticates people through an outside identity provider
 * (`openIdConnectConfig`). Without it, Kapsule knows no groups: only its own admin token.
 */
export interface OidcSettings {
  /** The identity provider's issuer, an `https://` URL the API server fetches keys from. */
  readonly issuerUrl: string;
  /** The client id that every token must be issued for (its `aud`). */
  readonly clientId: string;
  /** The token claim that lists the user's groups, e.g. `groups`. */
  readonly groupsClaim: string;
  /**
   * The token claim used as the user name.
   * @default - the API server's default, `sub`
   */
  readonly usernameClaim?: string;
}

/** `wissel:scaleway`, validated. */
export interface ScalewaySettings {
  /** The region of every resource: `fr-par`, `nl-ams` or `pl-waw`. */
  readonly region: ScalewayRegionId;
  /**
   * The Scaleway project that holds the resources (lower case). Object Storage is scoped by project,
   * so every bucket child names it explicitly rather than falling back to the provider's default.
   */
  readonly projectId: string;
  /**
   * The bucket-policy principal of whoever runs `pulumi up`: `user_id:<uuid>` or
   * `application_id:<uuid>` (lower case). A Scaleway bucket policy denies everyone it does not
   * name, the bucket's own project members included, so without this principal the deployment
   * would lock itself out of the buckets it manages.
   */
  readonly deployerPrincipal: string;
  /**
   * The availability zone of the Kapsule node pool. Defaults to a zone of the region that offers
   * every node family the sizing table picks from.
   */
  readonly zone: ScalewayZoneId;
  /**
   * Sign-in through an outside identity provider on every Kapsule cluster; needed for a
   * Namespace's `teamGroup`. Unset: no OIDC, and `teamGroup` fails at preview.
   */
  readonly oidc?: OidcSettings;
}

const KEYS = ["region", "projectId", "deployerPrincipal", "zone", "oidc"] as const;
const OIDC_KEYS = ["issuerUrl", "clientId", "groupsClaim", "usernameClaim"] as const;
/** The keys every stack must set. */
type RequiredKey = "region" | "projectId" | "deployerPrincipal";
const SUBJECT = "stack config";
const PREFIX = "wissel:scaleway.";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PRINCIPAL = /^(user_id|application_id):([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;
/** Scaleway access keys: `SCW` and 17 upper-case letters or digits. */
const ACCESS_KEY = /^SCW[A-Z0-9]{17}$/;

const EXAMPLES: Readonly<Record<RequiredKey, string>> = {
  region: "nl-ams",
  projectId: "00000000-0000-0000-0000-000000000000",
  deployerPrincipal: "application_id:00000000-0000-0000-0000-000000000000",
};
const OIDC_EXAMPLES: Readonly<Record<(typeof OIDC_KEYS)[number], string>> = {
  issuerUrl: "https://login.example.nl/realms/city",
  clientId: "kapsule",
  groupsClaim: "groups",
  usernameClaim: "email",
};

/** How to find the deployer's principal: the API key that Pulumi uses names its bearer. */
const FIND_PRINCIPAL =
  "Find the user or application whose API key runs pulumi up with `scw iam api-key get <SCW_ACCESS_KEY>` (its user_id or application_id)";

/** `key` is a dotted path of this file's own identifiers (`oidc.issuerUrl`). */
function setCommand(key: string, value: string): string {
  return configSetCommand("wissel:scaleway", key.split("."), value);
}

/**
 * Parses the raw value of `wissel:scaleway` (undefined when unset). Throws a WisselError naming each
 * bad key, the value, the rule and the `pulumi config set` command that fixes it.
 */
export function parseSettings(raw: unknown): ScalewaySettings {
  const issues = new Issues(SUBJECT);
  if (raw !== undefined && !validation.isPlainObject(raw)) {
    issues.add(
      "wissel:scaleway",
      raw,
      "must be an object with region, projectId and deployerPrincipal",
      `Set each key, e.g. ${setCommand("region", EXAMPLES.region)}.`,
    );
    issues.throwIfAny();
  }
  const values = (raw ?? {}) as Record<string, unknown>;
  validation.checkKnownKeys(issues, values, KEYS, PREFIX, "wissel:scaleway");

  const regionId = required(issues, values, "region");
  const region = regionId !== undefined ? findRegion(regionId) : undefined;
  if (regionId !== undefined && region === undefined) {
    const guess = validation.closest(regionId, REGIONS.map((r) => r.id));
    issues.add(
      `${PREFIX}region`,
      regionId,
      `must be one of the regions with Object Storage: ${REGIONS.map((r) => `${r.id} (${r.country})`).join(", ")}`,
      guess !== undefined ? `Did you mean ${guess}? Run ${setCommand("region", guess)}.` : `Run ${setCommand("region", EXAMPLES.region)}.`,
    );
  }

  const projectId = required(issues, values, "projectId");
  if (projectId !== undefined && !UUID.test(projectId)) {
    issues.add(
      `${PREFIX}projectId`,
      projectId,
      "must be a project id (a UUID such as 00000000-0000-0000-0000-000000000000), not a project name",
      `Find it with \`scw account project list\`, then run ${setCommand("projectId", "<id>")}.`,
    );
  }

  const deployerPrincipal = required(issues, values, "deployerPrincipal");
  if (deployerPrincipal !== undefined && !PRINCIPAL.test(deployerPrincipal)) {
    issues.add(
      `${PREFIX}deployerPrincipal`,
      ACCESS_KEY.test(deployerPrincipal) ? "SCW… (an access key)" : deployerPrincipal,
      principalRule(deployerPrincipal),
      `${FIND_PRINCIPAL}, then run ${setCommand("deployerPrincipal", "application_id:<id>")} (or user_id:<id>).`,
    );
  }

  const zone = parseZone(issues, values["zone"], region?.id);
  const oidc = parseOidc(issues, values["oidc"]);

  issues.throwIfAny();
  return {
    region: region!.id,
    projectId: projectId!.toLowerCase(),
    deployerPrincipal: deployerPrincipal!.replace(PRINCIPAL, (_, kind: string, id: string) => `${kind.toLowerCase()}:${id.toLowerCase()}`),
    zone: zone ?? DEFAULT_ZONES[region!.id],
    ...(oidc !== undefined ? { oidc } : {}),
  };
}

/** The optional zone: one of the region's; undefined when absent, invalid, or the region is unknown. */
function parseZone(issues: Issues, value: unknown, region: ScalewayRegionId | undefined): ScalewayZoneId | undefined {
  if (value === undefined || region === undefined) return undefined;
  const zones = ZONES[region];
  if (typeof value === "string" && (zones as readonly string[]).includes(value)) return value as ScalewayZoneId;
  const guess = typeof value === "string" ? validation.closest(value, zones) : undefined;
  issues.add(
    `${PREFIX}zone`,
    value,
    `must be a zone of region ${region}: ${zones.join(", ")}`,
    `Run ${setCommand("zone", guess ?? DEFAULT_ZONES[region])}, or remove the key (default ${DEFAULT_ZONES[region]}).`,
  );
  return undefined;
}

/** The optional OIDC block: every required key present and well formed, nothing unknown. */
function parseOidc(issues: Issues, value: unknown): OidcSettings | undefined {
  if (value === undefined) return undefined;
  const field = `${PREFIX}oidc`;
  if (!validation.isPlainObject(value)) {
    issues.add(field, value, "must be an object with issuerUrl, clientId and groupsClaim", `Set each key, e.g. ${setCommand("oidc.issuerUrl", OIDC_EXAMPLES.issuerUrl)}, or remove wissel:scaleway.oidc.`);
    return undefined;
  }
  const before = issues.count;
  validation.checkKnownKeys(issues, value, OIDC_KEYS, `${field}.`, "wissel:scaleway.oidc");
  const text = (key: (typeof OIDC_KEYS)[number], required: boolean): string | undefined => {
    const raw = value[key];
    if (raw === undefined && !required) return undefined;
    if (typeof raw === "string" && raw.trim() !== "" && !/\s/.test(raw)) return raw;
    issues.add(
      `${field}.${key}`,
      raw,
      raw === undefined ? "is required when wissel:scaleway.oidc is set" : "must be a non-empty string without spaces",
      `Run ${setCommand(`oidc.${key}`, OIDC_EXAMPLES[key])}.`,
    );
    return undefined;
  };
  const issuerUrl = text("issuerUrl", true);
  const checked = issuerUrl === undefined ? undefined : parseHttpsEndpoint(issuerUrl, { path: "allowed" });
  if (issuerUrl !== undefined && checked?.ok === false) {
    issues.add(
      `${field}.issuerUrl`,
      issuerUrl,
      `must be an https:// URL without query or fragment: the API server fetches the provider's signing keys from it over TLS${checked.problem === "port" ? `, and ${checked.rule}` : ""}`,
      `Run ${setCommand("oidc.issuerUrl", OIDC_EXAMPLES.issuerUrl)} with your provider's issuer (the "issuer" of its /.well-known/openid-configuration).`,
    );
  }
  const clientId = text("clientId", true);
  const groupsClaim = text("groupsClaim", true);
  const usernameClaim = text("usernameClaim", false);
  if (issues.count > before) return undefined;
  return { issuerUrl: issuerUrl!, clientId: clientId!, groupsClaim: groupsClaim!, ...(usernameClaim !== undefined ? { usernameClaim } : {}) };
}

/** The rule a bad principal broke, phrased for the mistakes people make. */
function principalRule(value: string): string {
  const shape = "must be the bucket-policy principal of the deployer, user_id:<uuid> or application_id:<uuid>";
  if (ACCESS_KEY.test(value)) return `${shape}; this is an access key, a credential that never belongs in stack config`;
  if (UUID.test(value)) return `${shape}; a bare id does not say whether it is a user or an application`;
  if (/^project_id:/i.test(value)) return `${shape}; project principals exist only in the deprecated 2012-10-17 policy version`;
  return shape;
}

/** A required non-empty string setting; reports it as missing with the command that sets it. */
function required(issues: Issues, values: Record<string, unknown>, key: RequiredKey): string | undefined {
  const value = values[key];
  if (typeof value === "string" && value.length > 0) return value;
  const why =
    key === "deployerPrincipal"
      ? "is required: a Scaleway bucket policy denies every principal it does not name, so the deployment must name itself"
      : "is required";
  issues.add(
    `${PREFIX}${key}`,
    value,
    value === undefined ? why : "must be a non-empty string",
    key === "deployerPrincipal" ? `${FIND_PRINCIPAL}, then run ${setCommand(key, EXAMPLES[key])}.` : `Run ${setCommand(key, EXAMPLES[key])}.`,
  );
  return undefined;
}
