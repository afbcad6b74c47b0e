import { KubernetesCluster, type Adapter } from "@wissel/core";
import { namespaceContract } from "@wissel/testing";
import { adapter } from "@wissel/openstack";
import { outputs, stackConfig } from "./fixtures";

/* Without k8s-keystone-auth: the suite leaves teamGroup out, as the capability table says. */
namespaceContract({
  adapter: adapter as Adapter,
  harness: { project: "team-workspace", stack: "openstack", config: stackConfig(), outputs },
  statefulTypes: ["kubernetes:core/v1:Namespace"],
  setup: () => new KubernetesCluster("apps"),
});
