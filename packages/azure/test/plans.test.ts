/**
 * The blocks' plans: what each decides before anything is registered, and the physical names it
 * declares from that decision.
 */
import {
  azureContainerName,
  azureStorageAccountName,
  isRefusal,
  KubernetesCluster,
  type PlanContext,
  type PostgresBuildSpec,
} from "@wissel/core";
import { MockHarness } from "@wissel/testing";
import { adapter, parseSettings, type AzureSettings } from "@wissel/azure";
import { bucket } from "../src/bucket";
import { aksClusterName, kubernetesCluster, ZONES } from "../src/cluster";
import { postgres, postgresServerName, setupNamespaceName } from "../src/postgres";
import { ADMIN_PASSWORD, APP_PASSWORD, SETTINGS, outputs, postgresConfig } from "./fixtures";

function context(name: string, settings: AzureSettings, kind: string): PlanContext<AzureSettings> {
  return { name, subject: `${kind} "${name}"`, settings, project: "wissel-test", stack: "test" };
}

const CLUSTER_SPEC = {
  version: "1.35",
  nodeCount: 3,
  vcpu: 4,
  memoryGiB: 16,
  classification: "internal" as const,
  allowDataLoss: false,
};

describe("the blocks' plans", () => {
  it("are the adapter's blocks", () => {
    expect(adapter.blocks.bucket?.()).toBe(bucket);
    expect(adapter.blocks.kubernetesCluster?.()).toBe(kubernetesCluster);
    expect(adapter.blocks.postgres?.()).toBe(postgres);
  });

  it("name a bucket's storage account and container, and declare both", () => {
    const ctx = context("files", parseSettings(SETTINGS), "Bucket");
    const planned = bucket.plan(
      {
        versioning: false,
        cors: [],
        classification: "internal",
        allowDataLoss: false,
      },
      ctx,
    );
    if (isRefusal(planned)) throw new Error(`refused: ${JSON.stringify(planned)}`);
    const account = azureStorageAccountName(ctx);
    expect([planned.accountName, planned.containerName]).toEqual([
      account,
      azureContainerName("files"),
    ]);
    expect(bucket.names?.(planned, ctx)).toEqual([
      { scope: "azure:storage-account", name: account, what: "storage account" },
      {
        scope: `azure:blob-container:${account}`,
        name: azureContainerName("files"),
        what: "blob container",
      },
    ]);
  });

  it("choose an AKS cluster's name, minor, VM size and zones", () => {
    const ctx = context("apps", parseSettings(SETTINGS), "KubernetesCluster");
    const planned = kubernetesCluster.plan(CLUSTER_SPEC, ctx);
    if (isRefusal(planned)) throw new Error(`refused: ${JSON.stringify(planned)}`);
    expect({
      clusterName: planned.clusterName,
      minor: planned.version.minor,
      size: planned.size.name,
      zones: planned.zones,
    }).toEqual({
      clusterName: aksClusterName(ctx),
      minor: "1.35",
      size: "Standard_D4s_v5",
      zones: ZONES,
    });
    expect(kubernetesCluster.names?.(planned, ctx)).toEqual([
      {
        scope: `azure:aks:${SETTINGS.subscriptionId}/${SETTINGS.resourceGroupName}`,
        name: aksClusterName(ctx),
        what: "AKS cluster",
      },
    ]);
  });

  it("spread an AKS pool over no zones where the region has none", () => {
    const settings = parseSettings({ ...SETTINGS, location: "germanynorth", redundancy: "LRS" });
    const planned = kubernetesCluster.plan(
      CLUSTER_SPEC,
      context("apps", settings, "KubernetesCluster"),
    );
    expect(isRefusal(planned) ? planned : planned.zones).toBeUndefined();
  });

  it("size a Flexible Server, its disk and firewall, and place its setup job on the program's cluster", async () => {
    const harness = await MockHarness.start({ config: postgresConfig(["orders"]), outputs });
    const settings = parseSettings({
      ...SETTINGS,
      postgresAdminPassword: ADMIN_PASSWORD,
      postgresAppPasswords: { orders: APP_PASSWORD },
    });
    const spec: PostgresBuildSpec = {
      version: 17,
      vcpu: 2,
      memoryGiB: 8,
      storageGiB: 40,
      highAvailability: false,
      backupRetentionDays: 7,
      pointInTimeRecovery: false,
      extensions: [],
      databaseName: "orders",
      appRole: "orders_app",
      allowedCidrs: ["198.51.100.0/24", "203.0.113.7/32"],
      classification: "internal",
      allowDataLoss: false,
    };
    const ctx = context("orders", settings, "PostgresDatabase");
    const { result: planned } = await harness.run(() => {
      new KubernetesCluster("apps");
      return postgres.plan(spec, ctx);
    });
    if (isRefusal(planned)) throw new Error(`refused: ${JSON.stringify(planned)}`);
    const serverName = postgresServerName(ctx);
    expect({
      serverName: planned.serverName,
      host: planned.host,
      sku: planned.sku.name,
      storageGB: planned.storageGB,
      maxConnections: planned.maxConnections,
      firewallRanges: planned.firewallRanges,
      privateAccess: planned.privateAccess,
      passwords: [planned.adminPassword, planned.appPassword],
      setup: [planned.setup.cluster.name, planned.setup.namespaceName],
    }).toEqual({
      serverName,
      host: `${serverName}.postgres.database.azure.com`,
      sku: "Standard_B2ms",
      storageGB: 64,
      maxConnections: 859 - 15,
      firewallRanges: [
        { start: "198.51.100.0", end: "198.51.100.255" },
        { start: "203.0.113.7", end: "203.0.113.7" },
      ],
      privateAccess: undefined,
      passwords: [ADMIN_PASSWORD, APP_PASSWORD],
      setup: ["apps", setupNamespaceName(ctx)],
    });
    expect(postgres.names?.(planned, ctx).map((n) => [n.what, n.name])).toEqual([
      ["Flexible Server", serverName],
      ["Kubernetes namespace", setupNamespaceName(ctx)],
    ]);
  });
});
