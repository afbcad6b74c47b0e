/**
 * The team-workspace program on Scaleway, written by hand on @pulumiverse/scaleway and
 * @pulumi/kubernetes: the buckets, the Kapsule cluster and the team's namespace, with the same
 * resources, names and inputs as the Wissel Bucket, KubernetesCluster and Namespace on Scaleway.
 */
import * as pulumi from "@pulumi/pulumi";
import * as kubernetes from "@pulumiverse/scaleway/kubernetes";
import * as network from "@pulumiverse/scaleway/network";
import {
  KEEP,
  PLATFORM,
  nameSuffix,
  stackSettings,
  teamWorkspaceBuckets,
  teamWorkspaceNamespace,
} from "../common";
import { clusterProvider, hardenedNamespace, type NamespaceAccess } from "../namespace";
import { bucket, type S3Access, type Settings as BucketSettings } from "../scaleway";

interface Settings extends BucketSettings {
  readonly zone: string;
  readonly oidc?: {
    readonly issuerUrl: string;
    readonly clientId: string;
    readonly groupsClaim: string;
    readonly usernameClaim?: string;
  };
}

/** Kapsule prefixes every OIDC group and user with this, so no token can claim a built-in group. */
const OIDC_PREFIX = "oidc:";

export interface ClusterAccess {
  readonly apiServerUrl: string;
  readonly caCertificate: string;
  readonly kubeconfig: string;
}

/**
 * A Kapsule cluster with Cilium on a Private Network of its own, and one pool of PRO2-XS (4 vCPU,
 * 16 GiB, the smallest type meeting the request) in the stack's zone.
 */
function cluster(s: Settings): pulumi.Output<ClusterAccess> {
  const { name } = PLATFORM;
  const { region, projectId } = s;
  const physicalName = `${name}-${nameSuffix(name)}`;
  const privateNetwork = new network.PrivateNetwork(
    `${name}-network`,
    { name: physicalName, region, projectId, tags: ["wissel"] },
    KEEP,
  );
  const c = new kubernetes.Cluster(
    name,
    {
      name: physicalName,
      description: `Wissel cluster ${name} (${pulumi.getProject()}/${pulumi.getStack()})`,
      type: "kapsule",
      region,
      projectId,
      version: PLATFORM.version,
      cni: "cilium",
      privateNetworkId: privateNetwork.id,
      autoUpgrade: { enable: true, maintenanceWindowDay: "tuesday", maintenanceWindowStartHour: 3 },
      upgradePools: true,
      deleteAdditionalResources: false,
      ...(s.oidc !== undefined
        ? {
            openIdConnectConfig: {
              issuerUrl: s.oidc.issuerUrl,
              clientId: s.oidc.clientId,
              groupsClaims: [s.oidc.groupsClaim],
              groupsPrefix: OIDC_PREFIX,
              usernamePrefix: OIDC_PREFIX,
              ...(s.oidc.usernameClaim !== undefined
                ? { usernameClaim: s.oidc.usernameClaim }
                : {}),
            },
          }
        : {}),
      tags: ["wissel"],
    },
    KEEP,
  );
  const pool = new kubernetes.Pool(`${name}-pool`, {
    clusterId: c.id,
    name: "workers-pro2-xs",
    nodeType: "PRO2-XS",
    size: PLATFORM.nodeCount,
    autoscaling: false,
    autohealing: true,
    region,
    zone: s.zone,
    waitForPoolReady: true,
    tags: ["wissel"],
  });
  return pulumi.secret(
    pulumi.all([c.apiserverUrl, c.kubeconfigs, pool.id]).apply(([apiServerUrl, kubeconfigs]) => {
      const first = kubeconfigs[0];
      if (first === undefined) throw new Error("Kapsule returned no kubeconfig");
      return {
        apiServerUrl,
        caCertificate: Buffer.from(first.clusterCaCertificate, "base64").toString("utf8"),
        kubeconfig: first.configFile,
      };
    }),
  );
}

/** The flagship program: the `files` and `exports` buckets, the `platform` cluster and the `workspace` namespace on it. */
export function teamWorkspace(): Record<
  string,
  pulumi.Output<S3Access | ClusterAccess | NamespaceAccess>
> {
  const s = stackSettings<Settings>("scaleway");
  const buckets = Object.fromEntries(
    teamWorkspaceBuckets().map((choice) => [choice.name, bucket(choice, s)]),
  );
  const platform = cluster(s);
  const { teamGroup, ...workspace } = teamWorkspaceNamespace();
  const namespace = hardenedNamespace(
    {
      ...workspace,
      ...(teamGroup !== undefined ? { teamGroup: `${OIDC_PREFIX}${teamGroup}` } : {}),
    },
    {
      provider: clusterProvider(
        PLATFORM.name,
        platform.apply((p) => p.kubeconfig),
      ),
      apiServerUrl: platform.apply((p) => p.apiServerUrl),
      caCertificate: platform.apply((p) => p.caCertificate),
    },
  );
  return { ...buckets, [PLATFORM.name]: platform, [workspace.name]: namespace };
}
