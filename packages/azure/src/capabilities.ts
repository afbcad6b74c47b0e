/** What Azure offers for each block. */
import type { CapabilityTable } from "@wissel/core";

/** Azure's capability table; it does not vary with the settings. */
export const CAPABILITIES: CapabilityTable = {
  bucket: {
    block: { support: "native", reason: "Blob Storage: one StorageV2 account and one container per bucket" },
    features: {
      versioning: {
        support: "native",
        reason: "blob versioning; it is account-wide, which is why each bucket gets its own account",
      },
      expireAfterDays: { support: "native", reason: "lifecycle management policy scoped to the container" },
      cors: { support: "native", reason: "Blob service CORS rules, at most 5 per account" },
      scopedCredentials: {
        support: "native",
        reason: "a user-assigned managed identity with Storage Blob Data Contributor on the container only",
      },
      encryptionAtRest: { support: "native", reason: "Storage Service Encryption with Microsoft-managed keys" },
    },
  },
};
