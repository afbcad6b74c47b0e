/**
 * What a Kubernetes cluster offers. For buckets that depends on the cluster: whether it has a bucket
 * provisioner at all, which `additionalConfig` keys the provisioner accepts, and whether its storage
 * is encrypted. The settings say so; this table follows them.
 */
import {
  mailServerCapabilities,
  type BlockCapabilities,
  type BlockFeatures,
  type CapabilityTable,
} from "@wissel/core";
import type { KubernetesSettings } from "./settings";
import { SETTINGS_KEY } from "./vendor";

type BucketCapabilities = BlockCapabilities<BlockFeatures["bucket"]>;

/** The bucket row of the table for these settings. */
export function bucketCapabilities(settings: KubernetesSettings): BucketCapabilities {
  const storage = settings.objectStorage;
  const fields = storage?.additionalConfigFields ?? [];
  return {
    block:
      storage === undefined
        ? {
            support: "unsupported",
            reason: `no object storage configured; set ${SETTINGS_KEY}.objectStorage.storageClassName and .endpoint for a Rook or NooBaa bucket provisioner`,
          }
        : {
            support: "native",
            reason: "ObjectBucketClaim provisioned by the cluster's Rook (Ceph RGW) or NooBaa",
          },
    features: {
      versioning: fields.includes("bucketVersioning")
        ? {
            support: "native",
            reason:
              "ObjectBucketClaim additionalConfig.bucketVersioning, allowed by the provisioner",
          }
        : {
            support: "unsupported",
            reason: `ObjectBucketClaim has no versioning field; only Rook releases with additionalConfig.bucketVersioning offer it, listed in ${SETTINGS_KEY}.objectStorage.additionalConfigFields once the operator allows it`,
          },
      expireAfterDays: fields.includes("bucketLifecycle")
        ? {
            support: "native",
            reason:
              "ObjectBucketClaim additionalConfig.bucketLifecycle, allowed by the provisioner",
          }
        : {
            support: "unsupported",
            reason: `the provisioner does not accept additionalConfig.bucketLifecycle (Rook allows it only when ROOK_OBC_ALLOW_ADDITIONAL_CONFIG_FIELDS lists it; NooBaa has none); list it in ${SETTINGS_KEY}.objectStorage.additionalConfigFields once it does`,
          },
      cors: {
        support: "unsupported",
        reason:
          "ObjectBucketClaim cannot express CORS; RGW and NooBaa take CORS only through the S3 API, not from the provisioner",
      },
      scopedCredentials: {
        support: "native",
        reason: "the provisioner creates one S3 user per claim that owns only the claimed bucket",
      },
      encryptionAtRest:
        storage?.encryptedAtRest === true
          ? {
              support: "native",
              reason:
                "the cluster operator attests encrypted object storage (objectStorage.encryptedAtRest)",
            }
          : {
              support: "unsupported",
              reason:
                storage?.encryptedAtRest === false
                  ? "the cluster operator attests that object storage is not encrypted (objectStorage.encryptedAtRest: false): only public buckets are built"
                  : `a claim cannot ask for encryption; it depends on the cluster (Ceph OSDs with encryptedDevice, RGW SSE with a KMS, or NooBaa); no bucket is built until ${SETTINGS_KEY}.objectStorage.encryptedAtRest attests it`,
            },
    },
  };
}

const NETWORK_POLICY_UNATTESTED = `not attested: set ${SETTINGS_KEY}.cluster.enforcesNetworkPolicy once the operator confirms the network plugin enforces NetworkPolicy (Calico, Cilium, Antrea; not plain flannel)`;

