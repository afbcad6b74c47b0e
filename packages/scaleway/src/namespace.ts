/**
 * The Namespace on Scaleway: the hardened namespace of @wissel/kubernetes, on the program's Kapsule
 * cluster. Scaleway has no namespace service of its own, so a namespace needs a cluster of the program.
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
import { OIDC_PREFIX } from "./cluster";
import type { ScalewaySettings } from "./settings";

/** Refuses a namespace without a cluster: on Scaleway there is no configured cluster to fall back to. */
export function validateNamespace(spec: NamespaceBuildSpec, subject: string): Issue[] {
  if (spec.cluster !== undefined) return [];
  return [
    {
      subject,
      field: "cluster",
      value: undefined,
      rule: 'must be a KubernetesCluster on target "scaleway": a namespace there lives on a Kapsule cluster of the program, and the program has none',
      fix: 'Create a KubernetesCluster in the program (new KubernetesCluster("apps")), or pass the one it belongs on: new Namespace(name, { cluster }).',
    },
  ];
}

/**
 * The group name as the API server sees it: Kapsule's OIDC configuration prefixes every group, so the
 * team's RoleBinding must name the prefixed group.
 */
export function kapsuleGroup(teamGroup: string): string {
  return `${OIDC_PREFIX}${teamGroup}`;
}

/** What a Scaleway namespace is built from: the spec, and the Kapsule cluster it goes on. */
export interface NamespacePlan {
  readonly spec: NamespaceBuildSpec;
  readonly cluster: ClusterRef;
}

/** Builds a hardened namespace on the program's Kapsule cluster. */
function buildNamespace(
  { spec, cluster }: NamespacePlan,
  ctx: BuildContext<ScalewaySettings>,
): BuildResult<NamespaceBinding> {
  const { cluster: _cluster, teamGroup, ...rest } = spec;
  const namespaceSpec: NamespaceSpec = {
    ...rest,
    ...(teamGroup !== undefined ? { teamGroup: kapsuleGroup(teamGroup) } : {}),
  };
  return kubernetesCompose("a Namespace").buildNamespaceOnCluster(ctx, namespaceSpec, cluster, {
    cluster: {
      what: "cluster",
      choice: `Kapsule cluster ${cluster.name}`,
      why: "Scaleway runs namespaces on a cluster of the program",
    },
    teamGroup: (group) => ({
      what: "team group",
      choice: group,
      why: `Kapsule prefixes OIDC groups with "${OIDC_PREFIX}"`,
    }),
  });
}

/** The Namespace on Scaleway: on a Kapsule cluster of the program, never without one. */
export const namespace = defineBlock<"namespace", ScalewaySettings, NamespacePlan>({
  plan: (spec, { subject }) =>
    spec.cluster === undefined ? validateNamespace(spec, subject) : { spec, cluster: spec.cluster },
  names: ({ spec, cluster }) => namespacePhysicalNames(spec.namespace, cluster),
  build: buildNamespace,
});
