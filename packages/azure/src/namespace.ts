/**
 * The Namespace on Azure: the hardened namespace of @wissel/kubernetes, on the program's AKS cluster.
 */
import type { Issue, NamespaceBuildSpec } from "@wissel/core";

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
      fix: "Create a KubernetesCluster in the program (new KubernetesCluster(\"apps\")), or pass one as cluster.",
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
