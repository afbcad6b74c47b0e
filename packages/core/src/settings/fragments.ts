/**
 * Settings fragments more than one adapter declares: declared once here, with their rules and the
 * fixes messages give. Each is a valibot schema; wrap it in `setting()` to say what it is and give an
 * example, and in `v.optional()` for a default.
 */
import { parseCidr, type CidrOptions } from "../net";
import { parseHttpsEndpoint, type EndpointOptions } from "../endpoint";
import { isPemProblem, parsePemCertificates, pemPreview, type PemRules } from "../pem";
import {
  COUNTRY_CODE_RULE,
  countryCodeHint,
  isCountryCode,
  suggestCountryCode,
} from "../sovereignty/countries";
import { isDns1123Label } from "../names";
import { isPlainObject } from "../validate";
import type { VendorFacts } from "../adapter";
import { setting, v } from "./schema";

/** A non-empty string without spaces at its ends. */
export function text(what: string, example: string) {
  return setting(
    v.pipe(
      v.string("must be a non-empty string"),
      v.check(
        (value) => value.trim() !== "" && value.trim() === value,
        "must be a non-empty string without spaces at its ends",
      ),
    ),
    { what, example },
  );
}

/** `true` or `false`, with the default in the fix. */
export function flag(fallback: boolean) {
  return v.optional(
    setting(v.boolean("must be true or false"), {
      fix: ({ field }) => `Set ${field} to true or false, or leave it out (default ${fallback}).`,
    }),
    fallback,
  );
}

