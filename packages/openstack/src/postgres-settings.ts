/**
 * `wissel:openstack.postgres`: how a PostgresDatabase runs on this cloud. Without Trove (the default)
 * it runs as CloudNativePG on a Magnum cluster of the program; with `trove: true` it is a Trove
 * instance, and Trove's datastore versions, flavors, network, TLS authority and the seed of the app
 * passwords differ per cloud, so the stack names them. The whole section is optional.
 */
import {
  POSTGRES_VERSIONS,
  configSetCommand,
  isPemProblem,
  parsePemCertificates,
  setting,
  settingFragments,
  v,
  validation,
  type SettingInfo,
} from "@wissel/core";
import { OPENSTACK_KEY } from "./vendor";
import { FLAVOR_WITH_ID, flavorTable } from "./flavors";
import { code, isOpenStackName, openStackName, setCommand } from "./openstack-names";

/** The config path of this section. */
export const POSTGRES_PREFIX = "wissel:openstack.postgres";

/** Trove's devstack plugin and documentation register PostgreSQL under this datastore name. */
export const DEFAULT_TROVE_DATASTORE = "postgresql";

/** The shortest seed accepted: 32 characters of `openssl rand -base64 32` carry 192 bits. */
const MIN_SEED_LENGTH = 32;

/** The command that sets the password seed, for messages. */
export const SEED_COMMAND = configSetCommand(
  OPENSTACK_KEY,
  ["postgres", "passwordSeed"],
  '"$(openssl rand -base64 32)"',
  { code: true, secret: true },
);

const CA_FIX =
  "Put the PEM of the CA that signs the certificate you store in Barbican for Trove's SSL action in the stack file (a YAML block scalar, `caCertificate: |`). Without it, Wissel would hand applications a connection it cannot verify.";
const SEED_RULE = `must be a secret string of at least ${MIN_SEED_LENGTH} printable characters without spaces`;
const VERSIONS_RULE =
  'must map each PostgreSQL major to Trove\'s datastore version name, e.g. { "17": "17.4" }';
const MAJOR_RULE = `must be keyed by a PostgreSQL major Wissel offers (${POSTGRES_VERSIONS.join(", ")})`;
const BACKUP_STORE_FIX = `Run ${setCommand(["postgres", "backupObjectStore", "name"], "pg-backups")} and ${setCommand(["postgres", "backupObjectStore", "retentionDays"], "30")} for a Barman Cloud ObjectStore in the databases' namespace (\`kubectl get objectstores.barmancloud.cnpg.io -n <namespace>\`).`;

