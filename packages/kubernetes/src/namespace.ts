/**
 * `Namespace` on the Kubernetes target: the hardened namespace (`./hardened-namespace`) on the
 * program's KubernetesCluster (through its provider) when there is one, else on the configured
 * cluster through the stack's provider. Either way the cluster is the configured one, so the API
 * server and CA come from `wissel:kubernetes.cluster`.
 */
import {
  defineBlock,
  namespacePhysicalNames,
  planOrIssues,
  type BuildContext,
  type BuildResult,
  type ClusterRef,
  type Issue,
  type NamespaceBinding,
  type NamespaceSpec,
} from "@wissel/core";
import { missingCluster } from "./cluster";
import { buildHardenedNamespace } from "./hardened-namespace";
import { stackProvider } from "./provider";
import { settingCommand, type ClusterSettings, type KubernetesSettings } from "./settings";
import { SETTINGS_KEY } from "./vendor";

// The names of the hardened namespace's objects, where other packages' tests find them today.
export { NAMESPACE_OBJECT_NAMES } from "./namespace-objects";

/** The issue of a namespace on a cluster whose network plugin is not known to enforce NetworkPolicy. */
function unenforcedNetworkPolicy(subject: string): Issue {
  return {
    subject,
    field: `${SETTINGS_KEY}.cluster.enforcesNetworkPolicy`,
    value: false,
    rule: "must be true for a Namespace: its default-deny NetworkPolicy isolates nothing unless the network plugin enforces it (Calico, Cilium, Antrea; not plain flannel)",
    fix: `Confirm with the cluster operator that the CNI enforces NetworkPolicy, then run ${settingCommand("cluster.enforcesNetworkPolicy")}.`,
  };
}

/**
 * What a namespace on this target is built from: the namespace spec, the configured cluster whose
 * API server and CA go into the CI kubeconfig, and the program's KubernetesCluster when there is one
 * (its provider talks to the cluster; else the stack's provider does).
 */
export interface NamespacePlan {
  readonly spec: NamespaceSpec;
  readonly cluster: ClusterSettings;
  readonly ref?: ClusterRef;
}

/** Builds a hardened namespace on the configured cluster. */
function buildNamespace(
  { spec, cluster, ref }: NamespacePlan,
  ctx: BuildContext<KubernetesSettings>,
): BuildResult<NamespaceBinding> {
  const provider = ref !== undefined ? ref.provider() : stackProvider(ctx.settings);
  return buildHardenedNamespace(ctx, spec, {
    ...(provider !== undefined ? { provider } : {}),
    apiServerUrl: cluster.apiServerUrl,
    caCertificate: cluster.caCertificate,
  });
}

/**
 * The Namespace on this target. Without a KubernetesCluster in the program the configured cluster's
 * API server and CA go into the CI kubeconfig, and the configured cluster must enforce NetworkPolicy.
 */
export const namespace = defineBlock<"namespace", KubernetesSettings, NamespacePlan>({
  plan: (spec, { subject, settings }) => {
    const cluster = settings.cluster;
    if (cluster === undefined) {
      return missingCluster(
        subject,
        "a Namespace on this target (its CI kubeconfig names the API server and trusts its CA)",
      );
    }
    const issues = cluster.enforcesNetworkPolicy ? [] : [unenforcedNetworkPolicy(subject)];
    const { cluster: ref, ...namespaceSpec } = spec;
    return planOrIssues(issues, () => ({
      spec: namespaceSpec,
      cluster,
      ...(ref !== undefined ? { ref } : {}),
    }));
  },
  names: ({ spec, ref }) => namespacePhysicalNames(spec.namespace, ref),
  build: buildNamespace,
});
