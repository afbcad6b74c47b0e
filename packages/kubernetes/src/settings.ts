/** The `wissel:kubernetes` stack settings, declared once as a schema: type, defaults, checks and messages. */
import {
  WisselError,
  configSetCommand,
  countryCodeHint,
  describeAt,
  isDns1123Label,
  parseHttpsEndpoint,
  parseSettings as parseWith,
  setting,
  settingFragments,
  suggestCountryCode,
  v,
  validation,
} from "@wissel/core";
import {
  LABEL,
  defined,
  httpsEndpoint,
  isDns1123Subdomain,
  kubeName,
  looksLikeKubeconfigContents,
  nonEmpty,
} from "./settings-fields";
import { postgresSetting } from "./settings-postgres";
import { ADDITIONAL_CONFIG_FIELDS, DEFAULT_S3_REGION, SETTINGS_KEY } from "./vendor";

export { DEFAULT_OPERATOR_NAMESPACE } from "./settings-postgres";

/** The fix of a section that is not an object: set its first key. */
const eachKey = (key: string) => () => `Set each key with ${settingCommand(key)}.`;

/** Who operates the cluster: the sovereignty facts of an on-premises installation (the shared fragment). */
const FACTS = settingFragments.operatorFacts(true);
const OPERATOR = setting(
  v.strictObject(
    {
      ...FACTS.entries,
      legalEntity: setting(FACTS.entries.legalEntity, {
        what: "the legal entity that runs the cluster",
      }),
      country: setting(FACTS.entries.country, { example: "NL" }),
    },
    "must be an object with name, legalEntity, country, foreignJurisdictions, onPremises",
  ),
  {
    what: "who operates the cluster decides where its data may live (wissel:policy)",
    fix: () =>
      `Run ${settingCommand("operator.name")}, ${settingCommand("operator.legalEntity")} and ${settingCommand("operator.country")}.`,
  },
);

const S3_REGION_RULE = "must be an S3 region name (letters, digits, '.', '_', '-'; at most 63)";