/** What Trove needs on this cloud; read only with `trove: true` (see `withoutIdleTrove`). */
const TROVE_ENTRIES = {
  /** The private Neutron network the instances attach to (`openstack network list`). */
  networkId: v.optional(
    openStackName(
      "the private network of the instances",
      "<network-id>",
      "the private network the database instances attach to (`openstack network list --internal`)",
    ),
  ),
  /** Trove's datastore name for PostgreSQL. @default "postgresql" */
  datastore: v.optional(
    openStackName(
      "Trove's datastore name for PostgreSQL",
      DEFAULT_TROVE_DATASTORE,
      "the name `openstack datastore list` shows, or leave it out",
      "must be Trove's datastore name for PostgreSQL",
    ),
  ),
  /** Trove's datastore version name for each PostgreSQL major this cloud offers: `{ "17": "17.4" }`. */
  versions: v.optional(
    setting(
      v.pipe(
        v.record(
          v.string(),
          setting(
            v.pipe(
              v.string("must be Trove's datastore version name"),
              v.check(
                (value: string) => isOpenStackName(value),
                "must be Trove's datastore version name",
              ),
            ),
            {
              fix: 'Key each datastore version by its PostgreSQL major, e.g. versions: { "17": "17.4" }, with a version of that major from `openstack datastore version list postgresql`.',
            },
          ),
          VERSIONS_RULE,
        ),
        v.check((versions) => Object.keys(versions).length > 0, VERSIONS_RULE),
        v.rawCheck(({ dataset, addIssue }) => {
          const versions = dataset.value;
          if (!validation.isPlainObject(versions)) return;
          for (const [major, name] of Object.entries(versions)) {
            if (POSTGRES_VERSIONS.map(String).includes(major)) continue;
            addIssue({
              message: MAJOR_RULE,
              input: name,
              path: [{ type: "object", origin: "value", input: versions, key: major, value: name }],
            });
          }
        }),
      ),
      {
        fix: `Run ${setCommand(["postgres", "versions", "17"], "<datastore-version>")} with a version from \`openstack datastore version list postgresql\`.`,
      },
    ),
  ),
  /** The flavors a database may use; the smallest that meets its request is chosen. */
  flavors: v.optional(
    flavorTable(
      FLAVOR_WITH_ID,
      "the flavors database instances may use",
      `List them in the stack file, or run ${setCommand(["postgres", "flavors", 0, "name"], "<flavor>")}, ${setCommand(["postgres", "flavors", 0, "id"], "<flavor-id>")}, ${setCommand(["postgres", "flavors", 0, "vcpu"], "2")} and ${setCommand(["postgres", "flavors", 0, "memoryGiB"], "4")} from \`openstack flavor list\`.`,
    ),
  ),
  /** Trove's `max_accepted_volume_size` on this cloud, in GiB. @default - not checked before deploy */
  maxVolumeGiB: v.optional(
    setting(settingFragments.wholeNumber(10, 16_384, "GiB"), {
      fix: `Run ${setCommand(["postgres", "maxVolumeGiB"], "500")} with the cloud's Trove max_accepted_volume_size, or leave it out.`,
    }),
  ),
  /**
   * PEM of the CA that signs the server certificates enabled with Trove's SSL action; clients verify
   * the server against it.
   */
  caCertificate: v.optional(
    setting(
      settingFragments.pemCertificates("the CA that signs Trove's server certificates", {
        ca: true,
      }),
      {
        // The issue shows only the PEM's first line: whether it was a leaf is read from the stack's value.
        fix: ({ root }) =>
          leaf(root)
            ? "Use the certificate of the CA that signed the server certificate, not the server certificate itself."
            : CA_FIX,
      },
    ),
  ),
  /** Secret from which each database's app password is derived (HMAC per project, stack and name). */
  passwordSeed: v.optional(
    setting(
      v.pipe(
        v.string(SEED_RULE),
        v.minLength(MIN_SEED_LENGTH, SEED_RULE),
        v.regex(/^[\x21-\x7e]+$/, SEED_RULE),
      ),
      {
        // The seed is a secret: messages describe it, never show it.
        secret: true,
        fix: `Run ${SEED_COMMAND}.`,
      },
    ),
  ),
  /**
   * The operator attests that Trove backups are scheduled outside Pulumi (the OpenStack provider has
   * no resource for them), keeping at least this many days. Without it a Trove database is refused,
   * so `backupRetentionDays` is never dropped silently.
   * @default - none: databases are refused
   */
  scheduledBackupRetentionDays: v.optional(
    setting(settingFragments.wholeNumber(1, 3650, "days"), {
      fix: `Run ${setCommand(["postgres", "scheduledBackupRetentionDays"], "14")} with the days the backups scheduled outside Pulumi keep, or leave it out.`,
    }),
  ),
};

/** Whether the stack's CA certificate was refused for being a server certificate rather than its CA. */
function leaf(root: unknown): boolean {
  const pem =
    validation.isPlainObject(root) && validation.isPlainObject(root["postgres"])
      ? root["postgres"]["caCertificate"]
      : undefined;
  if (typeof pem !== "string") return false;
  const parsed = parsePemCertificates(pem, { ca: true });
  return isPemProblem(parsed) && parsed.problem.includes("leaf");
}

/** What `trove: true` cannot do without, and why. */
const REQUIRED_WITH_TROVE = {
  networkId: "is required with trove",
  versions:
    "is required with trove: it names Trove's datastore version for each PostgreSQL major this cloud offers",
  flavors:
    "is required with trove: flavors differ per cloud, so the stack lists those database instances may use",
  caCertificate:
    "is required with trove: the OpenStack provider cannot turn on Trove's TLS, so clients verify the server against this CA and refuse a server without TLS",
  passwordSeed:
    "is required with trove: each database's app password is derived from it, so passwords stay the same on every run without another provider",
} as const;

/** Kubernetes object names (DNS-1123 subdomains). */
const DNS_SUBDOMAIN =
  /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

function kubernetesName(rule: string, info: SettingInfo) {
  return setting(v.pipe(v.string(rule), v.regex(DNS_SUBDOMAIN, rule)), info);
}

const KUBERNETES_NAME_RULE =
  "must be a Kubernetes name (DNS-1123 subdomain: lowercase letters, digits, '-' and '.')";

