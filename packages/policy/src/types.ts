/** What every rule reads and returns, whoever runs it: the CrossGuard pack or `wissel plan`. */
import type { Policy, VendorFacts } from "@wissel/core";

/** How a violation is enforced: `mandatory` fails the preview (and `wissel plan`), `advisory` warns. */
export type EnforcementLevel = "advisory" | "mandatory";

/** How bad a violation is, in CrossGuard's terms. */
export type Severity = "low" | "medium" | "high" | "critical";

/** The control a rule serves, in CrossGuard's `framework` shape. */
export interface Framework {
  /** The framework: `BIO2`. */
  readonly name: string;
  readonly version: string;
  /** The control number: `8.24`. */
  readonly reference: string;
  /** The control's title and what of it the rule checks. */
  readonly specification: string;
}

/**
 * One resource as a rule sees it. `props` are the resource's inputs; under `pulumi preview` some are
 * unknown, and reading one throws (the SDK's `unknownCheckingProxy`), which `read` turns into `UNKNOWN`.
 */
export interface ResourceView {
  /** The Pulumi type token: `azure-native:storage:StorageAccount`. */
  readonly type: string;
  readonly name: string;
  readonly urn: string;
  readonly props: Readonly<Record<string, unknown>>;
  readonly protect: boolean;
  /**
   * Undefined where the runner cannot see it: the CrossGuard analyzer protocol of `@pulumi/policy`
   * 1.21 sends `protect` but not `retainOnDelete`. `wissel plan` records both.
   */
  readonly retainOnDelete: boolean | undefined;
}

/** Where the operator of an installation (OpenStack, Kubernetes) runs it, and who that is. */
export interface OperatorPlacement {
  readonly facts: VendorFacts;
  /** Region id → ISO 3166-1 alpha-2 country of its data centres. */
  readonly regions: Readonly<Record<string, string>>;
  /** The country of resources that name no region (a Kubernetes cluster's objects). */
  readonly country: string | undefined;
  /** The region of resources that name none. */
  readonly region: string | undefined;
}

/** What the residency rule needs beyond the resource: the stack's policy and the operators' facts. */
export interface RuleContext {
  /** `wissel:policy`: where each classification may live. */
  readonly policy: Policy;
  readonly operators: {
    readonly openstack?: OperatorPlacement;
    readonly kubernetes?: OperatorPlacement;
  };
  /** Where this runner reads an operator's facts from, for the fix: `wissel:openstack.operator`. */
  readonly operatorKey: (vendor: "openstack" | "kubernetes") => string;
}

/** A rule's finding: which resource, and a message naming resource, what is wrong and the fix. */
export interface Finding {
  readonly resource: ResourceView;
  readonly message: string;
}

/** What every rule declares, for the pack, the plan and the docs. */
interface RuleInfo {
  /** The CrossGuard policy name: `wissel-storage-private`. */
  readonly name: string;
  readonly description: string;
  readonly severity: Severity;
  /** The level when the pack config sets none. */
  readonly enforcementLevel: EnforcementLevel;
  readonly framework: Framework;
  /** What to do about a violation, in one sentence (CrossGuard's `remediationSteps`). */
  readonly remediation: string;
}

/** A rule that judges one resource at a time. */
export interface ResourceRule extends RuleInfo {
  readonly scope: "resource";
  check(resource: ResourceView, context: RuleContext): readonly string[];
}

/** A rule that needs the whole program (a Namespace and the NetworkPolicies in it). */
export interface StackRule extends RuleInfo {
  readonly scope: "stack";
  check(resources: readonly ResourceView[], context: RuleContext): readonly Finding[];
}

export type Rule = ResourceRule | StackRule;
