/**
 * The team-workspace buckets on Kubernetes, written by hand on @pulumi/kubernetes submodules: an
 * ObjectBucketClaim and a read of the Secret its provisioner writes, as the Wissel Bucket on
 * Kubernetes creates them. The flagship program adds its namespace in flagship/kubernetes.ts.
 */
import * as pulumi from "@pulumi/pulumi";
import { CustomResource } from "@pulumi/kubernetes/apiextensions";
import { Secret } from "@pulumi/kubernetes/core/v1";
import { KEEP, nameSuffix, scaleProgram, stackSettings, under, type BucketChoice } from "./common";

export interface Settings {
  readonly namespace: string;
  readonly objectStorage: {
    readonly storageClassName: string;
    readonly endpoint: string;
    readonly additionalConfigFields: readonly string[];
  };
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
  const bucketName = `${name}-${nameSuffix(name)}`;
  const storage = s.objectStorage;
  const additionalConfig: Record<string, string> = {};
  if (storage.additionalConfigFields.includes("bucketVersioning"))
    additionalConfig["bucketVersioning"] = choice.versioning ? "Enabled" : "Suspended";
  if (choice.expireAfterDays !== undefined) {
    additionalConfig["bucketLifecycle"] = JSON.stringify({
      Rules: [
        {
          ID: "wissel-expire-after-days",
          Status: "Enabled",
          Prefix: "",
          Expiration: { Days: choice.expireAfterDays },
        },
      ],
    });
  }
  const claim = new CustomResource(
    name,
    {
      apiVersion: "objectbucket.io/v1alpha1",
      kind: "ObjectBucketClaim",
      metadata: {
        name,
        namespace: s.namespace,
        annotations: { "pulumi.com/waitFor": "jsonpath={.status.phase}=Bound" },
      },
      spec: {
        bucketName,
        storageClassName: storage.storageClassName,
        ...(Object.keys(additionalConfig).length > 0 ? { additionalConfig } : {}),
      },
    },
    { ...KEEP, ...p },
  );
  const secretId = `${s.namespace}/${name}`;
  const credentials = Secret.get(
    `${name}-credentials`,
    claim.id.apply(() => secretId),
    p,
  );
  return pulumi.secret(
    credentials.data.apply((data) => ({
      endpoint: storage.endpoint,
      bucket: bucketName,
      accessKeyId: Buffer.from(data["AWS_ACCESS_KEY_ID"] ?? "", "base64").toString("utf8"),
      secretAccessKey: Buffer.from(data["AWS_SECRET_ACCESS_KEY"] ?? "", "base64").toString("utf8"),
    })),
  );
}

/** `count` buckets, each in a component of its own when `asComponents`. */
export function scale(count: number, asComponents = false): pulumi.Output<S3Access>[] {
  const s = stackSettings<Settings>("kubernetes");
  return scaleProgram(count, asComponents, (choice, parent) => bucket(choice, s, parent));
}