/** The kubernetesCluster row: the existing cluster the settings describe. */
export function clusterCapabilities(
  settings: KubernetesSettings,
): BlockCapabilities<BlockFeatures["kubernetesCluster"]> {
  const enforced = settings.cluster?.enforcesNetworkPolicy === true;
  return {
    block: {
      support: "native",
      reason: `existing cluster from config (${SETTINGS_KEY}.cluster and the deploying kubeconfig)`,
    },
    features: {
      networkPolicy: enforced
        ? {
            support: "native",
            reason:
              "the cluster operator attests that the network plugin enforces NetworkPolicy (cluster.enforcesNetworkPolicy)",
          }
        : { support: "unsupported", reason: NETWORK_POLICY_UNATTESTED },
      oidcIssuer: {
        support: "unsupported",
        reason:
          "the existing cluster's service-account issuer is the operator's configuration, which Wissel neither sets nor reads",
      },
      privateNetwork: {
        support: "unsupported",
        reason: "the existing cluster's network is the operator's; Wissel does not place it",
      },
    },
  };
}

/** The namespace row: hardened namespaces on the configured cluster. */
export function namespaceCapabilities(
  settings: KubernetesSettings,
): BlockCapabilities<BlockFeatures["namespace"]> {
  const cluster = settings.cluster;
  return {
    block: {
      support: "native",
      reason:
        "Namespace with Pod Security restricted, default-deny NetworkPolicy, quota, limits and namespace-scoped RBAC",
    },
    features: {
      teamGroup:
        cluster === undefined || cluster.mapsGroups
          ? {
              support: "native",
              reason:
                "RoleBinding of the group the cluster's authentication reports to a Role in the namespace",
            }
          : {
              support: "unsupported",
              reason: `the cluster's authentication reports no groups (${SETTINGS_KEY}.cluster.mapsGroups is false), so a group binding would grant nobody`,
            },
      networkPolicy:
        cluster?.enforcesNetworkPolicy === true
          ? {
              support: "native",
              reason:
                "NetworkPolicy enforced by the cluster's network plugin, attested by the operator",
            }
          : { support: "unsupported", reason: NETWORK_POLICY_UNATTESTED },
    },
  };
}

const NO_BACKUP_STORE = `no backup object store configured; set ${SETTINGS_KEY}.postgres.backupObjectStore.name and .retentionDays to an existing Barman Cloud ObjectStore`;

/**
 * The postgres row: a CloudNativePG Cluster per database (the operator and its Barman Cloud plugin
 * installed on the cluster). A database is offered only with a backup object store: every database
 * is backed up, and `backupRetentionDays` has a default that would otherwise be dropped silently.
 */
export function postgresCapabilities(
  settings: KubernetesSettings,
): BlockCapabilities<BlockFeatures["postgres"]> {
  const store = settings.postgres?.backupObjectStore;
  return {
    block:
      store === undefined
        ? { support: "unsupported", reason: NO_BACKUP_STORE }
        : {
            support: "native",
            reason:
              "CloudNativePG Cluster with a Database resource, backed up through the Barman Cloud plugin",
          },
    features: {
      highAvailability: {
        support: "native",
        reason:
          "3 instances on 3 nodes (spread over zones where there are any), quorum synchronous commit to one standby, automatic failover",
      },
      pointInTimeRecovery:
        store === undefined
          ? { support: "unsupported", reason: NO_BACKUP_STORE }
          : {
              support: "native",
              reason:
                "continuous WAL archiving to the Barman Cloud ObjectStore, with daily base backups",
            },
      extensions: {
        support: "native",
        reason:
          "CloudNativePG Database resource's extensions (applied whenever the list changes), from the standard image: contrib modules and pgvector, not PostGIS",
      },
      allowedCidrs: {
        support: "unsupported",
        reason:
          "a CloudNativePG cluster is reachable inside the Kubernetes cluster only; Wissel does not expose a database through a LoadBalancer",
      },
      appRole: {
        support: "native",
        reason:
          "created by Wissel's bootstrap SQL (initdb postInitSQL from a Secret), then kept by the operator as a managed role with its password from that Secret",
      },
    },
  };
}

/** The capability table for these settings. */
export function capabilities(settings: KubernetesSettings): CapabilityTable {
  return {
    bucket: bucketCapabilities(settings),
    kubernetesCluster: clusterCapabilities(settings),
    namespace: namespaceCapabilities(settings),
    postgres: postgresCapabilities(settings),
    ...mailServerCapabilities("native", "on the cluster"),
  };
}
