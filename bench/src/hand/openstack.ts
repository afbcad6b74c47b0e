/**
 * The team-workspace buckets on OpenStack, written by hand on @pulumi/openstack: a Swift container
 * and an EC2 credential each, as the Wissel Bucket on OpenStack creates them. The flagship program
 * adds its cluster and namespace in flagship/openstack.ts, so a bucket-only program loads no
 * Kubernetes SDK.
 */
import * as pulumi from "@pulumi/pulumi";
import * as identity from "@pulumi/openstack/identity";
import * as objectstorage from "@pulumi/openstack/objectstorage";
import { KEEP, nameSuffix, scaleProgram, stackSettings, under, type BucketChoice } from "./common";

export interface Settings {
  readonly region: string;
  readonly s3Endpoint: string;
}

export interface S3Access {
  readonly endpoint: string;
  readonly bucket: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

export function bucket(
  choice: BucketChoice,
  s: Settings,
  parent?: pulumi.ComponentResource,
): pulumi.Output<S3Access> {
  const { name } = choice;
  const p = under(parent);
  if (choice.expireAfterDays !== undefined)
    throw new Error(`bucket ${name}: Swift has no container lifecycle`);
  const container = new objectstorage.Container(
    name,
    { name: `${name}-${nameSuffix(name)}`, region: s.region, versioning: choice.versioning },
    { ...KEEP, ...p },
  );
  const credential = new identity.Ec2CredentialV3(
    `${name}-credentials`,
    { region: s.region },
    { ...p, additionalSecretOutputs: ["access"] },
  );
  return pulumi.secret(
    pulumi
      .all([container.name, credential.access, credential.secret])
      .apply(([bucketName, accessKeyId, secretAccessKey]) => ({
        endpoint: s.s3Endpoint,
        bucket: bucketName,
        accessKeyId,
        secretAccessKey,
      })),
  );
}

/** `count` buckets, each in a component of its own when `asComponents`. */
export function scale(count: number, asComponents = false): pulumi.Output<S3Access>[] {
  const s = stackSettings<Settings>("openstack");
  return scaleProgram(count, asComponents, (choice, parent) => bucket(choice, s, parent));
}
