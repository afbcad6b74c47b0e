import { KubernetesCluster, type Adapter } from "@wissel/core";
import { namespaceContract } from "@wissel/testing";
import { adapter } from "@wissel/openstack";
import { outputs, stackConfig } from "./fixtures";

/* With k8s-keystone-auth on: the suite binds a team group and checks its RBAC stays namespaced. */
namespaceContract({
  adapter: adapter as Adapter,
  harness: {
    project: "team-workspace",
    stack: "openstack",
    config: stackConfig({ keystoneAuth: true }),
    outputs,
  },
  statefulTypes: ["kubernetes:core/v1:Namespace"],
  setup: () => new KubernetesCluster("apps"),
});
