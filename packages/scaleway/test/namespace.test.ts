import * as pulumi from "@pulumi/pulumi";
import { KubernetesCluster, Namespace, plannedComponents, type NamespaceArgs } from "@wissel/core";
import { MockHarness, isSecret, valueOf, type Registration } from "@wissel/testing";
import { adapter } from "@wissel/scaleway";
import { validateNamespace } from "../src/namespace";
import {
  API_SERVER_URL,
  ADMIN_KUBECONFIG,
  CA_PEM,
  CI_TOKEN,
  CONFIG,
  SETTINGS,
  clusterOutputs,
  providers,
} from "./fixtures";

const OIDC = {
  issuerUrl: "https://login.example.nl/realms/city",
  clientId: "kapsule",
  groupsClaim: "groups",
};
const WITH_OIDC = { ...CONFIG, "wissel:scaleway": { ...SETTINGS, oidc: OIDC } };

const NAMESPACE_CHILDREN = [
  "kubernetes:core/v1:Namespace team-alpha",
  "kubernetes:core/v1:ResourceQuota team-alpha-quota",
  "kubernetes:core/v1:LimitRange team-alpha-limits",
  "kubernetes:networking.k8s.io/v1:NetworkPolicy team-alpha-deny-all",
  "kubernetes:networking.k8s.io/v1:NetworkPolicy team-alpha-allow-dns",
  "kubernetes:core/v1:ServiceAccountPatch team-alpha-default-sa",
  "kubernetes:core/v1:ServiceAccount team-alpha-ci",
  "kubernetes:core/v1:Secret team-alpha-ci-token",
  "kubernetes:rbac.authorization.k8s.io/v1:Role team-alpha-ci-role",
  "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding team-alpha-ci-binding",
];

let harness: MockHarness;
beforeAll(async () => {
  harness = await MockHarness.start({ config: CONFIG, outputs: clusterOutputs });
});
beforeEach(() => {
  harness.reset();
  harness.setConfig(CONFIG);
  providers.clear();
});

async function build(
  args: Omit<NamespaceArgs, "cluster"> = {},
  passCluster = true,
): Promise<{ cluster: KubernetesCluster; namespace: Namespace }> {
  const { result } = await harness.run(() => {
    const cluster = new KubernetesCluster("apps", { version: "1.35" });
    const namespace = new Namespace("team-alpha", { ...args, ...(passCluster ? { cluster } : {}) });
    return { cluster, namespace };
  });
  return result;
}

function names(registrations: readonly Registration[]): string[] {
  return registrations.map((r) => `${r.type} ${r.name}`).sort();
}

