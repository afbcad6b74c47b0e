/** What Scaleway offers for each block. */
import { mailServerCapabilities, type BlockCapabilities, type CapabilityTable } from "@wissel/core";
import type { ScalewaySettings } from "./settings";

/** The namespace row without `wissel:scaleway.oidc`. */
const NAMESPACE: BlockCapabilities<"teamGroup" | "networkPolicy"> = {
  block: {
    support: "native",
    reason: "hardened namespace on the program's Kapsule cluster, through the Kubernetes API",
  },
  features: {
    teamGroup: {
      support: "unsupported",
      reason:
        "Kapsule knows groups only from an OIDC provider, and wissel:scaleway.oidc configures none",
    },
    networkPolicy: {
      support: "native",
      reason: "Cilium enforces the namespace's default-deny NetworkPolicies",
    },
  },
};

/** Scaleway's capability table without `wissel:scaleway.oidc`; `capabilities(settings)` adds what OIDC gives. */
export const CAPABILITIES: CapabilityTable = {
  bucket: {
    block: {
      support: "native",
      reason:
        "Object Storage bucket, with an IAM application whose API key the bucket policy admits",
    },
    features: {
      versioning: { support: "native", reason: "bucket versioning" },
      expireAfterDays: {
        support: "native",
        reason:
          "lifecycle expiration rule on the whole bucket; on a versioned bucket it expires current versions only",
      },
      cors: { support: "native", reason: "bucket CORS rules (S3 API)" },
      scopedCredentials: {
        support: "unsupported",
        reason:
          "IAM grants Object Storage per project, so the key also reaches project buckets that have no bucket policy; this bucket's policy admits only its application and the deployer",
      },
      encryptionAtRest: {
        support: "native",
        reason:
          "SSE-ONE: bucket default encryption with per-object AES-256 keys that Scaleway manages",
      },
    },
  },
  kubernetesCluster: {
    block: {
      support: "native",
      reason:
        "Kapsule (shared control plane) with Cilium on its own Private Network, and one node pool",
    },
    features: {
      networkPolicy: {
        support: "native",
        reason: "Cilium, set at creation, enforces NetworkPolicy",
      },
      privateNetwork: {
        support: "native",
        reason: "nodes on a Private Network of the cluster's own, which Kapsule requires",
      },
      oidcIssuer: {
        support: "unsupported",
        reason:
          "Kapsule publishes no OIDC discovery for its ServiceAccount tokens, so workloads cannot federate with outside identity providers",
      },
    },
  },
  namespace: NAMESPACE,
  postgres: {
    block: {
      support: "native",
      reason:
        "Managed Database for PostgreSQL on a Private Network, with its database, a non-admin app user and that user's privilege",
    },
    features: {
      highAvailability: {
        support: "native",
        reason:
          "synchronous hot standby with automatic failover; Scaleway keeps it in the primary's data centre, on another rack, not in another zone",
      },
      pointInTimeRecovery: {
        support: "unsupported",
        reason:
          "Managed Database for PostgreSQL restores scheduled snapshots and backups only; it has no point-in-time recovery",
      },
      extensions: {
        support: "unsupported",
        reason:
          "Scaleway's API has no call to create extensions and Wissel runs no SQL on a managed instance; the app user's \"all\" permission lets the application create trusted ones (such as pgcrypto) itself",
      },
      allowedCidrs: {
        support: "native",
        reason:
          "a public endpoint whose ACL admits exactly these IPv4 networks (Scaleway's ACLs take no IPv6)",
      },
      appRole: {
        support: "native",
        reason:
          "a databases.User without admin rights and a databases.Privilege \"all\" on its own database only (Scaleway's grants: read, write, create schemas and tables), not Wissel's SQL",
      },
    },
  }, // Scaleway has no IMAP service: Wissel's own server keeps the mail on Kapsule; TEM only sends.
  ...mailServerCapabilities(
    "emulated",
    "on a Kapsule cluster of the program, relaying outgoing mail through Scaleway Transactional Email in fr-par",
    "Transactional Email in fr-par",
  ),
};

const NAMESPACE_WITH_OIDC: BlockCapabilities<"teamGroup" | "networkPolicy"> = {
  block: NAMESPACE.block,
  features: {
    ...NAMESPACE.features,
    teamGroup: {
      support: "native",
      reason:
        "the group comes from the OIDC provider of wissel:scaleway.oidc and is bound to a role in the namespace only",
    },
  },
};

/** Scaleway's capability table for these settings: `teamGroup` needs the OIDC setting. */
export function capabilities(settings: ScalewaySettings): CapabilityTable {
  return settings.oidc !== undefined
    ? { ...CAPABILITIES, namespace: NAMESPACE_WITH_OIDC }
    : CAPABILITIES;
}
