/**
 * KubernetesCluster and Namespace on the Kubernetes target: the existing cluster from the settings,
 * and namespaces on it through the stack's provider or the cluster's.
 */
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { KubernetesCluster, Namespace } from "@wissel/core";
import { adapter } from "@wissel/kubernetes";
import { clusterCapabilities, namespaceCapabilities } from "../src/capabilities";
import { kubeconfigSource, withCurrentContext } from "../src/cluster";
import { parseSettings } from "../src/settings";
import { MockHarness, isSecret, valueOf } from "@wissel/testing";
import {
  ADMIN_KUBECONFIG,
  CA_PEM,
  CLUSTER,
  CLUSTER_SETTINGS,
  SETTINGS,
  clusterStackConfig,
  observed,
  outputs,
} from "./fixtures";

const NAMESPACE = "kubernetes:core/v1:Namespace";
const PROVIDER = "pulumi:providers:kubernetes";

let harness: MockHarness;

beforeAll(async () => {
  harness = await MockHarness.start({
    config: clusterStackConfig(),
    secretKeys: ["kubernetes:kubeconfig"],
    outputs,
  });
});
beforeEach(() => {
  harness.setConfig(clusterStackConfig());
  harness.reset();
  observed.providers.clear();
});

function failure(build: () => unknown): Error {
  try {
    build();
  } catch (error) {
    if (pulumi.ResourceError.isInstance(error)) return error;
    throw error;
  }
  throw new Error("expected a failure at preview");
}

describe("KubernetesCluster on Kubernetes", () => {
  it("registers nothing but the component and binds the configured API server, CA and secret admin kubeconfig", async () => {
    const { result, registrations } = await harness.run(() => new KubernetesCluster("apps"));
    expect(registrations.map((r) => [r.type, r.name])).toEqual([
      ["wissel:kubernetes:Cluster", "apps"],
    ]);
    expect(await isSecret(result.binding)).toBe(true);
    expect(await valueOf(result.binding)).toEqual({
      apiServerUrl: CLUSTER.apiServerUrl,
      caCertificate: CA_PEM,
      kubeconfig: ADMIN_KUBECONFIG,
    });
    expect(result.vendorResources).toEqual({});
  });

  it("points the binding's kubeconfig at the configured context", async () => {
    harness.setConfig(clusterStackConfig({ ...CLUSTER_SETTINGS, context: "team-deployer@dc1" }));
    const { result } = await harness.run(() => new KubernetesCluster("apps"));
    expect((await valueOf(result.binding)).kubeconfig).toBe(
      'apiVersion: v1\nkind: Config\nclusters: []\ncurrent-context: "team-deployer@dc1"\n',
    );
  });

  it("fails before registration when the settings do not describe the cluster", async () => {
    harness.setConfig(clusterStackConfig(SETTINGS));
    const error = failure(() => new KubernetesCluster("apps"));
    expect(error.message).toContain(
      'KubernetesCluster "apps": wissel:kubernetes.cluster is required for a KubernetesCluster on this target',
    );
    expect(error.message).toContain(
      "pulumi config set --path 'wissel:kubernetes.cluster.apiServerUrl' https://api.dc1.example.nl:6443",
    );
    await harness.settle();
    expect(harness.registrations).toEqual([]);
  });
});

