/**
 * The KubernetesCluster on Scaleway: a Kapsule cluster with Cilium on its own Private Network, and
 * one node pool sized from the neutral request.
 */
import * as pulumi from "@pulumi/pulumi";
import * as kubernetes from "@pulumiverse/scaleway/kubernetes";
import * as network from "@pulumiverse/scaleway/network";
import type * as inputs from "@pulumiverse/scaleway/types/input";
import {
  defineBlock,
  type BuildContext,
  type ClusterBuildResult,
  type Decision,
  type KubernetesClusterBinding,
  type KubernetesClusterSpec,
} from "@wissel/core";
import { kubernetesCompose } from "./compose";
import {
  kapsuleName,
  nodeTypeFor,
  poolName,
  validateKapsuleCluster,
  type NodeType,
} from "./kapsule";
import { projectScope } from "./names";
import type { OidcSettings, ScalewaySettings } from "./settings";

/**
 * Cilium enforces NetworkPolicy (Calico would too); it is the CNI Scaleway recommends for Kapsule.
 * Kapsule cannot change a cluster's CNI: changing it replaces the cluster.
 */
export const CNI = "cilium";

/**
 * The weekly window of Kapsule's automatic patch upgrades (UTC): at night in Europe, on a working
 * day so someone is there in the morning if a patch misbehaves.
 */
export const MAINTENANCE_WINDOW = { day: "tuesday", startHour: 3 } as const;

/**
 * Prepended to every OIDC group and user name, so no token can claim a built-in group such as
 * `system:masters`; a Namespace's `teamGroup` is bound with it.
 */
export const OIDC_PREFIX = "oidc:";

/** The cluster's `openIdConnectConfig` from the `wissel:scaleway.oidc` setting. */
export function openIdConnectConfig(
  oidc: OidcSettings,
): inputs.kubernetes.ClusterOpenIdConnectConfig {
  return {
    issuerUrl: oidc.issuerUrl,
    clientId: oidc.clientId,
    groupsClaims: [oidc.groupsClaim],
    groupsPrefix: OIDC_PREFIX,
    usernamePrefix: OIDC_PREFIX,
    ...(oidc.usernameClaim !== undefined ? { usernameClaim: oidc.usernameClaim } : {}),
  };
}

/**
 * The API server's CA as PEM. Kapsule gives it base64-encoded in `kubeconfigs[0].clusterCaCertificate`;
 * a value that is PEM already is kept.
 */
export function caCertificatePem(value: string): string {
  const pem = value.trimStart().startsWith("-----BEGIN")
    ? value
    : Buffer.from(value, "base64").toString("utf8");
  if (!pem.includes("-----BEGIN CERTIFICATE-----")) {
    throw new Error(
      "Kapsule returned a cluster CA certificate that is neither PEM nor base64-encoded PEM",
    );
  }
  return pem;
}

/** The provider's view of the cluster's admin kubeconfig. */
export interface KapsuleKubeconfig {
  readonly clusterCaCertificate?: string;
  readonly configFile?: string;
}

/** The binding from the cluster's outputs: its API URL, its CA in PEM and its admin kubeconfig. */
export function clusterBinding(
  apiServerUrl: string,
  kubeconfigs: readonly KapsuleKubeconfig[] | undefined,
): KubernetesClusterBinding {
  const first = kubeconfigs?.[0];
  if (first?.configFile === undefined || first.clusterCaCertificate === undefined) {
    throw new Error("Kapsule returned no kubeconfig for the cluster");
  }
  return {
    apiServerUrl,
    caCertificate: caCertificatePem(first.clusterCaCertificate),
    kubeconfig: first.configFile,
  };
}

/** What a Kapsule cluster is built from: the spec, and the node type that meets it in the zone. */
export interface ClusterPlan {
  readonly spec: KubernetesClusterSpec;
  readonly nodeType: NodeType;
}

