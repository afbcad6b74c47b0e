/** The `wissel:scaleway` stack settings, declared once as a schema: type, defaults, checks and messages. */
import {
  closestFix,
  configSetCommand,
  parseSettings as parseWith,
  setting,
  settingFragments,
  v,
  validation,
} from "@wissel/core";
import { DEFAULT_ZONES } from "./kapsule";
import { REGIONS, ZONES, type ScalewayRegionId, type ScalewayZoneId } from "./vendor";

const KEY = "wissel:scaleway";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PRINCIPAL =
  /^(user_id|application_id):([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;
/** Scaleway access keys: `SCW` and 17 upper-case letters or digits. */
const ACCESS_KEY = /^SCW[A-Z0-9]{17}$/;
const NON_EMPTY = "must be a non-empty string";

/** `key` is a dotted path of this file's own identifiers (`oidc.issuerUrl`). */
function setCommand(key: string, value: string): string {
  return configSetCommand(KEY, key.split("."), value);
}

/** How to find the deployer's principal: the API key that Pulumi uses names its bearer. */
const FIND_PRINCIPAL =
  "Find the user or application whose API key runs pulumi up with `scw iam api-key get <SCW_ACCESS_KEY>` (its user_id or application_id)";

/** The rule a bad principal broke, phrased for the mistakes people make. */
function principalRule(value: string): string {
  const shape =
    "must be the bucket-policy principal of the deployer, user_id:<uuid> or application_id:<uuid>";
  if (ACCESS_KEY.test(value))
    return `${shape}; this is an access key, a credential that never belongs in stack config`;
  if (UUID.test(value))
    return `${shape}; a bare id does not say whether it is a user or an application`;
  if (/^project_id:/i.test(value))
    return `${shape}; project principals exist only in the deprecated 2012-10-17 policy version`;
  return shape;
}

const REGION_RULE = `must be one of the regions with Object Storage: ${REGIONS.map((r) => `${r.id} (${r.country})`).join(", ")}`;

/** An OIDC claim or client id: one word. */
function word(what: string, example: string) {
  const rule = "must be a non-empty string without spaces";
  return setting(v.pipe(v.string(rule), v.regex(/^\S+$/, rule)), { what, example });
}

/**
 * How the Kapsule API server authenticates people through an outside identity provider
 * (`openIdConnectConfig`). Without it, Kapsule knows no groups: only its own admin token.
 */
const OIDC = setting(
  settingFragments.plainObject(
    v.strictObject(
      {
        /** The identity provider's issuer, an `https://` URL the API server fetches keys from. */
        issuerUrl: setting(
          settingFragments.httpsUrl(
            "the identity provider's issuer",
            "https://login.example.nl/realms/city",
            {
              path: "allowed",
              purpose: "the API server fetches the provider's signing keys from it over TLS",
            },
          ),
          {
            fix: ({ command }) =>
              `Run ${command()} with your provider's issuer (the "issuer" of its /.well-known/openid-configuration).`,
          },
        ),
        /** The client id that every token must be issued for (its `aud`). */
        clientId: word("the client id every token is issued for (its aud)", "kapsule"),
        /** The token claim that lists the user's groups, e.g. `groups`. */
        groupsClaim: word("the token claim that lists the user's groups", "groups"),
        /**
         * The token claim used as the user name.
         * @default - the API server's default, `sub`
         */
        usernameClaim: v.optional(word("the token claim used as the user name", "email")),
      },
      "must be an object with issuerUrl, clientId and groupsClaim",
    ),
    "must be an object with issuerUrl, clientId and groupsClaim",
  ),
  {
    fix: `Set each key, e.g. ${setCommand("oidc.issuerUrl", "https://login.example.nl/realms/city")}, or remove ${KEY}.oidc.`,
  },
);

const MAIL_SERVER = settingFragments.mailServer();

/** A domain name as TEM registers it: lower case, at least two labels. */
const DOMAIN_NAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/** `wissel:scaleway.mail`: the mail server's settings, and the domains whose records are published. */
const MAIL = setting(
  settingFragments.plainObject(
    v.strictObject({
      ...MAIL_SERVER.entries,
      /**
       * The mail domains whose DNS records the owner has published. TEM sends only from a domain
       * it has checked; for a listed domain `pulumi up` asks TEM to check it and waits for the
       * result, and fails when the records are not there. Unlisted, nothing waits: TEM checks
       * the records by itself once they are published.
       * @default []
       */
      verifiedDomains: v.optional(
        setting(
          v.array(
            setting(
              v.pipe(
                v.string("must be a domain name"),
                v.regex(
                  DOMAIN_NAME,
                  "must be a domain name in lower case, such as meldingen.amsterdam.nl",
                ),
              ),
              {
                example: "meldingen.amsterdam.nl",
                fix: ({ input, command }) =>
                  typeof input === "string" && DOMAIN_NAME.test(input.toLowerCase())
                    ? `Run ${command(input.toLowerCase())}.`
                    : `Run ${command()} with the domain of a MailDomain.`,
              },
            ),
            "must be a list of domain names",
          ),
          {
            fix: () =>
              `List each domain whose records are published: ${configSetCommand(KEY, ["mail", "verifiedDomains", 0], "meldingen.amsterdam.nl")}.`,
          },
        ),
        [],
      ),
    }),
    "must be an object with image",
  ),
  {
    what: "the self-hosted mail server of MailDomain and Mailbox, on a Kapsule cluster",
    fix: () =>
      `Run ${setCommand("mail.image", "registry.example.nl/wissel/mail-server:1.0.0")} with the image built from images/mail-server.`,
  },
);

const ENTRIES = v.strictObject({
  /** The region of every resource: `fr-par`, `nl-ams` or `pl-waw`. */
  region: setting(
    v.picklist(
      REGIONS.map((r) => r.id),
      REGION_RULE,
    ),
    { example: "nl-ams", fix: closestFix(REGIONS.map((r) => r.id)) },
  ),
  /**
   * The Scaleway project that holds the resources (lower case). Object Storage is scoped by project,
   * so every bucket child names it explicitly rather than falling back to the provider's default.
   */
  projectId: setting(
    v.pipe(
      v.string(NON_EMPTY),
      v.nonEmpty(NON_EMPTY),
      v.regex(
        UUID,
        "must be a project id (a UUID such as 00000000-0000-0000-0000-000000000000), not a project name",
      ),
      v.toLowerCase(),
    ),
    {
      example: "00000000-0000-0000-0000-000000000000",
      fix: ({ input, command }) =>
        typeof input === "string" && input !== ""
          ? `Find it with \`scw account project list\`, then run ${command("<id>")}.`
          : `Run ${command()}.`,
    },
  ),
  /**
   * The bucket-policy principal of whoever runs `pulumi up`: `user_id:<uuid>` or
   * `application_id:<uuid>` (lower case). A Scaleway bucket policy denies everyone it does not
   * name, the bucket's own project members included, so without this principal the deployment
   * would lock itself out of the buckets it manages.
   */
  deployerPrincipal: setting(
    v.pipe(
      v.string(NON_EMPTY),
      v.nonEmpty(NON_EMPTY),
      v.rawCheck(({ dataset, addIssue }) => {
        if (!dataset.typed || PRINCIPAL.test(dataset.value)) return;
        // An access key is a credential: the message names what it is, never the key.
        addIssue({
          message: principalRule(dataset.value),
          ...(ACCESS_KEY.test(dataset.value) ? { input: "SCW… (an access key)" } : {}),
        });
      }),
      v.transform((value) =>
        value.replace(
          PRINCIPAL,
          (_, kind: string, id: string) => `${kind.toLowerCase()}:${id.toLowerCase()}`,
        ),
      ),
    ),
    {
      what: "a Scaleway bucket policy denies every principal it does not name, so the deployment must name itself",
      example: "application_id:00000000-0000-0000-0000-000000000000",
      fix: ({ input, command }) =>
        typeof input === "string" && input !== ""
          ? `${FIND_PRINCIPAL}, then run ${command("application_id:<id>")} (or user_id:<id>).`
          : `${FIND_PRINCIPAL}, then run ${command()}.`,
    },
  ),
  /**
   * The availability zone of the Kapsule node pool. Defaults to a zone of the region that offers
   * every node family the sizing table picks from.
   */
  zone: v.optional(
    setting(v.string("must be a zone of the region"), {
      fix: ({ input, command, root }) => {
        const region =
          REGIONS.find((r) => validation.isPlainObject(root) && r.id === root["region"])?.id ??
          "nl-ams";
        const guess =
          typeof input === "string" ? validation.closest(input, ZONES[region]) : undefined;
        return `Run ${command(guess ?? DEFAULT_ZONES[region])}, or remove the key (default ${DEFAULT_ZONES[region]}).`;
      },
    }),
  ),
  /**
   * Sign-in through an outside identity provider on every Kapsule cluster; needed for a
   * Namespace's `teamGroup`. Unset: no OIDC, and `teamGroup` fails at preview.
   */
  oidc: v.optional(OIDC),
  /**
   * The mail server of `MailDomain` and `Mailbox` on a Kapsule cluster of the program, which sends
   * through Scaleway Transactional Email in fr-par.
   * @default - none: a MailDomain fails at preview, naming the image to set
   */
  mail: v.optional(MAIL),
});

const SCHEMA = setting(
  v.pipe(
    ENTRIES,
    // The zone is checked against the region once both are known to be well formed.
    v.forward(
      v.partialCheck(
        [["region"], ["zone"]],
        (input) =>
          input.zone === undefined ||
          (ZONES[input.region] as readonly string[]).includes(input.zone),
        (issue) => {
          const region = (issue.input as { region: ScalewayRegionId }).region;
          return `must be a zone of region ${region}: ${ZONES[region].join(", ")}`;
        },
      ),
      ["zone"],
    ),
    v.transform((settings) => ({
      ...settings,
      zone: (settings.zone as ScalewayZoneId | undefined) ?? DEFAULT_ZONES[settings.region],
    })),
  ),
  { fix: `Set each key, e.g. ${setCommand("region", "nl-ams")}.` },
);

/** `wissel:scaleway`, validated and defaulted. */
export type ScalewaySettings = v.InferOutput<typeof SCHEMA>;
/** The OIDC provider of `wissel:scaleway.oidc`. */
export type OidcSettings = NonNullable<ScalewaySettings["oidc"]>;
/** `wissel:scaleway.mail`: the mail server on Kapsule and the domains TEM may check. */
export type ScalewayMailSettings = NonNullable<ScalewaySettings["mail"]>;

/**
 * Parses the raw value of `wissel:scaleway` (undefined when unset). Throws a WisselError naming each
 * bad key, the value, the rule and the `pulumi config set` command that fixes it.
 */
export function parseSettings(raw: unknown): ScalewaySettings {
  return parseWith(SCHEMA, raw, KEY, "an object with region, projectId and deployerPrincipal");
}
