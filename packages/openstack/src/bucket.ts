/**
 * The `Bucket` block on OpenStack: a Swift container, reached through Swift's S3 API (the s3api
 * middleware) with a Keystone EC2 credential.
 */
import * as pulumi from "@pulumi/pulumi";
import * as identity from "@pulumi/openstack/identity";
import * as objectstorage from "@pulumi/openstack/objectstorage";
import {
  defineBlock,
  planOrIssues,
  swiftContainerName,
  type BucketBinding,
  type BucketSpec,
  type BuildContext,
  type BuildResult,
  type CorsRuleSpec,
  type Decision,
  type Issue,
} from "@wissel/core";
import { projectScope } from "./names";
import type { OpenStackSettings } from "./settings";

/** The Pulumi type token of the container, the child that holds the data. */
export const CONTAINER_TYPE = "openstack:objectstorage/container:Container";
/** The Pulumi type token of the EC2 credential. */
export const EC2_CREDENTIAL_TYPE = "openstack:identity/ec2CredentialV3:Ec2CredentialV3";

/** The methods Swift allows every listed origin, whatever a rule asks. */
const SWIFT_CORS_METHODS = "GET, HEAD, PUT, POST, DELETE";

/**
 * Swift's container CORS metadata, keyed as the provider sends it (`X-Container-Meta-<key>`), in the
 * canonical header casing Swift returns, so a refresh shows no drift.
 *
 * Swift keeps one list of origins, one max-age and one list of exposed headers per container, and lets
 * every listed origin use every method and request header. The rules are merged accordingly: origins
 * and exposed headers are joined, and the shortest max-age wins (a shorter preflight cache only costs
 * an extra preflight).
 */
export function corsMetadata(rules: readonly CorsRuleSpec[]): Record<string, string> {
  if (rules.length === 0) return {};
  const origins = unique(rules.flatMap((rule) => rule.allowedOrigins));
  const exposed = unique(rules.flatMap((rule) => rule.exposedHeaders));
  const maxAge = Math.min(...rules.map((rule) => rule.maxAgeSeconds));
  return {
    // Swift matches `*` as any origin, so the other entries would add nothing.
    "Access-Control-Allow-Origin": origins.includes("*") ? "*" : origins.join(" "),
    "Access-Control-Max-Age": String(maxAge),
    ...(exposed.length > 0 ? { "Access-Control-Expose-Headers": exposed.join(" ") } : {}),
  };
}

/**
 * Refuses CORS rules whose meaning Swift cannot keep: origins with a `*.` wildcard (Swift compares
 * origins exactly), and rules that expose different response headers (Swift has one list per
 * container, so one origin would read headers another rule exposes).
 */
export function corsIssues(spec: BucketSpec, subject: string): Issue[] {
  const issues: Issue[] = [];
  spec.cors.forEach((rule, r) => {
    rule.allowedOrigins.forEach((origin, o) => {
      if (origin !== "*" && origin.includes("*")) {
        issues.push({
          subject,
          field: `cors[${r}].allowedOrigins[${o}]`,
          value: origin,
          rule: 'cannot hold a wildcard on target "openstack": Swift compares origins exactly (only a lone * matches every origin)',
          fix: "List each origin in full, such as https://app.example.nl, or place this bucket elsewhere.",
        });
      }
    });
  });
  const first = spec.cors[0];
  if (first !== undefined) {
    const expected = sortedKey(first.exposedHeaders);
    spec.cors.forEach((rule, r) => {
      if (r > 0 && sortedKey(rule.exposedHeaders) !== expected) {
        issues.push({
          subject,
          field: `cors[${r}].exposedHeaders`,
          value: rule.exposedHeaders,
          rule: `must equal cors[0].exposedHeaders on target "openstack": Swift keeps one exposed-header list per container, so every origin would read every rule's headers`,
          fix: "Give every rule the same exposedHeaders, or merge the rules.",
        });
      }
    });
  }
  return issues;
}

/**
 * Builds a private Swift container and an EC2 credential for its S3 API.
 *
 * The credential belongs to the Keystone user and project Pulumi runs as: Keystone has no
 * per-container EC2 credentials, so the binding says `credentialScope: "project"`.
 */