/** Builds a Kubernetes cluster on Scaleway. */
function buildCluster(
  { spec, nodeType }: ClusterPlan,
  ctx: BuildContext<ScalewaySettings>,
): ClusterBuildResult {
  const { name, parent, settings } = ctx;
  const { region, projectId, zone } = settings;
  const physicalName = kapsuleName({ project: ctx.project, stack: ctx.stack, name });
  const label = `Wissel cluster ${name} (${ctx.project}/${ctx.stack})`;

  // No VPC of its own: the network joins the project's default VPC of the region, where other blocks'
  // Private Networks (a managed database) can reach it, or join this very network through
  // vendorResources.network. Stateful like the cluster: a retained cluster's nodes still live on it.
  const privateNetwork = new network.PrivateNetwork(
    `${name}-network`,
    { name: physicalName, region, projectId, tags: ["wissel"] },
    { parent, ...ctx.statefulOptions },
  );

  const cluster = new kubernetes.Cluster(
    name,
    {
      name: physicalName,
      description: label,
      // The shared control plane; the dedicated types cost more and would need a neutral argument to ask for them.
      type: "kapsule",
      region,
      projectId,
      version: spec.version,
      cni: CNI,
      privateNetworkId: privateNetwork.id,
      // Patch releases are the vendor's to apply (the neutral version is a minor); a minor upgrade
      // stays a change of `version` in the program.
      autoUpgrade: {
        enable: true,
        maintenanceWindowDay: MAINTENANCE_WINDOW.day,
        maintenanceWindowStartHour: MAINTENANCE_WINDOW.startHour,
      },
      // The pool follows every cluster upgrade, so kubelets never fall behind the API server.
      upgradePools: true,
      // On deletion, Kapsule would otherwise also delete the Block Storage volumes of
      // PersistentVolumes and the load balancers of Services: only with the user's named consent.
      deleteAdditionalResources: spec.allowDataLoss,
      ...(settings.oidc !== undefined
        ? { openIdConnectConfig: openIdConnectConfig(settings.oidc) }
        : {}),
      tags: ["wissel"],
    },
    // The SDK itself marks `kubeconfigs` (admin token included) as a secret output.
    { parent, ...ctx.statefulOptions },
  );

  // Not stateful: nodes hold no data (PersistentVolumes are Block Storage volumes that outlive them),
  // and a new node type must be able to replace the pool, creating the new one first.
  const pool = new kubernetes.Pool(
    `${name}-pool`,
    {
      clusterId: cluster.id,
      name: poolName(nodeType),
      nodeType: nodeType.name,
      size: spec.nodeCount,
      autoscaling: false,
      // Kapsule replaces a node that stays unhealthy.
      autohealing: true,
      region,
      zone,
      // The API answers only once a node is ready: Kubernetes objects built on this cluster wait for it.
      waitForPoolReady: true,
      tags: ["wissel"],
    },
    { parent },
  );

  // Resolves once the pool is ready, so nothing talks to a cluster that has no node yet.
  const binding = pulumi.secret(
    pulumi
      .all([cluster.apiserverUrl, cluster.kubeconfigs, pool.id])
      .apply(([apiServerUrl, kubeconfigs]) => clusterBinding(apiServerUrl, kubeconfigs)),
  );

  const decisions: Decision[] = [
    {
      what: "node type",
      choice: `${nodeType.name} (${nodeType.vcpu} vCPU, ${nodeType.memoryGiB} GiB) × ${spec.nodeCount} in ${zone}`,
      why: `smallest meeting ${spec.vcpu} vCPU / ${spec.memoryGiB} GiB${nodeType.family === "PRO2" ? " (PRO2: shared vCPUs, no availability SLO)" : " (dedicated vCPUs)"}`,
    },
    {
      what: "control plane",
      choice: `Kapsule ${spec.version} (shared control plane), Cilium, patch upgrades ${MAINTENANCE_WINDOW.day}s ${MAINTENANCE_WINDOW.startHour}:00 UTC`,
      why: "Cilium enforces NetworkPolicy; Scaleway applies patch releases, minors stay in the program",
    },
    {
      what: "network",
      choice: `Private Network ${physicalName} in ${region}, in the project's default VPC`,
      why: "Kapsule requires a Private Network; other blocks can join it",
    },
    {
      what: "on deletion",
      choice: spec.allowDataLoss
        ? "cluster, volumes and load balancers deleted"
        : "cluster and network protected and retained; volumes and load balancers kept",
      why: spec.allowDataLoss
        ? "allowDataLoss is set"
        : "PersistentVolumes are Block Storage volumes that Kapsule deletes only when asked",
    },
    {
      what: "authentication",
      choice:
        settings.oidc !== undefined
          ? `admin kubeconfig, and OIDC from ${settings.oidc.issuerUrl} (groups from "${settings.oidc.groupsClaim}", prefixed "${OIDC_PREFIX}")`
          : "admin kubeconfig only",
      why:
        settings.oidc !== undefined
          ? "wissel:scaleway.oidc is set"
          : "set wissel:scaleway.oidc to let people sign in with their own groups",
    },
  ];

  return {
    binding,
    vendorResources: { cluster, network: privateNetwork, pool },
    decisions,
    nodeSize: { vcpu: nodeType.vcpu, memoryGiB: nodeType.memoryGiB },
    provider: () =>
      kubernetesCompose("a block on a KubernetesCluster").clusterProvider(ctx, binding),
  };
}

/** The KubernetesCluster on Scaleway: a Kapsule minor on offer, and a node type in the zone. */
export const kubernetesCluster = defineBlock<"kubernetesCluster", ScalewaySettings, ClusterPlan>({
  plan: (spec, { subject, settings }) => {
    const issues = validateKapsuleCluster(spec, subject, settings.zone);
    const nodeType = nodeTypeFor(spec, settings.zone);
    return nodeType === undefined || issues.length > 0 ? issues : { spec, nodeType };
  },
  names: (_plan, ctx) => {
    const name = kapsuleName(ctx);
    return [
      { scope: projectScope("kapsule", ctx.settings), name, what: "Kapsule cluster" },
      { scope: projectScope("private-network", ctx.settings), name, what: "Private Network" },
    ];
  },
  build: buildCluster,
});
