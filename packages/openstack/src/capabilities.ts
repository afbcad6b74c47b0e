/** What an OpenStack cloud offers for each block, through Swift, its S3 API, Keystone and Magnum. */
import { mailServerCapabilities, type BlockCapabilities, type CapabilityTable } from "@wissel/core";
import type { PostgresSettings } from "./postgres-settings";
import type { OpenStackSettings } from "./settings";

/** A Magnum cluster from a template of this program's own. */
export const KUBERNETES_CLUSTER_CAPABILITIES: BlockCapabilities<
  "networkPolicy" | "oidcIssuer" | "privateNetwork"
> = {
  block: {
    support: "native",
    reason:
      "a Magnum cluster from a cluster template of its own; needs wissel:openstack.kubernetes (images, flavors, external network)",
  },
  features: {
    networkPolicy: {
      support: "native",
      reason:
        "the template's network driver is Calico or Cilium, which enforce NetworkPolicy; flannel is refused",
    },
    oidcIssuer: {
      support: "unsupported",
      reason:
        "Magnum does not publish the cluster's service-account OIDC issuer, so workloads cannot federate their identity",
    },
    privateNetwork: {
      support: "native",
      reason:
        "nodes sit on a private Neutron network (Magnum's own, or fixedNetwork) without floating IPs; only the API load balancer may have one",
    },
  },
};

/** Namespaces on a Magnum cluster, built by the shared Kubernetes hardening. */
export function namespaceCapabilities(
  keystoneAuth: boolean,
): BlockCapabilities<"teamGroup" | "networkPolicy"> {
  return {
    block: {
      support: "native",
      reason: "Kubernetes objects on a KubernetesCluster of this program (a Magnum cluster)",
    },
    features: {
      teamGroup: keystoneAuth
        ? {
            support: "native",
            reason:
              "k8s-keystone-auth (keystone_auth_enabled) reports a Keystone user's project id, and groups the operator maps from Keystone roles, as Kubernetes groups; teamGroup must be one of those",
          }
        : {
            support: "unsupported",
            reason:
              "Magnum's clusters authenticate with client certificates only unless k8s-keystone-auth is on; set wissel:openstack.kubernetes.keystoneAuth to true to bind Keystone groups",
          },
      networkPolicy: {
        support: "native",
        reason: "enforced by the cluster's Calico or Cilium network driver",
      },
    },
  };
}

type PostgresFeature =
  "highAvailability" | "pointInTimeRecovery" | "extensions" | "allowedCidrs" | "appRole";

/**
 * PostgreSQL on Trove (`wissel:openstack.postgres.trove: true`): a managed instance, but Trove's API
 * and the OpenStack provider leave out replicas with failover, point-in-time restores, extensions,
 * network allow-lists and TLS, so most features are unsupported and TLS is the stack's to enable.
 */
export const TROVE_POSTGRES_CAPABILITIES: BlockCapabilities<PostgresFeature> = {
  block: {
    support: "native",
    reason:
      "a Trove instance on the stack's private network; TLS is enabled with Trove's SSL action outside Pulumi and clients verify it against the CA the stack declares",
  },
  features: {
    highAvailability: {
      support: "unsupported",
      reason:
        "Trove's PostgreSQL replicas are read replicas promoted by hand, without automatic failover, and the OpenStack provider cannot create them",
    },
    pointInTimeRecovery: {
      support: "unsupported",
      reason:
        "Trove restores whole backups only, and the OpenStack provider has no resource for Trove backups",
    },
    extensions: {
      support: "unsupported",
      reason:
        "Trove has no API for extensions and gives the program no superuser to create them with",
    },
    allowedCidrs: {
      support: "unsupported",
      reason:
        "the OpenStack provider cannot pass Trove's access.allowed_cidrs and the instance's security group is Trove's own; the database is reachable from its private network only",
    },
    appRole: {
      support: "emulated",
      reason:
        "Trove's guest agent creates the user with its own SQL (a password login with ALL on its database and on schema public), not Wissel's: it may also create schemas there and connect to the server's postgres database",
    },
  },
};

