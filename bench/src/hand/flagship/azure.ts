/**
 * The team-workspace program on Azure, written by hand on @pulumi/azure-native submodules and
 * @pulumi/kubernetes: the buckets, an AKS cluster and the team's namespace on it, with the same
 * resources, names and inputs as the Wissel Bucket, KubernetesCluster and Namespace on Azure.
 */
import * as pulumi from "@pulumi/pulumi";
import * as containerservice from "@pulumi/azure-native/containerservice";
import {
  KEEP,
  PLATFORM,
  nameSuffix,
  stackSettings,
  teamWorkspaceBuckets,
  teamWorkspaceNamespace,
} from "../common";
import { clusterProvider, hardenedNamespace, type NamespaceAccess } from "../namespace";
import { bucket, type BlobAccess, type Settings as BucketSettings } from "../azure";

interface Settings extends BucketSettings {
  readonly apiServerAuthorizedIpRanges?: readonly string[];
}

export interface ClusterAccess {
  readonly apiServerUrl: string;
  readonly caCertificate: string;
  readonly kubeconfig: string;
}

/**
 * An AKS cluster: Standard tier, Entra ID with Azure RBAC, Azure CNI overlay with Cilium, workload
 * identity, one zone-spread system pool of Standard_D4s_v5 (4 vCPU, 16 GiB); its admin kubeconfig
 * from listManagedClusterAdminCredentials.
 */
function cluster(s: Settings): pulumi.Output<ClusterAccess> {
  const { name } = PLATFORM;
  const clusterName = `${name}-${nameSuffix(name)}`;
  const { resourceGroupName, location } = s;
  const ranges = s.apiServerAuthorizedIpRanges;
  const aks = new containerservice.ManagedCluster(
    name,
    {
      resourceName: clusterName,
      resourceGroupName,
      location,
      dnsPrefix: clusterName,
      kubernetesVersion: PLATFORM.version,
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
      },
      apiServerAccessProfile: {
        enablePrivateCluster: false,
        ...(ranges !== undefined ? { authorizedIPRanges: [...ranges] } : {}),
      },
      autoUpgradeProfile: { upgradeChannel: "patch", nodeOSUpgradeChannel: "NodeImage" },
      agentPoolProfiles: [
        {
          name: "system",
          mode: "System",
          count: PLATFORM.nodeCount,
          vmSize: "Standard_D4s_v5",
          osType: "Linux",
          type: "VirtualMachineScaleSets",
          enableNodePublicIP: false,
          availabilityZones: ["1", "2", "3"],
        },
      ],
    },
    KEEP,
  );
  const credentials = containerservice.listManagedClusterAdminCredentialsOutput({
    resourceGroupName,
    resourceName: aks.id.apply(() => clusterName),
  });
  return pulumi.secret(
    pulumi.all([aks.fqdn, credentials.kubeconfigs]).apply(([fqdn, configs]) => {
      const admin = configs.find((c) => c.name === "clusterAdmin") ?? configs[0];
      if (admin === undefined)
        throw new Error(`AKS returned no admin kubeconfig for ${clusterName}`);
      const kubeconfig = Buffer.from(admin.value, "base64").toString("utf8");
      const ca = /certificate-authority-data:\s*"?([A-Za-z0-9+/=]+)"?/.exec(kubeconfig)?.[1];
      if (ca === undefined)
        throw new Error("the AKS kubeconfig holds no certificate-authority-data");
      return {
        apiServerUrl: `https://${fqdn}:443`,
        caCertificate: Buffer.from(ca, "base64").toString("utf8"),
        kubeconfig,
      };
    }),
  );
}

/** The flagship program: the `files` and `exports` buckets, the `platform` cluster and the `workspace` namespace on it. */
export function teamWorkspace(): Record<
  string,
  pulumi.Output<BlobAccess | ClusterAccess | NamespaceAccess>
> {
  const s = stackSettings<Settings>("azure");
  const buckets = Object.fromEntries(
    teamWorkspaceBuckets().map((choice) => [choice.name, bucket(choice, s)]),
  );
  const platform = cluster(s);
  const workspace = teamWorkspaceNamespace();
  const namespace = hardenedNamespace(workspace, {
    provider: clusterProvider(
      PLATFORM.name,
      platform.apply((p) => p.kubeconfig),
    ),
    apiServerUrl: platform.apply((p) => p.apiServerUrl),
    caCertificate: platform.apply((p) => p.caCertificate),
  });
  return { ...buckets, [PLATFORM.name]: platform, [workspace.name]: namespace };
}