/** The cluster's S3 service, for the `Bucket` block. */
const OBJECT_STORAGE = setting(
  v.strictObject(
    {
      /** The StorageClass of the Rook (Ceph RGW) or NooBaa bucket provisioner: `rook-ceph-bucket`. */
      storageClassName: kubeName(
        isDns1123Subdomain,
        "must be a Kubernetes object name (DNS-1123 subdomain: lowercase letters, digits, '-' and '.', at most 253)",
        {
          what: "the StorageClass of the cluster's bucket provisioner",
          example: "rook-ceph-bucket",
          fix: ({ command }) => `Use the name shown by \`kubectl get storageclass\`: ${command()}.`,
        },
      ),
      /**
       * The HTTPS endpoint applications use: the cluster's TLS route or ingress to RGW or NooBaa S3,
       * without a path. The claim's own BUCKET_HOST is the in-cluster Service over plain HTTP, so it
       * cannot be the endpoint of a TLS-only binding.
       */
      endpoint: httpsEndpoint(
        "forbidden",
        (checked) => {
          if (checked.url === undefined)
            return checked.problem === "port"
              ? `must be an absolute https URL, and ${checked.rule}`
              : "must be an absolute https URL";
          if (checked.problem === "scheme")
            return "must be an https URL: applications reach buckets over TLS only (the claim's in-cluster BUCKET_HOST is plain http, so it cannot serve here)";
          return "must be the bare service URL, without a path, query or credentials: S3 clients put the bucket in the path";
        },
        {
          what: "the https URL applications use to reach the cluster's S3 service",
          example: "https://s3.example.nl",
          fix: ({ input, command }) => {
            const checked =
              typeof input === "string"
                ? parseHttpsEndpoint(input, { path: "forbidden" })
                : undefined;
            if (checked?.ok !== false || checked.url === undefined) return `Run ${command()}.`;
            if (checked.problem === "scheme")
              return `Set it to the cluster's TLS route or ingress to the RGW or NooBaa S3 service: ${command()}.`;
            return `Run ${command(`https://${checked.url.host}`)}.`;
          },
        },
      ),
      /**
       * The S3 signing region.
       * @default "us-east-1"
       */
      region: v.optional(
        setting(
          v.pipe(
            v.string(S3_REGION_RULE),
            v.regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/, S3_REGION_RULE),
          ),
          {
            fix: `Use the region the RGW zonegroup or NooBaa expects, or leave it out (default "${DEFAULT_S3_REGION}").`,
          },
        ),
        DEFAULT_S3_REGION,
      ),
      /**
       * The `additionalConfig` keys the provisioner accepts beyond its defaults: copy them from the Rook
       * operator's ROOK_OBC_ALLOW_ADDITIONAL_CONFIG_FIELDS. `bucketLifecycle` enables `expireAfterDays`,
       * `bucketVersioning` (Rook releases that implement it) enables `versioning`. Kept sorted, once each.
       * @default []
       */
      additionalConfigFields: v.optional(
        setting(
          v.pipe(
            v.array(
              setting(
                v.picklist(
                  ADDITIONAL_CONFIG_FIELDS,
                  `must be one of ${ADDITIONAL_CONFIG_FIELDS.join(", ")}`,
                ),
                {
                  fix: ({ input }) => {
                    const guess =
                      typeof input === "string"
                        ? validation.closest(input, ADDITIONAL_CONFIG_FIELDS)
                        : undefined;
                    return guess !== undefined
                      ? `Did you mean ${guess}?`
                      : "Remove it; list only keys the bucket provisioner accepts.";
                  },
                },
              ),
              "must be a list of ObjectBucketClaim additionalConfig keys",
            ),
            v.transform((fields) => [...new Set(fields)].sort()),
          ),
          {
            fix: "Write it as a list, e.g. [bucketLifecycle], from the operator's ROOK_OBC_ALLOW_ADDITIONAL_CONFIG_FIELDS.",
          },
        ),
        [],
      ),
      /**
       * Whether the cluster encrypts object data at rest (Ceph OSDs with `encryptedDevice`, RGW
       * server-side encryption with a KMS, or NooBaa), as the operator attests it: a claim cannot
       * ask for it. Unset: not attested, and a Bucket is refused (every Bucket is promised
       * encrypted). `false`: the operator says it is not, and only public buckets are built.
       */
      encryptedAtRest: v.optional(
        setting(v.boolean("must be true or false"), {
          example: "true",
          fix: ({ field }) =>
            `Set ${field} to true once the operator confirms encryption, or to false to keep only public buckets here.`,
        }),
      ),
    },
    "must be an object with storageClassName, endpoint, region, additionalConfigFields, encryptedAtRest",
  ),
  { fix: eachKey("objectStorage.storageClassName") },
);

/**
 * The existing cluster, as a `KubernetesCluster` and every `Namespace` on this target describe it.
 * Both values are public (a URL and a CA certificate), so they live in the stack file; the credential
 * stays in the kubeconfig.
 */
