/** The hardening check of a namespace: its emitted objects against what Wissel promises, as a list of problems. */
import type { ContainerDefaults, NamespaceQuota } from "@wissel/core";
import type { KubernetesObject } from "./kubernetes-schemas";

const SUFFIX: Readonly<Record<string, number>> = {
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
};

/** The value of a Kubernetes quantity (`100m`, `8Gi`, `4`); NaN when it is not one. */
export function parseQuantity(quantity: unknown): number {
  if (typeof quantity === "number") return quantity;
  if (typeof quantity !== "string") return Number.NaN;
  const match = /^(\d+(?:\.\d+)?)(m|k|M|G|T|Ki|Mi|Gi|Ti)?$/.exec(quantity);
  if (match === null) return Number.NaN;
  return Number(match[1]) * (match[2] !== undefined ? (SUFFIX[match[2]] ?? Number.NaN) : 1);
}

/** What a hardened namespace must show. */
export interface HardeningExpectation {
  readonly namespace: string;
  readonly quota: Required<NamespaceQuota>;
  readonly containerDefaults: Required<ContainerDefaults>;
  readonly teamGroup?: string;
}

type Obj = KubernetesObject & Record<string, unknown>;

function field(value: unknown, ...keys: string[]): unknown {
  let current = value;
  for (const key of keys) {
    if (typeof current !== "object" || current === null) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

function isEmptySelector(selector: unknown): boolean {
  if (typeof selector !== "object" || selector === null) return false;
  const labels = field(selector, "matchLabels");
  const expressions = field(selector, "matchExpressions");
  return (
    (labels === undefined || Object.keys(labels as object).length === 0) &&
    (expressions === undefined || (expressions as unknown[]).length === 0)
  );
}

function isEmptyList(value: unknown): boolean {
  return value === undefined || (Array.isArray(value) && value.length === 0);
}

/** Whether an egress rule reaches cluster DNS only: kube-dns pods in kube-system, on 53 UDP and TCP. */
function isDnsOnlyRule(rule: unknown): boolean {
  const to = field(rule, "to");
  const ports = field(rule, "ports");
  if (!Array.isArray(to) || to.length === 0 || !Array.isArray(ports)) return false;
  const peersOk = to.every(
    (peer) =>
      field(peer, "ipBlock") === undefined &&
      field(peer, "namespaceSelector", "matchLabels", "kubernetes.io/metadata.name") ===
        "kube-system" &&
      field(peer, "podSelector", "matchLabels", "k8s-app") === "kube-dns",
  );
  const portSet = ports
    .map((p) => `${String(field(p, "protocol"))}/${String(field(p, "port"))}`)
    .sort();
  return peersOk && JSON.stringify(portSet) === JSON.stringify(["TCP/53", "UDP/53"]);
}

/**
 * Reads a namespace's emitted objects and lists every way they fall short of the hardening Wissel
 * promises: Pod Security `restricted` on enforce, audit and warn with a pinned version; a default
 * deny of ingress and egress; egress to cluster DNS only on 53 UDP/TCP; the quota and container
 * defaults asked for; no cluster-scoped RBAC; the team's group and CI bound to namespaced Roles; the
 * default ServiceAccount mounting no token. Empty means hardened.
 */
export function hardeningProblems(
  objects: readonly KubernetesObject[],
  expected: HardeningExpectation,
): string[] {
  const problems: string[] = [];
  const ns = expected.namespace;
  const all = objects as readonly Obj[];
  const inNs = (kind: string): Obj[] =>
    all.filter((o) => o.kind === kind && o.metadata?.namespace === ns);

  const namespaces = all.filter((o) => o.kind === "Namespace" && o.metadata?.name === ns);
  if (namespaces.length !== 1)
    problems.push(`expected one Namespace ${ns}, found ${namespaces.length}`);
  const labels = namespaces[0]?.metadata?.labels ?? {};
  for (const mode of ["enforce", "audit", "warn"]) {
    const level = labels[`pod-security.kubernetes.io/${mode}`];
    const version = labels[`pod-security.kubernetes.io/${mode}-version`];
    if (level !== "restricted")
      problems.push(`Pod Security ${mode} is ${String(level)}, not restricted`);
    if (version === undefined || !/^v1\.\d+$/.test(version))
      problems.push(`Pod Security ${mode}-version is ${String(version)}, not a pinned v1.x`);
  }

  const policies = inNs("NetworkPolicy");
  const denyAll = policies.filter((p) => {
    const spec = field(p, "spec");
    const types = field(spec, "policyTypes");
    return (
      isEmptySelector(field(spec, "podSelector")) &&
      Array.isArray(types) &&
      types.includes("Ingress") &&
      types.includes("Egress") &&
      isEmptyList(field(spec, "ingress")) &&
      isEmptyList(field(spec, "egress"))
    );
  });
  if (denyAll.length === 0)
    problems.push(
      "no NetworkPolicy denies all ingress and egress (podSelector {}, policyTypes [Ingress, Egress], no rules)",
    );
  const dns = policies.filter((p) => {
    const egress = field(p, "spec", "egress");
    return Array.isArray(egress) && egress.some(isDnsOnlyRule);
  });
  if (dns.length === 0)
    problems.push("no NetworkPolicy allows egress to kube-dns in kube-system on UDP and TCP 53");
  for (const policy of policies.filter((p) => !denyAll.includes(p))) {
    const spec = field(policy, "spec");
    const ingress = field(spec, "ingress");
    const egress = field(spec, "egress");
    if (!isEmptyList(ingress))
      problems.push(`NetworkPolicy ${String(policy.metadata?.name)} opens ingress`);
    if (Array.isArray(egress) && !egress.every(isDnsOnlyRule))
      problems.push(
        `NetworkPolicy ${String(policy.metadata?.name)} opens egress beyond cluster DNS`,
      );
  }

  const quotas = inNs("ResourceQuota");
  if (quotas.length !== 1)
    problems.push(`expected one ResourceQuota in ${ns}, found ${quotas.length}`);
  const hard = (field(quotas[0], "spec", "hard") ?? {}) as Record<string, unknown>;
  const want: [string, string[], number][] = [
    ["cpu", ["requests.cpu", "cpu"], expected.quota.cpu],
    ["memory", ["requests.memory", "memory"], expected.quota.memoryGiB * 2 ** 30],
    ["storage", ["requests.storage"], expected.quota.storageGiB * 2 ** 30],
    ["pods", ["pods"], expected.quota.pods],
  ];
  for (const [what, keys, value] of want) {
    const key = keys.find((k) => hard[k] !== undefined);
    const got = key !== undefined ? parseQuantity(hard[key]) : Number.NaN;
    if (Math.abs(got - value) > value * 1e-9)
      problems.push(
        `ResourceQuota ${what} is ${String(key !== undefined ? hard[key] : undefined)}, expected ${value}`,
      );
  }

  const limits = inNs("LimitRange").flatMap(
    (l) => (field(l, "spec", "limits") as unknown[] | undefined) ?? [],
  );
  const container = limits.find((l) => field(l, "type") === "Container");
  if (container === undefined) {
    problems.push(`no LimitRange with a Container item in ${ns}`);
  } else {
    const cpu = parseQuantity(field(container, "defaultRequest", "cpu"));
    const memory = parseQuantity(field(container, "defaultRequest", "memory"));
    if (Math.abs(cpu - expected.containerDefaults.cpu) > 1e-9)
      problems.push(
        `LimitRange default CPU request is ${cpu}, expected ${expected.containerDefaults.cpu}`,
      );
    if (memory !== expected.containerDefaults.memoryMiB * 2 ** 20)
      problems.push(
        `LimitRange default memory request is ${memory} bytes, expected ${expected.containerDefaults.memoryMiB} MiB`,
      );
    if (
      parseQuantity(field(container, "default", "memory")) !==
      expected.containerDefaults.memoryMiB * 2 ** 20
    )
      problems.push("LimitRange sets no default memory limit equal to the request");
  }

  for (const kind of ["ClusterRole", "ClusterRoleBinding"]) {
    for (const o of all.filter((x) => x.kind === kind))
      problems.push(
        `${kind} ${String(o.metadata?.name)} is emitted: namespace RBAC must be namespace-scoped`,
      );
  }
  const bindings = all.filter((o) => o.kind === "RoleBinding");
  for (const binding of bindings) {
    if (binding.metadata?.namespace !== ns)
      problems.push(`RoleBinding ${String(binding.metadata?.name)} is outside ${ns}`);
    if (field(binding, "roleRef", "kind") !== "Role")
      problems.push(
        `RoleBinding ${String(binding.metadata?.name)} refers to a ${String(field(binding, "roleRef", "kind"))}, not a Role of the namespace`,
      );
  }
  const roles = new Set(inNs("Role").map((r) => r.metadata?.name));
  const subjectsOf = (b: Obj): unknown[] => (field(b, "subjects") as unknown[] | undefined) ?? [];
  const boundTo = (kind: string, name: string): Obj[] =>
    bindings.filter(
      (b) =>
        subjectsOf(b).some((s) => field(s, "kind") === kind && field(s, "name") === name) &&
        roles.has(field(b, "roleRef", "name") as string),
    );
  if (expected.teamGroup !== undefined && boundTo("Group", expected.teamGroup).length === 0) {
    problems.push(`group ${expected.teamGroup} is not bound to a Role in ${ns}`);
  }
  if (
    expected.teamGroup === undefined &&
    bindings.some((b) => subjectsOf(b).some((s) => field(s, "kind") === "Group"))
  ) {
    problems.push("a group is bound although no teamGroup was asked for");
  }

  const accounts = inNs("ServiceAccount");
  const defaultAccount = accounts.find((a) => a.metadata?.name === "default");
  if (defaultAccount?.["automountServiceAccountToken"] !== false)
    problems.push("the default ServiceAccount still mounts its token");
  const ci = accounts.filter((a) => a.metadata?.name !== "default");
  const tokenSecrets = inNs("Secret").filter(
    (s) => s["type"] === "kubernetes.io/service-account-token",
  );
  const ciWithToken = ci.filter((a) =>
    tokenSecrets.some(
      (s) => s.metadata?.annotations?.["kubernetes.io/service-account.name"] === a.metadata?.name,
    ),
  );
  if (ciWithToken.length !== 1)
    problems.push(
      `expected one CI ServiceAccount with a token Secret, found ${ciWithToken.length}`,
    );
  for (const account of ciWithToken) {
    if (boundTo("ServiceAccount", account.metadata?.name ?? "").length === 0)
      problems.push(
        `CI ServiceAccount ${String(account.metadata?.name)} is bound to no Role in ${ns}`,
      );
  }

  for (const o of all.filter(
    (x) =>
      x.kind !== "Namespace" && x.metadata?.namespace !== undefined && x.metadata.namespace !== ns,
  )) {
    problems.push(
      `${o.kind} ${String(o.metadata?.name)} is in namespace ${String(o.metadata?.namespace)}, not ${ns}`,
    );
  }
  return problems;
}
