/**
 * The Kubernetes side of `bindTo`: the Secret a block's binding is projected into, created in the
 * hardened namespace through the namespace's own provider, secret in state (`additionalSecretOutputs`)
 * as well as in its inputs.
 */
import type * as pulumi from "@pulumi/pulumi";
import { Secret } from "@pulumi/kubernetes/core/v1";
import type { BindingSecretPublisher } from "@wissel/core";

/** The outputs of a binding Secret that carry its values, kept secret in the state. */
export const BINDING_SECRET_OUTPUTS = ["data", "stringData"] as const;

/**
 * A publisher for one namespace: each call creates `Secret <secretName>` (type Opaque) in the
 * namespace, holding exactly the contract's variables, as a child of the Namespace component.
 */
export function bindingSecretPublisher(
  namespace: pulumi.Output<string>,
  labels: Readonly<Record<string, string>>,
  opts: pulumi.CustomResourceOptions,
): BindingSecretPublisher {
  return (request) =>
    new Secret(
      request.name,
      {
        metadata: { name: request.secretName, namespace, labels: { ...labels, ...request.labels } },
        type: "Opaque",
        stringData: request.data,
      },
      { ...opts, additionalSecretOutputs: [...BINDING_SECRET_OUTPUTS] },
    );
}
