/**
 * The Kubernetes side of `bindTo`: the Secret a block's binding is projected into, created in the
 * hardened namespace through the namespace's own provider. Its inputs are a secret output, and the
 * SDK's Secret marks `data` and `stringData` as additional secret outputs itself, so the values are
 * secret in the state too (the tests check both).
 */
import type * as pulumi from "@pulumi/pulumi";
import { Secret } from "@pulumi/kubernetes/core/v1";
import type { BindingSecretPublisher } from "@wissel/core";

/**
 * A publisher for one namespace: each call creates `Secret <secretName>` (type Opaque) in the
 * namespace, holding exactly the contract's variables, as a child of the bound block.
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
      { ...opts, parent: request.parent },
    );
}
