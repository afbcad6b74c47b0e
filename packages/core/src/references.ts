/**
 * Checks the block references a program passes in args (`cluster`, `namespace`). TypeScript stops a
 * string or a plain object at compile time, but programs built from config, JavaScript and `as`
 * casts reach the constructor anyway; without this, such a value crashes deep in a builder or is
 * dropped, which would put a database in a default namespace.
 */
import * as pulumi from "@pulumi/pulumi";
import { BLOCK_CLASSES } from "./adapter";
import type { ClusterRef, MailDomainRef, NamespaceRef } from "./adapter-block";
import { describeKind, WisselError } from "./errors";

/** The type tokens of the blocks other blocks may reference. */
const REFERENCE_TYPES = {
  cluster: "wissel:kubernetes:Cluster",
  namespace: "wissel:kubernetes:Namespace",
  mailDomain: "wissel:mail:Domain",
} as const;

type Referenced = { cluster: ClusterRef; namespace: NamespaceRef; mailDomain: MailDomainRef };

const REFERENCE_CLASSES = {
  cluster: BLOCK_CLASSES.kubernetesCluster,
  namespace: BLOCK_CLASSES.namespace,
  mailDomain: BLOCK_CLASSES.mailDomain,
} as const;

/**
 * The ref of a `KubernetesCluster`, `Namespace` or `MailDomain` passed as `field`, or undefined when none was
 * passed. Throws a WisselError naming the field and what was passed instead. Recognised by type
 * token, so a block from another copy of core is accepted too.
 */
export function referenced<K extends keyof Referenced>(
  kind: K,
  field: string,
  value: unknown,
  subject: string,
): Referenced[K] | undefined {
  if (value === undefined) return undefined;
  const expected = REFERENCE_CLASSES[kind];
  const token = REFERENCE_TYPES[kind];
  const resource = value as { __pulumiType?: unknown; ref?: unknown };
  if (
    pulumi.Resource.isInstance(value) &&
    resource.__pulumiType === token &&
    typeof resource.ref === "object" &&
    resource.ref !== null
  ) {
    return resource.ref as Referenced[K];
  }
  const received = pulumi.Resource.isInstance(value)
    ? `the resource of type ${String(resource.__pulumiType)}`
    : (describeKind(value) ?? value);
  throw new WisselError([
    {
      subject,
      field,
      value: received,
      rule: `must be a ${expected} of this program (the block itself, not its name, binding or args)`,
      fix: `Pass the ${expected} object: const ${kind} = new ${expected}("…"); then { ${field}: ${kind} }${kind === "mailDomain" ? "" : ", or leave it out"}.`,
    },
  ]);
}
