import fc from "fast-check";
import {
  WisselError,
  validateClusterArgs,
  validateNamespaceArgs,
  DEFAULT_KUBERNETES_VERSION,
  namespaceNameRule,
  suggestNamespaceName,
} from "@wissel/core";

function issues(run: () => unknown) {
  try {
    run();
  } catch (error) {
    if (WisselError.isInstance(error)) return error;
    throw error;
  }
  throw new Error("accepted");
}

describe("validateClusterArgs rejects bad input", () => {
  const cases: [string, unknown, string, string][] = [
    ["version with patch", { version: "1.33.2" }, "version", "without a patch number"],
    ["version too old", { version: "1.29" }, "version", '"1.31" to "1.36"'],
    ["version too new", { version: "1.37" }, "version", '"1.31" to "1.36"'],
    ["version as number", { version: 1.33 }, "version", "minor version"],
    ["version with v", { version: "v1.33" }, "version", "minor version"],
    ["zero nodes", { nodeCount: 0 }, "nodeCount", "from 1 to 100"],
    ["too many nodes", { nodeCount: 101 }, "nodeCount", "from 1 to 100"],
    ["fractional nodes", { nodeCount: 2.5 }, "nodeCount", "whole number"],
    ["zero vcpu", { vcpu: 0 }, "vcpu", "from 1 to 64"],
    ["vcpu as string", { vcpu: "4" }, "vcpu", "whole number"],
    ["memory too large", { memoryGiB: 1024 }, "memoryGiB", "from 1 to 512"],
    ["unknown key", { nodes: 3 }, "nodes", "is not an argument of KubernetesCluster"],
    ["bad classification", { classification: "secret" }, "classification", "must be one of"],
  ];
  it.each(cases)("%s", (_what, args, field, rule) => {
    const error = issues(() => validateClusterArgs(args, 'KubernetesCluster "apps"'));
    const issue = error.issues.find((i) => i.field === field);
    expect(issue?.rule).toContain(rule);
    expect(error.message).toMatch(new RegExp(`^KubernetesCluster "apps": ${field} `, "m"));
    expect(error.message).toContain("(received ");
  });

  it("defaults to three nodes of 2 vCPU and 8 GiB on a supported minor", () => {
    expect(validateClusterArgs(undefined, "c")).toEqual({
      version: DEFAULT_KUBERNETES_VERSION,
      nodeCount: 3,
      vcpu: 2,
      memoryGiB: 8,
      classification: "internal",
      allowDataLoss: false,
    });
  });
});

