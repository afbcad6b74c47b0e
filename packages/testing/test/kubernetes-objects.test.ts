/**
 * validateKubernetesObject(s) for core kinds and CRDs, and hardeningProblems: a hardened set of
 * namespace objects passes, and each weakening of it is reported.
 */
import {
  hardeningProblems,
  kubernetesObjects,
  modelSchemaName,
  parseQuantity,
  validateKubernetesObject,
  validateKubernetesObjects,
  type KubernetesObject,
} from "@wissel/testing";

describe("validateKubernetesObject", () => {
  it.each([
    ["v1", "Namespace", "IoK8sApiCoreV1Namespace"],
    ["networking.k8s.io/v1", "NetworkPolicy", "IoK8sApiNetworkingV1NetworkPolicy"],
    ["rbac.authorization.k8s.io/v1", "RoleBinding", "IoK8sApiRbacV1RoleBinding"],
    ["apps/v1", "Deployment", "IoK8sApiAppsV1Deployment"],
    ["autoscaling/v2", "HorizontalPodAutoscaler", "IoK8sApiAutoscalingV2HorizontalPodAutoscaler"],
    ["postgresql.cnpg.io/v1", "Cluster", undefined],
  ])("names the schema of %s %s", (apiVersion, kind, name) =>
    expect(modelSchemaName(apiVersion, kind)).toBe(name),
  );

  it("accepts valid core objects", () => {
    expect(
      validateKubernetesObjects([
        {
          apiVersion: "v1",
          kind: "Namespace",
          metadata: {
            name: "team-alpha",
            labels: { "pod-security.kubernetes.io/enforce": "restricted" },
          },
        },
        {
          apiVersion: "rbac.authorization.k8s.io/v1",
          kind: "Role",
          metadata: { name: "wissel-ci", namespace: "team-alpha" },
          rules: [{ apiGroups: [""], resources: ["pods"], verbs: ["get"] }],
        },
      ]),
    ).toEqual([[], []]);
  });

  it("reports schema errors with their path", () => {
    expect(
      validateKubernetesObject({
        apiVersion: "networking.k8s.io/v1",
        kind: "NetworkPolicy",
        metadata: { name: "p" },
        spec: { podSelector: {}, policyTypes: ["Sideways"] },
      }),
    ).toEqual([
      { path: "/spec/policyTypes/0", message: 'enum {"allowedValues":["Egress","Ingress"]}' },
    ]);
    expect(
      validateKubernetesObject({
        apiVersion: "rbac.authorization.k8s.io/v1",
        kind: "Role",
        metadata: { name: "r" },
        rules: [{ verbs: "get" }],
      }),
    ).toEqual([{ path: "/rules/0/verbs", message: 'type {"type":"array"}' }]);
    expect(
      validateKubernetesObject({
        apiVersion: "rbac.authorization.k8s.io/v1",
        kind: "RoleBinding",
        metadata: { name: "b" },
        subjects: [],
      }).map((e) => e.message),
    ).toEqual(['required {"missingProperty":"roleRef"}']);
  });

  it("applies the API server's metadata rules the schemas leave out", () => {
    const errors = validateKubernetesObject({
      apiVersion: "v1",
      kind: "Namespace",
      metadata: { name: "Team_A", labels: { "pod-security.kubernetes.io/enforce": "not ok!" } },
    });
    expect(errors.map((e) => e.path)).toEqual([
      "/metadata/name",
      "/metadata/labels/pod-security.kubernetes.io/enforce",
    ]);
    expect(
      validateKubernetesObject({
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: { name: "a.b-c", namespace: "x".repeat(64) },
      }),
    ).toEqual([
      { path: "/metadata/namespace", message: `must be a DNS-1123 label: "${"x".repeat(64)}"` },
    ]);
  });

  it("hands custom resources to the CRDs and refuses unknown kinds", () => {
    const claim = {
      apiVersion: "objectbucket.io/v1alpha1",
      kind: "ObjectBucketClaim",
      metadata: { name: "files", namespace: "workspace" },
      spec: { storageClassName: "rook-ceph-bucket" },
    };
    expect(validateKubernetesObject(claim).length).toBeGreaterThan(0);
    expect(
      validateKubernetesObject({ ...claim, spec: { ...claim.spec, bucketName: "b" } }),
    ).toEqual([]);
    expect(() =>
      validateKubernetesObject({ apiVersion: "example.com/v1", kind: "Widget" }),
    ).toThrow(/no CRD .* defines example.com\/v1\/Widget/);
    expect(() => validateKubernetesObject({ kind: "Namespace" })).toThrow(
      /not a Kubernetes object/,
    );
  });

  it("picks the Kubernetes objects out of registrations", () => {
    const base = {
      read: false,
      inputs: { apiVersion: "v1", kind: "Namespace", metadata: { name: "a" } },
    };
    expect(
      kubernetesObjects([
        { ...base, type: "kubernetes:core/v1:Namespace" },
        { ...base, type: "kubernetes:core/v1:Secret", read: true },
        { ...base, type: "pulumi:providers:kubernetes" },
        { type: "kubernetes:helm.sh/v3:Release", read: false, inputs: { chart: "x" } },
      ]),
    ).toEqual([base.inputs]);
  });
});

