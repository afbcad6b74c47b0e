/**
 * The hook through which a Namespace's adapter side creates the Kubernetes Secret a binding is
 * projected into. Core depends on no Kubernetes SDK: the adapter that builds the namespace registers
 * a publisher for it (with the namespace's provider), and `bindTo` calls it.
 */
import type * as pulumi from "@pulumi/pulumi";

/** What the publisher creates: one Secret in the namespace, holding exactly `data`. */
export interface BindingSecretRequest {
  /** The Pulumi name of the Secret: `${block}-binding-${namespace component}`. */
  readonly name: string;
  /**
   * The bound block: the Secret's parent. Not the Namespace, because blocks that run in the
   * namespace (CloudNativePG) wait for the Namespace component, and the Secret waits for them.
   */
  readonly parent: pulumi.Resource;
  /** The Kubernetes name of the Secret: `${block}-binding`. */
  readonly secretName: string;
  /** The environment contract's variables; a secret output. */
  readonly data: pulumi.Output<Record<string, string>>;
  /** Labels naming the block and the contract version. */
  readonly labels: Readonly<Record<string, string>>;
}

/** Creates the Secret in the namespace, as a child of the bound block, through the namespace's provider. */
export type BindingSecretPublisher = (request: BindingSecretRequest) => pulumi.CustomResource;

const publishers = new WeakMap<pulumi.ComponentResource, BindingSecretPublisher>();

/** Called by an adapter's namespace builder, once per namespace component. */
export function registerBindingPublisher(
  namespace: pulumi.ComponentResource,
  publisher: BindingSecretPublisher,
): void {
  publishers.set(namespace, publisher);
}

/** The publisher of a namespace component, if its adapter registered one. */
export function bindingPublisherOf(
  namespace: pulumi.ComponentResource,
): BindingSecretPublisher | undefined {
  return publishers.get(namespace);
}
