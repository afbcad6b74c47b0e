/** What Azure offers for each block. */
import { mailServerCapabilities, type CapabilityTable } from "@wissel/core";

/** Azure's capability table; it does not vary with the settings. */
export const CAPABILITIES: CapabilityTable = {
  bucket: {
    block: {
      support: "native",
      reason: "Blob Storage: one StorageV2 account and one container per bucket",
    },
    features: {
      versioning: {
        support: "native",
        reason:
          "blob versioning; it is account-wide, which is why each bucket gets its own account",
      },
      expireAfterDays: {
        support: "native",
        reason: "lifecycle management policy scoped to the container",
      },
      cors: { support: "native", reason: "Blob service CORS rules, at most 5 per account" },
      scopedCredentials: {
        support: "native",
        reason:
          "a user-assigned managed identity with Storage Blob Data Contributor on the container only",
      },
      encryptionAtRest: {
        support: "native",
        reason: "Storage Service Encryption with Microsoft-managed keys",
      },
    },
  },
  kubernetesCluster: {
    block: {
      support: "native",
      reason: "AKS, Standard tier, one zone-spread system node pool sized from the request",
    },
    features: {
      networkPolicy: {
        support: "native",
        reason: "Azure CNI powered by Cilium, set at creation; Cilium enforces NetworkPolicy",
      },
      oidcIssuer: {
        support: "native",
        reason: "AKS OIDC issuer, with workload identity for Entra ID federation",
      },
      privateNetwork: {
        support: "native",
        reason:
          "nodes in an AKS-managed VNet without public IPs, pods on a private overlay; the API server keeps a public endpoint (Entra ID, optional authorized IP ranges)",
      },
    },
  },
  namespace: {
    block: {
      support: "native",
      reason: "a hardened namespace on the program's AKS cluster, through the Kubernetes API",
    },
    features: {
      teamGroup: {
        support: "native",
        reason:
          "an Entra ID group, by object id, bound to a namespace-scoped Role (AKS puts group object ids in tokens)",
      },
      networkPolicy: {
        support: "native",
        reason: "NetworkPolicy enforced by the cluster's Cilium dataplane",
      },
    },
  },
  postgres: {
    block: {
      support: "native",
      reason:
        "Azure Database for PostgreSQL Flexible Server, one server per database, sized from the request",
    },
    features: {
      highAvailability: {
        support: "native",
        reason: "zone-redundant standby (General Purpose or Memory Optimized; Burstable has none)",
      },
      pointInTimeRecovery: {
        support: "native",
        reason: "Flexible Server restores to any point within the backup retention (7–35 days)",
      },
      extensions: {
        support: "native",
        reason: "the azure.extensions allowlist; the setup job creates them as the admin",
      },
      allowedCidrs: {
        support: "native",
        reason: "server firewall rules on the public endpoint, IPv4 only",
      },
      appRole: {
        support: "emulated",
        reason:
          "ARM has no PostgreSQL role resource: a one-shot Kubernetes Job on the program's AKS cluster runs Wissel's tested SQL as the admin",
      },
    },
  },
  // Azure has no IMAP service: Wissel's own server keeps the mail on AKS; Communication Services sends.
  ...mailServerCapabilities(
    "emulated",
    "on an AKS cluster of the program, relaying outgoing mail through Azure Communication Services Email",
    "Communication Services Email as its own sender username",
  ),
};
