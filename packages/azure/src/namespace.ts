/**
 * The Namespace on Azure: the hardened namespace of @wissel/kubernetes, on the program's AKS cluster.
 */
import { defineBlock, namespacePhysicalNames, planOrIssues } from "@wissel/core";
import type {
  BuildContext,
  BuildResult,
  ClusterRef,
  Issue,
  NamespaceBinding,
  NamespaceBuildSpec,
} from "@wissel/core";
import { kubernetesCompose } from "./compose";
import type { AzureSettings } from "./settings";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Checks a namespace spec against what AKS needs: a cluster built by this program, and a team group
 * given as an Entra ID object id (AKS tokens carry group object ids, not names, so a RoleBinding to a
 * group name would never match anyone).
 */
export function validateNamespaceSpec(spec: NamespaceBuildSpec, subject: string): Issue[] {
  const issues: Issue[] = [];
  if (spec.cluster === undefined) {
    issues.push({
      subject,
      field: "cluster",
      value: undefined,
      rule: 'needs a KubernetesCluster on target "azure": the program has none, and an Azure namespace lives on an AKS cluster the program builds',
      fix: 'Create a KubernetesCluster in the program (new KubernetesCluster("apps")), or pass one as cluster.',
    });
  }
  if (spec.teamGroup !== undefined && !UUID.test(spec.teamGroup)) {
    issues.push({
      subject,
      field: "teamGroup",
      value: spec.teamGroup,
      rule: 'must be the object id (a UUID) of an Entra ID group on target "azure": AKS identifies groups by object id',
      fix: "Find it with `az ad group show --group <name> --query id -o tsv` and set teamGroup to it.",
    });
  }
  return issues;
}

/** What an Azure namespace is built from: the spec, and the AKS cluster of the program it goes on. */
export interface NamespacePlan {
  readonly spec: NamespaceBuildSpec;
  readonly cluster: ClusterRef;
}

/**
 * Builds a namespace on the program's AKS cluster: the Kubernetes objects of @wissel/kubernetes's
 * hardened namespace, through the cluster's provider (its admin kubeconfig).
 *
 * The team group is bound by Kubernetes RBAC to a Role in this namespace; AKS evaluates Kubernetes
 * RBAC alongside Azure RBAC, and Entra ID tokens carry the group's object id. To sign in, the group's
 * members also need the Azure role "Azure Kubernetes Service Cluster User Role" on the cluster (to
 * download a kubeconfig) and kubelogin; that assignment is not made here, because it is one per group
 * and cluster while a group may own several namespaces, and Azure refuses a duplicate assignment.
 */
function buildNamespace(
  { spec, cluster }: NamespacePlan,
  ctx: BuildContext<AzureSettings>,
): BuildResult<NamespaceBinding> {
  return kubernetesCompose("a Namespace").buildNamespaceOnCluster(ctx, spec, cluster, {
    cluster: {
      what: "cluster",
      choice: `AKS cluster "${cluster.name}"`,
      why: "the program's KubernetesCluster on target azure",
    },
    teamGroup: (group) => ({
      what: "team sign-in",
      choice: `Entra ID group ${group} needs "Azure Kubernetes Service Cluster User Role" on the cluster, and kubelogin`,
      why: "one Azure role assignment per group and cluster, made outside this namespace: Azure refuses duplicates",
    }),
  });
}

/** The Namespace on Azure: on an AKS cluster of the program, with the team group as an object id. */
export const namespace = defineBlock<"namespace", AzureSettings, NamespacePlan>({
  plan: (spec, { subject }) => {
    const issues = validateNamespaceSpec(spec, subject);
    const cluster = spec.cluster;
    return cluster === undefined ? issues : planOrIssues(issues, () => ({ spec, cluster }));
  },
  names: ({ spec, cluster }) => namespacePhysicalNames(spec.namespace, cluster),
  build: buildNamespace,
});
