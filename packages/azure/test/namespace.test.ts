import * as pulumi from "@pulumi/pulumi";
import {
  DEFAULT_CONTAINER,
  DEFAULT_QUOTA,
  KubernetesCluster,
  isRefusal,
  Namespace,
  plannedComponents,
  type NamespaceArgs,
} from "@wissel/core";
import {
  MockHarness,
  hardeningProblems,
  isSecret,
  kubernetesObjects,
  validateKubernetesObjects,
  valueOf,
  type Registration,
} from "@wissel/testing";
import { adapter, parseSettings } from "@wissel/azure";
import { aksClusterName } from "../src/cluster";
import { namespace } from "../src/namespace";
import { CI_TOKEN, CONFIG, SETTINGS, aksFqdn, outputs } from "./fixtures";

const GROUP = "aaaaaaaa-0000-4000-8000-000000000001";
const APPS = aksClusterName({ project: "wissel-test", stack: "test", name: "apps" });
const K8S = {
  namespace: "kubernetes:core/v1:Namespace",
  quota: "kubernetes:core/v1:ResourceQuota",
  limits: "kubernetes:core/v1:LimitRange",
  policy: "kubernetes:networking.k8s.io/v1:NetworkPolicy",
  saPatch: "kubernetes:core/v1:ServiceAccountPatch",
  sa: "kubernetes:core/v1:ServiceAccount",
  secret: "kubernetes:core/v1:Secret",
  role: "kubernetes:rbac.authorization.k8s.io/v1:Role",
  binding: "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding",
};

let harness: MockHarness;
beforeAll(async () => {
  harness = await MockHarness.start({ config: CONFIG, outputs });
});
beforeEach(() => {
  harness.reset();
  harness.setConfig(CONFIG);
});

async function onCluster(
  name: string,
  args: Omit<NamespaceArgs, "cluster"> = {},
  pass = true,
): Promise<{ cluster: KubernetesCluster; ns: Namespace; registrations: Registration[] }> {
  const { result, registrations } = await harness.run(() => {
    const cluster = new KubernetesCluster("apps");
    const ns = new Namespace(name, pass ? { ...args, cluster } : args);
    return { cluster, ns };
  });
  return { ...result, registrations };
}

function rejected(program: () => unknown): string {
  try {
    program();
  } catch (error) {
    expect(pulumi.ResourceError.isInstance(error)).toBe(true);
    return (error as Error).message;
  }
  throw new Error("expected the program to throw");
}

