/**
 * The `wissel:openstack` stack settings: parsed, checked and defaulted once per program. Every
 * OpenStack cloud is run by a different operator, so who runs it and which law reaches it come from
 * here rather than from a fixed vendor table.
 */
import { COUNTRY_CODE_RULE, Issues, configSetCommand, countryCodeHint, isCountryCode, parseHttpsEndpoint, suggestCountryCode, validation, type ConfigPathSegment } from "@wissel/core";
import { OPENSTACK_KEY } from "./vendor";
import { parseMagnumSettings, type MagnumSettings } from "./kubernetes-settings";
import { parsePostgresSettings, type PostgresSettings } from "./postgres-settings";

/** Who operates the OpenStack cloud, as the stack declares it. */
export interface OperatorSettings {
  /** Display name: `Voorbeeld Cloud`. */
  readonly name: string;
  /** The contracting legal entity: `Voorbeeld Cloud B.V.`. */
  readonly legalEntity: string;
  /** ISO 3166-1 alpha-2 country of the headquarters of the operator's ultimate parent. */
  readonly country: string;
  /** Non-EU law that can compel the operator to hand over data, e.g. `["US CLOUD Act"]`. */
  readonly foreignJurisdictions: readonly string[];
  /** True when the organisation runs this cloud itself. */
  readonly onPremises: boolean;
}

/** `wissel:openstack`, validated. */
export interface OpenStackSettings {
  /** The Keystone region name, e.g. `RegionOne` or `AMS1`. */
  readonly region: string;
  /** The https URL of the cloud's Swift S3 API, without a trailing slash. */
  readonly s3Endpoint: string;
  /**
   * The region S3 clients sign requests with (Swift's s3api `location`), which some clouds name
   * differently from the Keystone region.
   */
  readonly s3Region: string;
  /** ISO 3166-1 alpha-2 country of the region's data centres. */
  readonly regionCountry: string;
  readonly operator: OperatorSettings;
  /**
   * What Magnum needs for a KubernetesCluster (images, flavors, external network). Optional: only a
   * program with a KubernetesCluster asks for it.
   */
  readonly kubernetes?: MagnumSettings;
  /**
   * How a PostgresDatabase runs: CloudNativePG on a Magnum cluster of the program (absent, or
   * `trove: false`), or a Trove instance (`trove: true`, with what Trove needs on this cloud).
   */
  readonly postgres?: PostgresSettings;
}

const KEYS = ["region", "s3Endpoint", "s3Region", "regionCountry", "operator", "kubernetes", "postgres"] as const;
const OPERATOR_KEYS = ["name", "legalEntity", "country", "foreignJurisdictions", "onPremises"] as const;
type Key = (typeof KEYS)[number];
type OperatorKey = (typeof OPERATOR_KEYS)[number];

const SUBJECT = "stack config";
const PREFIX = "wissel:openstack.";
const OPERATOR_PREFIX = `${PREFIX}operator.`;

/** Keystone region ids are free text up to 255 characters; this keeps them to a safe, printable set. */
const REGION = /^[A-Za-z0-9][A-Za-z0-9._-]{0,254}$/;

const EXAMPLES: Readonly<Record<Key, string>> = {
  region: "RegionOne",
  s3Endpoint: "https://s3.cloud.example",
  s3Region: "RegionOne",
  regionCountry: "NL",
  operator: "",
  kubernetes: "",
  postgres: "",
};
const OPERATOR_EXAMPLES: Readonly<Record<OperatorKey, string>> = {
  name: "'Voorbeeld Cloud'",
  legalEntity: "'Voorbeeld Cloud B.V.'",
  country: "NL",
  foreignJurisdictions: "'[]'",
  onPremises: "false",
};

/**
 * Parses the raw value of `wissel:openstack` (undefined when unset). Throws a WisselError naming each
 * bad key, the value, the rule and the `pulumi config set` command that fixes it.
 */
export function parseSettings(raw: unknown): OpenStackSettings {
  const issues = new Issues(SUBJECT);
  if (raw !== undefined && !validation.isPlainObject(raw)) {
    issues.add(
      "wissel:openstack",
      raw,
      "must be an object with region, s3Endpoint and operator",
      `Set each key, e.g. ${configSetCommand(OPENSTACK_KEY, ["region"], EXAMPLES.region, { code: true })}.`,
    );
    issues.throwIfAny();
  }
  const values = (raw ?? {}) as Record<string, unknown>;
  validation.checkKnownKeys(issues, values, KEYS, PREFIX, "wissel:openstack");

  const region = checkRegion(issues, "region", values["region"], true);
  // Most Swift clouds set s3api's `location` to the Keystone region name, so that is the default.
  const s3Region = checkRegion(issues, "s3Region", values["s3Region"], false) ?? region;
  const s3Endpoint = checkEndpoint(issues, values["s3Endpoint"]);
  const operator = parseOperator(issues, values["operator"]);
  const kubernetes = parseMagnumSettings(issues, values["kubernetes"]);
  const postgres = parsePostgresSettings(issues, values["postgres"]);

  let regionCountry: string | undefined;
  const rawCountry = values["regionCountry"];
  if (rawCountry !== undefined) {
    regionCountry = checkCountry(issues, ["regionCountry"], rawCountry, "the country of the region's data centres");
  } else {
    // An operator usually runs its regions in its home country; set regionCountry when it does not.
    regionCountry = operator?.country;
  }

  issues.throwIfAny();
  return {
    region: region!,
    s3Endpoint: s3Endpoint!,
    s3Region: s3Region!,
    regionCountry: regionCountry!,
    operator: operator!,
    ...(kubernetes !== undefined ? { kubernetes } : {}),
    ...(postgres !== undefined ? { postgres } : {}),
  };
}