/** A whole number from `min` to `max`, in the words of the other range messages: `… of days from 1 to 3650`. */
export function wholeNumber(min: number, max: number, unit: string) {
  const rule = `must be a whole number of ${unit} from ${min} to ${max}`;
  return v.pipe(v.number(rule), v.integer(rule), v.minValue(min, rule), v.maxValue(max, rule));
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A UUID, lower-cased. */
export function uuid(what: string, rule: string) {
  return setting(v.pipe(v.string(rule), v.regex(UUID, rule), v.toLowerCase()), {
    what,
    example: "00000000-0000-0000-0000-000000000000",
  });
}

/**
 * An ISO 3166-1 alpha-2 code, with the hint for the codes people mistake for one (`UK`, `EU`).
 * @param options.whatInRule name what the code is in the rule too: `… such as NL or DE (<what>)`
 */
export function countryCode(what: string, options: { readonly whatInRule?: boolean } = {}) {
  const rule = options.whatInRule === true ? `${COUNTRY_CODE_RULE} (${what})` : COUNTRY_CODE_RULE;
  return setting(
    v.pipe(
      v.string(rule),
      v.check((value) => isCountryCode(value), rule),
    ),
    {
      what,
      fix: ({ input, command }) =>
        `${countryCodeHint(input)}Run ${command(suggestCountryCode(input) ?? "NL")}.`,
    },
  );
}

/** A DNS-1123 label: a Kubernetes namespace or object name. */
export function dnsLabel(what: string, example: string) {
  const rule =
    "must be a DNS-1123 label: at most 63 lowercase letters, digits and hyphens, starting and ending with a letter or digit";
  return setting(v.pipe(v.string(rule), v.check(isDns1123Label, rule)), { what, example });
}

/**
 * An absolute https URL, normalised to its origin (and path, where allowed) without a trailing slash.
 * @param purpose why https matters here, appended to the rule: `the API server is reached over TLS only`
 */
export function httpsUrl(
  what: string,
  example: string,
  options: EndpointOptions & { readonly purpose: string },
) {
  return setting(
    v.pipe(
      v.string(`must be an absolute https URL: ${options.purpose}`),
      v.rawTransform(({ dataset, addIssue, NEVER }) => {
        const checked = parseHttpsEndpoint(dataset.value, options);
        if (!checked.ok) {
          addIssue({
            message:
              checked.problem === "port" ? checked.rule : `${checked.rule}: ${options.purpose}`,
          });
          return NEVER;
        }
        const path = checked.url.pathname.replace(/\/+$/, "");
        return `https://${checked.url.host}${options.path === "forbidden" ? "" : path}`;
      }),
    ),
    { what, example },
  );
}

/** PEM certificates, parsed (`crypto.X509Certificate`), normalised; never quoted beyond their first line. */
export function pemCertificates(what: string, rules: PemRules = {}) {
  return setting(
    v.pipe(
      v.string(
        "must be PEM text: one or more blocks from -----BEGIN CERTIFICATE----- to -----END CERTIFICATE-----",
      ),
      v.rawTransform(({ dataset, addIssue, NEVER }) => {
        const parsed = parsePemCertificates(dataset.value, rules);
        if (isPemProblem(parsed)) {
          addIssue({ message: parsed.problem, input: pemPreview(dataset.value) });
          return NEVER;
        }
        return parsed.pem;
      }),
    ),
    { what, example: '"$(cat ca.crt)"' },
  );
}

/** A CIDR block (ipaddr.js), canonical; the suggestion when the value was close. */
export function cidr(what: string, options: CidrOptions = {}) {
  return setting(
    v.pipe(
      v.string("must be a CIDR block such as 192.0.2.0/24"),
      v.rawTransform(({ dataset, addIssue, NEVER }) => {
        const parsed = parseCidr(dataset.value, options);
        if (!parsed.ok) {
          addIssue({ message: `must be a CIDR block such as 192.0.2.0/24: ${parsed.detail}` });
          return NEVER;
        }
        return parsed.network.cidr;
      }),
    ),
    { what, example: "203.0.113.0/24" },
  );
}

const JURISDICTIONS =
  'must be a list of non-empty names of non-EU laws that reach the operator, such as "US CLOUD Act"';
const JURISDICTIONS_FIX = "Write it as a list in the stack file, or leave it out (default: none).";

/**
 * Who operates infrastructure the target does not know the vendor of (an on-premises cluster, an
 * OpenStack cloud): what the policy check reads.
 */
export function operatorFacts(onPremisesByDefault: boolean) {
  return v.strictObject({
    /** Display name: `Gemeente Amsterdam`. */
    name: text("the operator's display name", "'Gemeente Amsterdam'"),
    /** The legal entity that runs the infrastructure. */
    legalEntity: text("the legal entity that runs the infrastructure", "'Gemeente Amsterdam'"),
    /** ISO 3166-1 alpha-2 country of the headquarters of the operator's ultimate parent. */
    country: countryCode("the operator's headquarters country, ISO 3166-1 alpha-2"),
    /** Non-EU law that can compel the operator to hand over data, such as `US CLOUD Act`. */
    foreignJurisdictions: v.optional(
      setting(
        // Each name is held to the list's rule, so an item's message says what the list must hold.
        v.array(
          setting(v.pipe(v.string(JURISDICTIONS), v.trim(), v.nonEmpty(JURISDICTIONS)), {
            fix: JURISDICTIONS_FIX,
          }),
          JURISDICTIONS,
        ),
        { fix: JURISDICTIONS_FIX },
      ),
      [],
    ),
    /** True when the infrastructure is operated by the user's own organisation. */
    onPremises: flag(onPremisesByDefault),
  });
}

/** Where CloudNativePG writes base backups and WAL, and for how long it keeps them. */
export function backupObjectStore() {
  return v.strictObject({
    /** The bucket (or ObjectBucketClaim) backups go to. */
    name: dnsLabel("the bucket CloudNativePG writes base backups and WAL to", "pg-backups"),
    /** Days of backups kept. */
    retentionDays: setting(
      v.pipe(
        v.number("must be a whole number of days from 1 to 3650"),
        v.integer("must be a whole number of days from 1 to 3650"),
        v.minValue(1, "must be a whole number of days from 1 to 3650"),
        v.maxValue(3650, "must be a whole number of days from 1 to 3650"),
      ),
      { what: "how many days of backups CloudNativePG keeps", example: "30" },
    ),
  });
}

/**
 * An image reference with a tag or digest other than `latest`: `registry.example/wissel/mail:1.0`.
 * A moving tag would change what runs without a change in the program.
 */
const IMAGE =
  /^[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:[0-9]+)?(\/[a-z0-9]([a-z0-9._-]*[a-z0-9])?)+(:[A-Za-z0-9_][A-Za-z0-9._-]{0,127}|@sha256:[0-9a-f]{64})$/;

/** Where a target runs the self-hosted mail server (Postfix, Dovecot, OpenDKIM) on Kubernetes. */
export function mailServer() {
  const imageRule =
    "must be an image reference with a registry, a path and a fixed tag or digest (not latest)";
  return v.strictObject({
    /** The image built from `images/mail-server` (Debian's Postfix, Dovecot and OpenDKIM). */
    image: setting(
      v.pipe(
        v.string(imageRule),
        v.check((value) => IMAGE.test(value) && !value.endsWith(":latest"), imageRule),
      ),
      {
        what: "the mail server image, built from images/mail-server and pushed to your registry",
        example: "registry.example.nl/wissel/mail-server:1.0.0",
      },
    ),
    /** The StorageClass of the mail volume. @default - the cluster's default StorageClass */
    storageClassName: v.optional(dnsLabel("the StorageClass of the mail volume", "ceph-block")),
    /**
     * How the mail Service is reached: `LoadBalancer` gives it the public address mail from the
     * Internet needs; `ClusterIP` keeps it inside the cluster (behind your own TCP proxy).
     */
    serviceType: v.optional(
      setting(v.picklist(["LoadBalancer", "ClusterIP"], "must be LoadBalancer or ClusterIP"), {
        what: "how the mail Service is reached",
        example: "LoadBalancer",
      }),
      "LoadBalancer",
    ),
  });
}

/**
 * An object or record schema that refuses lists (and every other value that is not a plain object)
 * with `rule`: valibot takes a list where it expects an object, as an object of its indices. The
 * schema's entries stay where messages look for their info.
 */
export function plainObject<const S extends v.GenericSchema>(schema: S, rule: string): S {
  const refuse = v.custom((input) => isPlainObject(input), rule);
  return {
    ...schema,
    "~run"(dataset, config) {
      return isPlainObject(dataset.value)
        ? schema["~run"](dataset, config)
        : (refuse["~run"](dataset, config) as ReturnType<S["~run"]>);
    },
  };
}

/** The facts `operatorFacts` declares, as settings hold them. */
export interface OperatorFacts {
  readonly name: string;
  readonly legalEntity: string;
  readonly country: string;
  readonly foreignJurisdictions: readonly string[];
  readonly onPremises: boolean;
}

/** An operator's facts as the vendor facts of a placement: what the policy check reads. */
export function vendorFactsOf(operator: OperatorFacts): VendorFacts {
  return {
    vendor: operator.name,
    legalEntity: operator.legalEntity,
    headquarters: operator.country,
    foreignJurisdictions: operator.foreignJurisdictions,
    onPremises: operator.onPremises,
  };
}