const SECTION = v.strictObject(
  {
    /** Whether databases are Trove instances. @default false: CloudNativePG on a Magnum cluster */
    trove: settingFragments.flag(false),
    ...TROVE_ENTRIES,
    /**
     * Without Trove: the existing Barman Cloud `ObjectStore` (in each database's namespace) that
     * CloudNativePG archives WAL and daily base backups to.
     * @default - none: databases are refused, since a database without backups is not offered
     */
    backupObjectStore: v.optional(
      setting(
        v.strictObject(
          {
            /** The ObjectStore's name (barmancloud.cnpg.io/v1), e.g. one pointing at a Swift container through S3. */
            name: kubernetesName("must be an ObjectStore name (DNS-1123 subdomain)", {
              what: "the name of the Barman Cloud ObjectStore backups go to",
              example: "pg-backups",
              fix: BACKUP_STORE_FIX,
            }),
            /** The days the store keeps backups (its `spec.retentionPolicy`). */
            retentionDays: setting(settingFragments.wholeNumber(1, 3650, "days"), {
              what: "how many days the ObjectStore keeps backups (its spec.retentionPolicy)",
              example: "30",
              fix: ({ input, command }) =>
                input === undefined
                  ? BACKUP_STORE_FIX
                  : `Copy the days of the ObjectStore's spec.retentionPolicy: ${code(command())}.`,
            }),
          },
          "must be an object with name and retentionDays",
        ),
        { fix: BACKUP_STORE_FIX },
      ),
    ),
    /** Without Trove: the StorageClass of the database volumes. @default - the Magnum cluster's default */
    storageClassName: v.optional(
      kubernetesName(KUBERNETES_NAME_RULE, {
        what: "the StorageClass of the database volumes",
        example: "ceph-block",
        fix: ({ command }) =>
          `Run ${code(command())} with a StorageClass from \`kubectl get storageclass\`, or leave it out.`,
      }),
    ),
    /** Without Trove: the CloudNativePG operator's namespace. @default "cnpg-system" */
    operatorNamespace: v.optional(
      kubernetesName(KUBERNETES_NAME_RULE, {
        what: "the CloudNativePG operator's namespace",
        example: "cnpg-system",
        fix: ({ command }) =>
          `Run ${code(command())} with the namespace CloudNativePG's operator runs in, or leave it out.`,
      }),
    ),
  },
  "must be an object such as { trove: false }",
);

/** `wissel:openstack.postgres`: the flat section as the stack writes it, turned into Trove's settings or CloudNativePG's. */
export const POSTGRES = setting(
  v.pipe(
    SECTION,
    v.rawCheck(({ dataset, addIssue }) => {
      const section = dataset.value;
      if (!validation.isPlainObject(section) || section["trove"] !== true) return;
      for (const [key, message] of Object.entries(REQUIRED_WITH_TROVE)) {
        if (section[key] !== undefined) continue;
        addIssue({
          message,
          input: undefined,
          received: "nothing",
          path: [{ type: "object", origin: "value", input: section, key, value: undefined }],
        });
      }
    }),
    v.transform(
      ({
        trove,
        networkId,
        datastore,
        versions,
        flavors,
        maxVolumeGiB,
        caCertificate,
        passwordSeed,
        scheduledBackupRetentionDays,
        ...cloudNative
      }): PostgresSettings => ({
        ...cloudNative,
        ...(trove
          ? {
              trove: {
                networkId: networkId!,
                datastore: datastore ?? DEFAULT_TROVE_DATASTORE,
                versions: versions!,
                flavors: flavors!,
                ...(maxVolumeGiB !== undefined ? { maxVolumeGiB } : {}),
                caCertificate: caCertificate!,
                passwordSeed: passwordSeed!,
                ...(scheduledBackupRetentionDays !== undefined
                  ? { scheduledBackupRetentionDays }
                  : {}),
              },
            }
          : {}),
      }),
    ),
  ),
  {
    fix: `Leave it out to run PostgreSQL as CloudNativePG on a Magnum cluster, or run ${setCommand(["postgres", "trove"], "true")} and describe Trove.`,
  },
);

/**
 * Without `trove: true` the Trove settings are not read at all, so a cloud without Trove never has
 * to satisfy them: the stack's postgres section without them.
 */
export function withoutIdleTrove(raw: unknown): unknown {
  if (
    !validation.isPlainObject(raw) ||
    !validation.isPlainObject(raw["postgres"]) ||
    raw["postgres"]["trove"] === true
  )
    return raw;
  const postgres = Object.fromEntries(
    Object.entries(raw["postgres"]).filter(([key]) => !(key in TROVE_ENTRIES)),
  );
  return { ...raw, postgres };
}

type Section = v.InferOutput<typeof SECTION>;
type Given<K extends keyof Section> = { readonly [P in K]-?: NonNullable<Section[P]> };
type Maybe<K extends keyof Section> = { readonly [P in K]?: Section[P] };

/** What Trove needs on this cloud, validated. */
export type TroveSettings = Given<keyof typeof REQUIRED_WITH_TROVE | "datastore"> &
  Maybe<"maxVolumeGiB" | "scheduledBackupRetentionDays">;
/** `wissel:openstack.postgres`, validated and defaulted: `trove` only when Trove runs the databases. */
export type PostgresSettings = Maybe<
  "backupObjectStore" | "storageClassName" | "operatorNamespace"
> & { readonly trove?: TroveSettings };
/** A Nova flavor Trove may use, with the id Trove's API takes. */
export type TroveFlavor = TroveSettings["flavors"][number];
/** An existing Barman Cloud `ObjectStore` that CloudNativePG backs up to. */
export type BackupObjectStore = NonNullable<PostgresSettings["backupObjectStore"]>;
