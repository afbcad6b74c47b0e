/**
 * `wissel:openstack.postgres`: how a PostgresDatabase runs on this cloud. Without Trove (the default)
 * it runs as CloudNativePG on a Magnum cluster of the program; with `trove: true` it is a Trove
 * instance, and Trove's datastore versions, flavors, network, TLS authority and the seed of the app
 * passwords differ per cloud, so the stack names them. The whole section is optional.
 */
import { Issues, POSTGRES_VERSIONS, configSetCommand, isPemProblem, parsePemCertificates, pemPreview, validation } from "@wissel/core";
import { OPENSTACK_KEY } from "./vendor";
import { isOpenStackName, parseFlavorTable, type Flavor } from "./kubernetes-settings";

/** A Nova flavor Trove may use, with the id Trove's API takes. */
export interface TroveFlavor extends Flavor {
  readonly id: string;
}

/** What Trove needs on this cloud, validated. */
export interface TroveSettings {
  /** The private Neutron network the instances attach to (`openstack network list`). */
  readonly networkId: string;
  /** Trove's datastore name for PostgreSQL. @default "postgresql" */
  readonly datastore: string;
  /** Trove's datastore version name for each PostgreSQL major this cloud offers: `{ "17": "17.4" }`. */
  readonly versions: Readonly<Record<string, string>>;
  /** The flavors a database may use; the smallest that meets its request is chosen. */
  readonly flavors: readonly TroveFlavor[];
  /** Trove's `max_accepted_volume_size` on this cloud, in GiB. @default - not checked before deploy */
  readonly maxVolumeGiB?: number;
  /**
   * PEM of the CA that signs the server certificates enabled with Trove's SSL action; clients verify
   * the server against it.
   */
  readonly caCertificate: string;
  /** Secret from which each database's app password is derived (HMAC per project, stack and name). */
  readonly passwordSeed: string;
  /**
   * The operator attests that Trove backups are scheduled outside Pulumi (the OpenStack provider has
   * no resource for them), keeping at least this many days. Without it a Trove database is refused,
   * so `backupRetentionDays` is never dropped silently.
   * @default - none: databases are refused
   */
  readonly scheduledBackupRetentionDays?: number;
}

/** An existing Barman Cloud `ObjectStore` (in each database's namespace) that CloudNativePG backs up to. */
export interface BackupObjectStore {
  /** The ObjectStore's name (barmancloud.cnpg.io/v1), e.g. one pointing at a Swift container through S3. */
  readonly name: string;
  /** The days the store keeps backups (its `spec.retentionPolicy`). */
  readonly retentionDays: number;
}

/** `wissel:openstack.postgres`, validated and defaulted. */
export interface PostgresSettings {
  /** Trove's settings when `trove` is true; undefined when databases run as CloudNativePG on Magnum. */
  readonly trove?: TroveSettings;
  /**
   * Without Trove: the ObjectStore CloudNativePG archives WAL and daily base backups to.
   * @default - none: databases are refused, since a database without backups is not offered
   */
  readonly backupObjectStore?: BackupObjectStore;
  /** Without Trove: the StorageClass of the database volumes. @default - the Magnum cluster's default */
  readonly storageClassName?: string;
  /** Without Trove: the CloudNativePG operator's namespace. @default "cnpg-system" */
  readonly operatorNamespace?: string;
}

/** The config path of this section. */
export const POSTGRES_PREFIX = "wissel:openstack.postgres";
const PREFIX = `${POSTGRES_PREFIX}.`;

const KEYS = [
  "trove",
  "networkId",
  "datastore",
  "versions",
  "flavors",
  "maxVolumeGiB",
  "caCertificate",
  "passwordSeed",
  "scheduledBackupRetentionDays",
  "backupObjectStore",
  "storageClassName",
  "operatorNamespace",
] as const;