describe("Namespace on azure", () => {
  it("registers the hardened namespace's objects under the component, and one provider for the cluster under the cluster", async () => {
    const { ns, cluster, registrations } = await onCluster("team-alpha", { teamGroup: GROUP });
    const nsUrn = await valueOf(ns.urn);
    const clusterUrn = await valueOf(cluster.urn);
    expect(
      harness
        .childrenOf(nsUrn)
        .map((r) => `${r.type} ${r.name}`)
        .sort(),
    ).toEqual(
      [
        `${K8S.namespace} team-alpha`,
        `${K8S.quota} team-alpha-quota`,
        `${K8S.limits} team-alpha-limits`,
        `${K8S.policy} team-alpha-deny-all`,
        `${K8S.policy} team-alpha-allow-dns`,
        `${K8S.saPatch} team-alpha-default-sa`,
        `${K8S.sa} team-alpha-ci`,
        `${K8S.secret} team-alpha-ci-token`,
        `${K8S.role} team-alpha-ci-role`,
        `${K8S.binding} team-alpha-ci-binding`,
        `${K8S.role} team-alpha-team-role`,
        `${K8S.binding} team-alpha-team-binding`,
      ].sort(),
    );
    expect(
      harness
        .childrenOf(clusterUrn)
        .map((r) => `${r.type} ${r.name}`)
        .sort(),
    ).toEqual(
      [
        "azure-native:containerservice:ManagedCluster apps",
        "pulumi:providers:kubernetes apps-provider",
      ].sort(),
    );
    // No Azure resource for the namespace: everything in it is a Kubernetes object.
    expect(harness.descendantsOf(nsUrn).filter((r) => r.type.startsWith("azure-native:"))).toEqual(
      [],
    );
    expect(registrations.filter((r) => r.type === "pulumi:providers:kubernetes")).toHaveLength(1);
  });

  it("gives the provider the cluster's admin kubeconfig, secret", async () => {
    const { cluster } = await onCluster("team-alpha");
    const provider = harness.one("pulumi:providers:kubernetes", "apps-provider");
    expect(provider.secretInputs).toContain("kubeconfig");
    expect(provider.inputs["kubeconfig"]).toBe((await valueOf(cluster.binding)).kubeconfig);
  });

  it("protects and retains the Namespace object, which holds the team's data", async () => {
    await onCluster("team-alpha");
    const ns = harness.one(K8S.namespace, "team-alpha");
    expect([ns.protect, ns.retainOnDelete, ns.deleteBeforeReplace]).toEqual([true, true, false]);
  });

  it("is hardened: restricted Pod Security, default deny with DNS, quota, limits, namespaced RBAC for the group", async () => {
    const quota = { cpu: 2, memoryGiB: 4, storageGiB: 20, pods: 30 };
    const containerDefaults = { cpu: 0.25, memoryMiB: 128 };
    const { ns } = await onCluster("team-alpha", { quota, containerDefaults, teamGroup: GROUP });
    const own = harness.descendantsOf(await valueOf(ns.urn));
    expect(
      hardeningProblems(kubernetesObjects(own), {
        namespace: "team-alpha",
        quota,
        containerDefaults,
        teamGroup: GROUP,
      }),
    ).toEqual([]);
  });

  it("applies the default quota and container defaults", async () => {
    const { ns } = await onCluster("team-alpha");
    const own = harness.descendantsOf(await valueOf(ns.urn));
    expect(
      hardeningProblems(kubernetesObjects(own), {
        namespace: "team-alpha",
        quota: DEFAULT_QUOTA,
        containerDefaults: DEFAULT_CONTAINER,
      }),
    ).toEqual([]);
  });

  it("emits only Kubernetes objects that validate against the upstream schemas", async () => {
    const { registrations } = await onCluster("team-alpha", { teamGroup: GROUP });
    const objects = kubernetesObjects(registrations);
    expect(objects.map((o) => o.kind).sort()).toEqual(
      [
        "LimitRange",
        "Namespace",
        "NetworkPolicy",
        "NetworkPolicy",
        "ResourceQuota",
        "Role",
        "Role",
        "RoleBinding",
        "RoleBinding",
        "Secret",
        "ServiceAccount",
        "ServiceAccount",
      ].sort(),
    );
    const results = validateKubernetesObjects(objects);
    expect(
      objects.map((o, i) => ({ kind: o.kind, name: o.metadata?.name, errors: results[i] })),
    ).toEqual(objects.map((o) => ({ kind: o.kind, name: o.metadata?.name, errors: [] })));
  });

  it("binds the Entra ID group by object id to a Role in the namespace, never a ClusterRole", async () => {
    await onCluster("team-alpha", { teamGroup: GROUP });
    const binding = harness.one(K8S.binding, "team-alpha-team-binding");
    expect(binding.inputs["subjects"]).toEqual([
      { apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: GROUP },
    ]);
    expect(binding.inputs["roleRef"]).toMatchObject({ kind: "Role" });
    expect(harness.registrations.filter((r) => r.type.includes("ClusterRole"))).toEqual([]);
  });

  it("gives a secret binding with the cluster's API URL and a CI kubeconfig that trusts the cluster's CA", async () => {
    const { ns, cluster } = await onCluster("team-alpha");
    expect(await isSecret(ns.binding)).toBe(true);
    const binding = await valueOf(ns.binding);
    const clusterBinding = await valueOf(cluster.binding);
    expect(binding.apiServerUrl).toBe(`https://${aksFqdn(APPS)}:443`);
    expect(binding.namespace).toBe("team-alpha");
    expect(binding.serviceAccount).toBe("wissel-ci");
    const kubeconfig = JSON.parse(binding.kubeconfig) as {
      clusters: { cluster: { server: string; "certificate-authority-data": string } }[];
      users: { user: { token: string } }[];
      contexts: { context: { namespace: string } }[];
    };
    expect(kubeconfig.clusters[0]?.cluster.server).toBe(binding.apiServerUrl);
    expect(
      Buffer.from(kubeconfig.clusters[0]!.cluster["certificate-authority-data"], "base64").toString(
        "utf8",
      ),
    ).toBe(clusterBinding.caCertificate);
    expect(kubeconfig.users[0]?.user.token).toBe(CI_TOKEN);
    expect(kubeconfig.contexts[0]?.context.namespace).toBe("team-alpha");
  });

  it("goes on the program's only AKS cluster when none is passed", async () => {
    await onCluster("team-beta", {}, false);
    expect(harness.one(K8S.namespace, "team-beta").inputs["metadata"]).toMatchObject({
      name: "team-beta",
    });
    expect(plannedComponents().find((c) => c.name === "team-beta")?.decisions[0]).toEqual({
      what: "cluster",
      choice: 'AKS cluster "apps"',
      why: "the program's KubernetesCluster on target azure",
    });
  });

  it("tells the plan which Azure role the team still needs to sign in", async () => {
    await onCluster("team-alpha", { teamGroup: GROUP });
    const decisions = plannedComponents().find((c) => c.name === "team-alpha")?.decisions ?? [];
    expect(decisions.map((d) => d.what)).toEqual([
      "cluster",
      "pod security",
      "network policy",
      "team access",
      "team sign-in",
    ]);
    expect(decisions.at(-1)?.choice).toBe(
      `Entra ID group ${GROUP} needs "Azure Kubernetes Service Cluster User Role" on the cluster, and kubelogin`,
    );
  });
});

