/** The `wissel:scaleway` stack settings: parsed, checked and defaulted once per program. */
import { Issues, validation } from "@wissel/core";
import { REGIONS, findRegion, type ScalewayRegionId } from "./vendor";

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
}

const KEYS = ["region", "projectId", "deployerPrincipal"] as const;
type Key = (typeof KEYS)[number];
const SUBJECT = "stack config";
const PREFIX = "wissel:scaleway.";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PRINCIPAL = /^(user_id|application_id):([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;
/** Scaleway access keys: `SCW` and 17 upper-case letters or digits. */
const ACCESS_KEY = /^SCW[A-Z0-9]{17}$/;

const EXAMPLES: Readonly<Record<Key, string>> = {
  region: "nl-ams",
  projectId: "00000000-0000-0000-0000-000000000000",
  deployerPrincipal: "application_id:00000000-0000-0000-0000-000000000000",
};

/** How to find the deployer's principal: the API key that Pulumi uses names its bearer. */
const FIND_PRINCIPAL =
  "Find the user or application whose API key runs pulumi up with `scw iam api-key get <SCW_ACCESS_KEY>` (its user_id or application_id)";

function setCommand(key: Key, value: string = EXAMPLES[key]): string {
  return `pulumi config set --path '${PREFIX}${key}' ${value}`;
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
      `Set each key, e.g. ${setCommand("region")}.`,
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
      guess !== undefined ? `Did you mean ${guess}? Run ${setCommand("region", guess)}.` : `Run ${setCommand("region")}.`,
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

  issues.throwIfAny();
  return {
    region: region!.id,
    projectId: projectId!.toLowerCase(),
    deployerPrincipal: deployerPrincipal!.replace(PRINCIPAL, (_, kind: string, id: string) => `${kind.toLowerCase()}:${id.toLowerCase()}`),
  };
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
function required(issues: Issues, values: Record<string, unknown>, key: Key): string | undefined {
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
    key === "deployerPrincipal" ? `${FIND_PRINCIPAL}, then run ${setCommand(key)}.` : `Run ${setCommand(key)}.`,
  );
  return undefined;
}
