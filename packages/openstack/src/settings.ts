/**
 * The `wissel:openstack` stack settings, declared once as a schema: type, defaults, checks and
 * messages. Every OpenStack cloud is run by a different operator, so who runs it and which law
 * reaches it come from here rather than from a fixed vendor table.
 */
import {
  countryCodeHint,
  parseHttpsEndpoint,
  parseSettings as parseWith,
  setting,
  settingFragments,
  suggestCountryCode,
  v,
} from "@wissel/core";
import { OPENSTACK_KEY } from "./vendor";
import { MAGNUM } from "./kubernetes-settings";
import { code, setCommand } from "./openstack-names";
import { POSTGRES, withoutIdleTrove } from "./postgres-settings";

/** Keystone region ids are free text up to 255 characters; this keeps them to a safe, printable set. */
const REGION = /^[A-Za-z0-9][A-Za-z0-9._-]{0,254}$/;
const REGION_RULE =
  "must be a region name of letters, digits, '.', '_' and '-' (as `openstack region list` shows it)";

function regionName(what: string) {
  return setting(v.pipe(v.string(REGION_RULE), v.regex(REGION, REGION_RULE)), {
    what,
    example: "RegionOne",
    fix: ({ command }) => `Run ${code(command())} with your cloud's region name.`,
  });
}

const URL_RULE = "must be an https URL such as https://s3.cloud.example";

/** The rule an S3 endpoint broke, in the words of its purpose: S3 clients append the bucket to it. */
const ENDPOINT_RULES = {
  scheme: "must use https: credentials and data never travel unencrypted",
  syntax: URL_RULE,
  other:
    "must be a scheme, host and optional port only, without user, path, query or fragment (S3 clients append the bucket to it)",
} as const;

const S3_ENDPOINT = setting(
  v.pipe(
    v.string(URL_RULE),
    v.rawTransform(({ dataset, addIssue, NEVER }) => {
      const checked = parseHttpsEndpoint(dataset.value, { path: "forbidden" });
      if (checked.ok) return checked.url.origin;
      const { problem } = checked;
      addIssue({
        message:
          problem === "port"
            ? `${URL_RULE}, and ${checked.rule}`
            : problem === "scheme" || problem === "syntax"
              ? ENDPOINT_RULES[problem]
              : ENDPOINT_RULES.other,
      });
      return NEVER;
    }),
  ),
  {
    what: "it is the address applications use to reach the bucket",
    example: "https://s3.cloud.example",
    fix: ({ command }) =>
      `Run ${code(command())} with the https address of your cloud's S3 API (\`openstack catalog show s3\` or the operator's documentation).`,
  },
);

/** An ISO 3166-1 alpha-2 country; the fix suggests the code when the value was close. */
function country(what: string) {
  return setting(settingFragments.countryCode(what, { whatInRule: true }), {
    fix: ({ input, command }) => {
      const guess = suggestCountryCode(input);
      const run =
        guess !== undefined
          ? `Did you mean ${guess}? Run ${code(command(guess))}.`
          : `Run ${code(command("NL"))} with the right country code.`;
      return `${countryCodeHint(input)}${run}`;
    },
  });
}

const NON_EMPTY = "must be a non-empty string";

/** Text the operator gives, trimmed. */
function operatorText(what: string, example: string) {
  return setting(
    v.pipe(
      v.string(NON_EMPTY),
      v.check((value: string) => value.trim() !== "", NON_EMPTY),
      v.trim(),
    ),
    {
      what,
      example,
      fix: ({ command }) => `Run ${code(command())} with the operator's own value.`,
    },
  );
}

const JURISDICTIONS_RULE =
  'must be a list of the non-EU laws that can compel the operator, such as ["US CLOUD Act"], or [] when none';
const JURISDICTIONS = {
  fix: `Write it as a YAML list in the stack file, or run ${setCommand(["operator", "foreignJurisdictions", 0], "'US CLOUD Act'")}.`,
};

