/**
 * The shared KubernetesCluster and Namespace contracts on the Kubernetes target: the existing
 * cluster of the settings (admin kubeconfig from the secret `kubernetes:kubeconfig`), and namespaces
 * on it, both with the program's KubernetesCluster and on the configured cluster alone.
 */
import type { Adapter } from "@wissel/core";
import { adapter } from "@wissel/kubernetes";
import { NAMESPACE_TYPE, clusterContract, namespaceContract } from "@wissel/testing";
import { clusterStackConfig, outputs } from "./fixtures";

const harness = { config: clusterStackConfig(), secretKeys: ["kubernetes:kubeconfig"], outputs };

clusterContract({
  adapter: adapter as Adapter,
  harness,
  // Nothing is created for an existing cluster, so nothing holds data.
  statefulTypes: [],
});

namespaceContract({ adapter: adapter as Adapter, harness, statefulTypes: [NAMESPACE_TYPE] });
