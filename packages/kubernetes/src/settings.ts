/** The `wissel:kubernetes` stack settings: parsed, checked and defaulted once per program. */
import { COUNTRY_CODE_RULE, Issues, configSetCommand, countryCodeHint, isCountryCode, isDns1123Label, isPemProblem, parseHttpsEndpoint, parsePemCertificates, pemPreview, suggestCountryCode, validation } from "@wissel/core";
import { ADDITIONAL_CONFIG_FIELDS, DEFAULT_S3_REGION, SETTINGS_KEY, type AdditionalConfigField } from "./vendor";

/** Who operates the cluster: the sovereignty facts of an on-premises installation. */
export interface OperatorSettings {
  /** Display name: `Gemeente Amsterdam`. */
  readonly name: string;
  /** The legal entity that runs the cluster: `Gemeente Amsterdam`. */
  readonly legalEntity: string;
  /** ISO 3166-1 alpha-2 country of the operator's headquarters (of its ultimate parent). */
  readonly country: string;
  /**
   * Non-EU law that can compel the operator to hand over data (`US CLOUD Act` for a cluster run by
   * a US company's subsidiary).
   * @default []
   */
  readonly foreignJurisdictions: readonly string[];
  /**
   * Whether the user's own organisation operates the cluster.
   * @default true
   */
  readonly onPremises: boolean;
}

/** The cluster's S3 service, for the `Bucket` block. */
export interface ObjectStorageSettings {
  /** The StorageClass of the Rook (Ceph RGW) or NooBaa bucket provisioner: `rook-ceph-bucket`. */
  readonly storageClassName: string;
  /**
   * The HTTPS endpoint applications use: the cluster's TLS route or ingress to RGW or NooBaa S3,
   * without a path. The claim's own BUCKET_HOST is the in-cluster Service over plain HTTP, so it
   * cannot be the endpoint of a TLS-only binding.
   */
  readonly endpoint: string;
  /**
   * The S3 signing region.
   * @default "us-east-1"
   */
  readonly region: string;
  /**
   * The `additionalConfig` keys the provisioner accepts beyond its defaults: copy them from the Rook
   * operator's ROOK_OBC_ALLOW_ADDITIONAL_CONFIG_FIELDS. `bucketLifecycle` enables `expireAfterDays`,
   * `bucketVersioning` (Rook releases that implement it) enables `versioning`.
   * @default []
   */
  readonly additionalConfigFields: readonly AdditionalConfigField[];
  /**
   * Whether the cluster encrypts object data at rest (Ceph OSDs with `encryptedDevice`, RGW
   * server-side encryption with a KMS, or NooBaa). A claim cannot ask for it, so the operator attests it.
   * @default false
   */
  readonly encryptedAtRest: boolean;
}

/**
 * The existing cluster, as a `KubernetesCluster` and every `Namespace` on this target describe it.
 * Both values are public (a URL and a CA certificate), so they live in the stack file; the credential
 * stays in the kubeconfig.
 */
export interface ClusterSettings {
  /** The API server's https URL: `https://api.dc1.example.nl:6443`. */
  readonly apiServerUrl: string;
  /** PEM of the CA that signed the API server's certificate (`certificate-authority-data`, decoded). */
  readonly caCertificate: string;
  /**
   * Whether the cluster's network plugin enforces NetworkPolicy (Calico, Cilium, Antrea; not plain
   * flannel). Without it a namespace's default deny would be an unenforced object, so namespaces
   * are refused until the operator attests it.
   * @default false
   */
  readonly enforcesNetworkPolicy: boolean;
  /**
   * Whether the cluster's authentication reports identity-provider groups (an OIDC groups claim,
   * client certificates' O field, a webhook), so a RoleBinding to a team's group takes effect.
   * @default true - every Kubernetes authenticator reports groups; set false where the IdP sends none
   */
  readonly mapsGroups: boolean;
}

