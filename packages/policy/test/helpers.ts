/** Resources for rule tests, wrapped the way CrossGuard wraps them. */
import { residencyContext, type ResourceView, type RuleContext } from "@wissel/policy";

/**
 * The SDK's proxy module. `@pulumi/policy` re-exports `unknownCheckingProxy` from its root, but its
 * declarations mark the module internal and leave it empty, so it is typed here.
 */
const proxy = require("@pulumi/policy/proxy") as {
  unknownCheckingProxy<T>(value: T): T;
  unknownStringValue: unknown;
};

/** CrossGuard's marker for a value unknown at preview (what the engine's unknown becomes). */
export const UNKNOWN_VALUE: unknown = proxy.unknownStringValue;

/** A raw resource at the stack's top level, its inputs in `unknownCheckingProxy`. */
export function resource(
  type: string,
  name: string,
  props: Record<string, unknown>,
  options: { protect?: boolean; retainOnDelete?: boolean | undefined; parentTypes?: string[] } = {},
): ResourceView {
  const chain = [...(options.parentTypes ?? []), type].join("$");
  return {
    type,
    name,
    urn: `urn:pulumi:dev::city::${chain}::${name}`,
    props: proxy.unknownCheckingProxy(props),
    protect: options.protect ?? true,
    retainOnDelete: "retainOnDelete" in options ? options.retainOnDelete : true,
  };
}

/** The default policy, with an OpenStack cloud and a Kubernetes cluster run by the city in NL. */
export const CONTEXT: RuleContext = residencyContext({
  openstack: {
    operator: { name: "Stadsdata", legalEntity: "Gemeente Amsterdam", country: "NL" },
    regions: { ams1: "NL", nyc1: "US" },
  },
  kubernetes: {
    operator: {
      name: "Gemeente Amsterdam",
      legalEntity: "Gemeente Amsterdam",
      country: "NL",
      onPremises: true,
    },
    country: "NL",
  },
});
