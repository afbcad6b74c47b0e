import type { Adapter } from "@wissel/core";
import { clusterContract } from "@wissel/testing";
import { adapter } from "@wissel/openstack";
import { CLUSTER_TYPE } from "../src/cluster";
import { outputs, stackConfig } from "./fixtures";

clusterContract({
  // Core holds adapters with their settings type erased; builders are contravariant in it.
  adapter: adapter as Adapter,
  harness: { project: "team-workspace", stack: "openstack", config: stackConfig(), outputs },
  // The template holds no data (it is retained, not protected; cluster.test.ts checks it).
  statefulTypes: [CLUSTER_TYPE],
});
