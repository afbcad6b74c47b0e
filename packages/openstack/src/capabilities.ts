/** What an OpenStack cloud offers for each block, through Swift, its S3 API and Keystone. */
import type { CapabilityTable } from "@wissel/core";

/** The OpenStack capability table; it does not vary with the settings yet (Trove will). */
export const CAPABILITIES: CapabilityTable = {
  bucket: {
    block: { support: "native", reason: "a Swift container, reached through Swift's S3 API with a Keystone EC2 credential" },
    features: {
      versioning: {
        support: "native",
        reason: "Swift object versioning (Swift 2.24+, with allow_object_versioning enabled by the operator)",
      },
      expireAfterDays: {
        support: "unsupported",
        reason: "Swift has no container lifecycle; X-Delete-After is set per object by the writer, not a bucket rule",
      },
      cors: {
        support: "emulated",
        reason:
          "Swift container CORS metadata holds exact origins, one max-age and one exposed-header list; listed origins may use every method and request header, and S3 preflights follow the operator's s3api cors_preflight_allow_origin",
      },
      scopedCredentials: {
        support: "unsupported",
        reason:
          "Keystone EC2 credentials act as the deploying user on the whole project: they reach every container in it, not this one only",
      },
      encryptionAtRest: {
        support: "unsupported",
        reason:
          "Swift encrypts at rest only where the operator enabled its encryption middleware; a container cannot ask for it and Wissel cannot verify it",
      },
    },
  },
};