/** Kubernetes object names (DNS-1123 subdomains). */
const DNS_SUBDOMAIN = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Trove's devstack plugin and documentation register PostgreSQL under this datastore name. */
export const DEFAULT_TROVE_DATASTORE = "postgresql";

/** The shortest seed accepted: 32 characters of `openssl rand -base64 32` carry 192 bits. */
const MIN_SEED_LENGTH = 32;

/** The command that sets the password seed, for messages. */
export const SEED_COMMAND = configSetCommand(OPENSTACK_KEY, ["postgres", "passwordSeed"], '"$(openssl rand -base64 32)"', { code: true, secret: true });

/** Parses `wissel:openstack.postgres` into `issues`; undefined when absent or invalid. */
export function parsePostgresSettings(issues: Issues, raw: unknown): PostgresSettings | undefined {
  if (raw === undefined) return undefined;
  if (!validation.isPlainObject(raw)) {
    issues.add(POSTGRES_PREFIX, raw, "must be an object such as { trove: false }", `Leave it out to run PostgreSQL as CloudNativePG on a Magnum cluster, or run ${configSetCommand(OPENSTACK_KEY, ["postgres", "trove"], "true", { code: true })} and describe Trove.`);
    return undefined;
  }
  const before = issues.count;
  validation.checkKnownKeys(issues, raw, KEYS, PREFIX, POSTGRES_PREFIX);
  const trove = validation.optionalBoolean(issues, `${PREFIX}trove`, raw["trove"], false);
  const backupObjectStore = parseBackupObjectStore(issues, raw["backupObjectStore"]);
  const storageClassName = kubernetesName(issues, "storageClassName", raw["storageClassName"], "ceph-block", "a StorageClass from `kubectl get storageclass`");
  const operatorNamespace = kubernetesName(issues, "operatorNamespace", raw["operatorNamespace"], "cnpg-system", "the namespace CloudNativePG's operator runs in");
  const cloudNative: PostgresSettings = {
    ...(backupObjectStore !== undefined ? { backupObjectStore } : {}),
    ...(storageClassName !== undefined ? { storageClassName } : {}),
    ...(operatorNamespace !== undefined ? { operatorNamespace } : {}),
  };
  // Without Trove, the Kubernetes path needs nothing from a cloud that may not run Trove at all.
  if (!trove) return issues.count > before ? undefined : cloudNative;

  const networkId = required(issues, "networkId", raw["networkId"], "<network-id>", "the private network the database instances attach to (`openstack network list --internal`)");
  let datastore = DEFAULT_TROVE_DATASTORE;
  if (raw["datastore"] !== undefined) {
    if (isOpenStackName(raw["datastore"])) datastore = raw["datastore"];
    else issues.add(`${PREFIX}datastore`, raw["datastore"], "must be Trove's datastore name for PostgreSQL", `Run ${configSetCommand(OPENSTACK_KEY, ["postgres", "datastore"], DEFAULT_TROVE_DATASTORE, { code: true })} with the name \`openstack datastore list\` shows, or leave it out.`);
  }
  const versions = parseVersions(issues, raw["versions"]);
  const flavorField = `${PREFIX}flavors`;
  const flavors = parseFlavorTable(issues, raw["flavors"], {
    field: flavorField,
    missingRule: "is required with trove: flavors differ per cloud, so the stack lists those database instances may use",
    fix: `List them in the stack file, or run ${configSetCommand(OPENSTACK_KEY, ["postgres", "flavors", 0, "name"], "<flavor>", { code: true })}, ${configSetCommand(OPENSTACK_KEY, ["postgres", "flavors", 0, "id"], "<flavor-id>", { code: true })}, ${configSetCommand(OPENSTACK_KEY, ["postgres", "flavors", 0, "vcpu"], "2", { code: true })} and ${configSetCommand(OPENSTACK_KEY, ["postgres", "flavors", 0, "memoryGiB"], "4", { code: true })} from \`openstack flavor list\`.`,
    withId: true,
  });
  const maxVolumeGiB = validation.optionalInteger(
    issues,
    `${PREFIX}maxVolumeGiB`,
    raw["maxVolumeGiB"],
    { min: 10, max: 16_384, unit: "GiB" },
    `Run ${configSetCommand(OPENSTACK_KEY, ["postgres", "maxVolumeGiB"], "500", { code: true })} with the cloud's Trove max_accepted_volume_size, or leave it out.`,
  );
  const caCertificate = parseCaCertificate(issues, raw["caCertificate"]);
  const passwordSeed = parseSeed(issues, raw["passwordSeed"]);
  const scheduledBackupRetentionDays = validation.optionalInteger(
    issues,
    `${PREFIX}scheduledBackupRetentionDays`,
    raw["scheduledBackupRetentionDays"],
    { min: 1, max: 3650, unit: "days" },
    `Run ${configSetCommand(OPENSTACK_KEY, ["postgres", "scheduledBackupRetentionDays"], "14", { code: true })} with the days the backups scheduled outside Pulumi keep, or leave it out.`,
  );

  if (issues.count > before) return undefined;
  return {
    ...cloudNative,
    trove: {
      networkId: networkId!,
      datastore,
      versions: versions!,
      flavors: flavors!.map((f) => ({ ...f, id: f.id ?? f.name })),
      ...(maxVolumeGiB !== undefined ? { maxVolumeGiB } : {}),
      caCertificate: caCertificate!,
      passwordSeed: passwordSeed!,
      ...(scheduledBackupRetentionDays !== undefined ? { scheduledBackupRetentionDays } : {}),
    },
  };
}

