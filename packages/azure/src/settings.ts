/** The `wissel:azure` stack settings, declared once as a schema: type, defaults, checks and messages. */
import {
  PLAN_SECRET_PLACEHOLDER,
  closestFix,
  configSetCommand,
  parseCidr,
  parseSettings as parseWith,
  setting,
  settingFragments,
  v,
  validation,
} from "@wissel/core";
import { REGIONS, findRegion, type AzureRegion } from "./vendor";

const KEY = "wissel:azure";
const NON_EMPTY = "must be a non-empty string";
/** Resource group names: 1–90 letters, digits, `_`, `-`, `.`, `(`, `)`, not ending in a period. */
const RESOURCE_GROUP = /^[\p{L}\p{N}_\-.()]{1,90}$/u;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SUBNET_ID =
  /^\/subscriptions\/[0-9a-f-]{36}\/resourceGroups\/[^/]+\/providers\/Microsoft\.Network\/virtualNetworks\/[^/]+\/subnets\/[^/]+$/i;
const DNS_ZONE_ID =
  /^\/subscriptions\/[0-9a-f-]{36}\/resourceGroups\/[^/]+\/providers\/Microsoft\.Network\/privateDnsZones\/([^/]+)$/i;
const RANDOM_PASSWORD = '"$(openssl rand -base64 32)"';

/** `key` is a dotted path of this file's own identifiers (`postgres.delegatedSubnetId`). */
function setCommand(key: string, value: string): string {
  return configSetCommand(KEY, key.split("."), value);
}

/** How many copies Azure keeps, all inside the chosen region. */
export type Redundancy = "LRS" | "ZRS";
export const REDUNDANCIES: readonly Redundancy[] = ["LRS", "ZRS"];

/**
 * Zone-redundant by default: three copies across the region's availability zones survive the loss of
 * a data centre, and unlike GRS no copy leaves the chosen region (and so its country).
 */
export const DEFAULT_REDUNDANCY: Redundancy = "ZRS";

/** The administrator login of every PostgreSQL server; Azure refuses names such as admin or root. */
export const POSTGRES_ADMIN_LOGIN = "wisseladmin";

/** Azure's complexity rule is not checked on core's PLAN_SECRET_PLACEHOLDER: `pulumi preview` checks the real value. */
export { PLAN_SECRET_PLACEHOLDER };

/** The command that sets the admin password, with a generated value that meets Azure's rules. */
export const ADMIN_PASSWORD_COMMAND = configSetCommand(
  KEY,
  ["postgresAdminPassword"],
  RANDOM_PASSWORD,
  { secret: true },
);

/** The command that sets one database's app role password; names with dots or dashes are bracket-quoted. */
export function appPasswordCommand(name: string): string {
  return configSetCommand(KEY, ["postgresAppPasswords", name], RANDOM_PASSWORD, { secret: true });
}

/**
 * Why a Flexible Server admin password breaks Azure's rules (8–128 characters, three of upper case,
 * lower case, digits and other characters, not containing the login), or undefined when it is fine.
 */
