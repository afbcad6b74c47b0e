/**
 * The `Namespace` block on OpenStack: the shared hardened namespace of `@wissel/kubernetes`, built on a
 * Magnum cluster of the same program through that cluster's own provider.
 */
import { loadOptionalPeer } from "@wissel/core";
import type * as KubernetesAdapter from "@wissel/kubernetes/compose";

/**
 * @wissel/kubernetes, and with it the Kubernetes SDK, loads only when a program builds a namespace:
 * a bucket-only program on this vendor never pays for it.
 */
export function kubernetesAdapter(): typeof KubernetesAdapter {
  return loadOptionalPeer(() => require("@wissel/kubernetes/compose") as typeof KubernetesAdapter, {
    adapter: "@wissel/openstack",
    purpose: "a Namespace or a CloudNativePG PostgresDatabase",
    packages: ["@wissel/kubernetes"],
  });
}
import type {
  BlockBuilder,
  Decision,
  NamespaceBinding,
  NamespaceBuildSpec,
  SpecValidator,
} from "@wissel/core";
import type { OpenStackSettings } from "./settings";

/**
 * A namespace on OpenStack needs a KubernetesCluster of the program: an OpenStack cloud has no cluster
 * of its own to fall back on.
 */
export const validateNamespace: SpecValidator<NamespaceBuildSpec, OpenStackSettings> = (
  spec,
  subject,
) =>
  spec.cluster !== undefined
    ? []
    : [
        {
          subject,
          field: "cluster",
          value: undefined,
          rule: 'must be a KubernetesCluster on target "openstack": a namespace goes on a Magnum cluster the program builds, and this program has none',
          fix: 'Create a KubernetesCluster in the program (new KubernetesCluster("apps")), or pass it: new Namespace(name, { cluster }).',
        },
      ];

/** Builds the hardened namespace on the program's Magnum cluster, with that cluster's provider. */
export const buildNamespace: BlockBuilder<
  NamespaceBuildSpec,
  NamespaceBinding,
  OpenStackSettings
> = (ctx, spec) => {
  const { cluster, ...namespace } = spec;
  if (cluster === undefined)
    throw new Error(`Namespace "${ctx.name}": the validator should have asked for a cluster`);
  const { buildHardenedNamespace, providerFor } = kubernetesAdapter();
  const built = buildHardenedNamespace(ctx, namespace, {
    provider: providerFor(cluster),
    apiServerUrl: cluster.binding.apply((b) => b.apiServerUrl),
    caCertificate: cluster.binding.apply((b) => b.caCertificate),
  });
  const decisions: Decision[] = [
    { what: "cluster", choice: `Magnum cluster "${cluster.name}"` },
    ...(built.decisions ?? []),
  ];
  if (spec.teamGroup !== undefined) {
    decisions.push({
      what: "team group",
      choice: `"${spec.teamGroup}" as k8s-keystone-auth reports it`,
      why: "must be a group k8s-keystone-auth reports for the team's users: their Keystone project id, or a group the operator's role mappings give",
    });
  }
  return { ...built, decisions };
};
