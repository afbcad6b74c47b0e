/**
 * `buildHardenedNamespace` and `clusterProvider`, the pieces every target's Namespace is built from:
 * exact children, names, inputs, options and the CI kubeconfig, without any adapter around them.
 */
import * as pulumi from "@pulumi/pulumi";
import { Provider } from "@pulumi/kubernetes/provider";
import type { BuildContext, KubernetesClusterBinding, NamespaceSpec } from "@wissel/core";
import {
  POD_SECURITY_LABELS,
  buildHardenedNamespace,
  cpuQuantity,
  memoryQuantityGiB,
  namespaceKubeconfig,
  namespaceRules,
  tokenFromSecretData,
} from "../src/hardened-namespace";
import { clusterProvider } from "../src/provider";
import { MockHarness, isSecret, valueOf } from "@wissel/testing";
import { CA_PEM, CI_TOKEN, observed, outputs } from "./fixtures";

const SPEC: NamespaceSpec = {
  namespace: "team-alpha",
  quota: { cpu: 4, memoryGiB: 8, storageGiB: 50, pods: 50 },
  containerDefaults: { cpu: 0.1, memoryMiB: 256 },
  teamGroup: "team-alpha-developers",
  classification: "internal",
  allowDataLoss: false,
};
const API = "https://api.dc1.example.nl:6443";

let harness: MockHarness;

beforeAll(async () => {
  harness = await MockHarness.start({ outputs });
});
beforeEach(() => {
  harness.reset();
  observed.providers.clear();
});

class Holder extends pulumi.ComponentResource {
  constructor(name: string) {
    super("test:index:Holder", name, {});
  }
}

function context(name: string, stateful = true): BuildContext<unknown> {
  return {
    name,
    subject: `Test "${name}"`,
    parent: new Holder(name),
    settings: {},
    placement: {
      target: "test",
      vendor: "Test",
      legalEntity: "Test BV",
      headquarters: "NL",
      foreignJurisdictions: [],
      onPremises: true,
      region: "dc1",
      country: "NL",
    },
    project: "p",
    stack: "s",
    statefulOptions: { protect: stateful, retainOnDelete: stateful },
  };
}

