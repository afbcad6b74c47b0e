import * as pulumi from "@pulumi/pulumi";
import type { Adapter, ClusterRef, Placement } from "../adapter";
import { buildContext, prepareBlock, recordBlock, type BlockInfo } from "../block";
import { registerCluster } from "./clusters";
import type { KubernetesClusterArgs, KubernetesClusterBinding } from "./contract";
import { validateClusterArgs } from "./validate";

const INFO: BlockInfo = { kind: "kubernetesCluster", type: "wissel:kubernetes:Cluster", noun: "Kubernetes cluster" };

/**
 * A Kubernetes cluster on the stack's target: the vendor's managed service (AKS, Kapsule, Magnum) with
 * NetworkPolicy enforced, or, on the `kubernetes` target, the existing cluster the stack configures.
 *
 * @example
 * const cluster = new KubernetesCluster("apps", { nodeCount: 3, vcpu: 4, memoryGiB: 16 });
 * const team = new Namespace("team-alpha", { cluster });
 */
export class KubernetesCluster extends pulumi.ComponentResource {
  /** API server URL, CA and an admin kubeconfig; secret. */
  public readonly binding: pulumi.Output<KubernetesClusterBinding>;
  /** The API server URL. */
  public readonly apiServerUrl: pulumi.Output<string>;
  public readonly target: Adapter;
  public readonly placement: Placement;
  public readonly vendorResources: Readonly<Record<string, pulumi.Resource>>;
  /** How other blocks (Namespace, emulated blocks) see this cluster. */
  public readonly ref: ClusterRef;

  constructor(name: string, args: KubernetesClusterArgs = {}, opts: pulumi.ComponentResourceOptions = {}) {
    const prepared = prepareBlock(INFO, name, args, validateClusterArgs, () => []);
    super(INFO.type, name, {}, opts);

    const built = prepared.adapter.builders.kubernetesCluster!(buildContext(prepared, this), prepared.spec);
    this.target = prepared.adapter;
    this.placement = prepared.placement;
    this.vendorResources = built.vendorResources;
    this.binding = pulumi.secret(built.binding);
    this.apiServerUrl = pulumi.unsecret(built.binding.apply((b) => b.apiServerUrl));
    this.ref = {
      name,
      target: prepared.adapter.name,
      placement: prepared.placement,
      ...(built.nodeSize !== undefined ? { nodeSize: built.nodeSize } : {}),
      binding: this.binding,
      resource: this,
      vendorResources: built.vendorResources,
    };
    registerCluster(this.ref);
    recordBlock(prepared, built.decisions ?? []);

    this.registerOutputs({ binding: this.binding, apiServerUrl: this.apiServerUrl });
  }
}
