/** The Namespace contract on the Kubernetes target with a KubernetesCluster in the program. */
import { KubernetesCluster, type Adapter } from "@wissel/core";
import { adapter } from "@wissel/kubernetes";
import { NAMESPACE_TYPE, namespaceContract } from "@wissel/testing";
import { clusterStackConfig, outputs } from "./fixtures";

namespaceContract({
  adapter: adapter as Adapter,
  harness: { config: clusterStackConfig(), secretKeys: ["kubernetes:kubeconfig"], outputs },
  statefulTypes: [NAMESPACE_TYPE],
  setup: () => new KubernetesCluster("apps"),
});
