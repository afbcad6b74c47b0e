/**
 * Facts about the Kubernetes target. Unlike a cloud, an on-premises cluster has no fixed vendor or
 * regions: who operates it, where it stands and which law reaches it differ per installation, so
 * they come from the stack settings (`wissel:kubernetes.operator`, `.region`, `.country`; see
 * `placement.ts`). This file holds the facts fixed in code: names, API kinds, keys and defaults.
 */

/** The `wissel:<target>` name of this adapter. */
export const TARGET = "kubernetes";

/** The npm package that holds it. */
export const PACKAGE_NAME = "@wissel/kubernetes";

/** The stack config key of this adapter's settings. */
export const SETTINGS_KEY = `wissel:${TARGET}`;

/** API version and kind of the claim that Rook (Ceph RGW) and NooBaa provision buckets for. */
export const OBJECT_BUCKET_CLAIM = {
  apiVersion: "objectbucket.io/v1alpha1",
  kind: "ObjectBucketClaim",
} as const;

/** The Pulumi type token of an ObjectBucketClaim, as the engine records it. */
export const OBJECT_BUCKET_CLAIM_TYPE = `kubernetes:${OBJECT_BUCKET_CLAIM.apiVersion}:${OBJECT_BUCKET_CLAIM.kind}`;

/**
 * Makes Pulumi wait until the provisioner has bound the claim, so the claim's Secret exists before it
 * is read and `pulumi up` fails (instead of succeeding half-done) when provisioning fails.
 */
export const WAIT_FOR_BOUND = { "pulumi.com/waitFor": "jsonpath={.status.phase}=Bound" } as const;

/** The keys of the Secret a provisioner writes next to a bound claim (same name, same namespace). */
export const CREDENTIAL_KEYS = {
  accessKeyId: "AWS_ACCESS_KEY_ID",
  secretAccessKey: "AWS_SECRET_ACCESS_KEY",
} as const;

/**
 * Default S3 signing region: Rook's provisioner reports BUCKET_REGION "us-east-1" in every claim's
 * ConfigMap, and RGW and NooBaa accept it in SigV4 signatures.
 */
export const DEFAULT_S3_REGION = "us-east-1";

/** The name of the one provider a stack uses when its settings name a kubeconfig or context. */
export const STACK_PROVIDER_NAME = "wissel-kubernetes";

/**
 * Keys of `ObjectBucketClaim.spec.additionalConfig` a provisioner may accept. Rook accepts only
 * `maxObjects` and `maxSize` unless its operator lists more in ROOK_OBC_ALLOW_ADDITIONAL_CONFIG_FIELDS;
 * NooBaa accepts none of the bucket-level ones.
 */
export const ADDITIONAL_CONFIG_FIELDS = [
  "maxObjects",
  "maxSize",
  "bucketMaxObjects",
  "bucketMaxSize",
  "bucketPolicy",
  "bucketLifecycle",
  "bucketOwner",
  "bucketVersioning",
] as const;
export type AdditionalConfigField = (typeof ADDITIONAL_CONFIG_FIELDS)[number];
