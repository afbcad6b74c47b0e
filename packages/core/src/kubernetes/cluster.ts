import * as pulumi from "@pulumi/pulumi";
import type { Adapter, Placement } from "../adapter";
import type { ClusterRef } from "../adapter-block";
import { prepareBlock } from "../block";
import { blockOutputs, buildBlock, type KindInfo, type WisselBlock } from "../block-base";
import { registerCluster } from "./clusters";
import type { KubernetesClusterArgs, KubernetesClusterBinding } from "./contract";
import { validateClusterArgs } from "./validate";

/** Calls `create` on the first call only, and returns what it returned then on every call. */
function once<T>(create: () => T): () => T {
  let made: { readonly value: T } | undefined;
  return () => (made ??= { value: create() }).value;
}

const INFO: KindInfo<"kubernetesCluster"> = {
  kind: "kubernetesCluster",
  type: "wissel:kubernetes:Cluster",
  noun: "Kubernetes cluster",
};

/**
 * A Kubernetes cluster on the stack's target: the vendor's managed service (AKS, Kapsule, Magnum) with
 * NetworkPolicy enforced, or, on the `kubernetes` target, the existing cluster the stack configures.
 *
 * @example
 * const cluster = new KubernetesCluster("apps", { nodeCount: 3, vcpu: 4, memoryGiB: 16 });
 * const team = new Namespace("team-alpha", { cluster });
 */
export class KubernetesCluster
  extends pulumi.ComponentResource
  implements WisselBlock<"kubernetesCluster">
{
  /** {@inheritDoc WisselBlock.binding} */
  public readonly binding: pulumi.Output<KubernetesClusterBinding>;
  /** {@inheritDoc WisselBlock.target} */
  public readonly target: Adapter;
  /** {@inheritDoc WisselBlock.placement} */
  public readonly placement: Placement;
  /** {@inheritDoc WisselBlock.vendorResources} */
  public readonly vendorResources: Readonly<Record<string, pulumi.Resource>>;
  /** The API server URL. */
  public readonly apiServerUrl: pulumi.Output<string>;
  /** How other blocks (Namespace, emulated blocks) see this cluster. */
  public readonly ref: ClusterRef;

  constructor(
    name: string,
    args: KubernetesClusterArgs = {},
    opts: pulumi.ComponentResourceOptions = {},
  ) {
    const prepared = prepareBlock(INFO, name, args, validateClusterArgs, () => []);
    super(INFO.type, name, {}, opts);
    const block = buildBlock(prepared, this);
    ({
      binding: this.binding,
      target: this.target,
      placement: this.placement,
      vendorResources: this.vendorResources,
    } = block);
    this.apiServerUrl = pulumi.unsecret(block.built.binding.apply((b) => b.apiServerUrl));
    this.ref = {
      name,
      target: this.target.name,
      placement: this.placement,
      ...(block.built.nodeSize !== undefined ? { nodeSize: block.built.nodeSize } : {}),
      binding: this.binding,
      resource: this,
      vendorResources: this.vendorResources,
      provider: once(block.built.provider),
    };
    registerCluster(this.ref);
    this.registerOutputs(blockOutputs(prepared, block, { apiServerUrl: this.apiServerUrl }));
  }
}
