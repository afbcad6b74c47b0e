import * as pulumi from "@pulumi/pulumi";
import {
  DEFAULT_KUBERNETES_VERSION,
  KubernetesCluster,
  isDns1123Label,
  plannedComponents,
  type KubernetesClusterArgs,
} from "@wissel/core";
import { MockHarness, isSecret, valueOf, type Registration } from "@wissel/testing";
import { ADMIN_CREDENTIALS_INVOKE, adapter, parseSettings } from "@wissel/azure";
import {
  AKS_VERSIONS,
  VM_SIZES,
  aksClusterName,
  caCertificateFromKubeconfig,
  offlineAdminCredentials,
  vmSizeFor,
} from "../src/cluster";
import { CONFIG, SETTINGS, aksFqdn, outputs } from "./fixtures";

const MANAGED_CLUSTER = "azure-native:containerservice:ManagedCluster";
const APPS = aksClusterName({ project: "wissel-test", stack: "test", name: "apps" });

let harness: MockHarness;
beforeAll(async () => {
  harness = await MockHarness.start({ config: CONFIG, outputs });
});
beforeEach(() => {
  harness.reset();
  harness.setConfig(CONFIG);
});

async function build(
  name: string,
  args: KubernetesClusterArgs = {},
): Promise<{ cluster: KubernetesCluster; registrations: Registration[] }> {
  const { result, registrations } = await harness.run(() => new KubernetesCluster(name, args));
  return { cluster: result, registrations };
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

function decode(base64: string): string {
  return Buffer.from(base64, "base64").toString("utf8");
}

describe("KubernetesCluster on azure", () => {
  it("registers exactly the component and one AKS managed cluster under it", async () => {
    const { cluster, registrations } = await build("apps");
    const urn = await valueOf(cluster.urn);
    expect(registrations.map((r) => `${r.type} ${r.name}`)).toEqual([
      "wissel:kubernetes:Cluster apps",
      `${MANAGED_CLUSTER} apps`,
    ]);
    expect(registrations[1]!.parent).toBe(urn);
    expect(Object.keys(cluster.vendorResources)).toEqual(["cluster"]);
  });

  it("creates a Standard-tier AKS cluster with Cilium, Entra ID RBAC, OIDC, workload identity and a zone-spread system pool", async () => {
    await build("apps");
    expect(APPS).toMatch(/^apps-[0-9a-f]{8}$/);
    expect(harness.one(MANAGED_CLUSTER, "apps").inputs).toEqual({
      resourceName: APPS,
      resourceGroupName: "rg-wissel-test",
      location: "westeurope",
      dnsPrefix: APPS,
      kubernetesVersion: DEFAULT_KUBERNETES_VERSION,
      sku: { name: "Base", tier: "Standard" },
      supportPlan: "KubernetesOfficial",
      identity: { type: "SystemAssigned" },
      enableRBAC: true,
      aadProfile: { managed: true, enableAzureRBAC: true },
      disableLocalAccounts: false,
      oidcIssuerProfile: { enabled: true },
      securityProfile: { workloadIdentity: { enabled: true } },
      networkProfile: {
        networkPlugin: "azure",
        networkPluginMode: "overlay",
        networkDataplane: "cilium",
        networkPolicy: "cilium",
        loadBalancerSku: "standard",
        outboundType: "loadBalancer",
        // The SDK's own input defaults, which are also AKS's for an overlay cluster.
        podCidr: "10.244.0.0/16",
        serviceCidr: "10.0.0.0/16",
        dnsServiceIP: "10.0.0.10",
      },
      apiServerAccessProfile: { enablePrivateCluster: false },
      autoUpgradeProfile: { upgradeChannel: "patch", nodeOSUpgradeChannel: "NodeImage" },
      agentPoolProfiles: [
        {
          name: "system",
          mode: "System",
          count: 3,
          vmSize: "Standard_D2s_v5",
          osType: "Linux",
          type: "VirtualMachineScaleSets",
          enableNodePublicIP: false,
          availabilityZones: ["1", "2", "3"],
        },
      ],
    });
  });

  it("protects and retains the cluster, whose deletion takes every persistent volume with it", async () => {
    await build("apps");
    const cluster = harness.one(MANAGED_CLUSTER, "apps");
    expect([cluster.protect, cluster.retainOnDelete, cluster.deleteBeforeReplace]).toEqual([
      true,
      true,
      false,
    ]);
  });

  it("lets the cluster go only when allowDataLoss is set", async () => {
    await build("scratch", { allowDataLoss: true });
    const cluster = harness.one(MANAGED_CLUSTER, "scratch");
    expect([cluster.protect, cluster.retainOnDelete]).toEqual([false, false]);
  });

  it("sizes the pool from the request and pins the requested minor", async () => {
    await build("data", { nodeCount: 5, vcpu: 4, memoryGiB: 32, version: "1.34" });
    const inputs = harness.one(MANAGED_CLUSTER, "data").inputs;
    expect(inputs["kubernetesVersion"]).toBe("1.34");
    expect(inputs["agentPoolProfiles"]).toEqual([
      expect.objectContaining({
        count: 5,
        vmSize: "Standard_E4s_v5",
        availabilityZones: ["1", "2", "3"],
      }),
    ]);
  });

  it("gives a secret binding: the API URL from the FQDN, the admin kubeconfig from the invoke, its CA", async () => {
    const { cluster } = await build("apps");
    expect(await isSecret(cluster.binding)).toBe(true);
    const binding = await valueOf(cluster.binding);
    expect(binding.apiServerUrl).toBe(`https://${aksFqdn(APPS)}:443`);
    expect(await valueOf(cluster.apiServerUrl)).toBe(binding.apiServerUrl);
    // The offline answer is derived from the invoke's inputs, so this also proves what was asked.
    const expected = decode(
      (
        offlineAdminCredentials({ resourceGroupName: "rg-wissel-test", resourceName: APPS })[
          "kubeconfigs"
        ] as { value: string }[]
      )[0]!.value,
    );
    expect(binding.kubeconfig).toBe(expected);
    expect(binding.kubeconfig).toContain(`user: clusterAdmin_rg-wissel-test_${APPS}`);
    expect(binding.caCertificate).toBe(
      `-----BEGIN CERTIFICATE-----\n${Buffer.from(`wissel plan, offline: CA of ${APPS}`).toString("base64")}\n-----END CERTIFICATE-----\n`,
    );
  });

  it("keeps the kubeconfig out of every registered input, name and id", async () => {
    const { cluster, registrations } = await build("apps");
    const { kubeconfig } = await valueOf(cluster.binding);
    for (const r of registrations) {
      expect(JSON.stringify(r.inputs)).not.toContain(kubeconfig.slice(0, 40));
      expect(r.name).not.toContain("clusterAdmin");
    }
  });

  it("reports the node size, zones, version, tier, network, identity and API server in the plan", async () => {
    await build("apps");
    const record = plannedComponents().find((c) => c.name === "apps");
    expect(record?.kind).toBe("kubernetesCluster");
    expect(record?.decisions.map((d) => [d.what, d.choice, d.why])).toEqual([
      ["node size", "Standard_D2s_v5 (2 vCPU, 8 GiB) × 3", "smallest meeting 2 vCPU / 8 GiB"],
      ["zones", "nodes spread over zones 1, 2, 3", "a zone loss keeps the cluster serving"],
      ["version", "1.35, patch releases applied by AKS", "AKS community support until 2027-03"],
      [
        "tier",
        "Standard",
        "financially backed uptime SLA for the API server; the Free tier has none",
      ],
      [
        "network",
        "Azure CNI overlay powered by Cilium; NetworkPolicy enforced by Cilium",
        "a policy engine can only be chosen when the cluster is created",
      ],
      [
        "identity",
        "Entra ID with Azure RBAC, OIDC issuer and workload identity; local admin account kept",
        "the binding's admin kubeconfig is the local admin certificate, which Azure withholds when local accounts are off",
      ],
      [
        "API server",
        "public endpoint, any address",
        "pulumi up must reach it; every request needs Entra ID or the admin certificate; narrow it with wissel:azure.apiServerAuthorizedIpRanges",
      ],
    ]);
  });

  it("explains when a small request is raised to AKS's system-pool floor", async () => {
    await build("tiny", { nodeCount: 1, vcpu: 1, memoryGiB: 2 });
    expect(harness.one(MANAGED_CLUSTER, "tiny").inputs["agentPoolProfiles"]).toEqual([
      expect.objectContaining({ count: 1, vmSize: "Standard_F2s_v2" }),
    ]);
    const size = plannedComponents().find((c) => c.name === "tiny")?.decisions[0];
    expect(size).toEqual({
      what: "node size",
      choice: "Standard_F2s_v2 (2 vCPU, 4 GiB) × 1",
      why: "smallest meeting 1 vCPU / 2 GiB (AKS system pools need at least 2 vCPU and 4 GiB)",
    });
  });

  it("leaves zones out in a region without them", async () => {
    harness.setConfig({
      ...CONFIG,
      "wissel:azure": { ...SETTINGS, location: "germanynorth", redundancy: "LRS" },
    });
    await build("apps");
    const pool = (
      harness.one(MANAGED_CLUSTER, "apps").inputs["agentPoolProfiles"] as Record<string, unknown>[]
    )[0]!;
    expect(pool).not.toHaveProperty("availabilityZones");
    expect(plannedComponents().find((c) => c.name === "apps")?.decisions[1]).toEqual({
      what: "zones",
      choice: "single zone",
      why: "germanynorth has no availability zones",
    });
  });

  it("narrows the API server to the authorized IP ranges in the settings", async () => {
    harness.setConfig({
      ...CONFIG,
      "wissel:azure": {
        ...SETTINGS,
        apiServerAuthorizedIpRanges: ["203.0.113.0/24", "198.51.100.7"],
      },
    });
    await build("apps");
    expect(harness.one(MANAGED_CLUSTER, "apps").inputs["apiServerAccessProfile"]).toEqual({
      enablePrivateCluster: false,
      authorizedIPRanges: ["203.0.113.0/24", "198.51.100.7"],
    });
  });
});

describe("AKS versions, checked before anything is registered", () => {
  it.each(["1.31", "1.32", "1.33"])(
    "rejects %s, which AKS offers only under long-term support",
    async (version) => {
      const message = rejected(() => new KubernetesCluster("apps", { version }));
      expect(message).toBe(
        `KubernetesCluster "apps": version must be a minor AKS supports on target "azure": "1.34", "1.35" ` +
          `(older minors only under AKS long-term support, which needs the Premium tier) (received "${version}"). ` +
          `Set version to one of "1.34", "1.35", or place this cluster elsewhere with wissel:targets.`,
      );
      await harness.settle();
      expect(harness.registrations).toEqual([]);
    },
  );

  it.each(AKS_VERSIONS.map((v) => v.minor))("accepts %s", async (version) => {
    await build("apps", { version });
    expect(harness.one(MANAGED_CLUSTER, "apps").inputs["kubernetesVersion"]).toBe(version);
  });

  it("still rejects what core rejects for every vendor, such as a patch version", () => {
    expect(rejected(() => new KubernetesCluster("apps", { version: "1.35.2" }))).toContain(
      "without a patch number",
    );
  });

  it("offers the neutral default minor", () => {
    expect(AKS_VERSIONS.map((v) => v.minor)).toContain(DEFAULT_KUBERNETES_VERSION);
  });

  it("exposes the checks, as the cluster block's plan", () => {
    expect(
      adapter.blocks.kubernetesCluster?.().plan(
        {
          version: "1.30",
          nodeCount: 3,
          vcpu: 2,
          memoryGiB: 8,
          classification: "internal",
          allowDataLoss: false,
        },
        {
          name: "apps",
          subject: "s",
          settings: parseSettings(SETTINGS),
          project: "wissel-test",
          stack: "test",
        },
      ),
    ).toHaveLength(1);
  });
});

describe("node sizing", () => {
  const cases: ReadonlyArray<[number, number, string]> = [
    [1, 1, "Standard_F2s_v2"],
    [2, 4, "Standard_F2s_v2"],
    [2, 8, "Standard_D2s_v5"],
    [2, 9, "Standard_E2s_v5"],
    [2, 16, "Standard_E2s_v5"],
    [2, 17, "Standard_E4s_v5"],
    [3, 8, "Standard_F4s_v2"],
    [4, 16, "Standard_D4s_v5"],
    [4, 32, "Standard_E4s_v5"],
    [8, 32, "Standard_D8s_v5"],
    [8, 64, "Standard_E8s_v5"],
    [8, 65, "Standard_E16s_v5"],
    [12, 24, "Standard_F16s_v2"],
    [16, 128, "Standard_E16s_v5"],
    [17, 8, "Standard_E20s_v5"],
    [24, 64, "Standard_F32s_v2"],
    [32, 200, "Standard_E32s_v5"],
    [64, 128, "Standard_F64s_v2"],
    [64, 512, "Standard_E64s_v5"],
  ];
  it.each(cases)("%i vCPU / %i GiB → %s", (vcpu, memoryGiB, expected) => {
    expect(vmSizeFor(vcpu, memoryGiB)?.name).toBe(expected);
  });

  it("finds nothing beyond the largest size", () => {
    expect(vmSizeFor(65, 8)).toBeUndefined();
    expect(vmSizeFor(2, 513)).toBeUndefined();
  });

  it("always meets the request and is never beaten by a smaller size that also meets it", () => {
    for (let vcpu = 1; vcpu <= 64; vcpu++) {
      for (const memoryGiB of [1, 4, 8, 16, 32, 64, 128, 256, 512]) {
        const chosen = vmSizeFor(vcpu, memoryGiB);
        if (chosen === undefined) {
          expect(VM_SIZES.some((s) => s.vcpu >= vcpu && s.memoryGiB >= memoryGiB)).toBe(false);
          continue;
        }
        expect(chosen.vcpu >= vcpu && chosen.memoryGiB >= memoryGiB).toBe(true);
        const better = VM_SIZES.filter(
          (s) =>
            s.vcpu >= vcpu &&
            s.memoryGiB >= memoryGiB &&
            (s.vcpu < chosen.vcpu || (s.vcpu === chosen.vcpu && s.memoryGiB < chosen.memoryGiB)),
        );
        expect(better).toEqual([]);
      }
    }
  });
});

describe("cluster names and the offline credentials", () => {
  it("derives a DNS prefix of at most 54 characters that differs per stack", () => {
    const long = aksClusterName({ project: "p", stack: "prod", name: "Team_Workspace".repeat(8) });
    expect(long.length).toBeLessThanOrEqual(54);
    expect(isDns1123Label(long)).toBe(true);
    expect(aksClusterName({ project: "p", stack: "dev", name: "apps" })).not.toBe(
      aksClusterName({ project: "p", stack: "prod", name: "apps" }),
    );
    expect(aksClusterName({ project: "p", stack: "dev", name: "apps" })).toBe(
      aksClusterName({ project: "p", stack: "dev", name: "apps" }),
    );
  });

  it("declares an offline answer for the admin-credentials invoke: a base64 AKS kubeconfig that names no real server", () => {
    const answer = adapter.offlineInvokes?.[ADMIN_CREDENTIALS_INVOKE]?.({
      resourceGroupName: "rg-x",
      resourceName: "apps-1234abcd",
    });
    const [config] = answer?.["kubeconfigs"] as { name: string; value: string }[];
    expect(config?.name).toBe("clusterAdmin");
    const kubeconfig = decode(config!.value);
    expect(kubeconfig).toContain("server: https://apps-1234abcd.hcp.offline.invalid:443");
    expect(kubeconfig).toContain("current-context: apps-1234abcd-admin");
    expect(kubeconfig).toContain("- name: clusterAdmin_rg-x_apps-1234abcd");
    expect(kubeconfig).toMatch(/client-certificate-data: [A-Za-z0-9+/=]+\n/);
    expect(kubeconfig).toMatch(/client-key-data: [A-Za-z0-9+/=]+\n/);
    expect(caCertificateFromKubeconfig(kubeconfig)).toMatch(
      /^-----BEGIN CERTIFICATE-----\n[A-Za-z0-9+/=]+\n-----END CERTIFICATE-----\n$/,
    );
  });

  it("reads the CA of a kubeconfig as Azure writes it, and fails loudly without one", () => {
    const pem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
    const kubeconfig = `apiVersion: v1\nclusters:\n- cluster:\n    certificate-authority-data: ${Buffer.from(pem).toString("base64")}\n    server: https://x:443\n  name: x\n`;
    expect(caCertificateFromKubeconfig(kubeconfig)).toBe(pem);
    expect(() => caCertificateFromKubeconfig("apiVersion: v1\n")).toThrow(
      "no certificate-authority-data",
    );
  });
});
