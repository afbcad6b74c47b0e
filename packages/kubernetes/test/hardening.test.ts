/**
 * Reads the objects a Namespace on this target emits and proves the hardening from them, property by
 * property: restricted Pod Security pinned on enforce, audit and warn; default deny both ways; DNS
 * egress to kube-dns only; the quota and limits asked for; no cluster-scoped RBAC at all; the CI
 * kubeconfig secret. Every object also validates against the upstream schemas.
 */
import { Namespace } from "@wissel/core";
import {
  MockHarness,
  hardeningProblems,
  isSecret,
  kubernetesObjects,
  valueOf,
  validateKubernetesObjects,
  type KubernetesObject,
} from "@wissel/testing";
import { clusterStackConfig, outputs } from "./fixtures";

let harness: MockHarness;
let objects: KubernetesObject[];
let namespace: Namespace;

const QUOTA = { cpu: 3, memoryGiB: 6, storageGiB: 40, pods: 25 };
const CONTAINER = { cpu: 0.2, memoryMiB: 192 };

beforeAll(async () => {
  harness = await MockHarness.start({
    config: clusterStackConfig(),
    secretKeys: ["kubernetes:kubeconfig"],
    outputs,
  });
  const { result, registrations } = await harness.run(
    () =>
      new Namespace("team-alpha", {
        quota: QUOTA,
        containerDefaults: CONTAINER,
        teamGroup: "team-alpha-developers",
      }),
  );
  namespace = result;
  objects = kubernetesObjects(registrations);
});

const ofKind = (kind: string): KubernetesObject[] => objects.filter((o) => o.kind === kind);

describe("the emitted namespace objects", () => {
  it("label the namespace restricted on enforce, audit and warn, each with a pinned version", () => {
    const [ns] = ofKind("Namespace");
    const labels = ns?.metadata?.labels ?? {};
    for (const mode of ["enforce", "audit", "warn"]) {
      expect([
        mode,
        labels[`pod-security.kubernetes.io/${mode}`],
        labels[`pod-security.kubernetes.io/${mode}-version`],
      ]).toEqual([mode, "restricted", "v1.31"]);
    }
  });

  it("deny all ingress and egress with an empty pod selector and no rules", () => {
    const deny = ofKind("NetworkPolicy").filter((p) => p.metadata?.name === "wissel-default-deny");
    expect(deny.map((p) => p["spec"])).toEqual([
      { podSelector: {}, policyTypes: ["Ingress", "Egress"] },
    ]);
  });

  it("allow egress to kube-dns in kube-system on UDP and TCP 53, and nothing else", () => {
    const others = ofKind("NetworkPolicy").filter(
      (p) => p.metadata?.name !== "wissel-default-deny",
    );
    expect(others.map((p) => p["spec"])).toEqual([
      {
        podSelector: {},
        policyTypes: ["Egress"],
        egress: [
          {
            to: [
              {
                namespaceSelector: {
                  matchLabels: { "kubernetes.io/metadata.name": "kube-system" },
                },
                podSelector: { matchLabels: { "k8s-app": "kube-dns" } },
              },
            ],
            ports: [
              { protocol: "UDP", port: 53 },
              { protocol: "TCP", port: 53 },
            ],
          },
        ],
      },
    ]);
  });

  it("carry the quota and container defaults asked for", () => {
    expect(ofKind("ResourceQuota").map((q) => q["spec"])).toEqual([
      {
        hard: {
          "requests.cpu": "3",
          "requests.memory": "6Gi",
          "requests.storage": "40Gi",
          pods: "25",
        },
      },
    ]);
    expect(ofKind("LimitRange").map((l) => l["spec"])).toEqual([
      {
        limits: [
          {
            type: "Container",
            defaultRequest: { cpu: "200m", memory: "192Mi" },
            default: { memory: "192Mi" },
          },
        ],
      },
    ]);
  });

  it("hold no cluster-scoped RBAC, and bind only namespaced Roles", () => {
    expect(
      objects.filter((o) => o.kind === "ClusterRole" || o.kind === "ClusterRoleBinding"),
    ).toEqual([]);
    const bindings = ofKind("RoleBinding");
    expect(
      bindings.map((b) => [b.metadata?.namespace, (b["roleRef"] as { kind: string }).kind]),
    ).toEqual([
      ["team-alpha", "Role"],
      ["team-alpha", "Role"],
    ]);
    expect(objects.filter((o) => o.kind !== "Namespace").map((o) => o.metadata?.namespace)).toEqual(
      objects.filter((o) => o.kind !== "Namespace").map(() => "team-alpha"),
    );
  });

  it("pass the shared hardening check and the upstream schemas", () => {
    expect(
      hardeningProblems(objects, {
        namespace: "team-alpha",
        quota: QUOTA,
        containerDefaults: CONTAINER,
        teamGroup: "team-alpha-developers",
      }),
    ).toEqual([]);
    const results = validateKubernetesObjects(objects);
    expect(objects.map((o, i) => [o.kind, o.metadata?.name, results[i]])).toEqual(
      objects.map((o) => [o.kind, o.metadata?.name, []]),
    );
    expect(objects.length).toBe(12);
  });

  it("give CI a kubeconfig that is secret", async () => {
    expect(await isSecret(namespace.binding)).toBe(true);
    const binding = await valueOf(namespace.binding);
    expect(JSON.parse(binding.kubeconfig)).toMatchObject({
      "current-context": "team-alpha-wissel-ci",
      contexts: [{ context: { namespace: "team-alpha", user: "wissel-ci" } }],
    });
    const token = harness.one("kubernetes:core/v1:Secret", "team-alpha-ci-token");
    expect(token.additionalSecretOutputs).toEqual(expect.arrayContaining(["data"]));
  });
});
