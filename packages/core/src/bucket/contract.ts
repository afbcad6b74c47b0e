/**
 * The neutral contract of the `Bucket` block: what users pass, what adapters receive after validation
 * and defaults, and what the application gets back.
 */

/** How sensitive the data is; `wissel:policy` says where each level may live. */
export type Classification = "public" | "internal" | "sensitive";
export const CLASSIFICATIONS: readonly Classification[] = ["public", "internal", "sensitive"];

/** HTTP methods a CORS rule may allow (the set S3, Azure Blob and Swift all understand). */
export type CorsMethod = "GET" | "PUT" | "POST" | "DELETE" | "HEAD";
export const CORS_METHODS: readonly CorsMethod[] = ["GET", "PUT", "POST", "DELETE", "HEAD"];

/** One cross-origin rule for browsers that talk to the bucket directly. */
export interface CorsRule {
  /** Origins allowed to call, as `https://app.example.nl` or `*`; one `*` wildcard per origin at most. */
  readonly allowedOrigins: readonly string[];
  /** Methods allowed. */
  readonly allowedMethods: readonly CorsMethod[];
  /**
   * Request headers the browser may send.
   * @default - none besides the CORS-safelisted headers
   */
  readonly allowedHeaders?: readonly string[];
  /**
   * Response headers the browser may read.
   * @default - none besides the CORS-safelisted headers
   */
  readonly exposedHeaders?: readonly string[];
  /**
   * How long a browser may cache the preflight answer, in seconds (0–86400).
   * @default 3600
   */
  readonly maxAgeSeconds?: number;
}

/** Arguments of `Bucket`. Every field is optional: a bare `new Bucket("files")` is private and encrypted. */
export interface BucketArgs {
  /**
   * Keep every version of every object, so an overwrite or delete can be undone.
   * @default false
   */
  readonly versioning?: boolean;
  /**
   * Delete objects this many days after they were written (1–36500).
   * @default - objects are kept until deleted
   */
  readonly expireAfterDays?: number;
  /**
   * Cross-origin rules for browsers.
   * @default - no cross-origin access
   */
  readonly cors?: readonly CorsRule[];
  /**
   * How sensitive the stored data is; checked against `wissel:policy` at preview.
   * @default "internal"
   */
  readonly classification?: Classification;
  /**
   * Let Pulumi delete the bucket and its data when it leaves the program. Without it, the bucket is
   * protected and retained on delete, so no `pulumi up` or `pulumi destroy` can lose its data.
   * @default false
   */
  readonly allowDataLoss?: boolean;
}

/** A CORS rule after defaults. */
export interface CorsRuleSpec {
  readonly allowedOrigins: readonly string[];
  readonly allowedMethods: readonly CorsMethod[];
  readonly allowedHeaders: readonly string[];
  readonly exposedHeaders: readonly string[];
  readonly maxAgeSeconds: number;
}

/** `BucketArgs` validated and defaulted: what an adapter's builder receives. */
export interface BucketSpec {
  readonly versioning: boolean;
  readonly expireAfterDays?: number;
  readonly cors: readonly CorsRuleSpec[];
  readonly classification: Classification;
  readonly allowDataLoss: boolean;
}

/** Which principals the binding's credentials can reach. */
export type CredentialScope =
  /** Only this bucket. */
  | "bucket"
  /** Every bucket of the vendor project or tenant the credentials belong to. */
  | "project";

/** A bucket reached through the S3 API (Scaleway, Swift's S3 API, Ceph RGW, NooBaa). */
export interface S3BucketBinding {
  readonly protocol: "s3";
  /** `https://s3.nl-ams.scw.cloud` */
  readonly endpoint: string;
  readonly region: string;
  readonly bucket: string;
  /** True when the endpoint needs path-style addressing (`endpoint/bucket/key`). */
  readonly pathStyle: boolean;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly credentialScope: CredentialScope;
}

/** Credentials for an Azure blob container. */
export type AzureBlobCredentials =
  /** A workload identity: no secret exists; the app signs in as this identity. */
  | { readonly kind: "managed-identity"; readonly clientId: string; readonly tenantId: string }
  /** A shared access signature limited to the container. */
  | { readonly kind: "sas"; readonly sasToken: string };

/** A bucket reached through the Azure Blob API. */
export interface AzureBlobBucketBinding {
  readonly protocol: "azure-blob";
  /** `https://<account>.blob.core.windows.net` */
  readonly endpoint: string;
  readonly region: string;
  readonly account: string;
  /** The container name. */
  readonly bucket: string;
  readonly credentials: AzureBlobCredentials;
  readonly credentialScope: CredentialScope;
}

/** What the application gets: everything it needs to read and write the bucket. */
export type BucketBinding = S3BucketBinding | AzureBlobBucketBinding;
