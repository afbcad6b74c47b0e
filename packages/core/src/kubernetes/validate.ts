/** Validation and defaults of the Kubernetes blocks' arguments, as pure functions. */
import { Issues } from "../errors";
import { isDns1123Label } from "../names";
import { checkKnownKeys, dataHandling, isPlainObject, optionalInteger } from "../validate";
import type {
  ContainerDefaults,
  KubernetesClusterSpec,
  NamespaceQuota,
  NamespaceSpec,
} from "./contract";

/** A minor every vendor here still creates in late 2026 (Kapsule until 2027-01, AKS until 2027-03); review each release. */
export const DEFAULT_KUBERNETES_VERSION = "1.35";
/** The minors Wissel accepts; each adapter narrows this to what its vendor offers. */
export const KUBERNETES_MINORS = { min: 31, max: 36 } as const;
/** Namespaces the cluster owns. */
export const RESERVED_NAMESPACES: readonly string[] = [
  "default",
  "kube-system",
  "kube-public",
  "kube-node-lease",
];

export const DEFAULT_QUOTA: Required<NamespaceQuota> = {
  cpu: 4,
  memoryGiB: 8,
  storageGiB: 50,
  pods: 50,
};
export const DEFAULT_CONTAINER: Required<ContainerDefaults> = { cpu: 0.1, memoryMiB: 256 };

/** C0 and C1 control characters, DEL included: no identity provider names a group with them. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/;

const CLUSTER_KEYS = [
  "version",
  "nodeCount",
  "vcpu",
  "memoryGiB",
  "classification",
  "allowDataLoss",
];
const NAMESPACE_KEYS = [
  "cluster",
  "quota",
  "containerDefaults",
  "teamGroup",
  "classification",
  "allowDataLoss",
];

function argsObject(issues: Issues, args: unknown): Record<string, unknown> {
  if (args === undefined) return {};
  if (isPlainObject(args)) return args;
  issues.add("args", args, "must be an object", "Pass an object of arguments, or nothing.");
  issues.throwIfAny();
  return {};
}

/** Validates and defaults the arguments of a cluster. Throws a WisselError listing every problem. */
export function validateClusterArgs(args: unknown, subject: string): KubernetesClusterSpec {
  const issues = new Issues(subject);
  const raw = argsObject(issues, args);
  checkKnownKeys(issues, raw, CLUSTER_KEYS, "", "KubernetesCluster");

  let version = DEFAULT_KUBERNETES_VERSION;
  const rawVersion = raw["version"];
  if (rawVersion !== undefined) {
    const minor = typeof rawVersion === "string" ? /^1\.(\d{2})$/.exec(rawVersion)?.[1] : undefined;
    if (
      minor === undefined ||
      Number(minor) < KUBERNETES_MINORS.min ||
      Number(minor) > KUBERNETES_MINORS.max
    ) {
      issues.add(
        "version",
        rawVersion,
        `must be a Kubernetes minor version "1.${KUBERNETES_MINORS.min}" to "1.${KUBERNETES_MINORS.max}", without a patch number`,
        `Set version to a minor such as "${DEFAULT_KUBERNETES_VERSION}" (the vendor applies patch releases), or leave it out.`,
      );
    } else {
      version = rawVersion as string;
    }
  }
  const nodeCount =
    optionalInteger(
      issues,
      "nodeCount",
      raw["nodeCount"],
      { min: 1, max: 100, unit: "nodes" },
      "Set nodeCount to the number of worker nodes, or leave it out (default 3).",
    ) ?? 3;
  const vcpu =
    optionalInteger(
      issues,
      "vcpu",
      raw["vcpu"],
      { min: 1, max: 64, unit: "vCPUs" },
      "Set vcpu to the vCPUs each node needs, or leave it out (default 2).",
    ) ?? 2;
  const memoryGiB =
    optionalInteger(
      issues,
      "memoryGiB",
      raw["memoryGiB"],
      { min: 1, max: 512, unit: "GiB" },
      "Set memoryGiB to each node's memory in whole GiB, or leave it out (default 8).",
    ) ?? 8;
  const { classification, allowDataLoss } = dataHandling(issues, raw);
  issues.throwIfAny();
  return { version, nodeCount, vcpu, memoryGiB, classification, allowDataLoss };
}

function positiveNumber(
  issues: Issues,
  field: string,
  value: unknown,
  max: number,
  unit: string,
  fallback: number,
): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0 || value > max) {
    issues.add(
      field,
      value,
      `must be a number of ${unit} above 0 and at most ${max}`,
      `Set ${field} to a positive number, or leave it out (default ${fallback}).`,
    );
    return fallback;
  }
  return value;
}

/** The rule a namespace name breaks, or undefined when the cluster would accept it as ours. */
export function namespaceNameRule(name: string): string | undefined {
  if (!isDns1123Label(name)) {
    return "must be a DNS-1123 label: at most 63 lowercase letters, digits and hyphens, starting and ending with a letter or digit";
  }
  if (name.startsWith("kube-") || RESERVED_NAMESPACES.includes(name)) {
    return `must not start with "kube-" or be one of ${RESERVED_NAMESPACES.join(", ")}: the cluster owns those`;
  }
  return undefined;
}

/**
 * A namespace name close to `name` that `namespaceNameRule` accepts: lowercased, runs of other
 * characters as one hyphen, cut to 63, with a reserved result made the team's (`KUBE-SYSTEM` →
 * `team-system`, not the reserved `kube-system`).
 */