describe("Namespace on Kubernetes", () => {
  it("builds the hardened namespace on the configured cluster through the component's provider", async () => {
    const { result } = await harness.run(
      () => new Namespace("team-alpha", { teamGroup: "team-alpha-developers" }),
    );
    const urn = await valueOf(result.urn);
    const ns = harness.one(NAMESPACE, "team-alpha");
    expect(ns.parent).toBe(urn);
    expect([ns.protect, ns.retainOnDelete]).toEqual([true, true]);
    expect(harness.ofType(PROVIDER)).toEqual([]);
    expect(observed.providers.get(`${NAMESPACE} team-alpha`) ?? "").toBe("");
    expect(harness.childrenOf(urn).length).toBe(12);
    const binding = await valueOf(result.binding);
    expect([binding.namespace, binding.apiServerUrl, binding.serviceAccount]).toEqual([
      "team-alpha",
      CLUSTER.apiServerUrl,
      "wissel-ci",
    ]);
  });

  it("uses the stack's provider when the settings name a kubeconfig", async () => {
    harness.setConfig(
      clusterStackConfig({ ...CLUSTER_SETTINGS, kubeconfig: "/etc/wissel/dc1.kubeconfig" }),
    );
    await harness.run(() => new Namespace("team-alpha"));
    const [provider] = harness.ofType(PROVIDER);
    expect(provider?.name).toBe("wissel-kubernetes");
    expect(observed.providers.get(`${NAMESPACE} team-alpha`)).toMatch(/::wissel-kubernetes::/);
  });

  it("goes on the program's KubernetesCluster through that cluster's provider", async () => {
    const { result } = await harness.run(() => {
      const cluster = new KubernetesCluster("apps");
      return { cluster, namespace: new Namespace("team-alpha") };
    });
    const providers = harness.ofType(PROVIDER);
    expect(providers.map((p) => [p.name, p.parent])).toEqual([
      ["apps-provider", await valueOf(result.cluster.urn)],
    ]);
    expect(providers[0]?.inputs["kubeconfig"]).toBe(ADMIN_KUBECONFIG);
    expect(providers[0]?.secretInputs).toContain("kubeconfig");
    expect(observed.providers.get(`${NAMESPACE} team-alpha`)).toMatch(/::apps-provider::/);
  });

  it("gives every block on the cluster the one provider, which the first of them creates", async () => {
    const { result } = await harness.run(() => {
      const cluster = new KubernetesCluster("apps");
      const before = harness.ofType(PROVIDER).length;
      const namespaces = [new Namespace("team-alpha"), new Namespace("team-beta")];
      return { cluster, before, namespaces, again: cluster.ref.provider() };
    });
    expect(result.before).toBe(0);
    expect(harness.ofType(PROVIDER).map((p) => p.name)).toEqual(["apps-provider"]);
    expect(observed.providers.get(`${NAMESPACE} team-alpha`)).toMatch(/::apps-provider::/);
    expect(observed.providers.get(`${NAMESPACE} team-beta`)).toMatch(/::apps-provider::/);
    expect(result.again).toBe(result.cluster.ref.provider());
  });

  it("refuses a namespace until the operator attests NetworkPolicy enforcement", async () => {
    harness.setConfig(
      clusterStackConfig({ ...SETTINGS, cluster: { ...CLUSTER, enforcesNetworkPolicy: false } }),
    );
    const error = failure(() => new Namespace("team-alpha"));
    expect(error.message).toContain(
      'Namespace "team-alpha": wissel:kubernetes.cluster.enforcesNetworkPolicy must be true for a Namespace',
    );
    expect(error.message).toContain(
      "pulumi config set --path 'wissel:kubernetes.cluster.enforcesNetworkPolicy' true",
    );
    await harness.settle();
    expect(harness.registrations).toEqual([]);
  });

  it("refuses a namespace when the settings do not describe the cluster", async () => {
    harness.setConfig(clusterStackConfig(SETTINGS));
    expect(failure(() => new Namespace("team-alpha")).message).toContain(
      'Namespace "team-alpha": wissel:kubernetes.cluster is required for a Namespace on this target',
    );
  });

  it("refuses a team group when the cluster's authentication reports no groups", async () => {
    harness.setConfig(
      clusterStackConfig({ ...SETTINGS, cluster: { ...CLUSTER, mapsGroups: false } }),
    );
    expect(failure(() => new Namespace("team-alpha", { teamGroup: "devs" })).message).toContain(
      'Namespace "team-alpha": teamGroup is not supported on target "kubernetes": the cluster\'s authentication reports no groups',
    );
  });
});

describe("capabilities and kubeconfig sources", () => {
  it("follows the operator's attestations", () => {
    const attested = parseSettings(CLUSTER_SETTINGS);
    expect(clusterCapabilities(attested).block.support).toBe("native");
    expect(clusterCapabilities(attested).features.networkPolicy.support).toBe("native");
    expect(namespaceCapabilities(attested).features.teamGroup.support).toBe("native");
    const plain = parseSettings({
      ...SETTINGS,
      cluster: { apiServerUrl: CLUSTER.apiServerUrl, caCertificate: CA_PEM },
    });
    expect(plain.cluster?.enforcesNetworkPolicy).toBe(false);
    expect(clusterCapabilities(plain).features.networkPolicy.support).toBe("unsupported");
    expect(namespaceCapabilities(plain).features.networkPolicy.support).toBe("unsupported");
    expect(adapter.capabilities(plain).kubernetesCluster?.features.oidcIssuer.support).toBe(
      "unsupported",
    );
  });

  it.each([
    [
      "the secret config first",
      { ...SETTINGS, kubeconfig: "/a" },
      true,
      { KUBECONFIG: "/b" },
      { kind: "config", key: "kubernetes:kubeconfig" },
    ],
    [
      "then the settings' path",
      { ...SETTINGS, kubeconfig: "~/dc1.yaml" },
      false,
      { KUBECONFIG: "/b" },
      { kind: "file", path: "/home/ci/dc1.yaml", from: "settings" },
    ],
    [
      "then KUBECONFIG's first file",
      SETTINGS,
      false,
      { KUBECONFIG: `/b${path.delimiter}/c` },
      { kind: "file", path: "/b", from: "KUBECONFIG" },
    ],
    [
      "then ~/.kube/config",
      SETTINGS,
      false,
      {},
      { kind: "file", path: "/home/ci/.kube/config", from: "home" },
    ],
  ])("reads %s", (_what, raw, hasConfig, env, expected) => {
    expect(kubeconfigSource(parseSettings(raw), hasConfig, env, "/home/ci")).toEqual(expected);
  });

  it("sets the current context of YAML and JSON kubeconfigs", () => {
    expect(withCurrentContext("kind: Config\ncurrent-context: a\nusers: []\n", "b")).toBe(
      'kind: Config\ncurrent-context: "b"\nusers: []\n',
    );
    expect(withCurrentContext("kind: Config", "b")).toBe('kind: Config\ncurrent-context: "b"\n');
    expect(JSON.parse(withCurrentContext('{"kind":"Config","current-context":"a"}', "b"))).toEqual({
      kind: "Config",
      "current-context": "b",
    });
  });
});
