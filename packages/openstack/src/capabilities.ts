/** What an OpenStack cloud offers for each block, through Swift, its S3 API, Keystone and Magnum. */
import type { BlockCapabilities, CapabilityTable } from "@wissel/core";
import type { OpenStackSettings } from "./settings";

/** A Magnum cluster from a template of this program's own. */
export const KUBERNETES_CLUSTER_CAPABILITIES: BlockCapabilities<"networkPolicy" | "oidcIssuer" | "privateNetwork"> = {
  block: {
    support: "native",
    reason: "a Magnum cluster from a cluster template of its own; needs wissel:openstack.kubernetes (images, flavors, external network)",
  },
  features: {
    networkPolicy: { support: "native", reason: "the template's network driver is Calico or Cilium, which enforce NetworkPolicy; flannel is refused" },
    oidcIssuer: {
      support: "unsupported",
      reason: "Magnum does not publish the cluster's service-account OIDC issuer, so workloads cannot federate their identity",
    },
    privateNetwork: {
      support: "native",
      reason: "nodes sit on a private Neutron network (Magnum's own, or fixedNetwork) without floating IPs; only the API load balancer may have one",
    },
  },
};

/** Namespaces on a Magnum cluster, built by the shared Kubernetes hardening. */
export function namespaceCapabilities(keystoneAuth: boolean): BlockCapabilities<"teamGroup" | "networkPolicy"> {
  return {
    block: { support: "native", reason: "Kubernetes objects on a KubernetesCluster of this program (a Magnum cluster)" },
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
      networkPolicy: { support: "native", reason: "enforced by the cluster's Calico or Cilium network driver" },
    },
  };
}

/** The capability table for these settings: a team group needs k8s-keystone-auth. */
export function capabilities(settings: OpenStackSettings): CapabilityTable {
  return {
    ...CAPABILITIES,
    namespace: namespaceCapabilities(settings.kubernetes?.keystoneAuth ?? false),
  };
}

/** The OpenStack capability table without settings (a team group counted unsupported). */
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
  kubernetesCluster: KUBERNETES_CLUSTER_CAPABILITIES,
  namespace: namespaceCapabilities(false),
};