function checkRegion(issues: Issues, key: "region" | "s3Region", value: unknown, required: boolean): string | undefined {
  if (value === undefined && !required) return undefined;
  if (typeof value === "string" && REGION.test(value)) return value;
  issues.add(
    `${PREFIX}${key}`,
    value,
    value === undefined
      ? "is required: it names the OpenStack region that holds the data"
      : "must be a region name of letters, digits, '.', '_' and '-' (as `openstack region list` shows it)",
    `Run ${configSetCommand(OPENSTACK_KEY, [key], EXAMPLES[key], { code: true })} with your cloud's region name.`,
  );
  return undefined;
}

function checkEndpoint(issues: Issues, value: unknown): string | undefined {
  const field = `${PREFIX}s3Endpoint`;
  const fix = `Run ${configSetCommand(OPENSTACK_KEY, ["s3Endpoint"], EXAMPLES.s3Endpoint, { code: true })} with the https address of your cloud's S3 API (\`openstack catalog show s3\` or the operator's documentation).`;
  if (value === undefined) {
    issues.add(field, value, "is required: it is the address applications use to reach the bucket", fix);
    return undefined;
  }
  if (typeof value !== "string") {
    issues.add(field, value, "must be an https URL such as https://s3.cloud.example", fix);
    return undefined;
  }
  const checked = parseHttpsEndpoint(value, { path: "forbidden" });
  if (checked.ok) return checked.url.origin;
  if (checked.problem === "syntax") {
    issues.add(field, value, "must be an https URL such as https://s3.cloud.example", fix);
  } else if (checked.problem === "port") {
    issues.add(field, value, `must be an https URL such as https://s3.cloud.example, and ${checked.rule}`, fix);
  } else if (checked.problem === "scheme") {
    issues.add(field, value, "must use https: credentials and data never travel unencrypted", fix);
  } else {
    issues.add(
      field,
      value,
      "must be a scheme, host and optional port only, without user, path, query or fragment (S3 clients append the bucket to it)",
      fix,
    );
  }
  return undefined;
}

function checkCountry(issues: Issues, path: readonly ConfigPathSegment[], value: unknown, what: string): string | undefined {
  const field = `${OPENSTACK_KEY}.${path.join(".")}`;
  if (isCountryCode(value)) return value;
  const guess = suggestCountryCode(value);
  issues.add(
    field,
    value,
    `${COUNTRY_CODE_RULE} (${what})`,
    `${countryCodeHint(value)}${guess !== undefined ? `Did you mean ${guess}? Run ${configSetCommand(OPENSTACK_KEY, path, guess, { code: true })}.` : `Run ${configSetCommand(OPENSTACK_KEY, path, "NL", { code: true })} with the right country code.`}`,
  );
  return undefined;
}

function parseOperator(issues: Issues, value: unknown): OperatorSettings | undefined {
  const field = `${PREFIX}operator`;
  if (!validation.isPlainObject(value)) {
    issues.add(
      field,
      value,
      value === undefined
        ? "is required: who operates this cloud decides which law reaches the data, and Wissel cannot know it for an OpenStack cloud"
        : "must be an object with name, legalEntity, country, and optionally foreignJurisdictions and onPremises",
      `Describe the operator, e.g. ${configSetCommand(OPENSTACK_KEY, ["operator", "name"], OPERATOR_EXAMPLES.name, { code: true })}, then legalEntity and country the same way.`,
    );
    return undefined;
  }
  validation.checkKnownKeys(issues, value, OPERATOR_KEYS, OPERATOR_PREFIX, "wissel:openstack.operator");
  const before = issues.count;

  const name = requiredText(issues, value, "name");
  const legalEntity = requiredText(issues, value, "legalEntity");
  const country = checkCountry(issues, ["operator", "country"], value["country"], "the headquarters of the operator's ultimate parent");
  const foreignJurisdictions = jurisdictions(issues, value["foreignJurisdictions"]);
  // Most OpenStack clouds a stack targets are a provider's; running it yourself is the explicit claim.
  const onPremises = validation.optionalBoolean(issues, `${OPERATOR_PREFIX}onPremises`, value["onPremises"], false);

  if (issues.count > before) return undefined;
  return { name: name!, legalEntity: legalEntity!, country: country!, foreignJurisdictions, onPremises };
}

function requiredText(issues: Issues, values: Record<string, unknown>, key: "name" | "legalEntity"): string | undefined {
  const value = values[key];
  if (typeof value === "string" && value.trim().length > 0) return value.trim();
  issues.add(
    `${OPERATOR_PREFIX}${key}`,
    value,
    value === undefined ? "is required" : "must be a non-empty string",
    `Run ${configSetCommand(OPENSTACK_KEY, ["operator", key], OPERATOR_EXAMPLES[key], { code: true })} with the operator's own value.`,
  );
  return undefined;
}

function jurisdictions(issues: Issues, value: unknown): string[] {
  const field = `${OPERATOR_PREFIX}foreignJurisdictions`;
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((item) => typeof item === "string" && item.trim().length > 0)) {
    issues.add(
      field,
      value,
      "must be a list of the non-EU laws that can compel the operator, such as [\"US CLOUD Act\"], or [] when none",
      `Write it as a YAML list in the stack file, or run ${configSetCommand(OPENSTACK_KEY, ["operator", "foreignJurisdictions", 0], "'US CLOUD Act'", { code: true })}.`,
    );
    return [];
  }
  return value.map((item: string) => item.trim());
}