describe("buildHardenedNamespace", () => {
  it("registers exactly the hardened children with derived names, all parented to the component", async () => {
    const { result } = await harness.run(() => {
      const ctx = context("team-alpha");
      return {
        ctx,
        built: buildHardenedNamespace(ctx, SPEC, { apiServerUrl: API, caCertificate: CA_PEM }),
      };
    });
    const parent = await valueOf(result.ctx.parent.urn);
    // Registration order follows output resolution, so the list is compared sorted by name.
    expect(
      harness
        .childrenOf(parent)
        .map((r) => [r.type, r.name])
        .sort(byName),
    ).toEqual(
      [
        ["kubernetes:core/v1:Namespace", "team-alpha"],
        ["kubernetes:core/v1:ResourceQuota", "team-alpha-quota"],
        ["kubernetes:core/v1:LimitRange", "team-alpha-limits"],
        ["kubernetes:networking.k8s.io/v1:NetworkPolicy", "team-alpha-deny-all"],
        ["kubernetes:networking.k8s.io/v1:NetworkPolicy", "team-alpha-allow-dns"],
        ["kubernetes:core/v1:ServiceAccountPatch", "team-alpha-default-sa"],
        ["kubernetes:core/v1:ServiceAccount", "team-alpha-ci"],
        ["kubernetes:core/v1:Secret", "team-alpha-ci-token"],
        ["kubernetes:rbac.authorization.k8s.io/v1:Role", "team-alpha-ci-role"],
        ["kubernetes:rbac.authorization.k8s.io/v1:RoleBinding", "team-alpha-ci-binding"],
        ["kubernetes:rbac.authorization.k8s.io/v1:Role", "team-alpha-team-role"],
        ["kubernetes:rbac.authorization.k8s.io/v1:RoleBinding", "team-alpha-team-binding"],
      ].sort(byName),
    );
    expect(Object.keys(result.built.vendorResources).sort()).toEqual(
      [
        "allowDns",
        "ciBinding",
        "ciRole",
        "ciServiceAccount",
        "ciToken",
        "defaultServiceAccount",
        "denyAll",
        "limits",
        "namespace",
        "quota",
        "teamBinding",
        "teamRole",
      ].sort(),
    );
    expect(harness.registrations.filter((r) => r.type.includes("ClusterRole"))).toEqual([]);
  });

  it("protects and retains the Namespace only, and never deletes before replacing", async () => {
    await harness.run(() =>
      buildHardenedNamespace(context("team-alpha"), SPEC, {
        apiServerUrl: API,
        caCertificate: CA_PEM,
      }),
    );
    const children = harness.registrations.filter((r) => r.type.startsWith("kubernetes:"));
    expect(children.filter((r) => r.protect || r.retainOnDelete).map((r) => r.name)).toEqual([
      "team-alpha",
    ]);
    expect(harness.one("kubernetes:core/v1:Namespace", "team-alpha").retainOnDelete).toBe(true);
    expect(children.filter((r) => r.deleteBeforeReplace)).toEqual([]);
  });

  it("drops the Namespace's protection when the context does (allowDataLoss)", async () => {
    await harness.run(() =>
      buildHardenedNamespace(
        context("scratch", false),
        { ...SPEC, namespace: "scratch" },
        { apiServerUrl: API, caCertificate: CA_PEM },
      ),
    );
    const ns = harness.one("kubernetes:core/v1:Namespace", "scratch");
    expect([ns.protect, ns.retainOnDelete]).toEqual([false, false]);
  });

  it("labels the Namespace restricted on enforce, audit and warn with a pinned version", async () => {
    await harness.run(() =>
      buildHardenedNamespace(context("team-alpha"), SPEC, {
        apiServerUrl: API,
        caCertificate: CA_PEM,
      }),
    );
    expect(harness.one("kubernetes:core/v1:Namespace", "team-alpha").inputs).toEqual({
      apiVersion: "v1",
      kind: "Namespace",
      metadata: {
        name: "team-alpha",
        labels: {
          "app.kubernetes.io/managed-by": "wissel",
          "pod-security.kubernetes.io/enforce": "restricted",
          "pod-security.kubernetes.io/enforce-version": "v1.31",
          "pod-security.kubernetes.io/audit": "restricted",
          "pod-security.kubernetes.io/audit-version": "v1.31",
          "pod-security.kubernetes.io/warn": "restricted",
          "pod-security.kubernetes.io/warn-version": "v1.31",
        },
      },
    });
    expect(POD_SECURITY_LABELS["pod-security.kubernetes.io/enforce-version"]).toBe("v1.31");
  });

  it("writes the quota, limits, default-deny and DNS policies from the spec", async () => {
    const spec: NamespaceSpec = {
      ...SPEC,
      quota: { cpu: 2.5, memoryGiB: 1.5, storageGiB: 20, pods: 10 },
      containerDefaults: { cpu: 0.25, memoryMiB: 128 },
    };
    await harness.run(() =>
      buildHardenedNamespace(context("team-alpha"), spec, {
        apiServerUrl: API,
        caCertificate: CA_PEM,
      }),
    );
    expect(
      harness.one("kubernetes:core/v1:ResourceQuota", "team-alpha-quota").inputs["spec"],
    ).toEqual({
      hard: {
        "requests.cpu": "2500m",
        "requests.memory": "1536Mi",
        "requests.storage": "20Gi",
        pods: "10",
      },
    });
    expect(
      harness.one("kubernetes:core/v1:LimitRange", "team-alpha-limits").inputs["spec"],
    ).toEqual({
      limits: [
        {
          type: "Container",
          defaultRequest: { cpu: "250m", memory: "128Mi" },
          default: { memory: "128Mi" },
        },
      ],
    });
    const deny = harness.one(
      "kubernetes:networking.k8s.io/v1:NetworkPolicy",
      "team-alpha-deny-all",
    ).inputs;
    expect(deny["metadata"]).toEqual({
      name: "wissel-default-deny",
      namespace: "team-alpha",
      labels: { "app.kubernetes.io/managed-by": "wissel" },
    });
    expect(deny["spec"]).toEqual({ podSelector: {}, policyTypes: ["Ingress", "Egress"] });
    expect(
      harness.one("kubernetes:networking.k8s.io/v1:NetworkPolicy", "team-alpha-allow-dns").inputs[
        "spec"
      ],
    ).toEqual({
      podSelector: {},
      policyTypes: ["Egress"],
      egress: [
        {
          to: [
            {
              namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } },
              podSelector: { matchLabels: { "k8s-app": "kube-dns" } },
            },
          ],
          ports: [
            { protocol: "UDP", port: 53 },
            { protocol: "TCP", port: 53 },
          ],
        },
      ],
    });
  });

  it("turns off the default ServiceAccount's token and gives CI its own account, token and Role", async () => {
    await harness.run(() =>
      buildHardenedNamespace(context("team-alpha"), SPEC, {
        apiServerUrl: API,
        caCertificate: CA_PEM,
      }),
    );
    expect(
      harness.one("kubernetes:core/v1:ServiceAccountPatch", "team-alpha-default-sa").inputs,
    ).toEqual({
      apiVersion: "v1",
      kind: "ServiceAccount",
      metadata: { name: "default", namespace: "team-alpha" },
      automountServiceAccountToken: false,
    });
    expect(
      harness.one("kubernetes:core/v1:ServiceAccount", "team-alpha-ci").inputs[
        "automountServiceAccountToken"
      ],
    ).toBe(false);
    const token = harness.one("kubernetes:core/v1:Secret", "team-alpha-ci-token");
    expect(token.inputs["type"]).toBe("kubernetes.io/service-account-token");
    expect(token.inputs["metadata"]).toEqual({
      name: "wissel-ci-token",
      namespace: "team-alpha",
      labels: { "app.kubernetes.io/managed-by": "wissel" },
      annotations: { "kubernetes.io/service-account.name": "wissel-ci" },
    });
    expect(token.additionalSecretOutputs).toEqual(expect.arrayContaining(["data", "stringData"]));
    expect(
      harness.one("kubernetes:rbac.authorization.k8s.io/v1:Role", "team-alpha-ci-role").inputs[
        "rules"
      ],
    ).toEqual(namespaceRules(false));
    expect(
      harness.one("kubernetes:rbac.authorization.k8s.io/v1:RoleBinding", "team-alpha-ci-binding")
        .inputs,
    ).toEqual({
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "RoleBinding",
      metadata: {
        name: "wissel-ci",
        namespace: "team-alpha",
        labels: { "app.kubernetes.io/managed-by": "wissel" },
      },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "wissel-ci" },
      subjects: [{ kind: "ServiceAccount", name: "wissel-ci", namespace: "team-alpha" }],
    });
  });

  it("binds the team's group to a namespaced Role, and builds no team RBAC without a group", async () => {
    await harness.run(() =>
      buildHardenedNamespace(context("team-alpha"), SPEC, {
        apiServerUrl: API,
        caCertificate: CA_PEM,
      }),
    );
    expect(
      harness.one("kubernetes:rbac.authorization.k8s.io/v1:Role", "team-alpha-team-role").inputs[
        "rules"
      ],
    ).toEqual(namespaceRules(true));
    expect(
      harness.one("kubernetes:rbac.authorization.k8s.io/v1:RoleBinding", "team-alpha-team-binding")
        .inputs["roleRef"],
    ).toEqual({
      apiGroup: "rbac.authorization.k8s.io",
      kind: "Role",
      name: "wissel-team",
    });
    expect(
      harness.one("kubernetes:rbac.authorization.k8s.io/v1:RoleBinding", "team-alpha-team-binding")
        .inputs["subjects"],
    ).toEqual([
      { apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: "team-alpha-developers" },
    ]);
    harness.reset();
    const { teamGroup: _omitted, ...noTeam } = SPEC;
    await harness.run(() =>
      buildHardenedNamespace(
        context("team-beta"),
        { ...noTeam, namespace: "team-beta" },
        { apiServerUrl: API, caCertificate: CA_PEM },
      ),
    );
    expect(harness.registrations.filter((r) => r.name.startsWith("team-beta-team"))).toEqual([]);
  });

  it("binds a secret kubeconfig for the CI token, scoped to the namespace", async () => {
    const { result } = await harness.run(() =>
      buildHardenedNamespace(context("team-alpha"), SPEC, {
        apiServerUrl: API,
        caCertificate: CA_PEM,
      }),
    );
    expect(await isSecret(result.binding)).toBe(true);
    const binding = await valueOf(result.binding);
    expect(binding).toEqual({
      namespace: "team-alpha",
      apiServerUrl: API,
      serviceAccount: "wissel-ci",
      kubeconfig: namespaceKubeconfig({
        apiServerUrl: API,
        caCertificate: CA_PEM,
        namespace: "team-alpha",
        user: "wissel-ci",
        token: CI_TOKEN,
      }),
    });
    const config = JSON.parse(binding.kubeconfig) as Record<string, unknown>;
    expect(config["current-context"]).toBe("team-alpha-wissel-ci");
    expect(config["contexts"]).toEqual([
      {
        name: "team-alpha-wissel-ci",
        context: { cluster: "team-alpha", user: "wissel-ci", namespace: "team-alpha" },
      },
    ]);
    expect(config["clusters"]).toEqual([
      {
        name: "team-alpha",
        cluster: {
          server: API,
          "certificate-authority-data": Buffer.from(CA_PEM).toString("base64"),
        },
      },
    ]);
    expect(config["users"]).toEqual([{ name: "wissel-ci", user: { token: CI_TOKEN } }]);
  });

  it("uses the given provider for every child", async () => {
    const { result } = await harness.run(() => {
      const provider = new Provider("given", { kubeconfig: "{}" });
      return {
        provider,
        built: buildHardenedNamespace(context("team-alpha"), SPEC, {
          provider,
          apiServerUrl: API,
          caCertificate: CA_PEM,
        }),
      };
    });
    const urn = await valueOf(result.provider.urn);
    const id = await valueOf(result.provider.id);
    const seen = harness.registrations.filter((r) => r.type.startsWith("kubernetes:"));
    expect(seen.length).toBe(12);
    for (const child of seen)
      expect([child.name, observed.providers.get(`${child.type} ${child.name}`)]).toEqual([
        child.name,
        `${urn}::${id}`,
      ]);
  });
});

