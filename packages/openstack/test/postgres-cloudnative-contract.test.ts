import { KubernetesCluster, Namespace, type Adapter } from "@wissel/core";
import { CNPG_TYPES } from "../../kubernetes/src/postgres";
import { postgresContract } from "@wissel/testing";
import { adapter } from "@wissel/openstack";
import { cloudNativeStackConfig, outputs } from "./fixtures";

postgresContract({
  // Core holds adapters with their settings type erased; builders are contravariant in it.
  adapter: adapter as Adapter,
  harness: {
    project: "team-workspace",
    stack: "openstack",
    config: cloudNativeStackConfig(),
    outputs,
  },
  statefulTypes: [CNPG_TYPES.cluster, CNPG_TYPES.database],
  // Without Trove a database runs in a Namespace on a Magnum cluster of the program.
  // Nodes and a quota large enough for every size the contract asks for (16 vCPU / 64 GiB, and three
  // instances with highAvailability): smaller ones are refused at preview, as they could never run.
  setup: () => ({
    namespace: new Namespace("team", {
      cluster: new KubernetesCluster("apps", { vcpu: 32, memoryGiB: 128 }),
      quota: { cpu: 64, memoryGiB: 256, storageGiB: 2000, pods: 50 },
    }),
  }),
});
