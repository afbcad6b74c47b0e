/**
 * The Bucket on Scaleway: an Object Storage bucket with SSE-ONE encryption and a private ACL, an IAM
 * application with an API key for the app, and a bucket policy that admits only that application and
 * the deployer.
 */
import * as pulumi from "@pulumi/pulumi";
import * as iam from "@pulumiverse/scaleway/iam";
import * as object from "@pulumiverse/scaleway/object";
import type * as inputs from "@pulumiverse/scaleway/types/input";
import {
  defineBlock,
  s3BucketName,
  type BucketSpec,
  type BuildContext,
  type BuildResult,
  type CorsRuleSpec,
  type Decision,
  type S3BucketBinding,
} from "@wissel/core";
import type { ScalewaySettings } from "./settings";
import { s3Endpoint } from "./vendor";

/**
 * The current bucket policy language. Under it a bucket policy allows only what it names, and only
 * to principals an IAM policy also allows; the deprecated 2012-10-17 version behaves differently.
 */
export const BUCKET_POLICY_VERSION = "2023-04-17";

/**
 * IAM permission sets of the application, in its project: object read, write and delete, plus
 * bucket read (HeadBucket, GetBucketLocation, which S3 clients call first). Never bucket write or
 * delete: the app cannot change versioning, lifecycle, CORS or the policy.
 */
export const APPLICATION_PERMISSION_SETS: readonly string[] = [
  "ObjectStorageBucketsRead",
  "ObjectStorageObjectsRead",
  "ObjectStorageObjectsWrite",
  "ObjectStorageObjectsDelete",
];

/**
 * What the bucket policy lets the application do on this bucket: list, read, write and delete
 * objects, and read old versions so it can restore one. Not `s3:DeleteObjectVersion`: permanently
 * erasing a version (the undo that versioning keeps) stays with the deployer.
 */
export const APPLICATION_ACTIONS: readonly string[] = [
  "s3:GetBucketLocation",
  "s3:ListBucket",
  "s3:ListBucketVersions",
  "s3:ListBucketMultipartUploads",
  "s3:ListMultipartUploadParts",
  "s3:AbortMultipartUpload",
  "s3:GetObject",
  "s3:GetObjectVersion",
  "s3:GetObjectTagging",
  "s3:PutObject",
  "s3:PutObjectTagging",
  "s3:DeleteObject",
  "s3:DeleteObjectTagging",
];

/** A Scaleway bucket policy document. */
export interface BucketPolicyDocument {
  readonly Version: typeof BUCKET_POLICY_VERSION;
  readonly Id: string;
  readonly Statement: readonly {
    readonly Sid: string;
    readonly Effect: "Allow";
    readonly Principal: { readonly SCW: string };
    readonly Action: readonly string[];
    readonly Resource: readonly string[];
  }[];
}

/**
 * The bucket policy: the deployer keeps every action (a Scaleway bucket policy denies whoever it
 * does not name, so leaving the deployer out would lock `pulumi up` and `refresh` out of the bucket),
 * and the application gets the object actions above. Everyone else in the project loses access.
 */
export function bucketPolicyDocument(
  bucketName: string,
  deployerPrincipal: string,
  applicationId: string,
): BucketPolicyDocument {
  const resources = [bucketName, `${bucketName}/*`];
  return {
    Version: BUCKET_POLICY_VERSION,
    Id: `wissel-${bucketName}`,
    Statement: [
      {
        Sid: "Deployer",
        Effect: "Allow",
        Principal: { SCW: deployerPrincipal },
        Action: ["s3:*"],
        Resource: resources,
      },
      {
        Sid: "Application",
        Effect: "Allow",
        Principal: { SCW: `application_id:${applicationId}` },
        Action: [...APPLICATION_ACTIONS],
        Resource: resources,
      },
    ],
  };
}

/** The bucket's CORS rules, in the provider's shape. */
export function corsRules(cors: readonly CorsRuleSpec[]): inputs.object.BucketCorsRule[] {
  return cors.map((rule) => ({
    allowedOrigins: [...rule.allowedOrigins],
    allowedMethods: [...rule.allowedMethods],
    // Empty header lists are left out: the provider reads them back as absent, which would show a diff.
    ...(rule.allowedHeaders.length > 0 ? { allowedHeaders: [...rule.allowedHeaders] } : {}),
    ...(rule.exposedHeaders.length > 0 ? { exposeHeaders: [...rule.exposedHeaders] } : {}),
    maxAgeSeconds: rule.maxAgeSeconds,
  }));
}

