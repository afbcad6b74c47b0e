import * as pulumi from "@pulumi/pulumi";
import { bindBlock, type BindingNamespace, type BoundSecret } from "../bindings/bind";
import type { Adapter, Placement } from "../adapter";
import type { ClusterRef, NamespaceBuildSpec, NamespaceRef } from "../adapter-block";
import { prepareBlock, type RequestedFeature } from "../block";
import {
  blockOutputs,
  buildBlock,
  componentOptions,
  type KindInfo,
  type WisselBlock,
} from "../block-base";
import { WisselError } from "../errors";
import { clustersOn } from "./clusters";
import type { KubernetesCluster } from "./cluster";
import type { NamespaceArgsData, NamespaceBinding } from "./contract";
import { validateNamespaceArgs } from "./validate";
import { referenced } from "../references";

const INFO: KindInfo<"namespace"> = {
  kind: "namespace",
  type: "wissel:kubernetes:Namespace",
  noun: "namespace",
};

/** Arguments of `Namespace`. */
export interface NamespaceArgs extends NamespaceArgsData {
  /**
   * The cluster the namespace goes on; the namespace then follows the cluster's target.
   * @default - the program's only KubernetesCluster on this namespace's target, or (on the `kubernetes` target) the configured cluster
   */
  readonly cluster?: KubernetesCluster;
}

/** The features a namespace spec asks of its target, each with the spec that does not ask for it. */
export function requestedNamespaceFeatures(
  spec: NamespaceBuildSpec,
): RequestedFeature<NamespaceBuildSpec>[] {
  return spec.teamGroup !== undefined
    ? [
        {
          feature: "teamGroup",
          field: "teamGroup",
          value: spec.teamGroup,
          without: ({ teamGroup: _, ...s }) => s,
        },
      ]
    : [];
}

/** The `cluster` argument, checked to be a KubernetesCluster. */
function clusterArg(raw: unknown, subject: string): ClusterRef | undefined {
  return referenced(
    "cluster",
    "cluster",
    (raw as { cluster?: unknown } | undefined)?.cluster,
    subject,
  );
}

/** The cluster a block goes on when none is passed, or an error when the choice is ambiguous. */
export function defaultCluster(subject: string, target: string): ClusterRef | undefined {
  const candidates = clustersOn(target);
  if (candidates.length > 1) {
    throw new WisselError([
      {
        subject,
        field: "cluster",
        value: undefined,
        rule: `must be given when the program has several clusters on target "${target}" (${candidates.map((c) => c.name).join(", ")})`,
        fix: `Pass the cluster it belongs on: new ${subject.split(" ")[0] ?? "Namespace"}(name, { cluster }).`,
      },
    ]);
  }
  return candidates[0];
}

/**
 * A hardened namespace for one team: Pod Security `restricted`, default-deny NetworkPolicy with DNS
 * allowed, ResourceQuota and LimitRange, the team's group bound to a namespace-scoped role, and a CI
 * ServiceAccount whose kubeconfig reaches this namespace only.
 *
 * @example
 * const team = new Namespace("team-alpha", { teamGroup: "team-alpha-developers" });
 * export const ciKubeconfig = team.binding.apply((b) => b.kubeconfig);
 */
export class Namespace extends pulumi.ComponentResource implements WisselBlock<"namespace"> {
  /** {@inheritDoc WisselBlock.binding} */
  public readonly binding: pulumi.Output<NamespaceBinding>;
  /** {@inheritDoc WisselBlock.target} */
  public readonly target: Adapter;
  /** {@inheritDoc WisselBlock.placement} */
  public readonly placement: Placement;
  /** {@inheritDoc WisselBlock.vendorResources} */
  public readonly vendorResources: Readonly<Record<string, pulumi.Resource>>;
  /** The Kubernetes namespace name. */
  public readonly namespace: string;
  /** How other blocks (a database on Kubernetes) see this namespace. */
  public readonly ref: NamespaceRef;
  private readonly blockName: string;

  constructor(name: string, args: NamespaceArgs = {}, opts: pulumi.ComponentResourceOptions = {}) {
    const prepared = prepareBlock(
      INFO,
      name,
      args,
      (raw, subject, target): NamespaceBuildSpec => {
        const spec = validateNamespaceArgs(raw, subject, name);
        const ref = clusterArg(raw, subject) ?? defaultCluster(subject, target);
        return ref !== undefined ? { ...spec, cluster: ref } : spec;
      },
      requestedNamespaceFeatures,
      (raw, subject) => {
        const ref = clusterArg(raw, subject);
        return ref !== undefined
          ? { target: ref.target, key: `the cluster "${ref.name}"` }
          : undefined;
      },
    );
    super(INFO.type, name, {}, componentOptions(prepared, opts));
    this.blockName = name;
    const block = buildBlock(prepared, this);
    ({
      binding: this.binding,
      target: this.target,
      placement: this.placement,
      vendorResources: this.vendorResources,
    } = block);
    this.namespace = prepared.spec.namespace;
    const clusterRef = prepared.spec.cluster;
    this.ref = {
      name,
      namespace: this.namespace,
      target: this.target.name,
      placement: this.placement,
      quota: prepared.spec.quota,
      resource: this,
      ...(clusterRef !== undefined ? { cluster: clusterRef } : {}),
    };
    this.registerOutputs(blockOutputs(prepared, block));
  }

  /**
   * Publishes this block's binding into a Kubernetes Secret `<name>-binding` in the namespace, under
   * the environment contract (`WISSEL_CONTRACT_VERSION`, `WISSEL_<NAME>_<KEY>`; docs/bindings.md),
   * for a pod to load with `envFrom` and read with @wissel/runtime. The Secret is secret end to end.
   * Throws when the block's name does not map cleanly to an environment name.
   */
  bindTo(namespace: BindingNamespace): BoundSecret {
    return bindBlock(this, "namespace", this.blockName, this.binding, namespace);
  }
}