/** An existing Barman Cloud `ObjectStore` that CloudNativePG clusters archive WAL and base backups to. */
export interface BackupObjectStoreSettings {
  /**
   * The name of the `ObjectStore` (barmancloud.cnpg.io/v1), which must exist in each database's
   * namespace: the Barman Cloud plugin reads it from the Cluster's own namespace.
   */
  readonly name: string;
  /**
   * The days the store keeps backups (its `spec.retentionPolicy`, which the store's owner sets): a
   * database asking for more days fails at preview.
   */
  readonly retentionDays: number;
}

/** `wissel:kubernetes.postgres`: where and how `PostgresDatabase` runs on this cluster (CloudNativePG). */
export interface PostgresSettings {
  /**
   * The namespace of databases built without a `namespace` argument.
   * @default - `wissel:kubernetes.namespace`
   */
  readonly namespace?: string;
  /**
   * The StorageClass of the database volumes.
   * @default - the cluster's default StorageClass
   */
  readonly storageClassName?: string;
  /**
   * The Barman Cloud ObjectStore backups go to.
   * @default - none: the cluster offers no databases, since a database without backups is not offered
   */
  readonly backupObjectStore?: BackupObjectStoreSettings;
  /**
   * The namespace the CloudNativePG operator runs in; its pods are let in to the database pods.
   * @default "cnpg-system"
   */
  readonly operatorNamespace: string;
}

/** `wissel:kubernetes`, validated. */
export interface KubernetesSettings {
  /**
   * Path to a kubeconfig file; never its contents (see `parseSettings`).
   * @default - the ambient kubeconfig of the default provider
   */
  readonly kubeconfig?: string;
  /**
   * The kubeconfig context to use.
   * @default - the kubeconfig's current context
   */
  readonly context?: string;
  /** The namespace where claims (and later other namespaced objects) live. */
  readonly namespace: string;
  /** A label for the data centre, shown in placements: `ams-dc1`. */
  readonly region: string;
  /**
   * ISO 3166-1 alpha-2 country of the data centre.
   * @default - the operator's country: an on-premises cluster usually stands in its operator's country
   */
  readonly country: string;
  readonly operator: OperatorSettings;
  /**
   * The cluster's S3 service.
   * @default - none: the cluster offers no buckets, and a Bucket placed on it fails at preview
   */
  readonly objectStorage?: ObjectStorageSettings;
  /**
   * The API server and CA of the cluster, needed by `KubernetesCluster` and `Namespace`.
   * @default - none: a KubernetesCluster or Namespace on this target fails at preview, naming the keys to set
   */
  readonly cluster?: ClusterSettings;
  /**
   * CloudNativePG settings for `PostgresDatabase`.
   * @default - none: databases are refused until a backup object store is named
   */
  readonly postgres?: PostgresSettings;
}

const PREFIX = `${SETTINGS_KEY}.`;
const SUBJECT = "stack config";
const KEYS = ["kubeconfig", "context", "namespace", "region", "country", "operator", "objectStorage", "cluster", "postgres"] as const;
const POSTGRES_KEYS = ["namespace", "storageClassName", "backupObjectStore", "operatorNamespace"] as const;
const BACKUP_STORE_KEYS = ["name", "retentionDays"] as const;
/** The operator's namespace in CloudNativePG's own manifests and Helm chart. */
export const DEFAULT_OPERATOR_NAMESPACE = "cnpg-system";
const CLUSTER_KEYS = ["apiServerUrl", "caCertificate", "enforcesNetworkPolicy", "mapsGroups"] as const;
const OPERATOR_KEYS = ["name", "legalEntity", "country", "foreignJurisdictions", "onPremises"] as const;
const OBJECT_STORAGE_KEYS = ["storageClassName", "endpoint", "region", "additionalConfigFields", "encryptedAtRest"] as const;

