/**
 * The team-workspace buckets on Scaleway, written by hand on @pulumiverse/scaleway: the same
 * resources, names and inputs as the Wissel Bucket on Scaleway. The flagship program adds its
 * cluster and namespace in flagship/scaleway.ts, so a bucket-only program loads no Kubernetes SDK.
 */
import * as pulumi from "@pulumi/pulumi";
import * as iam from "@pulumiverse/scaleway/iam";
import * as object from "@pulumiverse/scaleway/object";
import { KEEP, nameSuffix, scaleProgram, stackSettings, under, type BucketChoice } from "./common";

export interface Settings {
  readonly region: string;
  readonly projectId: string;
  readonly deployerPrincipal: string;
}

export interface S3Access {
  readonly endpoint: string;
  readonly region: string;
  readonly bucket: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

const APPLICATION_ACTIONS = [
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

export function bucket(
  choice: BucketChoice,
  s: Settings,
  parent?: pulumi.ComponentResource,
): pulumi.Output<S3Access> {
  const { name } = choice;
  const p = under(parent);
  const { region, projectId } = s;
  const bucketName = `${name}-${nameSuffix(name)}`;
  const label = `Wissel bucket ${name} (${pulumi.getProject()}/${pulumi.getStack()})`;

  const b = new object.Bucket(
    name,
    {
      name: bucketName,
      region,
      projectId,
      versioning: { enabled: choice.versioning },
      corsRules: [],
      ...(choice.expireAfterDays !== undefined
        ? {
            lifecycleRules: [
              { id: "wissel-expire", enabled: true, expiration: { days: choice.expireAfterDays } },
            ],
          }
        : {}),
      forceDestroy: false,
    },
    { ...KEEP, ...p },
  );
  const acl = new object.BucketAcl(
    `${name}-acl`,
    { bucket: b.name, region, projectId, acl: "private" },
    p,
  );
  const encryption = new object.BucketServerSideEncryptionConfiguration(
    `${name}-encryption`,
    {
      bucket: b.name,
      region,
      projectId,
      rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
    },
    { ...KEEP, ...p },
  );
  const app = new iam.Application(
    `${name}-app`,
    { name: bucketName, description: `${label}: reads and writes bucket ${bucketName}` },
    p,
  );
  const policy = new iam.Policy(
    `${name}-policy`,
    {
      name: bucketName,
      description: `${label}: object access in the project; bucket ${bucketName}'s policy narrows it to that bucket`,
      applicationId: app.id,
      rules: [
        {
          projectIds: [projectId],
          permissionSetNames: [
            "ObjectStorageBucketsRead",
            "ObjectStorageObjectsRead",
            "ObjectStorageObjectsWrite",
            "ObjectStorageObjectsDelete",
          ],
        },
      ],
    },
    p,
  );
  const resources = [bucketName, `${bucketName}/*`];
  const bucketPolicy = new object.BucketPolicy(
    `${name}-bucket-policy`,
    {
      bucket: b.name,
      region,
      projectId,
      policy: app.id.apply((appId) =>
        JSON.stringify({
          Version: "2023-04-17",
          Id: `wissel-${bucketName}`,
          Statement: [
            {
              Sid: "Deployer",
              Effect: "Allow",
              Principal: { SCW: s.deployerPrincipal },
              Action: ["s3:*"],
              Resource: resources,
            },
            {
              Sid: "Application",
              Effect: "Allow",
              Principal: { SCW: `application_id:${appId}` },
              Action: APPLICATION_ACTIONS,
              Resource: resources,
            },
          ],
        }),
      ),
    },
    p,
  );
  const key = new iam.ApiKey(
    `${name}-key`,
    {
      applicationId: app.id,
      defaultProjectId: projectId,
      description: `${label}: the application's S3 credentials`,
    },
    { ...p, dependsOn: [encryption, bucketPolicy, acl] },
  );
  return pulumi.secret(
    pulumi
      .all([b.name, key.accessKey, key.secretKey, policy.id, bucketPolicy.id])
      .apply(([bucketId, accessKeyId, secretAccessKey]) => ({
        endpoint: `https://s3.${region}.scw.cloud`,
        region,
        bucket: bucketId,
        accessKeyId,
        secretAccessKey,
      })),
  );
}

/** `count` buckets, each in a component of its own when `asComponents`. */
export function scale(count: number, asComponents = false): pulumi.Output<S3Access>[] {
  const s = stackSettings<Settings>("scaleway");
  return scaleProgram(count, asComponents, (choice, parent) => bucket(choice, s, parent));
}
