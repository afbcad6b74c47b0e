/**
 * The physical names this adapter's resources take, declared to core's collision check from the
 * same functions the builders name them with.
 */
import {
  azureContainerName,
  azureStorageAccountName,
  namespacePhysicalNames,
  type BucketSpec,
  type KubernetesClusterSpec,
  type NamespaceBuildSpec,
  type NamingContext,
  type PhysicalName,
  type PostgresBuildSpec,
} from "@wissel/core";
import type * as ClusterModule from "./cluster";
import type * as SetupJobModule from "./postgres-setup-job";
import type * as PostgresModule from "./postgres";
import type { AzureSettings } from "./settings";

// The builder modules load only for the blocks a program declares, as the adapter's builders do.
const cluster = (): typeof ClusterModule => require("./cluster") as typeof ClusterModule;
const postgres = (): typeof PostgresModule => require("./postgres") as typeof PostgresModule;
const setupJob = (): typeof SetupJobModule =>
  require("./postgres-setup-job") as typeof SetupJobModule;

/** `physicalNames` of the Azure adapter. */
export const physicalNames = {
  /** A storage account per bucket (names are global), and its container. */
  bucket: (_spec: BucketSpec, ctx: NamingContext<AzureSettings>): PhysicalName[] => {
    const account = azureStorageAccountName(ctx);
    return [
      { scope: "azure:storage-account", name: account, what: "storage account" },
      {
        scope: `azure:blob-container:${account}`,
        name: azureContainerName(ctx.name),
        what: "blob container",
      },
    ];
  },
  /** AKS cluster names are unique within a resource group. */
  kubernetesCluster: (
    _spec: KubernetesClusterSpec,
    ctx: NamingContext<AzureSettings>,
  ): PhysicalName[] => [
    {
      scope: `azure:aks:${ctx.settings.subscriptionId}/${ctx.settings.resourceGroupName}`,
      name: cluster().aksClusterName(ctx),
      what: "AKS cluster",
    },
  ],
  /** Flexible Server names are global (they are DNS names); the setup job's namespace is on the AKS cluster. */
  postgres: (spec: PostgresBuildSpec, ctx: NamingContext<AzureSettings>): PhysicalName[] => {
    const { postgresServerName } = postgres();
    const { setupCluster, setupNamespaceName } = setupJob();
    const names: PhysicalName[] = [
      {
        scope: "azure:postgres-flexible-server",
        name: postgresServerName(ctx),
        what: "Flexible Server",
      },
    ];
    const cluster = setupCluster(spec, `PostgresDatabase "${ctx.name}"`);
    if ("binding" in cluster)
      names.push(...namespacePhysicalNames(setupNamespaceName(ctx), cluster));
    return names;
  },
  namespace: (spec: NamespaceBuildSpec): PhysicalName[] =>
    namespacePhysicalNames(spec.namespace, spec.cluster),
};
