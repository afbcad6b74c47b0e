/**
 * The `Namespace` block on OpenStack: the shared hardened namespace of `@wissel/kubernetes`, built on a
 * Magnum cluster of the same program through that cluster's own provider.
 */
import { defineBlock, namespacePhysicalNames } from "@wissel/core";
import type {
  BuildContext,
  BuildResult,
  ClusterRef,
  Issue,
  NamespaceBinding,
  NamespaceBuildSpec,
  NamespaceSpec,
} from "@wissel/core";
import { kubernetesCompose } from "./compose";
import type { OpenStackSettings } from "./settings";

/**
 * A namespace on OpenStack needs a KubernetesCluster of the program: an OpenStack cloud has no cluster
 * of its own to fall back on.
 */
export function missingCluster(subject: string): Issue[] {
  return [
    {
      subject,
      field: "cluster",
      value: undefined,
      rule: 'must be a KubernetesCluster on target "openstack": a namespace goes on a Magnum cluster the program builds, and this program has none',
      fix: 'Create a KubernetesCluster in the program (new KubernetesCluster("apps")), or pass it: new Namespace(name, { cluster }).',
    },
  ];
}

/** What a namespace on OpenStack is built from: the spec without its cluster, and the Magnum cluster. */
export interface NamespacePlan {
  readonly namespace: NamespaceSpec;
  readonly cluster: ClusterRef;
}

/** Builds the hardened namespace on the program's Magnum cluster, with that cluster's provider. */
function buildNamespace(
  { namespace, cluster }: NamespacePlan,
  ctx: BuildContext<OpenStackSettings>,
): BuildResult<NamespaceBinding> {
  return kubernetesCompose("a Namespace").buildNamespaceOnCluster(ctx, namespace, cluster, {
    cluster: { what: "cluster", choice: `Magnum cluster "${cluster.name}"` },
    teamGroup: (group) => ({
      what: "team group",
      choice: `"${group}" as k8s-keystone-auth reports it`,
      why: "must be a group k8s-keystone-auth reports for the team's users: their Keystone project id, or a group the operator's role mappings give",
    }),
  });
}

/** The Namespace on OpenStack: on a Magnum cluster of the program, never without one. */
export const namespace = defineBlock<"namespace", OpenStackSettings, NamespacePlan>({
  plan: (spec: NamespaceBuildSpec, { subject }) => {
    const { cluster, ...namespace } = spec;
    return cluster === undefined ? missingCluster(subject) : { namespace, cluster };
  },
  names: ({ namespace, cluster }) => namespacePhysicalNames(namespace.namespace, cluster),
  build: buildNamespace,
});