export function adminPasswordProblem(password: string): string | undefined {
  if (password === PLAN_SECRET_PLACEHOLDER) return undefined;
  if (password.length < 8 || password.length > 128) return "must be 8 to 128 characters long";
  const classes = [/[A-Z]/, /[a-z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) =>
    re.test(password),
  ).length;
  if (classes < 3)
    return "must contain characters of three of these kinds: upper case letters, lower case letters, digits, other characters";
  if (password.toLowerCase().includes(POSTGRES_ADMIN_LOGIN))
    return `must not contain the login name ${POSTGRES_ADMIN_LOGIN}`;
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

/** A secret password checked by `problem`; the fix sets a generated one. */
function password(problem: (value: string) => string | undefined) {
  return setting(
    v.pipe(
      v.string("must be a string"),
      v.rawCheck(({ dataset, addIssue }) => {
        const found = dataset.typed ? problem(dataset.value) : undefined;
        if (found !== undefined) addIssue({ message: found });
      }),
    ),
    {
      secret: true,
      example: RANDOM_PASSWORD,
      fix: ({ command }) => `Set a generated one: ${command()}.`,
    },
  );
}

/** A required non-empty string checked by `rule`; `fix` phrases the fix for a string that breaks it. */
function required(
  example: string,
  rule: v.GenericValidation<string>,
  fix: (command: (value?: string) => string) => string,
) {
  return setting(v.pipe(v.string(NON_EMPTY), v.nonEmpty(NON_EMPTY), rule), {
    example,
    fix: ({ input, command }) =>
      typeof input === "string" && input !== "" ? fix(command) : `Run ${command()}.`,
  });
}

/** Authorized IP ranges as AKS takes them: IPv4, a bare address standing for its /32. */
const AKS_RANGE = { bareAddress: true, family: 4 } as const;

/**
 * Whether a string is an IPv4 address or CIDR block as AKS takes authorized IP ranges: core's parser,
 * so plain decimal octets and no host bits set.
 */
export function isIpv4Cidr(value: string): boolean {
  return parseCidr(value, AKS_RANGE).ok;
}

const IP_RANGE_RULE = "must be an IPv4 address or CIDR block such as 203.0.113.0/24";
const OPEN_RANGE_RULE = "must not authorize every address (a /0 range restricts nothing)";

/** One authorized range, kept as written once core's parser accepts it. */
const IP_RANGE = setting(
  v.pipe(
    v.string(IP_RANGE_RULE),
    v.rawCheck(({ dataset, addIssue }) => {
      if (!dataset.typed) return;
      const parsed = parseCidr(dataset.value, AKS_RANGE);
      if (!parsed.ok) addIssue({ message: `${IP_RANGE_RULE}: ${parsed.detail}` });
      else if (parsed.network.prefix === 0) addIssue({ message: OPEN_RANGE_RULE });
    }),
  ),
  {
    fix: ({ input, command }) => {
      const parsed = typeof input === "string" ? parseCidr(input, AKS_RANGE) : undefined;
      if (parsed?.ok === true)
        return "Remove the key to leave the API server reachable from any address, or list the ranges that need it.";
      return `Run ${command(parsed?.suggestion ?? "203.0.113.0/24")} with your own range.`;
    },
  },
);

const SUBNET_EXAMPLE =
  "/subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.Network/virtualNetworks/<vnet>/subnets/<subnet>";
const ZONE_EXAMPLE =
  "/subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.Network/privateDnsZones/<zone>.postgres.database.azure.com";
const ZONE_RULE =
  "must be the resource id of a private DNS zone whose name ends in .postgres.database.azure.com (Flexible Server refuses other zones)";

/** `wissel:azure.postgres`: VNet integration of every PostgreSQL server of the stack. */
const SUBNET_RULE = "must be the resource id of a subnet";

const POSTGRES_NETWORK = setting(
  settingFragments.plainObject(
    v.strictObject({
      /** Resource id of a subnet delegated to `Microsoft.DBforPostgreSQL/flexibleServers`. */
      delegatedSubnetId: setting(v.pipe(v.string(SUBNET_RULE), v.regex(SUBNET_ID, SUBNET_RULE)), {
        what: "the subnet of PostgreSQL servers with private access",
        example: SUBNET_EXAMPLE,
        fix: ({ command }) =>
          `Give a subnet delegated to Microsoft.DBforPostgreSQL/flexibleServers: ${command()}.`,
      }),
      /** Resource id of a private DNS zone whose name ends in `.postgres.database.azure.com`, linked to the subnet's VNet. */
      privateDnsZoneId: setting(
        v.pipe(
          v.string(ZONE_RULE),
          v.check(
            (zone) =>
              DNS_ZONE_ID.exec(zone)?.[1]
                ?.toLowerCase()
                .endsWith(".postgres.database.azure.com") === true,
            ZONE_RULE,
          ),
        ),
        {
          what: "the private DNS zone of PostgreSQL servers with private access",
          example: ZONE_EXAMPLE,
          fix: ({ command }) => `Give the zone linked to the subnet's VNet: ${command()}.`,
        },
      ),
    }),
    "must be an object with delegatedSubnetId and privateDnsZoneId",
  ),
  {
    fix: `Run ${setCommand("postgres.delegatedSubnetId", SUBNET_EXAMPLE)} and the same for privateDnsZoneId.`,
  },
);

const MAIL_SERVER = settingFragments.mailServer();

/** `wissel:azure.mail`: the mail server's settings, and the Entra tenant its SMTP login is in. */
const MAIL = setting(
  v.strictObject({
    ...MAIL_SERVER.entries,
    /**
     * The Entra ID tenant of the subscription: the SMTP login of Communication Services names the
     * Entra application by tenant and client id. Read from config, not an invoke, so offline plans
     * need no credentials.
     */
    tenantId: setting(
      v.pipe(
        v.string(NON_EMPTY),
        v.regex(UUID, "must be an Entra ID tenant id (a UUID), not a domain name"),
      ),
      {
        example: "00000000-0000-0000-0000-000000000000",
        fix: ({ command }) =>
          `Find it with \`az account show --query tenantId -o tsv\`, then run ${command("<id>")}.`,
      },
    ),
    /**
     * The mail domains the owner has verified in Communication Services. Azure links only a
     * verified domain to the resource that sends; until then the server's mail waits in its queue.
     * @default []
     */
    verifiedDomains: v.optional(
      setting(
        v.array(
          v.pipe(
            v.string("must be a domain name"),
            v.regex(
              /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/,
              "must be a domain name in lower case, such as meldingen.amsterdam.nl",
            ),
          ),
          "must be a list of domain names",
        ),
        {
          fix: () =>
            `List each verified domain: ${configSetCommand(KEY, ["mail", "verifiedDomains", 0], "meldingen.amsterdam.nl")}.`,
        },
      ),
      [],
    ),
  }),
  {
    what: "the self-hosted mail server of MailDomain and Mailbox, on an AKS cluster",
    fix: () =>
      `Run ${setCommand("mail.image", "registry.example.nl/wissel/mail-server:1.0.0")} with the image built from images/mail-server, and ${setCommand("mail.tenantId", "<tenant id>")}.`,
  },
);

const LOCATION_RULE = `must be one of the regions Wissel knows: ${REGIONS.map((r) => `${r.id} (${r.country})`).join(", ")}`;

const ENTRIES = v.strictObject({
  /** The region, e.g. `westeurope`. */
  location: setting(
    v.pipe(
      v.string(NON_EMPTY),
      v.nonEmpty(NON_EMPTY),
      v.check((id) => findRegion(id) !== undefined, LOCATION_RULE),
    ),
    { example: "westeurope", fix: closestFix(REGIONS.map((r) => r.id)) },
  ),
  /**
   * An existing resource group. Wissel does not create one: on Azure, resource groups carry the
   * organisation's RBAC, policy and budget assignments, usually made by a landing zone; a deployment
   * identity that may only write inside its group cannot create groups anyway.
   */
  resourceGroupName: required(
    "rg-team-workspace",
    v.check(
      (name) => RESOURCE_GROUP.test(name) && !name.endsWith("."),
      "must be an Azure resource group name: 1–90 letters, digits, underscores, hyphens, periods and parentheses, not ending in a period",
    ),
    (command) => `Give the name of an existing resource group, e.g. ${command()}.`,
  ),
  /** The subscription holding the group (lower case); role definition ids are built from it without an invoke. */
  subscriptionId: v.pipe(
    required(
      "00000000-0000-0000-0000-000000000000",
      v.regex(
        UUID,
        "must be a subscription id (a UUID such as 00000000-0000-0000-0000-000000000000), not a subscription name",
      ),
      (command) =>
        `Find it with \`az account show --query id -o tsv\`, then run ${command("<id>")}.`,
    ),
    v.toLowerCase(),
  ),
  /** How many copies Azure keeps; ZRS unless set, and LRS where the region has no zones. */
  redundancy: v.optional(
    setting(
      v.picklist(REDUNDANCIES, `must be one of ${REDUNDANCIES.map((r) => `"${r}"`).join(", ")}`),
      {
        fix: ({ field, input, command }) => {
          if (input === "ZRS")
            return `Accept single-zone copies with ${command("LRS")}, or choose a region with zones such as ${setCommand("location", "westeurope")}.`;
          const guess =
            typeof input === "string" ? validation.closest(input, REDUNDANCIES) : undefined;
          return guess !== undefined
            ? `Did you mean "${guess}"?`
            : `Set ${field} to one of them, or leave it out (default "${DEFAULT_REDUNDANCY}").`;
        },
      },
    ),
    DEFAULT_REDUNDANCY,
  ),
  /**
   * CIDRs that may reach a KubernetesCluster's API server. Unset: the API server is reachable from
   * any address, and every request still needs Entra ID or the cluster's admin certificate. When set,
   * include the egress addresses of whatever runs `pulumi up`, or the deployment cannot reach the cluster.
   */
  apiServerAuthorizedIpRanges: v.optional(
    setting(
      v.pipe(
        v.array(IP_RANGE, "must be a non-empty list of IPv4 CIDR blocks"),
        v.nonEmpty("must be a non-empty list of IPv4 CIDR blocks"),
      ),
      {
        fix: `List each range, e.g. ${configSetCommand(KEY, ["apiServerAuthorizedIpRanges", 0], "203.0.113.0/24")}, or remove the key to leave the API server reachable from any address.`,
      },
    ),
  ),
  /**
   * The password of every PostgreSQL server's administrator (`wisseladmin`), from a secret config
   * value. Required only by programs with a PostgresDatabase; checked against Azure's rules when set.
   * Plain text here: builders wrap it in `pulumi.secret` before it reaches any resource.
   */
  postgresAdminPassword: v.optional(password(adminPasswordProblem)),
  /**
   * The password of each database's application role, by component name, from secret config
   * values. Required for each PostgresDatabase of the program. Plain text here, like the admin's.
   */
  postgresAppPasswords: v.optional(
    setting(
      settingFragments.plainObject(
        v.record(v.string(), password(appPasswordProblem)),
        "must be a map from PostgresDatabase name to a secret password",
      ),
      {
        secret: true,
        fix: `Set one per database: ${appPasswordCommand("<name>")}.`,
      },
    ),
    {},
  ),
  /** Private access for PostgreSQL servers: a subnet delegated to Flexible Server and its private DNS zone. */
  postgres: v.optional(POSTGRES_NETWORK),
  /**
   * The mail server of `MailDomain` and `Mailbox` on an AKS cluster of the program, which sends
   * through Azure Communication Services Email.
   * @default - none: a MailDomain fails at preview, naming the image to set
   */
  mail: v.optional(MAIL),
});

const SCHEMA = setting(
  v.pipe(
    ENTRIES,
    // ZRS (the default) is checked against the region once both are known to be well formed.
    v.forward(
      v.partialCheck(
        [["location"], ["redundancy"]],
        (input) => input.redundancy !== "ZRS" || findRegion(input.location)?.zones !== false,
        (issue) => {
          const location = (issue.input as { location: string }).location;
          return `must be LRS in ${location}, which has no availability zones for zone-redundant storage (ZRS is the default)`;
        },
      ),
      ["redundancy"],
    ),
    v.transform((settings) => ({
      ...settings,
      region: findRegion(settings.location) as AzureRegion,
    })),
  ),
  { fix: `Set each key, e.g. ${setCommand("location", "westeurope")}.` },
);

/** `wissel:azure`, validated and defaulted; `region` is the known region for `location`. */
export type AzureSettings = v.InferOutput<typeof SCHEMA>;
/** `wissel:azure.postgres`: VNet integration of every PostgreSQL server of the stack. */
export type PostgresNetworkSettings = NonNullable<AzureSettings["postgres"]>;
/** `wissel:azure.mail`: the mail server on AKS and the tenant of its SMTP login. */
export type AzureMailSettings = NonNullable<AzureSettings["mail"]>;

/**
 * Parses the raw value of `wissel:azure` (undefined when unset). Throws a WisselError naming each bad
 * key, the value, the rule and the `pulumi config set` command that fixes it.
 */
export function parseSettings(raw: unknown): AzureSettings {
  return parseWith(
    SCHEMA,
    raw,
    KEY,
    "an object with location, resourceGroupName and subscriptionId",
  );
}
