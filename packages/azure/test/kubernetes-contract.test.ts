import { KubernetesCluster, type Adapter } from "@wissel/core";
import { clusterContract, namespaceContract } from "@wissel/testing";
import { adapter } from "@wissel/azure";
import { CONFIG, outputs } from "./fixtures";

/*
 * The admin kubeconfig comes from the adapter's offline answer for the credentials invoke; the faker
 * gives the cluster's FQDN. The suites record "sensitive" resources, which the default policy
 * (sensitive: eu) refuses on Azure, so these harnesses allow them explicitly.
 */
const harness = { config: { ...CONFIG, "wissel:policy": { sensitive: "any" } }, outputs };

clusterContract({
  adapter: adapter as Adapter,
  harness,
  statefulTypes: ["azure-native:containerservice:ManagedCluster"],
});

/* Azure RBAC for Kubernetes binds Entra ID groups by object id. */
namespaceContract({
  adapter: adapter as Adapter,
  harness,
  statefulTypes: ["kubernetes:core/v1:Namespace"],
  setup: () => new KubernetesCluster("apps"),
  teamGroup: "6f1c2d3e-4b5a-4c6d-8e7f-901a2b3c4d5e",
});