function buildBucket(
  { spec, containerName }: BucketPlan,
  ctx: BuildContext<OpenStackSettings>,
): BuildResult<BucketBinding> {
  const { settings } = ctx;

  const container = new objectstorage.Container(
    ctx.name,
    {
      name: containerName,
      region: settings.region,
      // Swift's own object versioning (X-Versions-Enabled), which s3api also serves; the legacy
      // X-Versions-Location mode is deprecated and needs a second container.
      versioning: spec.versioning,
      // No containerRead or containerWrite: only the project's own users reach the container.
      ...(spec.cors.length > 0 ? { metadata: corsMetadata(spec.cors) } : {}),
      // allowDataLoss promises that Pulumi may delete the data; Swift refuses to delete a non-empty
      // container otherwise.
      ...(spec.allowDataLoss ? { forceDestroy: true } : {}),
    },
    { parent: ctx.parent, ...ctx.statefulOptions },
  );

  const credential = new identity.Ec2CredentialV3(
    `${ctx.name}-credentials`,
    { region: settings.region },
    // The SDK itself marks `secret` (and merges its list with this one); the access key is kept
    // out of plain outputs as well.
    { parent: ctx.parent, additionalSecretOutputs: ["access"] },
  );

  const binding = pulumi
    .all([container.name, credential.access, credential.secret])
    .apply(([bucket, accessKeyId, secretAccessKey]): BucketBinding => ({
      protocol: "s3",
      endpoint: settings.s3Endpoint,
      region: settings.s3Region,
      bucket,
      // Swift's s3api answers virtual-hosted requests only where the operator set storage_domain
      // with wildcard DNS and certificates; path style works on every Swift S3 endpoint.
      pathStyle: true,
      accessKeyId,
      secretAccessKey,
      credentialScope: "project",
    }));

  return {
    binding: pulumi.secret(binding),
    vendorResources: { container, credentials: credential },
    decisions: decisions(spec, containerName),
  };
}

function decisions(spec: BucketSpec, containerName: string): Decision[] {
  const list: Decision[] = [
    { what: "container", choice: containerName },
    {
      what: "credentials",
      choice: "Keystone EC2 credential of the deploying user, valid for the whole project",
      why: "Keystone cannot limit an EC2 credential to one container",
    },
    {
      what: "addressing",
      choice: "path style",
      why: "virtual-hosted style needs the operator's storage_domain setup",
    },
  ];
  if (spec.versioning) {
    list.push({
      what: "versioning",
      choice: "Swift object versioning",
      why: "needs Swift 2.24+ with allow_object_versioning enabled by the operator",
    });
  }
  if (spec.cors.length > 0) {
    const metadata = corsMetadata(spec.cors);
    list.push({
      what: "cors",
      choice: `origins ${metadata["Access-Control-Allow-Origin"]} may use ${SWIFT_CORS_METHODS} and any request header; max-age ${metadata["Access-Control-Max-Age"]} s`,
      why: "Swift cannot limit CORS methods or headers; S3 requests are still signed per method, and S3 preflights follow the operator's s3api cors_preflight_allow_origin",
    });
  }
  return list;
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

function sortedKey(values: readonly string[]): string {
  return [...new Set(values.map((v) => v.toLowerCase()))].sort().join(" ");
}

/** What a Swift container is built from: the spec, whose CORS rules Swift can keep, and its name. */
export interface BucketPlan {
  readonly spec: BucketSpec;
  /** The container's name, from the project, stack and component name. */
  readonly containerName: string;
}

/** The Bucket on OpenStack: a Swift container, one name per project and region. */
export const bucket = defineBlock<"bucket", OpenStackSettings, BucketPlan>({
  plan: (spec, ctx) =>
    planOrIssues(corsIssues(spec, ctx.subject), () => ({
      spec,
      containerName: swiftContainerName(ctx),
    })),
  names: ({ containerName }, ctx) => [
    {
      scope: projectScope("swift-container", ctx.settings),
      name: containerName,
      what: "Swift container",
    },
  ],
  build: buildBucket,
});
