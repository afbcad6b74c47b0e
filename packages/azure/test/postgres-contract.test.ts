import { KubernetesCluster, type Adapter } from "@wissel/core";
import { postgresContract } from "@wissel/testing";
import { adapter } from "@wissel/azure";
import { outputs, postgresConfig } from "./fixtures";

/*
 * Azure creates the app role with a job on the program's AKS cluster, so every program declares one
 * first; the contract's databases are named "orders" and "scratch". They reach the server over named
 * CIDRs (the contract's allowedCidrs case overrides them). "sensitive" is recorded by the suite and
 * refused on Azure by the default policy, so the harness allows it.
 */
postgresContract({
  adapter: adapter as Adapter,
  harness: {
    config: { ...postgresConfig(["orders", "scratch"]), "wissel:policy": { sensitive: "any" } },
    secretKeys: ["wissel:azure"],
    outputs,
  },
  statefulTypes: ["azure-native:dbforpostgresql:Server", "azure-native:dbforpostgresql:Database"],
  setup: () => {
    new KubernetesCluster("apps");
    return { allowedCidrs: ["198.51.100.0/24"] };
  },
});