describe("Namespace inputs Azure rejects before anything is registered", () => {
  it("rejects a namespace when the program has no cluster on azure", async () => {
    const message = rejected(() => new Namespace("team-alpha"));
    expect(message).toBe(
      'Namespace "team-alpha": cluster needs a KubernetesCluster on target "azure": the program has none, and an Azure namespace lives on an AKS cluster the program builds (received nothing). ' +
        'Create a KubernetesCluster in the program (new KubernetesCluster("apps")), or pass one as cluster.',
    );
    await harness.settle();
    expect(harness.registrations).toEqual([]);
  });

  it.each([
    "team-alpha-developers",
    "aaaaaaaa-0000-4000-8000-00000000000",
    "{aaaaaaaa-0000-4000-8000-000000000001}",
  ])("rejects the team group %s, which is not an Entra ID object id", async (teamGroup) => {
    const message = rejected(() => new Namespace("team-alpha", { teamGroup }));
    expect(message).toContain(
      `teamGroup must be the object id (a UUID) of an Entra ID group on target "azure": AKS identifies groups by object id (received "${teamGroup}")`,
    );
    expect(message).toContain("az ad group show --group <name> --query id -o tsv");
    await harness.settle();
    expect(harness.registrations).toEqual([]);
  });

  it("accepts an upper-case object id, as some tools write it (only the missing cluster is reported)", () => {
    const spec = {
      namespace: "t",
      quota: { cpu: 1, memoryGiB: 1, storageGiB: 1, pods: 1 },
      containerDefaults: { cpu: 0.1, memoryMiB: 64 },
      classification: "internal" as const,
      allowDataLoss: false,
    };
    const planned = namespace.plan(
      { ...spec, teamGroup: GROUP.toUpperCase() },
      {
        name: "t",
        subject: "s",
        settings: parseSettings(SETTINGS),
        project: "wissel-test",
        stack: "test",
      },
    );
    expect(isRefusal(planned) ? planned.map((issue) => issue.field) : planned).toEqual(["cluster"]);
    expect(adapter.blocks.namespace?.()).toBe(namespace);
  });
});