const CLUSTER = setting(
  v.strictObject(
    {
      /** The API server's https URL: `https://api.dc1.example.nl:6443`. A path is kept: proxies such as Rancher serve a cluster's API below one. */
      apiServerUrl: httpsEndpoint(
        "allowed",
        (checked) => {
          const rule =
            "must be an absolute https URL without credentials, query or fragment: the API server is reached over TLS only";
          return checked.problem === "port" ? `${rule}, and ${checked.rule}` : rule;
        },
        {
          what: "the https URL of the cluster's API server",
          example: "https://api.dc1.example.nl:6443",
          fix: ({ command }) => `Copy the server of the kubeconfig's cluster: ${command()}.`,
        },
      ),
      /** PEM of the CA that signed the API server's certificate (`certificate-authority-data`, decoded). */
      caCertificate: setting(
        settingFragments.pemCertificates("the PEM certificate of the API server's CA"),
        {
          example:
            "\"$(kubectl config view --raw --minify -o jsonpath='{.clusters[0].cluster.certificate-authority-data}' | base64 -d)\"",
          fix: ({ command }) => `Decode the kubeconfig's certificate-authority-data: ${command()}.`,
        },
      ),
      /**
       * Whether the cluster's network plugin enforces NetworkPolicy (Calico, Cilium, Antrea; not plain
       * flannel). Without it a namespace's default deny would be an unenforced object, so namespaces
       * are refused until the operator attests it.
       * @default false
       */
      enforcesNetworkPolicy: setting(settingFragments.flag(false), { example: "true" }),
      /**
       * Whether the cluster's authentication reports identity-provider groups (an OIDC groups claim,
       * client certificates' O field, a webhook), so a RoleBinding to a team's group takes effect.
       * @default true - every Kubernetes authenticator reports groups; set false where the IdP sends none
       */
      mapsGroups: settingFragments.flag(true),
    },
    "must be an object with apiServerUrl, caCertificate, enforcesNetworkPolicy, mapsGroups",
  ),
  { fix: eachKey("cluster.apiServerUrl") },
);

const POSTGRES = postgresSetting(settingCommand);

const SET_AT_LEAST = (): string =>
  `Set at least ${[
    "namespace",
    "region",
    "operator.name",
    "operator.legalEntity",
    "operator.country",
  ]
    .map(settingCommand)
    .join(", ")
    .replace(/, ([^,]*)$/, " and $1")}.`;

const ENTRIES = v.strictObject({
  /**
   * Path to a kubeconfig file; never its contents (see `parseSettings`).
   * @default - the ambient kubeconfig of the default provider
   */
  kubeconfig: v.optional(
    setting(
      v.pipe(
        nonEmpty("a path to a kubeconfig file"),
        v.check(
          (value) => !looksLikeKubeconfigContents(value),
          "must be a path to a kubeconfig file, not its contents: the stack file is plain text and a kubeconfig holds credentials",
        ),
      ),
      {
        fix: ({ field, input }) =>
          typeof input === "string" && looksLikeKubeconfigContents(input)
            ? `Save it to a file and set the path (${configSetCommand(SETTINGS_KEY, ["kubeconfig"], "~/.kube/amsterdam.yaml")}), or remove ${field} and run \`pulumi config set --secret kubernetes:kubeconfig "$(cat kubeconfig.yaml)"\` for the default provider.`
            : `Set it, or leave ${field} out.`,
      },
    ),
  ),
  /**
   * The kubeconfig context to use.
   * @default - the kubeconfig's current context
   */
  context: v.optional(
    setting(nonEmpty("a context name of the kubeconfig"), {
      fix: ({ field }) => `Set it, or leave ${field} out.`,
    }),
  ),
  /** The namespace where claims (and later other namespaced objects) live. */
  namespace: kubeName(isDns1123Label, `must be a namespace name (${LABEL})`, {
    what: "the namespace where claims live",
    example: "team-workspace",
  }),
  /** A label for the data centre, shown in placements: `ams-dc1`. */
  region: kubeName(
    isDns1123Label,
    "must be a short label of lowercase letters, digits and '-' (at most 63)",
    {
      what: "a label for the data centre, shown in placements",
      example: "ams-dc1",
    },
  ),
  /**
   * ISO 3166-1 alpha-2 country of the data centre.
   * @default - the operator's country: an on-premises cluster usually stands in its operator's country
   */
  country: v.optional(
    setting(settingFragments.countryCode("the data centre's country, ISO 3166-1 alpha-2"), {
      fix: ({ input, command }) =>
        `${countryCodeHint(input)}Run ${command(suggestCountryCode(input) ?? "NL")}, or leave it out to use the operator's country.`,
    }),
  ),
  /** Who operates the cluster: the sovereignty facts of an on-premises installation. */
  operator: OPERATOR,
  /**
   * The cluster's S3 service.
   * @default - none: the cluster offers no buckets, and a Bucket placed on it fails at preview
   */
  objectStorage: v.optional(OBJECT_STORAGE),
  /**
   * The API server and CA of the cluster, needed by `KubernetesCluster` and `Namespace`.
   * @default - none: a KubernetesCluster or Namespace on this target fails at preview, naming the keys to set
   */
  cluster: v.optional(CLUSTER),
  /**
   * CloudNativePG settings for `PostgresDatabase`.
   * @default - none: databases are refused until a backup object store is named
   */
  postgres: v.optional(POSTGRES),
  /**
   * The mail server of `MailDomain` and `Mailbox`: its image, volume class and Service type.
   * @default - none: a MailDomain on this target fails at preview, naming the image to set
   */
  mail: v.optional(
    setting(settingFragments.mailServer(), {
      what: "the self-hosted mail server of MailDomain and Mailbox",
      fix: () =>
        `Run ${settingCommand("mail.image")} with the image built from images/mail-server.`,
    }),
  ),
});