function required(issues: Issues, key: string, value: unknown, example: string, what: string): string | undefined {
  if (isOpenStackName(value)) return value;
  issues.add(
    `${PREFIX}${key}`,
    value,
    value === undefined ? "is required with trove" : "must be an OpenStack name or id: letters, digits, spaces, '.', '_', ':', '/' and '-', at most 255 characters",
    `Run ${configSetCommand(OPENSTACK_KEY, ["postgres", key], example, { code: true })} with ${what}.`,
  );
  return undefined;
}

function parseVersions(issues: Issues, value: unknown): Record<string, string> | undefined {
  const field = `${PREFIX}versions`;
  const example = `${configSetCommand(OPENSTACK_KEY, ["postgres", "versions", "17"], "<datastore-version>", { code: true })} with a version from \`openstack datastore version list postgresql\``;
  if (!validation.isPlainObject(value) || Object.keys(value).length === 0) {
    issues.add(
      field,
      value,
      value === undefined
        ? "is required with trove: it names Trove's datastore version for each PostgreSQL major this cloud offers"
        : 'must map each PostgreSQL major to Trove\'s datastore version name, e.g. { "17": "17.4" }',
      `Run ${example}.`,
    );
    return undefined;
  }
  const versions: Record<string, string> = {};
  for (const [major, name] of Object.entries(value)) {
    const path = `${field}["${major}"]`;
    if (!POSTGRES_VERSIONS.map(String).includes(major)) {
      issues.add(path, name, `must be keyed by a PostgreSQL major Wissel offers (${POSTGRES_VERSIONS.join(", ")})`, 'Key the datastore version by its major, e.g. versions: { "17": "17.4" }.');
    } else if (!isOpenStackName(name)) {
      issues.add(path, name, "must be Trove's datastore version name", `Set it to a version of PostgreSQL ${major} from \`openstack datastore version list postgresql\`.`);
    } else {
      versions[major] = name;
    }
  }
  return versions;
}

