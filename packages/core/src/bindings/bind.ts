/**
 * `bindTo`: a block's binding projected into a Kubernetes Secret in a Namespace, under the
 * environment contract of `@wissel/runtime` (`WISSEL_CONTRACT_VERSION`, `WISSEL_<NAME>_<KEY>`). The
 * contract is defined once, in the runtime's dependency-free contract module; core only wraps it in
 * Pulumi outputs.
 */
import * as pulumi from "@pulumi/pulumi";
import type * as Runtime from "@wissel/runtime";
import type { ContractBindings, ContractKind } from "@wissel/runtime";
import { WisselError } from "../errors";
import { bindingPublisherOf } from "./publisher";

/** What `bindTo` returns. */
export interface BoundSecret {
  /** The Kubernetes Secret: `envFrom: [{ secretRef: { name: secretName } }]` in a pod spec. */
  readonly secret: pulumi.CustomResource;
  readonly secretName: string;
  /** The Kubernetes namespace it is in. */
  readonly namespace: string;
}

/** The namespace as `bindTo` needs it. */
export interface BindingNamespace extends pulumi.ComponentResource {
  readonly namespace: string;
  readonly ref: { readonly name: string; readonly target: string };
}

/**
 * The bindings already published into each namespace component, by block name: two blocks of one
 * name (a Bucket and a PostgresDatabase "files") would write the same variables and Secret.
 */
const published = new WeakMap<object, Map<string, string>>();

/** The runtime's contract module, loaded by the first `bindTo`: a program that binds nothing never loads it. */
function contract(): typeof Runtime {
  return require("@wissel/runtime") as typeof Runtime;
}

/** Checks that a block name maps cleanly to `WISSEL_<NAME>_`; throws a WisselError otherwise. */
export function checkBindingName(kind: ContractKind, name: string): void {
  const { ContractError, KIND_CLASSES, envName } = contract();
  try {
    envName(name, `${KIND_CLASSES[kind]} "${name}"`);
  } catch (error) {
    if (!(error instanceof ContractError)) throw error;
    throw new WisselError(
      error.problems.map((p) => ({
        subject: p.subject,
        field: `${p.field} (bindTo)`,
        value: name,
        rule: p.rule,
        fix: p.fix,
      })),
    );
  }
}

/** Projects one block's binding into a Secret of the namespace. */
export function bindBlock<K extends ContractKind>(
  block: pulumi.ComponentResource,
  kind: K,
  name: string,
  binding: pulumi.Output<ContractBindings[K]>,
  namespace: BindingNamespace,
): BoundSecret {
  const { CONTRACT_VERSION, KIND_CLASSES, bindingToEnv, envName } = contract();
  checkBindingName(kind, name);
  const publisher = bindingPublisherOf(namespace);
  if (publisher === undefined) {
    throw new WisselError([
      {
        subject: `${KIND_CLASSES[kind]} "${name}"`,
        field: "bindTo(namespace)",
        value: `Namespace "${namespace.ref.name}"`,
        rule: `must be a Namespace whose target registers a binding publisher; target "${namespace.ref.target}" registered none`,
        fix: "Build the namespace with an adapter that uses @wissel/kubernetes's hardened namespace (every Wissel adapter does), or upgrade that adapter.",
      },
    ]);
  }
  const subject = `${KIND_CLASSES[kind]} "${name}"`;
  const taken = published.get(namespace) ?? new Map<string, string>();
  const holder = taken.get(name);
  if (holder !== undefined) {
    throw new WisselError([
      {
        subject,
        field: "bindTo(namespace)",
        value: `Namespace "${namespace.ref.name}"`,
        rule: `must not already hold a binding named "${name}": ${holder} published one, and both would be Secret "${name}-binding" and WISSEL_${envName(name)}_*`,
        fix: "Rename one of the two blocks (add an alias to keep its URN), or bind them into different namespaces.",
      },
    ]);
  }
  taken.set(name, subject);
  published.set(namespace, taken);
  const secretName = `${name}-binding`;
  const data = pulumi.secret(binding.apply((b) => bindingToEnv(kind, name, b)));
  const secret = publisher({
    name: `${name}-binding-${namespace.ref.name}`,
    parent: block,
    secretName,
    data,
    labels: {
      "wissel.dev/binding-of": name,
      "wissel.dev/binding-kind": kind,
      "wissel.dev/contract-version": CONTRACT_VERSION,
    },
  });
  return { secret, secretName, namespace: namespace.namespace };
}