/** Builds a bucket on Scaleway. */
function buildBucket(
  ctx: BuildContext<ScalewaySettings>,
  spec: BucketSpec,
): BuildResult<S3BucketBinding> {
  const { name, parent, settings } = ctx;
  const { region, projectId } = settings;
  const bucketName = s3BucketName({ project: ctx.project, stack: ctx.stack, name });
  const label = `Wissel bucket ${name} (${ctx.project}/${ctx.stack})`;

  const bucket = new object.Bucket(
    name,
    {
      name: bucketName,
      region,
      projectId,
      // Stated even when off: the provider computes versioning, so leaving it out would keep it on
      // after a user turns it off.
      versioning: { enabled: spec.versioning },
      // Stated even when empty, for the same reason as versioning.
      corsRules: corsRules(spec.cors),
      ...(spec.expireAfterDays !== undefined
        ? {
            lifecycleRules: [
              { id: "wissel-expire", enabled: true, expiration: { days: spec.expireAfterDays } },
            ],
          }
        : {}),
      // allowDataLoss is the user's named consent to losing the data; without it Pulumi could never
      // delete a bucket that still holds objects. Protection still guards it until then.
      forceDestroy: spec.allowDataLoss,
    },
    { parent, ...ctx.statefulOptions },
  );

  // Its own resource rather than the bucket's deprecated `acl` argument, so a public ACL set by hand
  // shows as drift and is put back to private on the next update.
  const acl = new object.BucketAcl(
    `${name}-acl`,
    { bucket: bucket.name, region, projectId, acl: "private" },
    { parent },
  );

  // Scaleway encrypts objects at rest only when asked; a bucket default asks for every upload.
  // Stateful: deleting it would stop encrypting new uploads without any other sign.
  const encryption = new object.BucketServerSideEncryptionConfiguration(
    `${name}-encryption`,
    {
      bucket: bucket.name,
      region,
      projectId,
      // SSE-ONE: the only algorithm the provider accepts, with keys Scaleway manages.
      rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
    },
    { parent, ...ctx.statefulOptions },
  );

  const application = new iam.Application(
    `${name}-app`,
    { name: bucketName, description: `${label}: reads and writes bucket ${bucketName}` },
    { parent },
  );

  const policy = new iam.Policy(
    `${name}-policy`,
    {
      name: bucketName,
      description: `${label}: object access in the project; bucket ${bucketName}'s policy narrows it to that bucket`,
      applicationId: application.id,
      rules: [{ projectIds: [projectId], permissionSetNames: [...APPLICATION_PERMISSION_SETS] }],
    },
    { parent },
  );

  const bucketPolicy = new object.BucketPolicy(
    `${name}-bucket-policy`,
    {
      bucket: bucket.name,
      region,
      projectId,
      policy: application.id.apply((applicationId) =>
        JSON.stringify(bucketPolicyDocument(bucketName, settings.deployerPrincipal, applicationId)),
      ),
    },
    { parent },
  );

  // Issued only once the bucket encrypts by default and its policy is in place, so the app can
  // never write an unencrypted object or reach the bucket outside its policy. The SDK already marks
  // `secretKey` as a secret output.
  const key = new iam.ApiKey(
    `${name}-key`,
    {
      applicationId: application.id,
      // The S3 API finds buckets through the key's default project; without it, the organisation's.
      defaultProjectId: projectId,
      description: `${label}: the application's S3 credentials`,
    },
    { parent, dependsOn: [encryption, bucketPolicy, acl] },
  );

  // Resolves only once the IAM and bucket policies exist, so the app never gets a key without access.
  const binding = pulumi.secret(
    pulumi
      .all([bucket.name, key.accessKey, key.secretKey, policy.id, bucketPolicy.id])
      .apply(([bucketId, accessKeyId, secretAccessKey]): S3BucketBinding => ({
        protocol: "s3",
        endpoint: s3Endpoint(region),
        region,
        bucket: bucketId,
        pathStyle: false,
        accessKeyId,
        secretAccessKey,
        // Honest: IAM grants object access per project, so the key also reaches any bucket of the
        // project that has no bucket policy of its own.
        credentialScope: "project",
      })),
  );

  const decisions: Decision[] = [
    {
      what: "bucket",
      choice: `${bucketName} in ${region}, private ACL`,
      why: "named from project, stack and component, so it is stable and unique across Scaleway",
    },
    {
      what: "encryption at rest",
      choice: "SSE-ONE (AES-256, Scaleway-managed keys) as the bucket default",
      why: "Scaleway encrypts only objects uploaded while it is on; the app's key is issued after it",
    },
    {
      what: "credentials",
      choice:
        "IAM application with an API key; bucket policy admits the application and the deployer only",
      why: "IAM scopes Object Storage to the project; the bucket policy narrows who reaches this bucket",
    },
  ];

  return {
    binding,
    vendorResources: { bucket, acl, encryption, application, policy, bucketPolicy, key },
    decisions,
  };
}

/** What a Scaleway bucket is built from: the spec, which Scaleway's Object Storage takes as it is. */
export interface BucketPlan {
  readonly spec: BucketSpec;
}

/** The Bucket on Scaleway. Bucket names are unique across Scaleway in a region. */
export const bucket = defineBlock<"bucket", ScalewaySettings, BucketPlan>({
  plan: (spec) => ({ spec }),
  names: (_plan, ctx) => [
    {
      scope: `scaleway:bucket:${ctx.settings.region}`,
      name: s3BucketName(ctx),
      what: "Object Storage bucket",
    },
  ],
  build: ({ spec }, ctx) => buildBucket(ctx, spec),
});