/** Example values for the fix commands. */
const EXAMPLES: Readonly<Record<string, string>> = {
  namespace: "team-workspace",
  region: "ams-dc1",
  "operator.name": "'Gemeente Amsterdam'",
  "operator.legalEntity": "'Gemeente Amsterdam'",
  "operator.country": "NL",
  "objectStorage.storageClassName": "rook-ceph-bucket",
  "objectStorage.endpoint": "https://s3.example.nl",
  "cluster.apiServerUrl": "https://api.dc1.example.nl:6443",
  "cluster.caCertificate": "\"$(kubectl config view --raw --minify -o jsonpath='{.clusters[0].cluster.certificate-authority-data}' | base64 -d)\"",
  "cluster.enforcesNetworkPolicy": "true",
  "postgres.namespace": "team-databases",
  "postgres.storageClassName": "ceph-block",
  "postgres.backupObjectStore.name": "pg-backups",
  "postgres.backupObjectStore.retentionDays": "30",
  "postgres.operatorNamespace": "cnpg-system",
};

function setCommand(key: string, value: string = EXAMPLES[key] ?? "<value>"): string {
  return configSetCommand(SETTINGS_KEY, key.split("."), value);
}

/** DNS-1123 subdomain: dot-separated DNS-1123 labels, at most 253 characters. */
function isDns1123Subdomain(value: string): boolean {
  return value.length <= 253 && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(value);
}

