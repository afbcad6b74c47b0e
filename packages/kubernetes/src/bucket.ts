/**
 * `Bucket` on Kubernetes: an ObjectBucketClaim that the cluster's Rook (Ceph RGW) or NooBaa
 * provisioner binds to a new bucket and a new S3 user, then a read of the Secret the provisioner
 * writes next to the claim for that user's keys.
 */
import * as pulumi from "@pulumi/pulumi";
import { CustomResource } from "@pulumi/kubernetes/apiextensions";
import { Secret } from "@pulumi/kubernetes/core/v1";
import {
  defineBlock,
  planOrIssues,
  s3BucketName,
  type BucketBinding,
  type BucketSpec,
  type BuildContext,
  type BuildResult,
  type Decision,
  type Issue,
} from "@wissel/core";
import { bucketPhysicalNames, claimName } from "./names";
import { providerOption } from "./provider";
import { settingCommand, type KubernetesSettings, type ObjectStorageSettings } from "./settings";
import { CREDENTIAL_KEYS, OBJECT_BUCKET_CLAIM, SETTINGS_KEY, WAIT_FOR_BOUND } from "./vendor";

/** The `spec` of an ObjectBucketClaim, as this adapter writes it. */
export interface ObjectBucketClaimSpec {
  readonly bucketName: string;
  readonly storageClassName: string;
  readonly additionalConfig?: Readonly<Record<string, string>>;
}

/** Lifecycle rule id; Rook wants rules sorted by ID to apply them idempotently, and there is one. */
export const EXPIRE_RULE_ID = "wissel-expire-after-days";

/**
 * The claim's `additionalConfig` for a spec: `bucketLifecycle` for `expireAfterDays`, and
 * `bucketVersioning` whenever the provisioner accepts it. Core has already rejected any feature the
 * provisioner does not accept, so a field is only written where `additionalConfigFields` allows it.
 */
export function additionalConfig(
  spec: BucketSpec,
  storage: ObjectStorageSettings,
): Record<string, string> | undefined {
  const config: Record<string, string> = {};
  if (storage.additionalConfigFields.includes("bucketVersioning")) {
    // Always written where accepted: Rook leaves versioning unmanaged when the key is absent, so
    // turning versioning off must say "Suspended" (a bucket can never return to unversioned).
    config["bucketVersioning"] = spec.versioning ? "Enabled" : "Suspended";
  }
  if (spec.expireAfterDays !== undefined) {
    config["bucketLifecycle"] = JSON.stringify({
      Rules: [
        {
          ID: EXPIRE_RULE_ID,
          Status: "Enabled",
          Prefix: "",
          Expiration: { Days: spec.expireAfterDays },
        },
      ],
    });
  }
  return Object.keys(config).length > 0 ? config : undefined;
}

/** The claim spec for a bucket name and bucket spec. */
export function claimSpec(
  bucketName: string,
  spec: BucketSpec,
  storage: ObjectStorageSettings,
): ObjectBucketClaimSpec {
  const config = additionalConfig(spec, storage);
  return {
    // A fixed name rather than generateBucketName: known at preview, stable across runs, and no
    // ConfigMap read to learn it. The hash of project, stack and name keeps it unique in the store.
    bucketName,
    storageClassName: storage.storageClassName,
    ...(config !== undefined ? { additionalConfig: config } : {}),
  };
}

/**
 * The S3 keys in the base64 `data` of a claim's Secret. Throws, failing the deployment with the
 * reason, when a key is missing (a storage class whose provisioner writes no S3 credentials).
 */
export function credentialsFromSecretData(
  data: Readonly<Record<string, string>> | undefined,
  secretId: string,
): { accessKeyId: string; secretAccessKey: string } {
  const decode = (key: string): string => {
    const encoded = data?.[key];
    if (encoded === undefined || encoded === "") {
      throw new Error(
        `Secret ${secretId} has no ${key}: the storage class's provisioner did not write S3 credentials. Check that ${SETTINGS_KEY}.objectStorage.storageClassName names a Rook or NooBaa bucket class.`,
      );
    }
    return Buffer.from(encoded, "base64").toString("utf8");
  };
  return {
    accessKeyId: decode(CREDENTIAL_KEYS.accessKeyId),
    secretAccessKey: decode(CREDENTIAL_KEYS.secretAccessKey),
  };
}

/**
 * Every Bucket is promised encrypted at rest, and a claim cannot ask for encryption: the operator
 * attests it. Unattested, no bucket is built; attested as unencrypted, only a public one.
 */
