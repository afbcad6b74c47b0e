/** Namespaces: Pod Security `restricted` enforced, and a default-deny NetworkPolicy in each. */
import { bio2 } from "../framework";
import { UNKNOWN, at, items, subject, text, type Unknown } from "../read";
import type { Finding, ResourceRule, ResourceView, StackRule } from "../types";

const NAMESPACE = "kubernetes:core/v1:Namespace";
const NETWORK_POLICY = "kubernetes:networking.k8s.io/v1:NetworkPolicy";
const ENFORCE = "pod-security.kubernetes.io/enforce";

/**
 * Where the software cannot run under `restricted` (Postfix's master runs as root), a namespace may
 * enforce `baseline` if it says why in this annotation; `privileged` never passes.
 */
export const POD_SECURITY_REASON = "wissel.dev/pod-security-reason";

export const namespacePodSecurity: ResourceRule = {
  scope: "resource",
  name: "wissel-namespace-pod-security",
  description: `Every Namespace enforces Pod Security "restricted" (label ${ENFORCE}), or "baseline" with the reason in the annotation ${POD_SECURITY_REASON}.`,
  severity: "high",
  enforcementLevel: "mandatory",
  framework: bio2(
    "8.9",
    "Configuration management",
    "workloads run under the restricted Pod Security baseline",
  ),
  remediation: `Label the namespace ${ENFORCE}: restricted (Wissel's Namespace does); where the software cannot meet it, baseline with the reason in the annotation ${POD_SECURITY_REASON}.`,
  check(resource) {
    if (resource.type !== NAMESPACE) return [];
    const level = text(at(resource.props, "metadata", "labels", ENFORCE));
    if (level === UNKNOWN || level === "restricted") return [];
    if (level === "baseline") {
      const reason = text(at(resource.props, "metadata", "annotations", POD_SECURITY_REASON));
      if (reason === UNKNOWN || (reason !== undefined && reason.trim() !== "")) return [];
    }
    const received = level === undefined ? "no such label" : JSON.stringify(level);
    const exception =
      level === "baseline"
        ? `, or say why the software cannot meet it in the annotation ${POD_SECURITY_REASON}`
        : "";
    return [
      `${subject(resource)} does not enforce Pod Security "restricted" (${ENFORCE}: ${received}). Set the label ${ENFORCE}: restricted${exception} (rule wissel-namespace-pod-security).`,
    ];
  },
};

/** Whether a NetworkPolicy denies all ingress by default: every pod selected, Ingress listed. */
function deniesIngress(policy: ResourceView): boolean | Unknown {
  const selector = at(policy.props, "spec", "podSelector");
  const types = items(at(policy.props, "spec", "policyTypes"));
  if (selector === UNKNOWN || types === UNKNOWN) return UNKNOWN;
  const labels = at(selector, "matchLabels");
  const expressions = items(at(selector, "matchExpressions"));
  const all =
    (labels === undefined ||
      (typeof labels === "object" && labels !== null && Object.keys(labels).length === 0)) &&
    (expressions === UNKNOWN ? false : expressions.length === 0);
  return typeof selector === "object" && selector !== null && all && types.includes("Ingress");
}

export const namespaceNetworkPolicy: StackRule = {
  scope: "stack",
  name: "wissel-namespace-network-policy",
  description:
    "Every Namespace the program creates holds a default-deny NetworkPolicy (all pods selected, Ingress denied unless another policy allows it).",
  severity: "medium",
  enforcementLevel: "advisory",
  framework: bio2(
    "8.22",
    "Segregation of networks",
    "pods accept traffic only where a policy allows it",
  ),
  remediation:
    "Add a NetworkPolicy with podSelector {} and policyTypes [Ingress, Egress] to the namespace, then allow what each workload needs.",
  check(resources) {
    const policies = resources.filter((r) => r.type === NETWORK_POLICY);
    const covered = new Set<string>();
    for (const policy of policies) {
      const namespace = text(at(policy.props, "metadata", "namespace"));
      const denies = deniesIngress(policy);
      // A policy whose namespace or shape is not known yet may be the one: judge nothing then.
      if (namespace === UNKNOWN || denies === UNKNOWN) return [];
      if (denies && namespace !== undefined) covered.add(namespace);
    }
    const findings: Finding[] = [];
    for (const namespace of resources.filter((r) => r.type === NAMESPACE)) {
      const name = text(at(namespace.props, "metadata", "name"));
      // An auto-named namespace's name is known only after deployment.
      if (name === UNKNOWN || name === undefined || covered.has(name)) continue;
      findings.push({
        resource: namespace,
        message: `${subject(namespace)} (namespace ${JSON.stringify(name)}) has no default-deny NetworkPolicy, so every pod in it accepts traffic from anywhere in the cluster. Add a NetworkPolicy in it with podSelector {} and policyTypes ["Ingress", "Egress"] (rule wissel-namespace-network-policy).`,
      });
    }
    return findings;
  },
};