/** What a kubeconfig's contents (rather than a path to one) look like. */
function looksLikeKubeconfigContents(value: string): boolean {
  return /[\r\n]/.test(value) || /^\s*[{[]/.test(value) || /^\s*apiVersion\s*:/.test(value);
}

function requiredString(issues: Issues, values: Record<string, unknown>, key: string, field: string, what: string): string | undefined {
  const value = values[key];
  if (value === undefined) {
    issues.add(`${PREFIX}${field}`, value, `is required: ${what}`, `Run ${setCommand(field)}.`);
    return undefined;
  }
  if (typeof value !== "string" || value.trim() === "") {
    issues.add(`${PREFIX}${field}`, value, `must be a non-empty string: ${what}`, `Run ${setCommand(field)}.`);
    return undefined;
  }
  return value;
}

function optionalString(issues: Issues, values: Record<string, unknown>, key: string, what: string): string | undefined {
  const value = values[key];
  if (value === undefined) return undefined;
  if (typeof value !== "string" || value.trim() === "") {
    issues.add(`${PREFIX}${key}`, value, `must be a non-empty string: ${what}`, `Set it, or leave ${PREFIX}${key} out.`);
    return undefined;
  }
  return value;
}

/** Reads a nested object setting; reports it when it is not an object. */
function section(issues: Issues, values: Record<string, unknown>, key: string, known: readonly string[]): Record<string, unknown> | undefined {
  const value = values[key];
  if (value === undefined) return undefined;
  if (!validation.isPlainObject(value)) {
    issues.add(`${PREFIX}${key}`, value, `must be an object with ${known.join(", ")}`, `Set each key with ${setCommand(`${key}.${known[0] ?? ""}`)}.`);
    return undefined;
  }
  validation.checkKnownKeys(issues, value, known, `${PREFIX}${key}.`, `${SETTINGS_KEY}.${key}`);
  return value;
}

function parseOperator(issues: Issues, values: Record<string, unknown>): OperatorSettings | undefined {
  if (values["operator"] === undefined) {
    issues.add(
      `${PREFIX}operator`,
      undefined,
      "is required: who operates the cluster decides where its data may live (wissel:policy)",
      `Run ${setCommand("operator.name")}, ${setCommand("operator.legalEntity")} and ${setCommand("operator.country")}.`,
    );
    return undefined;
  }
  const operator = section(issues, values, "operator", OPERATOR_KEYS);
  if (operator === undefined) return undefined;

  const name = requiredString(issues, operator, "name", "operator.name", "the operator's display name");
  const legalEntity = requiredString(issues, operator, "legalEntity", "operator.legalEntity", "the legal entity that runs the cluster");
  const country = operator["country"];
  if (!isCountryCode(country)) {
    issues.add(
      `${PREFIX}operator.country`,
      country,
      country === undefined ? "is required: the operator's headquarters country, ISO 3166-1 alpha-2" : COUNTRY_CODE_RULE,
      `${countryCodeHint(country)}Run ${setCommand("operator.country", suggestCountryCode(country) ?? "NL")}.`,
    );
  }

  let foreignJurisdictions: string[] = [];
  const rawJurisdictions = operator["foreignJurisdictions"];
  if (rawJurisdictions !== undefined) {
    if (!Array.isArray(rawJurisdictions) || rawJurisdictions.some((j) => typeof j !== "string" || j.trim() === "")) {
      issues.add(
        `${PREFIX}operator.foreignJurisdictions`,
        rawJurisdictions,
        "must be a list of non-empty names of non-EU laws that reach the operator, such as \"US CLOUD Act\"",
        `Write it as a list in the stack file, or leave it out (default: none).`,
      );
    } else {
      foreignJurisdictions = rawJurisdictions as string[];
    }
  }
  const onPremises = validation.optionalBoolean(issues, `${PREFIX}operator.onPremises`, operator["onPremises"], true);

  if (name === undefined || legalEntity === undefined || !isCountryCode(country)) return undefined;
  return { name, legalEntity, country, foreignJurisdictions, onPremises };
}

function parseEndpoint(issues: Issues, value: string): string | undefined {
  const field = `${PREFIX}objectStorage.endpoint`;
  const checked = parseHttpsEndpoint(value, { path: "forbidden" });
  if (checked.ok) return `https://${checked.url.host}`;
  if (checked.url === undefined) {
    // No URL, or one to a port nothing listens on (0, or above 65535).
    issues.add(field, value, checked.problem === "port" ? `must be an absolute https URL, and ${checked.rule}` : "must be an absolute https URL", `Run ${setCommand("objectStorage.endpoint")}.`);
  } else if (checked.problem === "scheme") {
    issues.add(
      field,
      value,
      "must be an https URL: applications reach buckets over TLS only (the claim's in-cluster BUCKET_HOST is plain http, so it cannot serve here)",
      `Set it to the cluster's TLS route or ingress to the RGW or NooBaa S3 service: ${setCommand("objectStorage.endpoint")}.`,
    );
  } else {
    issues.add(
      field,
      value,
      "must be the bare service URL, without a path, query or credentials: S3 clients put the bucket in the path",
      `Run ${setCommand("objectStorage.endpoint", `https://${checked.url.host}`)}.`,
    );
  }
  return undefined;
}

function parseObjectStorage(issues: Issues, values: Record<string, unknown>): ObjectStorageSettings | undefined {
  const storage = section(issues, values, "objectStorage", OBJECT_STORAGE_KEYS);
  if (storage === undefined) return undefined;

  const storageClassName = requiredString(issues, storage, "storageClassName", "objectStorage.storageClassName", "the StorageClass of the cluster's bucket provisioner");
  if (storageClassName !== undefined && !isDns1123Subdomain(storageClassName)) {
    issues.add(
      `${PREFIX}objectStorage.storageClassName`,
      storageClassName,
      "must be a Kubernetes object name (DNS-1123 subdomain: lowercase letters, digits, '-' and '.', at most 253)",
      `Use the name shown by \`kubectl get storageclass\`: ${setCommand("objectStorage.storageClassName")}.`,
    );
  }

  const rawEndpoint = requiredString(issues, storage, "endpoint", "objectStorage.endpoint", "the https URL applications use to reach the cluster's S3 service");
  const endpoint = rawEndpoint === undefined ? undefined : parseEndpoint(issues, rawEndpoint);

  let region = DEFAULT_S3_REGION;
  const rawRegion = storage["region"];
  if (rawRegion !== undefined) {
    if (typeof rawRegion !== "string" || !/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/.test(rawRegion)) {
      issues.add(
        `${PREFIX}objectStorage.region`,
        rawRegion,
        "must be an S3 region name (letters, digits, '.', '_', '-'; at most 63)",
        `Use the region the RGW zonegroup or NooBaa expects, or leave it out (default "${DEFAULT_S3_REGION}").`,
      );
    } else {
      region = rawRegion;
    }
  }

  let additionalConfigFields: AdditionalConfigField[] = [];
  const rawFields = storage["additionalConfigFields"];
  if (rawFields !== undefined) {
    if (!Array.isArray(rawFields)) {
      issues.add(
        `${PREFIX}objectStorage.additionalConfigFields`,
        rawFields,
        "must be a list of ObjectBucketClaim additionalConfig keys",
        `Write it as a list, e.g. [bucketLifecycle], from the operator's ROOK_OBC_ALLOW_ADDITIONAL_CONFIG_FIELDS.`,
      );
    } else {
      rawFields.forEach((field, i) => {
        if (typeof field === "string" && (ADDITIONAL_CONFIG_FIELDS as readonly string[]).includes(field)) {
          if (!additionalConfigFields.includes(field as AdditionalConfigField)) additionalConfigFields.push(field as AdditionalConfigField);
          return;
        }
        const guess = typeof field === "string" ? validation.closest(field, ADDITIONAL_CONFIG_FIELDS) : undefined;
        issues.add(
          `${PREFIX}objectStorage.additionalConfigFields[${i}]`,
          field,
          `must be one of ${ADDITIONAL_CONFIG_FIELDS.join(", ")}`,
          guess !== undefined ? `Did you mean ${guess}?` : "Remove it; list only keys the bucket provisioner accepts.",
        );
      });
    }
  }
  const encryptedAtRest = validation.optionalBoolean(issues, `${PREFIX}objectStorage.encryptedAtRest`, storage["encryptedAtRest"], false);

  if (storageClassName === undefined || endpoint === undefined) return undefined;
  additionalConfigFields = [...additionalConfigFields].sort();
  return { storageClassName, endpoint, region, additionalConfigFields, encryptedAtRest };
}

function parseCluster(issues: Issues, values: Record<string, unknown>): ClusterSettings | undefined {
  const cluster = section(issues, values, "cluster", CLUSTER_KEYS);
  if (cluster === undefined) return undefined;

  const rawUrl = requiredString(issues, cluster, "apiServerUrl", "cluster.apiServerUrl", "the https URL of the cluster's API server");
  let apiServerUrl: string | undefined;
  if (rawUrl !== undefined) {
    // A path is kept: proxies such as Rancher serve a cluster's API below one.
    const checked = parseHttpsEndpoint(rawUrl, { path: "allowed" });
    if (!checked.ok) {
      const rule = "must be an absolute https URL without credentials, query or fragment: the API server is reached over TLS only";
      issues.add(`${PREFIX}cluster.apiServerUrl`, rawUrl, checked.problem === "port" ? `${rule}, and ${checked.rule}` : rule, `Copy the server of the kubeconfig's cluster: ${setCommand("cluster.apiServerUrl")}.`);
    } else {
      const url = checked.url;
      apiServerUrl = url.pathname === "/" ? `https://${url.host}` : `https://${url.host}${url.pathname.replace(/\/+$/, "")}`;
    }
  }

  const caText = requiredString(issues, cluster, "caCertificate", "cluster.caCertificate", "the PEM certificate of the API server's CA");
  let caCertificate: string | undefined;
  if (caText !== undefined) {
    const parsed = parsePemCertificates(caText);
    if (isPemProblem(parsed)) {
      issues.add(
        `${PREFIX}cluster.caCertificate`,
        pemPreview(caText),
        parsed.problem,
        `Decode the kubeconfig's certificate-authority-data: ${setCommand("cluster.caCertificate")}.`,
      );
    } else {
      caCertificate = parsed.pem;
    }
  }
  const enforcesNetworkPolicy = validation.optionalBoolean(issues, `${PREFIX}cluster.enforcesNetworkPolicy`, cluster["enforcesNetworkPolicy"], false);
  const mapsGroups = validation.optionalBoolean(issues, `${PREFIX}cluster.mapsGroups`, cluster["mapsGroups"], true);

  if (apiServerUrl === undefined || caCertificate === undefined) return undefined;
  return { apiServerUrl, caCertificate, enforcesNetworkPolicy, mapsGroups };
}

function parseDnsLabel(issues: Issues, values: Record<string, unknown>, key: string, field: string, what: string): string | undefined {
  const value = values[key];
  if (value === undefined) return undefined;
  if (typeof value !== "string" || !isDns1123Label(value)) {
    issues.add(
      `${PREFIX}${field}`,
      value,
      `must be ${what} (DNS-1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63)`,
      `Run ${setCommand(field)}, or leave it out.`,
    );
    return undefined;
  }
  return value;
}

function parsePostgres(issues: Issues, values: Record<string, unknown>): PostgresSettings | undefined {
  const postgres = section(issues, values, "postgres", POSTGRES_KEYS);
  if (postgres === undefined) return undefined;
  const namespace = parseDnsLabel(issues, postgres, "namespace", "postgres.namespace", "a namespace name");
  const operatorNamespace = parseDnsLabel(issues, postgres, "operatorNamespace", "postgres.operatorNamespace", "the operator's namespace name") ?? DEFAULT_OPERATOR_NAMESPACE;
  let storageClassName: string | undefined;
  const rawClass = postgres["storageClassName"];
  if (rawClass !== undefined) {
    if (typeof rawClass !== "string" || !isDns1123Subdomain(rawClass)) {
      issues.add(
        `${PREFIX}postgres.storageClassName`,
        rawClass,
        "must be a StorageClass name (DNS-1123 subdomain: lowercase letters, digits, '-' and '.')",
        `Pick one from \`kubectl get storageclass\`: ${setCommand("postgres.storageClassName")}, or leave it out for the cluster's default.`,
      );
    } else {
      storageClassName = rawClass;
    }
  }

  let backupObjectStore: BackupObjectStoreSettings | undefined;
  const rawStore = postgres["backupObjectStore"];
  if (rawStore !== undefined) {
    if (!validation.isPlainObject(rawStore)) {
      issues.add(
        `${PREFIX}postgres.backupObjectStore`,
        rawStore,
        `must be an object with ${BACKUP_STORE_KEYS.join(", ")}`,
        `Run ${setCommand("postgres.backupObjectStore.name")} and ${setCommand("postgres.backupObjectStore.retentionDays")}.`,
      );
    } else {
      validation.checkKnownKeys(issues, rawStore, BACKUP_STORE_KEYS, `${PREFIX}postgres.backupObjectStore.`, `${SETTINGS_KEY}.postgres.backupObjectStore`);
      const name = rawStore["name"];
      if (typeof name !== "string" || !isDns1123Subdomain(name)) {
        issues.add(
          `${PREFIX}postgres.backupObjectStore.name`,
          name,
          name === undefined ? "is required: the name of the Barman Cloud ObjectStore backups go to" : "must be an ObjectStore name (DNS-1123 subdomain)",
          `Run ${setCommand("postgres.backupObjectStore.name")} (\`kubectl get objectstores.barmancloud.cnpg.io -n <namespace>\`).`,
        );
      }
      const rawDays = rawStore["retentionDays"];
      const retentionDays = validation.optionalInteger(
        issues,
        `${PREFIX}postgres.backupObjectStore.retentionDays`,
        rawDays,
        { min: 1, max: 3650, unit: "days" },
        `Copy the days of the ObjectStore's spec.retentionPolicy: ${setCommand("postgres.backupObjectStore.retentionDays")}.`,
      );
      if (rawDays === undefined) {
        issues.add(
          `${PREFIX}postgres.backupObjectStore.retentionDays`,
          undefined,
          "is required: how many days the ObjectStore keeps backups (its spec.retentionPolicy)",
          `Copy it from the ObjectStore: ${setCommand("postgres.backupObjectStore.retentionDays")}.`,
        );
      }
      if (typeof name === "string" && isDns1123Subdomain(name) && retentionDays !== undefined) backupObjectStore = { name, retentionDays };
    }
  }
  return {
    ...(namespace !== undefined ? { namespace } : {}),
    ...(storageClassName !== undefined ? { storageClassName } : {}),
    ...(backupObjectStore !== undefined ? { backupObjectStore } : {}),
    operatorNamespace,
  };
}

/** The `pulumi config set` command for a key of `wissel:kubernetes`, with an example value. */
export const settingCommand = (key: string): string => setCommand(key);

/**
 * Parses the raw value of `wissel:kubernetes` (undefined when unset). Throws a WisselError naming
 * each bad key, the value, the rule and the `pulumi config set` command that fixes it.
 *
 * `kubeconfig` takes a path only: the settings are plain text in the stack file, and a kubeconfig's
 * contents hold cluster credentials. Contents belong in the secret `kubernetes:kubeconfig`, which the
 * default provider reads when `kubeconfig` is left out.
 */
export function parseSettings(raw: unknown): KubernetesSettings {
  const issues = new Issues(SUBJECT);
  if (raw === undefined || !validation.isPlainObject(raw)) {
    issues.add(
      SETTINGS_KEY,
      raw,
      raw === undefined ? "is required: an on-premises cluster's namespace, operator and region differ per installation" : "must be an object",
      `Set at least ${setCommand("namespace")}, ${setCommand("region")}, ${setCommand("operator.name")}, ${setCommand("operator.legalEntity")} and ${setCommand("operator.country")}.`,
    );
    issues.throwIfAny();
  }
  const values = raw as Record<string, unknown>;
  validation.checkKnownKeys(issues, values, KEYS, PREFIX, SETTINGS_KEY);

  let kubeconfig = optionalString(issues, values, "kubeconfig", "a path to a kubeconfig file");
  if (kubeconfig !== undefined && looksLikeKubeconfigContents(kubeconfig)) {
    issues.add(
      `${PREFIX}kubeconfig`,
      kubeconfig,
      "must be a path to a kubeconfig file, not its contents: the stack file is plain text and a kubeconfig holds credentials",
      `Save it to a file and set the path (${setCommand("kubeconfig", "~/.kube/amsterdam.yaml")}), or remove ${PREFIX}kubeconfig and run \`pulumi config set --secret kubernetes:kubeconfig "$(cat kubeconfig.yaml)"\` for the default provider.`,
      { secret: true },
    );
    kubeconfig = undefined;
  }
  const context = optionalString(issues, values, "context", "a context name of the kubeconfig");

  const namespace = requiredString(issues, values, "namespace", "namespace", "the namespace where claims live");
  if (namespace !== undefined && !isDns1123Label(namespace)) {
    issues.add(
      `${PREFIX}namespace`,
      namespace,
      "must be a namespace name (DNS-1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63)",
      `Run ${setCommand("namespace")}.`,
    );
  }
  const region = requiredString(issues, values, "region", "region", "a label for the data centre, shown in placements");
  if (region !== undefined && !isDns1123Label(region)) {
    issues.add(`${PREFIX}region`, region, "must be a short label of lowercase letters, digits and '-' (at most 63)", `Run ${setCommand("region")}.`);
  }

  const operator = parseOperator(issues, values);
  let country = operator?.country;
  const rawCountry = values["country"];
  if (rawCountry !== undefined) {
    if (!isCountryCode(rawCountry)) {
      issues.add(
        `${PREFIX}country`,
        rawCountry,
        COUNTRY_CODE_RULE,
        `${countryCodeHint(rawCountry)}Run ${setCommand("country", suggestCountryCode(rawCountry) ?? "NL")}, or leave it out to use the operator's country.`,
      );
    } else {
      country = rawCountry;
    }
  }
  const objectStorage = parseObjectStorage(issues, values);
  const cluster = parseCluster(issues, values);
  const postgres = parsePostgres(issues, values);

  issues.throwIfAny();
  return {
    ...(kubeconfig !== undefined ? { kubeconfig } : {}),
    ...(context !== undefined ? { context } : {}),
    namespace: namespace!,
    region: region!,
    country: country!,
    operator: operator!,
    ...(objectStorage !== undefined ? { objectStorage } : {}),
    ...(cluster !== undefined ? { cluster } : {}),
    ...(postgres !== undefined ? { postgres } : {}),
  };
}
