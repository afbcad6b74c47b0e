/** What Scaleway offers for each block. */
import type { CapabilityTable } from "@wissel/core";

/** Scaleway's capability table; it does not vary with the settings. */
export const CAPABILITIES: CapabilityTable = {
  bucket: {
    block: {
      support: "native",
      reason: "Object Storage bucket, with an IAM application whose API key the bucket policy admits",
    },
    features: {
      versioning: { support: "native", reason: "bucket versioning" },
      expireAfterDays: {
        support: "native",
        reason: "lifecycle expiration rule on the whole bucket; on a versioned bucket it expires current versions only",
      },
      cors: { support: "native", reason: "bucket CORS rules (S3 API)" },
      scopedCredentials: {
        support: "unsupported",
        reason:
          "IAM grants Object Storage per project, so the key also reaches project buckets that have no bucket policy; this bucket's policy admits only its application and the deployer",
      },
      encryptionAtRest: {
        support: "native",
        reason: "SSE-ONE: bucket default encryption with per-object AES-256 keys that Scaleway manages",
      },
    },
  },
};