describe("clusterProvider", () => {
  const binding = (): pulumi.Output<KubernetesClusterBinding> =>
    pulumi.secret(
      pulumi.output<KubernetesClusterBinding>({
        apiServerUrl: API,
        caCertificate: CA_PEM,
        kubeconfig: "apiVersion: v1\nkind: Config\n",
      }),
    );

  it("names the provider after the cluster, parents it to it and passes the binding's kubeconfig as a secret", async () => {
    const { result } = await harness.run(() => {
      const apps = new Holder("apps");
      return { apps, provider: clusterProvider({ name: "apps", parent: apps }, binding()) };
    });
    const providers = harness.ofType("pulumi:providers:kubernetes");
    expect(providers.map((p) => p.name)).toEqual(["apps-provider"]);
    expect(providers[0]?.parent).toBe(await valueOf(result.apps.urn));
    expect(providers[0]?.inputs["kubeconfig"]).toBe("apiVersion: v1\nkind: Config\n");
    expect(providers[0]?.secretInputs).toContain("kubeconfig");
  });
});

describe("quantities, rules and tokens", () => {
  it.each([
    [4, "4"],
    [0.1, "100m"],
    [2.5, "2500m"],
    [0.0001, "1m"],
  ])("cpu %p cores is %p", (cores, quantity) => expect(cpuQuantity(cores)).toBe(quantity));

  it.each([
    [8, "8Gi"],
    [1.5, "1536Mi"],
    [0.25, "256Mi"],
  ])("memory %p GiB is %p", (gib, quantity) => expect(memoryQuantityGiB(gib)).toBe(quantity));

  it("grants no RBAC objects, quotas or limits for writing, and exec only to people", () => {
    for (const rules of [namespaceRules(false), namespaceRules(true)]) {
      const writable = rules
        .filter((r) => r.verbs.includes("create") || r.verbs.includes("update"))
        .flatMap((r) => r.resources);
      expect(writable).not.toEqual(expect.arrayContaining(["roles"]));
      expect(writable).not.toContain("rolebindings");
      expect(writable).not.toContain("resourcequotas");
      expect(writable).not.toContain("limitranges");
      expect(rules.flatMap((r) => r.apiGroups)).not.toContain("rbac.authorization.k8s.io");
    }
    expect(namespaceRules(false).flatMap((r) => r.resources)).not.toContain("pods/exec");
    expect(namespaceRules(true).flatMap((r) => r.resources)).toContain("pods/exec");
  });

  it("decodes the token, and fails with the reason when the controller has not filled it in", () => {
    expect(tokenFromSecretData({ token: Buffer.from("abc").toString("base64") }, "ns/s")).toBe(
      "abc",
    );
    expect(() => tokenFromSecretData({}, "ns/wissel-ci-token")).toThrow(
      /Secret ns\/wissel-ci-token has no token: the cluster's token controller/,
    );
    expect(() => tokenFromSecretData(undefined, "ns/x")).toThrow(/has no token/);
  });
});

function byName(a: string[], b: string[]): number {
  return (a[1] ?? "").localeCompare(b[1] ?? "");
}