describe("validateNamespaceArgs rejects bad input", () => {
  const cases: [string, string, unknown, string, string][] = [
    ["uppercase name", "Team-Alpha", {}, "name", "DNS-1123 label"],
    ["underscore name", "team_alpha", {}, "name", "DNS-1123 label"],
    ["name too long", "a".repeat(64), {}, "name", "at most 63"],
    ["name ends with hyphen", "team-", {}, "name", "DNS-1123 label"],
    ["kube- prefix", "kube-team", {}, "name", 'must not start with "kube-"'],
    ["default namespace", "default", {}, "name", "the cluster owns those"],
    ["quota not an object", "team", { quota: 4 }, "quota", "must be an object"],
    ["zero cpu quota", "team", { quota: { cpu: 0 } }, "quota.cpu", "above 0"],
    ["negative memory quota", "team", { quota: { memoryGiB: -1 } }, "quota.memoryGiB", "above 0"],
    [
      "fractional storage quota",
      "team",
      { quota: { storageGiB: 1.5 } },
      "quota.storageGiB",
      "whole number",
    ],
    ["zero pods", "team", { quota: { pods: 0 } }, "quota.pods", "from 1 to 10000"],
    [
      "unknown quota key",
      "team",
      { quota: { gpus: 1 } },
      "quota.gpus",
      "is not an argument of quota",
    ],
    [
      "container cpu above quota",
      "team",
      { quota: { cpu: 1 }, containerDefaults: { cpu: 2 } },
      "containerDefaults.cpu",
      "must not exceed quota.cpu",
    ],
    [
      "container memory above quota",
      "team",
      { quota: { memoryGiB: 1 }, containerDefaults: { memoryMiB: 2048 } },
      "containerDefaults.memoryMiB",
      "must not exceed quota.memoryGiB",
    ],
    [
      "container memory too small",
      "team",
      { containerDefaults: { memoryMiB: 8 } },
      "containerDefaults.memoryMiB",
      "from 16",
    ],
    ["empty team group", "team", { teamGroup: " " }, "teamGroup", "identity provider"],
    ["multi-line team group", "team", { teamGroup: "a\nb" }, "teamGroup", "one line"],
    [
      "system:authenticated, every signed-in account",
      "team",
      { teamGroup: "system:authenticated" },
      "teamGroup",
      "system:authenticated is every signed-in account",
    ],
    [
      "system:unauthenticated, every anonymous request",
      "team",
      { teamGroup: "system:unauthenticated" },
      "teamGroup",
      "system:unauthenticated is every anonymous request",
    ],
    [
      "system:masters",
      "team",
      { teamGroup: "system:masters" },
      "teamGroup",
      "must not be a Kubernetes system group",
    ],
    [
      "system:serviceaccounts",
      "team",
      { teamGroup: "system:serviceaccounts" },
      "teamGroup",
      "must not be a Kubernetes system group",
    ],
    [
      "system:serviceaccounts of a namespace",
      "team",
      { teamGroup: "system:serviceaccounts:kube-system" },
      "teamGroup",
      "must not be a Kubernetes system group",
    ],
    [
      "a system group behind a space",
      "team",
      { teamGroup: " system:authenticated" },
      "teamGroup",
      "must not be a Kubernetes system group",
    ],
    [
      "a NUL character",
      "team",
      { teamGroup: "team\u0000alpha" },
      "teamGroup",
      "without control characters",
    ],
    ["a tab", "team", { teamGroup: "team\talpha" }, "teamGroup", "without control characters"],
    [
      "an escape character",
      "team",
      { teamGroup: "team\u001b[31m" },
      "teamGroup",
      "without control characters",
    ],
    [
      "a DEL character",
      "team",
      { teamGroup: "team\u007f" },
      "teamGroup",
      "without control characters",
    ],
    [
      "a C1 control character",
      "team",
      { teamGroup: "team\u0085alpha" },
      "teamGroup",
      "without control characters",
    ],
    ["a carriage return", "team", { teamGroup: "team\ralpha" }, "teamGroup", "one line"],
    [
      "unknown key",
      "team",
      { networkPolicy: "open" },
      "networkPolicy",
      "is not an argument of Namespace",
    ],
  ];
  it.each(cases)("%s", (_what, name, args, field, rule) => {
    const error = issues(() => validateNamespaceArgs(args, `Namespace "${name}"`, name));
    const issue = error.issues.find((i) => i.field === field);
    expect(issue?.rule).toContain(rule);
    expect(issue?.fix.length).toBeGreaterThan(10);
  });

  it.each([
    "team-alpha-devs",
    "0b1f6a2e-7c1d-4e8f-9a3b-5c6d7e8f9a0b",
    "oidc:team-alpha",
    "Team Alpha (Beheer)",
    "systeem:beheer",
    "team:system:alpha",
    "ploeg-één",
  ])("accepts the team group %p", (teamGroup) => {
    expect(validateNamespaceArgs({ teamGroup }, "n", "team-alpha").teamGroup).toBe(teamGroup);
  });

  it("defaults quota, container limits and keeps the name", () => {
    expect(validateNamespaceArgs({ teamGroup: "team-alpha-devs" }, "n", "team-alpha")).toEqual({
      namespace: "team-alpha",
      quota: { cpu: 4, memoryGiB: 8, storageGiB: 50, pods: 50 },
      containerDefaults: { cpu: 0.1, memoryMiB: 256 },
      teamGroup: "team-alpha-devs",
      classification: "internal",
      allowDataLoss: false,
    });
  });
});

describe("the namespace name a message suggests", () => {
  it.each([
    ["KUBE-SYSTEM", "team-system"],
    ["Default", "team-default"],
    ["Team_Alpha", "team-alpha"],
    ["kube--public", "team-public"],
    ["__", "team-alpha"],
    [`${"a".repeat(62)}_b`, "a".repeat(62)],
  ])("for %p is %p, itself valid", (name, suggested) => {
    expect(suggestNamespaceName(name)).toBe(suggested);
    const error = issues(() => validateNamespaceArgs({}, `Namespace "${name}"`, name));
    expect(error.issues.find((i) => i.field === "name")?.fix).toBe(
      `Rename the Namespace, e.g. "${suggested}".`,
    );
  });

  it("is accepted by the rule it fixes, whatever the name", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (name) => {
        expect(namespaceNameRule(suggestNamespaceName(name))).toBeUndefined();
      }),
      { numRuns: 2000 },
    );
  });
});