export function suggestNamespaceName(name: string): string {
  const label = (text: string): string => text.slice(0, 63).replace(/^-+|-+$/g, "");
  let candidate = label(
    name
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, "-")
      .replace(/-{2,}/g, "-")
      .replace(/^-+/, ""),
  );
  if (candidate.startsWith("kube-")) candidate = label(`team-${candidate.slice("kube-".length)}`);
  else if (RESERVED_NAMESPACES.includes(candidate)) candidate = label(`team-${candidate}`);
  return namespaceNameRule(candidate) === undefined ? candidate : "team-alpha";
}

/**
 * Validates and defaults the arguments of a namespace. Throws a WisselError listing every problem.
 * @param name the component name, which is also the Kubernetes namespace name
 */
export function validateNamespaceArgs(args: unknown, subject: string, name: string): NamespaceSpec {
  const issues = new Issues(subject);
  const raw = argsObject(issues, args);
  checkKnownKeys(issues, raw, NAMESPACE_KEYS, "", "Namespace");

  const nameRule = namespaceNameRule(name);
  if (nameRule !== undefined)
    issues.add(
      "name",
      name,
      nameRule,
      `Rename the Namespace, e.g. "${suggestNamespaceName(name)}".`,
    );

  let quota = DEFAULT_QUOTA;
  if (raw["quota"] !== undefined) {
    if (!isPlainObject(raw["quota"])) {
      issues.add(
        "quota",
        raw["quota"],
        "must be an object",
        "Write quota as { cpu: 4, memoryGiB: 8, storageGiB: 50, pods: 50 }.",
      );
    } else {
      const q = raw["quota"];
      checkKnownKeys(issues, q, ["cpu", "memoryGiB", "storageGiB", "pods"], "quota.", "quota");
      quota = {
        cpu: positiveNumber(issues, "quota.cpu", q["cpu"], 1024, "CPU cores", DEFAULT_QUOTA.cpu),
        memoryGiB: positiveNumber(
          issues,
          "quota.memoryGiB",
          q["memoryGiB"],
          8192,
          "GiB",
          DEFAULT_QUOTA.memoryGiB,
        ),
        storageGiB:
          optionalInteger(
            issues,
            "quota.storageGiB",
            q["storageGiB"],
            { min: 1, max: 1_000_000, unit: "GiB" },
            "Set quota.storageGiB in whole GiB, or leave it out (default 50).",
          ) ?? DEFAULT_QUOTA.storageGiB,
        pods:
          optionalInteger(
            issues,
            "quota.pods",
            q["pods"],
            { min: 1, max: 10_000, unit: "pods" },
            "Set quota.pods to the most pods the namespace may run, or leave it out (default 50).",
          ) ?? DEFAULT_QUOTA.pods,
      };
    }
  }

  let containerDefaults = DEFAULT_CONTAINER;
  if (raw["containerDefaults"] !== undefined) {
    if (!isPlainObject(raw["containerDefaults"])) {
      issues.add(
        "containerDefaults",
        raw["containerDefaults"],
        "must be an object",
        "Write containerDefaults as { cpu: 0.1, memoryMiB: 256 }.",
      );
    } else {
      const c = raw["containerDefaults"];
      checkKnownKeys(issues, c, ["cpu", "memoryMiB"], "containerDefaults.", "containerDefaults");
      containerDefaults = {
        cpu: positiveNumber(
          issues,
          "containerDefaults.cpu",
          c["cpu"],
          64,
          "CPU cores",
          DEFAULT_CONTAINER.cpu,
        ),
        memoryMiB:
          optionalInteger(
            issues,
            "containerDefaults.memoryMiB",
            c["memoryMiB"],
            { min: 16, max: 524_288, unit: "MiB" },
            "Set containerDefaults.memoryMiB in whole MiB, or leave it out (default 256).",
          ) ?? DEFAULT_CONTAINER.memoryMiB,
      };
    }
  }
  if (containerDefaults.cpu > quota.cpu) {
    issues.add(
      "containerDefaults.cpu",
      containerDefaults.cpu,
      `must not exceed quota.cpu (${quota.cpu}): no container could start`,
      "Lower containerDefaults.cpu or raise quota.cpu.",
    );
  }
  if (containerDefaults.memoryMiB > quota.memoryGiB * 1024) {
    issues.add(
      "containerDefaults.memoryMiB",
      containerDefaults.memoryMiB,
      `must not exceed quota.memoryGiB (${quota.memoryGiB} GiB): no container could start`,
      "Lower containerDefaults.memoryMiB or raise quota.memoryGiB.",
    );
  }

  const teamGroup = raw["teamGroup"];
  if (
    teamGroup !== undefined &&
    (typeof teamGroup !== "string" ||
      teamGroup.trim() === "" ||
      teamGroup.length > 256 ||
      CONTROL_CHARACTERS.test(teamGroup))
  ) {
    issues.add(
      "teamGroup",
      teamGroup,
      "must be the name or object id of a group in the cluster's identity provider (one line without control characters, at most 256 characters)",
      "Set teamGroup to the group as the cluster's authentication reports it, or leave it out.",
    );
  } else if (typeof teamGroup === "string" && teamGroup.trim().startsWith("system:")) {
    issues.add(
      "teamGroup",
      teamGroup,
      `must not be a Kubernetes system group: the API server puts accounts into "system:" groups itself (${teamGroup === "system:authenticated" ? "system:authenticated is every signed-in account" : teamGroup === "system:unauthenticated" ? "system:unauthenticated is every anonymous request" : "they hold cluster components and service accounts"}), so the team's role would reach far beyond the team`,
      "Set teamGroup to the team's own group in the cluster's identity provider, or leave it out and bind people another way.",
    );
  }
  const { classification, allowDataLoss } = dataHandling(issues, raw);
  issues.throwIfAny();
  return {
    namespace: name,
    quota,
    containerDefaults,
    ...(typeof teamGroup === "string" ? { teamGroup } : {}),
    classification,
    allowDataLoss,
  };
}