const NO_BACKUP_STORE =
  "no backup object store configured: set wissel:openstack.postgres.backupObjectStore.name and .retentionDays to a Barman Cloud ObjectStore in the databases' namespace (or turn on Trove)";

/**
 * PostgreSQL without Trove: the Kubernetes adapter's CloudNativePG cluster, in a Namespace on a Magnum
 * cluster of the program, with Wissel's own SQL for the app role. As on the Kubernetes target, a
 * database is offered only with a backup object store: `backupRetentionDays` has a default that would
 * otherwise be dropped silently.
 */
export function cloudNativePostgresCapabilities(
  backupStore: boolean,
): BlockCapabilities<PostgresFeature> {
  return {
    block: backupStore
      ? {
          support: "emulated",
          reason:
            "CloudNativePG on the program's Magnum cluster, in the Namespace passed as namespace, through the Kubernetes adapter",
        }
      : { support: "unsupported", reason: NO_BACKUP_STORE },
    features: {
      highAvailability: {
        support: "native",
        reason:
          "3 CloudNativePG instances on 3 Magnum nodes, quorum synchronous commit to one standby, automatic failover",
      },
      pointInTimeRecovery: backupStore
        ? {
            support: "native",
            reason:
              "continuous WAL archiving to the Barman Cloud ObjectStore, with daily base backups",
          }
        : { support: "unsupported", reason: NO_BACKUP_STORE },
      extensions: {
        support: "native",
        reason:
          "CloudNativePG Database resource's extensions, from the standard image: contrib modules and pgvector, not PostGIS",
      },
      allowedCidrs: {
        support: "unsupported",
        reason:
          "a CloudNativePG cluster is reachable inside the Magnum cluster only; Wissel does not expose a database through a load balancer",
      },
      appRole: {
        support: "native",
        reason:
          "created by Wissel's bootstrap SQL (initdb postInitSQL from a Secret), then kept by the operator as a managed role",
      },
    },
  };
}

/** The postgres row: Trove where the stack turns it on, CloudNativePG on Magnum otherwise. */
export function postgresCapabilities(
  settings: PostgresSettings | undefined,
): BlockCapabilities<PostgresFeature> {
  if (settings?.trove !== undefined) return TROVE_POSTGRES_CAPABILITIES;
  return cloudNativePostgresCapabilities(settings?.backupObjectStore !== undefined);
}

/**
 * The capability table for these settings: a team group needs k8s-keystone-auth, and PostgreSQL is
 * Trove or CloudNativePG as `wissel:openstack.postgres.trove` says.
 */
export function capabilities(settings: OpenStackSettings): CapabilityTable {
  return {
    ...CAPABILITIES,
    namespace: namespaceCapabilities(settings.kubernetes?.keystoneAuth ?? false),
    postgres: postgresCapabilities(settings.postgres),
  };
}

/** The OpenStack capability table without settings (a team group counted unsupported). */
export const CAPABILITIES: CapabilityTable = {
  bucket: {
    block: {
      support: "native",
      reason: "a Swift container, reached through Swift's S3 API with a Keystone EC2 credential",
    },
    features: {
      versioning: {
        support: "native",
        reason:
          "Swift object versioning (Swift 2.24+, with allow_object_versioning enabled by the operator)",
      },
      expireAfterDays: {
        support: "unsupported",
        reason:
          "Swift has no container lifecycle; X-Delete-After is set per object by the writer, not a bucket rule",
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
  kubernetesCluster: KUBERNETES_CLUSTER_CAPABILITIES,
  namespace: namespaceCapabilities(false),
  postgres: cloudNativePostgresCapabilities(false),
  // OpenStack has no mail service: Wissel's own server runs on a Magnum cluster of the program.
  ...mailServerCapabilities("emulated", "on a Magnum cluster of the program"),
};