const SCHEMA = setting(
  v.pipe(
    ENTRIES,
    // The country defaults to the operator's; keys keep the order of the declaration.
    v.transform((settings) =>
      defined(
        { ...settings, country: settings.country ?? settings.operator.country },
        Object.keys(ENTRIES.entries),
      ),
    ),
  ),
  { fix: SET_AT_LEAST },
);

/** `wissel:kubernetes`, validated and defaulted. */
export type KubernetesSettings = v.InferOutput<typeof SCHEMA>;
/** Who operates the cluster: the sovereignty facts of an on-premises installation. */
export type OperatorSettings = KubernetesSettings["operator"];
/** The cluster's S3 service, for the `Bucket` block. */
export type ObjectStorageSettings = NonNullable<KubernetesSettings["objectStorage"]>;
/** The existing cluster's API server and CA, for `KubernetesCluster` and `Namespace`. */
export type ClusterSettings = NonNullable<KubernetesSettings["cluster"]>;
/** `wissel:kubernetes.mail`: the image and volume of the mail server. */
export type MailServerSettings = NonNullable<KubernetesSettings["mail"]>;
/** `wissel:kubernetes.postgres`: where and how `PostgresDatabase` runs on this cluster (CloudNativePG). */
export type PostgresSettings = NonNullable<KubernetesSettings["postgres"]>;
/** An existing Barman Cloud `ObjectStore` that CloudNativePG clusters archive WAL and base backups to. */
export type BackupObjectStoreSettings = NonNullable<PostgresSettings["backupObjectStore"]>;

/** The `pulumi config set` command for a key of `wissel:kubernetes` (`cluster.apiServerUrl`), with its example value. */
export function settingCommand(key: string): string {
  const path = key.split(".");
  return configSetCommand(SETTINGS_KEY, path, describeAt(SCHEMA, path).info?.example ?? "<value>");
}

/**
 * Parses the raw value of `wissel:kubernetes` (undefined when unset). Throws a WisselError naming
 * each bad key, the value, the rule and the `pulumi config set` command that fixes it.
 *
 * `kubeconfig` takes a path only: the settings are plain text in the stack file, and a kubeconfig's
 * contents hold cluster credentials. Contents belong in the secret `kubernetes:kubeconfig`, which the
 * default provider reads when `kubeconfig` is left out.
 */
export function parseSettings(raw: unknown): KubernetesSettings {
  if (raw === undefined) {
    // One issue, not one per key: nothing about an on-premises cluster can be defaulted.
    const rule =
      "is required: an on-premises cluster's namespace, operator and region differ per installation";
    throw new WisselError([
      { subject: "stack config", field: SETTINGS_KEY, value: undefined, rule, fix: SET_AT_LEAST() },
    ]);
  }
  return parseWith(SCHEMA, raw, SETTINGS_KEY, "an object");
}