/** Who operates the OpenStack cloud, as the stack declares it. */
const OPERATOR = setting(
  v.strictObject(
    {
      /** Display name: `Voorbeeld Cloud`. */
      name: operatorText("the operator's display name", "'Voorbeeld Cloud'"),
      /** The contracting legal entity: `Voorbeeld Cloud B.V.`. */
      legalEntity: operatorText("the contracting legal entity", "'Voorbeeld Cloud B.V.'"),
      /** ISO 3166-1 alpha-2 country of the headquarters of the operator's ultimate parent. */
      country: country("the headquarters of the operator's ultimate parent"),
      /** Non-EU law that can compel the operator to hand over data, e.g. `["US CLOUD Act"]`. */
      foreignJurisdictions: v.optional(
        setting(
          v.array(
            setting(
              v.pipe(
                v.string(JURISDICTIONS_RULE),
                v.check((law: string) => law.trim() !== "", JURISDICTIONS_RULE),
                v.trim(),
              ),
              JURISDICTIONS,
            ),
            JURISDICTIONS_RULE,
          ),
          JURISDICTIONS,
        ),
        [],
      ),
      /**
       * True when the organisation runs this cloud itself. Most OpenStack clouds a stack targets are
       * a provider's; running it yourself is the explicit claim.
       */
      onPremises: settingFragments.flag(false),
    },
    "must be an object with name, legalEntity, country, and optionally foreignJurisdictions and onPremises",
  ),
  {
    what: "who operates this cloud decides which law reaches the data, and Wissel cannot know it for an OpenStack cloud",
    fix: `Describe the operator, e.g. ${setCommand(["operator", "name"], "'Voorbeeld Cloud'")}, then legalEntity and country the same way.`,
  },
);

const ENTRIES = v.strictObject({
  /** The Keystone region name, e.g. `RegionOne` or `AMS1`. */
  region: regionName("it names the OpenStack region that holds the data"),
  /** The https URL of the cloud's Swift S3 API, without a trailing slash. */
  s3Endpoint: S3_ENDPOINT,
  /**
   * The region S3 clients sign requests with (Swift's s3api `location`), which some clouds name
   * differently from the Keystone region. Most Swift clouds set `location` to the Keystone
   * region name, so that is the default.
   */
  s3Region: v.optional(regionName("the region S3 clients sign requests with")),
  /**
   * ISO 3166-1 alpha-2 country of the region's data centres. An operator usually runs its regions
   * in its home country, so that is the default; set it when it does not.
   */
  regionCountry: v.optional(country("the country of the region's data centres")),
  operator: OPERATOR,
  /**
   * What Magnum needs for a KubernetesCluster (images, flavors, external network). Optional: only a
   * program with a KubernetesCluster asks for it.
   */
  kubernetes: v.optional(MAGNUM),
  /**
   * How a PostgresDatabase runs: CloudNativePG on a Magnum cluster of the program (absent, or
   * `trove: false`), or a Trove instance (`trove: true`, with what Trove needs on this cloud).
   */
  postgres: v.optional(POSTGRES),
  /**
   * The mail server of `MailDomain` and `Mailbox`, on a Magnum cluster of the program.
   * @default - none: a MailDomain fails at preview, naming the image to set
   */
  mail: v.optional(
    setting(settingFragments.mailServer(), {
      what: "the self-hosted mail server of MailDomain and Mailbox, on a Magnum cluster",
      fix: () =>
        `Run ${setCommand(["mail", "image"], "registry.example.nl/wissel/mail-server:1.0.0")} with the image built from images/mail-server.`,
    }),
  ),
});

type Entries = v.InferOutput<typeof ENTRIES>;
/** `wissel:openstack`, validated and defaulted. */
export type OpenStackSettings = Omit<Entries, "s3Region" | "regionCountry"> & {
  readonly s3Region: string;
  readonly regionCountry: string;
};
/** Who operates the OpenStack cloud, as the stack declares it. */
export type OperatorSettings = Entries["operator"];

const SCHEMA = setting(
  v.pipe(
    ENTRIES,
    v.transform(
      ({
        region,
        s3Endpoint,
        s3Region,
        regionCountry,
        operator,
        kubernetes,
        postgres,
        mail,
      }): OpenStackSettings => ({
        region,
        s3Endpoint,
        s3Region: s3Region ?? region,
        regionCountry: regionCountry ?? operator.country,
        operator,
        ...(kubernetes !== undefined ? { kubernetes } : {}),
        ...(postgres !== undefined ? { postgres } : {}),
        ...(mail !== undefined ? { mail } : {}),
      }),
    ),
  ),
  { fix: `Set each key, e.g. ${setCommand(["region"], "RegionOne")}.` },
);

/**
 * Parses the raw value of `wissel:openstack` (undefined when unset). Throws a WisselError naming each
 * bad key, the value, the rule and the `pulumi config set` command that fixes it.
 */
export function parseSettings(raw: unknown): OpenStackSettings {
  return parseWith(
    SCHEMA,
    withoutIdleTrove(raw),
    OPENSTACK_KEY,
    "an object with region, s3Endpoint and operator",
  );
}
