/**
 * The Kubernetes provider children use. Without `kubeconfig` or `context` in the settings, children
 * get no explicit provider: they inherit the component's (a provider the user passed in the
 * component's `providers`, or the default provider with the ambient kubeconfig and the
 * `kubernetes:*` stack config).
 *
 * With either setting, a stack gets exactly one explicit provider, `wissel-kubernetes`, created on
 * first use and shared by every component. Not one per component: the engine starts a provider
 * process per provider resource, so a provider per bucket would mean one process, one connection and
 * one API discovery per bucket for the same cluster. Not parented to a component either: its URN
 * would then depend on whichever component came first, and renaming or removing that component would
 * replace or delete the provider every other component's resources depend on.
 *
 * A `KubernetesCluster` built in the program has a provider of its own instead (`clusterProvider`),
 * which every adapter's cluster builder defines and blocks on that cluster reach through their
 * `ClusterRef`.
 */
import * as pulumi from "@pulumi/pulumi";
import { Provider } from "@pulumi/kubernetes/provider";
import type { BuildContext, KubernetesClusterBinding } from "@wissel/core";
import type { KubernetesSettings } from "./settings";
import { STACK_PROVIDER_NAME } from "./vendor";

/**
 * One provider per parsed settings object. Core parses the settings once per program (and again only
 * when the stack config changes, as in tests), so this is one provider per stack.
 */
const providers = new WeakMap<KubernetesSettings, Provider>();

/** The explicit provider for these settings, or undefined to inherit the component's. */
export function stackProvider(settings: KubernetesSettings): Provider | undefined {
  if (settings.kubeconfig === undefined && settings.context === undefined) return undefined;
  let provider = providers.get(settings);
  if (provider === undefined) {
    provider = new Provider(STACK_PROVIDER_NAME, {
      ...(settings.kubeconfig !== undefined ? { kubeconfig: settings.kubeconfig } : {}),
      ...(settings.context !== undefined ? { context: settings.context } : {}),
    });
    providers.set(settings, provider);
  }
  return provider;
}

/** Spreads into a child's options: `{ provider }` when the stack has an explicit one. */
export function providerOption(settings: KubernetesSettings): {
  provider?: pulumi.ProviderResource;
} {
  const provider = stackProvider(settings);
  return provider !== undefined ? { provider } : {};
}

/**
 * The provider that talks to a `KubernetesCluster` built in the program: what every cluster builder
 * returns as its `provider`, which core creates on the first block on the cluster and shares with
 * every later one (`ClusterRef.provider`). Named `${name}-provider` and parented to the cluster
 * component, so it lives and dies with the cluster; its kubeconfig is the binding's admin kubeconfig,
 * secret (the binding is).
 */
export function clusterProvider(
  ctx: Pick<BuildContext<unknown>, "name" | "parent">,
  binding: pulumi.Output<KubernetesClusterBinding>,
): Provider {
  return new Provider(
    `${ctx.name}-provider`,
    { kubeconfig: pulumi.secret(binding.apply((b) => b.kubeconfig)) },
    { parent: ctx.parent },
  );
}