describe("Namespace on scaleway", () => {
  it("builds the hardened namespace under the component, every object through the cluster's provider", async () => {
    const { cluster, namespace } = await build();
    const urn = await valueOf(namespace.urn);
    expect(names(harness.childrenOf(urn))).toEqual([...NAMESPACE_CHILDREN].sort());
    // One provider for the cluster, parented to the cluster component, with the admin kubeconfig as a secret.
    const provider = harness.one("pulumi:providers:kubernetes", "apps-provider");
    expect(provider.parent).toBe(await valueOf(cluster.urn));
    expect(provider.inputs["kubeconfig"]).toBe(ADMIN_KUBECONFIG);
    expect(provider.secretInputs).toContain("kubeconfig");
    // The harness gives every resource the id `<name>-id`.
    const ref = `${provider.urn}::apps-provider-id`;
    for (const child of harness.childrenOf(urn))
      expect([child.name, providers.get(`${child.type} ${child.name}`)]).toEqual([child.name, ref]);
  });

  it("protects and retains the Namespace object, and only it", async () => {
    const { namespace } = await build();
    const urn = await valueOf(namespace.urn);
    const guarded = harness.childrenOf(urn).filter((r) => r.protect || r.retainOnDelete);
    expect(guarded.map((r) => [r.type, r.name, r.protect, r.retainOnDelete])).toEqual([
      ["kubernetes:core/v1:Namespace", "team-alpha", true, true],
    ]);
    for (const child of harness.childrenOf(urn)) expect(child.deleteBeforeReplace).toBe(false);
  });

  it("finds the program's only cluster when none is passed", async () => {
    const { namespace } = await build({}, false);
    expect(names(harness.childrenOf(await valueOf(namespace.urn)))).toEqual(
      [...NAMESPACE_CHILDREN].sort(),
    );
  });

  it("binds a secret CI kubeconfig for the namespace, against Kapsule's API URL and CA", async () => {
    const { namespace } = await build();
    expect(await isSecret(namespace.binding)).toBe(true);
    const binding = await valueOf(namespace.binding);
    expect({ ...binding, kubeconfig: undefined }).toEqual({
      namespace: "team-alpha",
      apiServerUrl: API_SERVER_URL,
      serviceAccount: "wissel-ci",
      kubeconfig: undefined,
    });
    const kubeconfig = JSON.parse(binding.kubeconfig) as {
      clusters: { cluster: { server: string; "certificate-authority-data": string } }[];
      users: { user: { token: string } }[];
      contexts: { context: { namespace: string } }[];
    };
    expect(kubeconfig.clusters[0]?.cluster).toEqual({
      server: API_SERVER_URL,
      "certificate-authority-data": Buffer.from(CA_PEM).toString("base64"),
    });
    expect(kubeconfig.users[0]?.user.token).toBe(CI_TOKEN);
    expect(kubeconfig.contexts[0]?.context.namespace).toBe("team-alpha");
  });

  it("binds the team's OIDC group, prefixed as Kapsule reports it, to a role in the namespace only", async () => {
    harness.setConfig(WITH_OIDC);
    const { namespace } = await build({ teamGroup: "team-alpha-developers" });
    const urn = await valueOf(namespace.urn);
    expect(names(harness.childrenOf(urn))).toEqual(
      [
        ...NAMESPACE_CHILDREN,
        "kubernetes:rbac.authorization.k8s.io/v1:Role team-alpha-team-role",
        "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding team-alpha-team-binding",
      ].sort(),
    );
    const binding = harness.one(
      "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding",
      "team-alpha-team-binding",
    );
    expect(binding.inputs["subjects"]).toEqual([
      { apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: "oidc:team-alpha-developers" },
    ]);
    expect(binding.inputs["roleRef"]).toEqual({
      apiGroup: "rbac.authorization.k8s.io",
      kind: "Role",
      name: "wissel-team",
    });
    expect(harness.registrations.filter((r) => /ClusterRole/.test(r.type))).toEqual([]);
    const record = plannedComponents().find((c) => c.kind === "namespace");
    expect(record?.decisions).toContainEqual({
      what: "team group",
      choice: "oidc:team-alpha-developers",
      why: 'Kapsule prefixes OIDC groups with "oidc:"',
    });
  });

  it("refuses teamGroup, before registering anything, when the stack configures no OIDC", async () => {
    let error: unknown;
    await harness.run(() => {
      const cluster = new KubernetesCluster("apps", { version: "1.35" });
      try {
        new Namespace("team-alpha", { cluster, teamGroup: "team-alpha-developers" });
      } catch (caught) {
        error = caught;
      }
    });
    expect(pulumi.ResourceError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain(
      'Namespace "team-alpha": teamGroup is not supported on target "scaleway": Kapsule knows groups only from an OIDC provider, and wissel:scaleway.oidc configures none (received "team-alpha-developers")',
    );
    expect(harness.registrations.filter((r) => r.name.startsWith("team-alpha"))).toEqual([]);
  });

  it("refuses a namespace when the program has no cluster, naming the fix", async () => {
    let error: unknown;
    try {
      new Namespace("team-alpha");
    } catch (caught) {
      error = caught;
    }
    await harness.settle();
    expect(harness.registrations).toEqual([]);
    expect(pulumi.ResourceError.isInstance(error)).toBe(true);
    const message = (error as Error).message;
    expect(message).toContain(
      'Namespace "team-alpha": cluster must be a KubernetesCluster on target "scaleway"',
    );
    expect(message).toContain(
      'Create a KubernetesCluster in the program (new KubernetesCluster("apps")), or pass the one it belongs on',
    );
  });
});

describe("validateNamespace", () => {
  it("returns the needs-a-cluster issue only when the namespace has no cluster", () => {
    const spec = {
      namespace: "team-alpha",
      quota: { cpu: 4, memoryGiB: 8, storageGiB: 50, pods: 50 },
      containerDefaults: { cpu: 0.1, memoryMiB: 256 },
      classification: "internal" as const,
      allowDataLoss: false,
    };
    expect(validateNamespace(spec, 'Namespace "team-alpha"')).toHaveLength(1);
    const placement = {
      target: "scaleway",
      vendor: "Scaleway",
      legalEntity: "Scaleway SAS",
      headquarters: "FR",
      foreignJurisdictions: [],
      onPremises: false,
      region: "nl-ams",
      country: "NL",
    };
    const cluster = {
      name: "apps",
      target: "scaleway",
      placement,
      binding: pulumi.output({ apiServerUrl: "", caCertificate: "", kubeconfig: "" }),
      resource: {} as pulumi.ComponentResource,
      vendorResources: {},
      provider: (): pulumi.ProviderResource => {
        throw new Error("a plan never asks for the cluster's provider");
      },
    };
    expect(validateNamespace({ ...spec, cluster }, 'Namespace "team-alpha"')).toEqual([]);
  });
});

describe("scaleway capability table for namespaces", () => {
  it("offers teamGroup only with wissel:scaleway.oidc", () => {
    const without = adapter.capabilities(adapter.parseSettings(SETTINGS)).namespace;
    const withOidc = adapter.capabilities(
      adapter.parseSettings({ ...SETTINGS, oidc: OIDC }),
    ).namespace;
    expect(without?.block.support).toBe("native");
    expect([without?.features.teamGroup.support, without?.features.networkPolicy.support]).toEqual([
      "unsupported",
      "native",
    ]);
    expect([
      withOidc?.features.teamGroup.support,
      withOidc?.features.networkPolicy.support,
    ]).toEqual(["native", "native"]);
  });
});
