import type { Adapter } from "@wissel/core";
import { clusterContract } from "@wissel/testing";
import { adapter } from "@wissel/azure";
import { CONFIG, outputs } from "./fixtures";

/*
 * The admin kubeconfig comes from the adapter's offline answer for the credentials invoke; the faker
 * gives the cluster's FQDN. The suite records a "sensitive" cluster, which the default policy
 * (sensitive: eu) refuses on Azure, so this harness allows it explicitly.
 *
 * namespaceContract is not run here yet: it binds the team groups "team-alpha-developers" and "devs",
 * and Azure (rightly) refuses any teamGroup that is not an Entra ID object id. namespace.test.ts runs
 * the same hardening and schema checks with an object id until the suite takes a sample group.
 */
clusterContract({
  adapter: adapter as Adapter,
  harness: { config: { ...CONFIG, "wissel:policy": { sensitive: "any" } }, outputs },
  statefulTypes: ["azure-native:containerservice:ManagedCluster"],
});