describe("parseQuantity", () => {
  it.each([
    ["100m", 0.1],
    ["4", 4],
    ["8Gi", 8 * 2 ** 30],
    ["1536Mi", 1.5 * 2 ** 30],
    ["1k", 1000],
    ["2.5", 2.5],
    ["8 Gi", Number.NaN],
    ["", Number.NaN],
  ])("%p is %p", (quantity, value) => expect(parseQuantity(quantity)).toBe(value));
});

const NS = "team-alpha";
const meta = (name: string): { name: string; namespace: string } => ({ name, namespace: NS });

/** A hardened namespace, as buildHardenedNamespace emits it. */
function hardened(): KubernetesObject[] {
  return [
    {
      apiVersion: "v1",
      kind: "Namespace",
      metadata: {
        name: NS,
        labels: {
          "pod-security.kubernetes.io/enforce": "restricted",
          "pod-security.kubernetes.io/enforce-version": "v1.31",
          "pod-security.kubernetes.io/audit": "restricted",
          "pod-security.kubernetes.io/audit-version": "v1.31",
          "pod-security.kubernetes.io/warn": "restricted",
          "pod-security.kubernetes.io/warn-version": "v1.31",
        },
      },
    },
    {
      apiVersion: "v1",
      kind: "ResourceQuota",
      metadata: meta("q"),
      spec: {
        hard: {
          "requests.cpu": "2",
          "requests.memory": "4Gi",
          "requests.storage": "20Gi",
          pods: "30",
        },
      },
    },
    {
      apiVersion: "v1",
      kind: "LimitRange",
      metadata: meta("l"),
      spec: {
        limits: [
          {
            type: "Container",
            defaultRequest: { cpu: "250m", memory: "128Mi" },
            default: { memory: "128Mi" },
          },
        ],
      },
    },
    {
      apiVersion: "networking.k8s.io/v1",
      kind: "NetworkPolicy",
      metadata: meta("deny"),
      spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] },
    },
    {
      apiVersion: "networking.k8s.io/v1",
      kind: "NetworkPolicy",
      metadata: meta("dns"),
      spec: {
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
    },
    {
      apiVersion: "v1",
      kind: "ServiceAccount",
      metadata: meta("default"),
      automountServiceAccountToken: false,
    },
    {
      apiVersion: "v1",
      kind: "ServiceAccount",
      metadata: meta("ci"),
      automountServiceAccountToken: false,
    },
    {
      apiVersion: "v1",
      kind: "Secret",
      type: "kubernetes.io/service-account-token",
      metadata: {
        ...meta("ci-token"),
        annotations: { "kubernetes.io/service-account.name": "ci" },
      },
    },
    { apiVersion: "rbac.authorization.k8s.io/v1", kind: "Role", metadata: meta("ci"), rules: [] },
    {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "RoleBinding",
      metadata: meta("ci"),
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "ci" },
      subjects: [{ kind: "ServiceAccount", name: "ci", namespace: NS }],
    },
    { apiVersion: "rbac.authorization.k8s.io/v1", kind: "Role", metadata: meta("team"), rules: [] },
    {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "RoleBinding",
      metadata: meta("team"),
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "team" },
      subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: "devs" }],
    },
  ];
}

const EXPECTED = {
  namespace: NS,
  quota: { cpu: 2, memoryGiB: 4, storageGiB: 20, pods: 30 },
  containerDefaults: { cpu: 0.25, memoryMiB: 128 },
  teamGroup: "devs",
};

/** The hardened set with one object changed (by kind and name) or removed (when change returns undefined). */
function weakened(
  kind: string,
  name: string,
  change: (o: Record<string, unknown>) => Record<string, unknown> | undefined,
): KubernetesObject[] {
  return hardened().flatMap((o) => {
    if (o.kind !== kind || o.metadata?.name !== name) return [o];
    const changed = change(JSON.parse(JSON.stringify(o)) as Record<string, unknown>);
    return changed === undefined ? [] : [changed as KubernetesObject];
  });
}

