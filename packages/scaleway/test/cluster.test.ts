import * as pulumi from "@pulumi/pulumi";
import { KubernetesCluster, plannedComponents, type KubernetesClusterArgs } from "@wissel/core";
import { MockHarness, isSecret, valueOf, type Registration } from "@wissel/testing";
import { adapter, kapsuleName } from "@wissel/scaleway";
import { caCertificatePem, clusterBinding } from "../src/cluster";
import {
  ADMIN_KUBECONFIG,
  API_SERVER_URL,
  CA_PEM,
  CONFIG,
  PROJECT_ID,
  SETTINGS,
  clusterOutputs,
} from "./fixtures";

const CLUSTER = "scaleway:kubernetes/cluster:Cluster";
const POOL = "scaleway:kubernetes/pool:Pool";
const NETWORK = "scaleway:network/privateNetwork:PrivateNetwork";

/** The physical name of "apps" in the harness's project and stack. */
const APPS = kapsuleName({ project: "wissel-test", stack: "test", name: "apps" });
const OIDC = {
  issuerUrl: "https://login.example.nl/realms/city",
  clientId: "kapsule",
  groupsClaim: "groups",
};

let harness: MockHarness;
beforeAll(async () => {
  harness = await MockHarness.start({ config: CONFIG, outputs: clusterOutputs });
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

function options(r: Registration): {
  protect: boolean;
  retainOnDelete: boolean;
  deleteBeforeReplace: boolean;
} {
  return {
    protect: r.protect,
    retainOnDelete: r.retainOnDelete,
    deleteBeforeReplace: r.deleteBeforeReplace,
  };
}

async function rejection(
  args: KubernetesClusterArgs,
  config: Record<string, unknown> = CONFIG,
): Promise<string> {
  harness.setConfig(config);
  let error: unknown;
  try {
    new KubernetesCluster("apps", args);
  } catch (caught) {
    error = caught;
  }
  await harness.settle();
  expect(harness.registrations).toEqual([]);
  expect(pulumi.ResourceError.isInstance(error)).toBe(true);
  return (error as Error).message;
}

describe("KubernetesCluster on scaleway", () => {
  it("registers exactly a Private Network, a Kapsule cluster and a pool, all under the component", async () => {
    const { cluster, registrations } = await build("apps", { version: "1.35" });
    const urn = await valueOf(cluster.urn);
    expect(registrations.map((r) => `${r.type} ${r.name}`).sort()).toEqual(
      [
        "wissel:kubernetes:Cluster apps",
        `${NETWORK} apps-network`,
        `${CLUSTER} apps`,
        `${POOL} apps-pool`,
      ].sort(),
    );
    for (const child of registrations.slice(1)) expect(child.parent).toBe(urn);
    expect(Object.keys(cluster.vendorResources).sort()).toEqual(["cluster", "network", "pool"]);
  });

  it("creates the cluster with Cilium on its network, patch auto-upgrades, and volumes kept on deletion", async () => {
    await build("apps", { version: "1.35" });
    const cluster = harness.one(CLUSTER, "apps");
    expect(APPS).toMatch(/^apps-[0-9a-f]{8}$/);
    expect(cluster.inputs).toEqual({
      name: APPS,
      description: "Wissel cluster apps (wissel-test/test)",
      type: "kapsule",
      region: "nl-ams",
      projectId: PROJECT_ID,
      version: "1.35",
      cni: "cilium",
      privateNetworkId: "apps-network-id",
      autoUpgrade: { enable: true, maintenanceWindowDay: "tuesday", maintenanceWindowStartHour: 3 },
      upgradePools: true,
      deleteAdditionalResources: false,
      tags: ["wissel"],
    });
    expect(options(cluster)).toEqual({
      protect: true,
      retainOnDelete: true,
      deleteBeforeReplace: false,
    });
    expect(cluster.additionalSecretOutputs).toContain("kubeconfigs");
  });

  it("puts the Private Network in the cluster's project and region, protected like the cluster", async () => {
    await build("apps", { version: "1.35" });
    const network = harness.one(NETWORK, "apps-network");
    expect(network.inputs).toEqual({
      name: APPS,
      region: "nl-ams",
      projectId: PROJECT_ID,
      tags: ["wissel"],
    });
    expect(options(network)).toEqual({
      protect: true,
      retainOnDelete: true,
      deleteBeforeReplace: false,
    });
  });

  it("sizes the pool to the smallest node type, nodeCount nodes in the configured zone, autohealing, not protected", async () => {
    await build("apps", { version: "1.35", nodeCount: 4, vcpu: 3, memoryGiB: 12 });
    const pool = harness.one(POOL, "apps-pool");
    expect(pool.inputs).toEqual({
      clusterId: "apps-id",
      name: "workers-pro2-xs",
      nodeType: "PRO2-XS",
      size: 4,
      autoscaling: false,
      autohealing: true,
      region: "nl-ams",
      zone: "nl-ams-1",
      waitForPoolReady: true,
      tags: ["wissel"],
    });
    expect(options(pool)).toEqual({
      protect: false,
      retainOnDelete: false,
      deleteBeforeReplace: false,
    });
  });

  it("defaults to three PRO2-XXS nodes for the neutral 2 vCPU / 8 GiB", async () => {
    await build("apps", { version: "1.35" });
    expect(harness.one(POOL, "apps-pool").inputs).toMatchObject({
      nodeType: "PRO2-XXS",
      name: "workers-pro2-xxs",
      size: 3,
    });
  });

  it("places the pool in the zone the stack names, picking a type that zone offers", async () => {
    harness.setConfig({ ...CONFIG, "wissel:scaleway": { ...SETTINGS, zone: "nl-ams-3" } });
    await build("apps", { version: "1.35", vcpu: 2, memoryGiB: 16 });
    // POP2-HM-2C-16G would be smaller, but AMS3 has no POP2-HM.
    expect(harness.one(POOL, "apps-pool").inputs).toMatchObject({
      zone: "nl-ams-3",
      nodeType: "PRO2-XS",
    });
  });

  it("lets Kapsule delete volumes and load balancers, and Pulumi delete the cluster, only with allowDataLoss", async () => {
    await build("scratch", { version: "1.35", allowDataLoss: true });
    const cluster = harness.one(CLUSTER, "scratch");
    expect(cluster.inputs["deleteAdditionalResources"]).toBe(true);
    expect(options(cluster)).toEqual({
      protect: false,
      retainOnDelete: false,
      deleteBeforeReplace: false,
    });
    expect(options(harness.one(NETWORK, "scratch-network"))).toEqual({
      protect: false,
      retainOnDelete: false,
      deleteBeforeReplace: false,
    });
  });

  it("configures OIDC sign-in, groups prefixed, when the stack sets wissel:scaleway.oidc", async () => {
    harness.setConfig({
      ...CONFIG,
      "wissel:scaleway": { ...SETTINGS, oidc: { ...OIDC, usernameClaim: "email" } },
    });
    await build("apps", { version: "1.35" });
    expect(harness.one(CLUSTER, "apps").inputs["openIdConnectConfig"]).toEqual({
      issuerUrl: "https://login.example.nl/realms/city",
      clientId: "kapsule",
      groupsClaims: ["groups"],
      groupsPrefix: "oidc:",
      usernamePrefix: "oidc:",
      usernameClaim: "email",
    });
  });

  it("binds the API URL, the CA as PEM and the admin kubeconfig, all secret", async () => {
    const { cluster } = await build("apps", { version: "1.35" });
    expect(await isSecret(cluster.binding)).toBe(true);
    expect(await valueOf(cluster.binding)).toEqual({
      apiServerUrl: API_SERVER_URL,
      caCertificate: CA_PEM,
      kubeconfig: ADMIN_KUBECONFIG,
    });
    expect(await isSecret(cluster.apiServerUrl)).toBe(false);
    expect(await valueOf(cluster.apiServerUrl)).toBe(API_SERVER_URL);
  });

  it("records the node type and the other choices for wissel plan", async () => {
    await build("apps", { version: "1.35" });
    const [record] = plannedComponents();
    expect(record?.placement).toMatchObject({
      target: "scaleway",
      region: "nl-ams",
      country: "NL",
    });
    expect(record?.decisions.map((d) => d.what)).toEqual([
      "node type",
      "control plane",
      "network",
      "on deletion",
      "authentication",
    ]);
    expect(record?.decisions[0]).toEqual({
      what: "node type",
      choice: "PRO2-XXS (2 vCPU, 8 GiB) × 3 in nl-ams-1",
      why: "smallest meeting 2 vCPU / 8 GiB (PRO2: shared vCPUs, no availability SLO)",
    });
    expect(record?.decisions[4]?.choice).toBe("admin kubeconfig only");
  });

  it("refuses, before registering anything, a minor Kapsule no longer creates", async () => {
    const message = await rejection({ version: "1.33" });
    expect(message).toContain(
      'KubernetesCluster "apps": version must be a minor Kapsule offers for new clusters (1.35, 1.36)',
    );
    expect(message).toContain("Scaleway removed 1.33 from cluster creation on 2026-09-04");
    expect(message).toContain('(received "1.33")');
    expect(message).toContain('Set version to "1.35" or "1.36"');
  });

  it("refuses a node size no type in the zone meets", async () => {
    const message = await rejection(
      { version: "1.35", vcpu: 64, memoryGiB: 512 },
      { ...CONFIG, "wissel:scaleway": { ...SETTINGS, zone: "nl-ams-3" } },
    );
    expect(message).toContain(
      "vcpu must fit one node type in zone nl-ams-3; none has 64 vCPUs and 512 GiB (at most 64 vCPUs, 256 GiB)",
    );
    expect(message).toContain("raise nodeCount instead");
  });
});

describe("clusterBinding", () => {
  it("decodes the base64 CA and keeps a PEM one", () => {
    expect(caCertificatePem(Buffer.from(CA_PEM).toString("base64"))).toBe(CA_PEM);
    expect(caCertificatePem(CA_PEM)).toBe(CA_PEM);
  });

  it("refuses a CA that is no certificate, and a cluster without kubeconfig", () => {
    expect(() => caCertificatePem(Buffer.from("not a certificate").toString("base64"))).toThrow(
      "neither PEM nor base64-encoded PEM",
    );
    expect(() => clusterBinding(API_SERVER_URL, [])).toThrow("Kapsule returned no kubeconfig");
    expect(() => clusterBinding(API_SERVER_URL, undefined)).toThrow(
      "Kapsule returned no kubeconfig",
    );
  });
});

describe("scaleway capability table for clusters", () => {
  it("offers Kapsule with NetworkPolicy and a private network, but no OIDC issuer", () => {
    const table = adapter.capabilities(adapter.parseSettings(SETTINGS)).kubernetesCluster;
    expect(table?.block.support).toBe("native");
    const support = Object.fromEntries(
      Object.entries(table?.features ?? {}).map(([feature, c]) => [feature, c.support]),
    );
    expect(support).toEqual({
      networkPolicy: "native",
      privateNetwork: "native",
      oidcIssuer: "unsupported",
    });
  });
});