function encryptionIssues(
  spec: BucketSpec,
  subject: string,
  settings: KubernetesSettings,
): readonly Issue[] {
  const encrypted = settings.objectStorage?.encryptedAtRest;
  const field = `${SETTINGS_KEY}.objectStorage.encryptedAtRest`;
  if (settings.objectStorage === undefined || encrypted === true) return [];
  if (encrypted === undefined) {
    return [
      {
        subject,
        field,
        value: undefined,
        rule: "is required for a Bucket: every bucket is promised encrypted at rest, and a claim cannot ask for encryption, so the cluster operator must attest it (Ceph OSDs with encryptedDevice, RGW server-side encryption with a KMS, or NooBaa)",
        fix: `Confirm with the operator that object storage is encrypted, then run ${settingCommand("objectStorage.encryptedAtRest")}; if it is not, set it to false to build only public buckets here.`,
      },
    ];
  }
  if (spec.classification === "public") return [];
  return [
    {
      subject,
      field: "classification",
      value: spec.classification,
      rule: `must be "public" on target "kubernetes": the operator attests that the cluster's object storage is not encrypted at rest (${field}: false)`,
      fix: `Encrypt the cluster's object storage and run ${settingCommand("objectStorage.encryptedAtRest")}, classify the bucket public, or place it elsewhere with wissel:targets.`,
    },
  ];
}

/**
 * What a bucket on this target is built from: the spec, the cluster's object storage, and the names
 * of the claim (its Secret takes the same), its namespace and the S3 bucket.
 */
export interface BucketPlan {
  readonly spec: BucketSpec;
  readonly storage: ObjectStorageSettings;
  readonly claimName: string;
  readonly namespace: string;
  readonly bucketName: string;
}

/**
 * The issue of a bucket on a cluster with no object storage. Core reads the capability table first,
 * which marks buckets unsupported without it, so a program meets the capability's reason instead.
 */
function noObjectStorage(subject: string): Issue {
  return {
    subject,
    field: `${SETTINGS_KEY}.objectStorage`,
    value: undefined,
    rule: "is required for a Bucket: without object storage this cluster offers no buckets",
    fix: `Run ${settingCommand("objectStorage.storageClassName")} and ${settingCommand("objectStorage.endpoint")} for a Rook or NooBaa bucket provisioner.`,
  };
}

/** Builds a bucket: the claim, then the read of its credentials. */
function buildBucket(
  { spec, storage, claimName, namespace, bucketName }: BucketPlan,
  ctx: BuildContext<KubernetesSettings>,
): BuildResult<BucketBinding> {
  const provider = providerOption(ctx.settings);

  const claim = new CustomResource(
    ctx.name,
    {
      apiVersion: OBJECT_BUCKET_CLAIM.apiVersion,
      kind: OBJECT_BUCKET_CLAIM.kind,
      metadata: { name: claimName, namespace, annotations: { ...WAIT_FOR_BOUND } },
      spec: claimSpec(bucketName, spec, storage),
    },
    { parent: ctx.parent, ...provider, ...ctx.statefulOptions },
  );

  // The provisioner writes a Secret with the claim's name in its namespace once the claim is Bound
  // (which the waitFor annotation makes Pulumi wait for). The id depends on the claim, so a preview
  // of a new claim leaves it unknown and the engine skips the read instead of failing on a Secret
  // that does not exist yet.
  const secretId = `${namespace}/${claimName}`;
  const credentials = Secret.get(
    `${ctx.name}-credentials`,
    claim.id.apply(() => secretId),
    { parent: ctx.parent, ...provider },
  );

  const binding = pulumi.secret(
    credentials.data.apply((data): BucketBinding => ({
      ...credentialsFromSecretData(data, secretId),
      protocol: "s3",
      endpoint: storage.endpoint,
      region: storage.region,
      bucket: bucketName,
      // Path style: a route or ingress to RGW or NooBaa serves one host name; virtual-hosted
      // buckets would need wildcard DNS and a wildcard certificate, and both services serve paths.
      pathStyle: true,
      // Each claim gets its own S3 user that owns only this bucket.
      credentialScope: "bucket",
    })),
  );

  const decisions: Decision[] = [
    {
      what: "bucket provisioner",
      choice: `ObjectBucketClaim ${namespace}/${claimName} on storage class ${storage.storageClassName}`,
    },
    {
      what: "bucket name",
      choice: bucketName,
      why: "fixed from project, stack and name: known at preview and the same on every run",
    },
  ];
  if (storage.encryptedAtRest !== true) {
    decisions.push({
      what: "encryption at rest",
      choice: "none",
      why: `the operator attests that the cluster's object storage is not encrypted (${SETTINGS_KEY}.objectStorage.encryptedAtRest: false); the bucket is public`,
    });
  }

  return { binding, vendorResources: { claim, credentials }, decisions };
}

/** The Bucket on this target: an ObjectBucketClaim on the cluster's attested object storage. */
export const bucket = defineBlock<"bucket", KubernetesSettings, BucketPlan>({
  plan: (spec, ctx) => {
    const { settings } = ctx;
    const storage = settings.objectStorage;
    if (storage === undefined) return [noObjectStorage(ctx.subject)];
    return planOrIssues(encryptionIssues(spec, ctx.subject, settings), () => ({
      spec,
      storage,
      claimName: claimName(ctx.name),
      namespace: settings.namespace,
      bucketName: s3BucketName(ctx),
    }));
  },
  names: bucketPhysicalNames,
  build: buildBucket,
});