describe("hardeningProblems", () => {
  it("passes a hardened namespace", () => {
    expect(hardeningProblems(hardened(), EXPECTED)).toEqual([]);
  });

  it.each<[string, KubernetesObject[], string]>([
    [
      "baseline Pod Security",
      weakened("Namespace", NS, (o) => ({
        ...o,
        metadata: {
          name: NS,
          labels: {
            ...(o["metadata"] as { labels: object }).labels,
            "pod-security.kubernetes.io/enforce": "baseline",
          },
        },
      })),
      "Pod Security enforce is baseline, not restricted",
    ],
    [
      "an unpinned version",
      weakened("Namespace", NS, (o) => ({
        ...o,
        metadata: {
          name: NS,
          labels: {
            ...(o["metadata"] as { labels: object }).labels,
            "pod-security.kubernetes.io/warn-version": "latest",
          },
        },
      })),
      "Pod Security warn-version is latest, not a pinned v1.x",
    ],
    [
      "no default deny",
      weakened("NetworkPolicy", "deny", () => undefined),
      "no NetworkPolicy denies all ingress and egress (podSelector {}, policyTypes [Ingress, Egress], no rules)",
    ],
    [
      "a deny of ingress only",
      weakened("NetworkPolicy", "deny", (o) => ({
        ...o,
        spec: { podSelector: {}, policyTypes: ["Ingress"] },
      })),
      "no NetworkPolicy denies all ingress and egress (podSelector {}, policyTypes [Ingress, Egress], no rules)",
    ],
    [
      "no DNS egress",
      weakened("NetworkPolicy", "dns", () => undefined),
      "no NetworkPolicy allows egress to kube-dns in kube-system on UDP and TCP 53",
    ],
    [
      "DNS on UDP only",
      weakened("NetworkPolicy", "dns", (o) => {
        const spec = o["spec"] as { egress: { ports: unknown[] }[] };
        spec.egress[0]!.ports = [{ protocol: "UDP", port: 53 }];
        return o;
      }),
      "no NetworkPolicy allows egress to kube-dns in kube-system on UDP and TCP 53",
    ],
    [
      "egress to anywhere",
      [
        ...hardened(),
        {
          apiVersion: "networking.k8s.io/v1",
          kind: "NetworkPolicy",
          metadata: meta("open"),
          spec: { podSelector: {}, policyTypes: ["Egress"], egress: [{}] },
        },
      ],
      "NetworkPolicy open opens egress beyond cluster DNS",
    ],
    [
      "a smaller quota",
      weakened("ResourceQuota", "q", (o) => ({
        ...o,
        spec: {
          hard: {
            "requests.cpu": "1",
            "requests.memory": "4Gi",
            "requests.storage": "20Gi",
            pods: "30",
          },
        },
      })),
      "ResourceQuota cpu is 1, expected 2",
    ],
    [
      "no quota",
      weakened("ResourceQuota", "q", () => undefined),
      `expected one ResourceQuota in ${NS}, found 0`,
    ],
    [
      "no limits",
      weakened("LimitRange", "l", () => undefined),
      `no LimitRange with a Container item in ${NS}`,
    ],
    [
      "a ClusterRoleBinding",
      [
        ...hardened(),
        {
          apiVersion: "rbac.authorization.k8s.io/v1",
          kind: "ClusterRoleBinding",
          metadata: { name: "team" },
          roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "edit" },
        },
      ],
      "ClusterRoleBinding team is emitted: namespace RBAC must be namespace-scoped",
    ],
    [
      "a binding to a ClusterRole",
      weakened("RoleBinding", "team", (o) => ({
        ...o,
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "edit" },
      })),
      "RoleBinding team refers to a ClusterRole, not a Role of the namespace",
    ],
    [
      "no team binding",
      weakened("RoleBinding", "team", () => undefined),
      `group devs is not bound to a Role in ${NS}`,
    ],
    [
      "a default account that mounts its token",
      weakened("ServiceAccount", "default", () => undefined),
      "the default ServiceAccount still mounts its token",
    ],
    [
      "no CI token",
      weakened("Secret", "ci-token", () => undefined),
      "expected one CI ServiceAccount with a token Secret, found 0",
    ],
  ])("reports %s", (_what, objects, problem) => {
    expect(hardeningProblems(objects, EXPECTED)).toContain(problem);
  });
});