function parseCaCertificate(issues: Issues, value: unknown): string | undefined {
  const field = `${PREFIX}caCertificate`;
  const fix =
    "Put the PEM of the CA that signs the certificate you store in Barbican for Trove's SSL action in the stack file (a YAML block scalar, `caCertificate: |`). Without it, Wissel would hand applications a connection it cannot verify.";
  if (value === undefined) {
    issues.add(field, value, "is required with trove: the OpenStack provider cannot turn on Trove's TLS, so clients verify the server against this CA and refuse a server without TLS", fix);
    return undefined;
  }
  if (typeof value !== "string") {
    issues.add(field, value, "must be one PEM certificate (-----BEGIN CERTIFICATE----- … -----END CERTIFICATE-----)", fix);
    return undefined;
  }
  const parsed = parsePemCertificates(value, { ca: true });
  if (isPemProblem(parsed)) {
    const leafFix = "Use the certificate of the CA that signed the server certificate, not the server certificate itself.";
    issues.add(field, pemPreview(value), parsed.problem, parsed.problem.includes("leaf") ? leafFix : fix);
    return undefined;
  }
  return parsed.pem;
}

function parseSeed(issues: Issues, value: unknown): string | undefined {
  const field = `${PREFIX}passwordSeed`;
  if (typeof value === "string" && value.length >= MIN_SEED_LENGTH && /^[\x21-\x7e]+$/.test(value)) return value;
  issues.add(
    field,
    value,
    value === undefined
      ? "is required with trove: each database's app password is derived from it, so passwords stay the same on every run without another provider"
      : `must be a secret string of at least ${MIN_SEED_LENGTH} printable characters without spaces`,
    `Run ${SEED_COMMAND}.`,
    // The seed is a secret: messages describe it, never show it.
    { secret: true },
  );
  return undefined;
}

function kubernetesName(issues: Issues, key: string, value: unknown, example: string, what: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === "string" && DNS_SUBDOMAIN.test(value)) return value;
  issues.add(
    `${PREFIX}${key}`,
    value,
    "must be a Kubernetes name (DNS-1123 subdomain: lowercase letters, digits, '-' and '.')",
    `Run ${configSetCommand(OPENSTACK_KEY, ["postgres", key], example, { code: true })} with ${what}, or leave it out.`,
  );
  return undefined;
}

function parseBackupObjectStore(issues: Issues, value: unknown): BackupObjectStore | undefined {
  const field = `${PREFIX}backupObjectStore`;
  const fix = `Run ${configSetCommand(OPENSTACK_KEY, ["postgres", "backupObjectStore", "name"], "pg-backups", { code: true })} and ${configSetCommand(OPENSTACK_KEY, ["postgres", "backupObjectStore", "retentionDays"], "30", { code: true })} for a Barman Cloud ObjectStore in the databases' namespace (\`kubectl get objectstores.barmancloud.cnpg.io -n <namespace>\`).`;
  if (value === undefined) return undefined;
  if (!validation.isPlainObject(value)) {
    issues.add(field, value, "must be an object with name and retentionDays", fix);
    return undefined;
  }
  const before = issues.count;
  validation.checkKnownKeys(issues, value, ["name", "retentionDays"], `${field}.`, field);
  const name = value["name"];
  if (typeof name !== "string" || !DNS_SUBDOMAIN.test(name)) {
    issues.add(`${field}.name`, name, name === undefined ? "is required: the name of the Barman Cloud ObjectStore backups go to" : "must be an ObjectStore name (DNS-1123 subdomain)", fix);
  }
  const retentionDays = validation.optionalInteger(issues, `${field}.retentionDays`, value["retentionDays"], { min: 1, max: 3650, unit: "days" }, `Copy the days of the ObjectStore's spec.retentionPolicy: ${configSetCommand(OPENSTACK_KEY, ["postgres", "backupObjectStore", "retentionDays"], "30", { code: true })}.`);
  if (value["retentionDays"] === undefined) {
    issues.add(`${field}.retentionDays`, undefined, "is required: how many days the ObjectStore keeps backups (its spec.retentionPolicy)", fix);
  }
  if (issues.count > before) return undefined;
  return { name: name as string, retentionDays: retentionDays! };
}
