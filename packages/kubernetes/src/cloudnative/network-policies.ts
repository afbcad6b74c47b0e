/** The NetworkPolicies of a CloudNativePG database: its pods' ingress and egress, and its clients' egress. */
import type { networking } from "@pulumi/kubernetes/types/input";
import { clusterDnsEgress } from "../namespace-objects";
import { CNPG_OPERATOR_POD_LABELS, CNPG_PORTS } from "./constants";

/** What the NetworkPolicies need to know. */
export interface NetworkPolicyInput {
  readonly clusterName: string;
  readonly operatorNamespace: string;
}

/**
 * Ingress of the database pods: PostgreSQL from the pods of their own namespace (applications, and
 * the other instances replicating), and the instance manager's status port from the operator.
 */
export function cloudNativeIngressPolicySpec(
  input: NetworkPolicyInput,
): networking.v1.NetworkPolicySpec {
  return {
    podSelector: { matchLabels: { "cnpg.io/cluster": input.clusterName } },
    policyTypes: ["Ingress"],
    ingress: [
      { from: [{ podSelector: {} }], ports: [{ protocol: "TCP", port: CNPG_PORTS.postgres }] },
      {
        from: [
          {
            namespaceSelector: {
              matchLabels: { "kubernetes.io/metadata.name": input.operatorNamespace },
            },
            podSelector: { matchLabels: { ...CNPG_OPERATOR_POD_LABELS } },
          },
        ],
        ports: [{ protocol: "TCP", port: CNPG_PORTS.status }],
      },
    ],
  };
}

/**
 * Egress of the database pods: cluster DNS, the other instances (streaming replication, pg_rewind),
 * the Kubernetes API (the instance manager watches its Cluster and Secrets), and the backup object
 * store over HTTPS. The API server's address after the Service's translation differs per
 * cluster, so API egress is limited by port (443, 6443), not by address.
 */
export function cloudNativeEgressPolicySpec(
  input: NetworkPolicyInput,
): networking.v1.NetworkPolicySpec {
  const https: { protocol: string; port: number }[] = [
    { protocol: "TCP", port: 443 },
    { protocol: "TCP", port: 6443 },
  ];
  return {
    podSelector: { matchLabels: { "cnpg.io/cluster": input.clusterName } },
    policyTypes: ["Egress"],
    egress: [
      clusterDnsEgress(),
      {
        to: [{ podSelector: { matchLabels: { "cnpg.io/cluster": input.clusterName } } }],
        ports: [{ protocol: "TCP", port: CNPG_PORTS.postgres }],
      },
      // Any address: the API server's after translation, and the backup store's endpoint (HTTPS on 443).
      { ports: https },
    ],
  };
}

/** Egress of every pod of the namespace to the database's PostgreSQL port. */
export function cloudNativeClientPolicySpec(clusterName: string): networking.v1.NetworkPolicySpec {
  return {
    podSelector: {},
    policyTypes: ["Egress"],
    egress: [
      {
        to: [{ podSelector: { matchLabels: { "cnpg.io/cluster": clusterName } } }],
        ports: [{ protocol: "TCP", port: CNPG_PORTS.postgres }],
      },
    ],
  };
}
