/**
 * The KubernetesCluster on Azure: one AKS managed cluster with Azure CNI powered by Cilium (overlay
 * pod network, NetworkPolicy enforced by Cilium), Entra ID authentication with Azure RBAC, an OIDC
 * issuer and workload identity, and one zone-spread system node pool sized from the neutral request.
 */
import * as pulumi from "@pulumi/pulumi";
import * as containerservice from "@pulumi/azure-native/containerservice";
import {
  defineBlock,
  dns1123Label,
  identityHash,
  planOrIssues,
  type BuildContext,
  type ClusterBuildResult,
  type Decision,
  type Issue,
  type KubernetesClusterBinding,
  type KubernetesClusterSpec,
  type NameIdentity,
} from "@wissel/core";
import { kubernetesCompose } from "./compose";
import type { AzureSettings } from "./settings";

/** A VM size AKS can run nodes on, with what it gives. */
export interface VmSize {
  readonly name: string;
  readonly vcpu: number;
  readonly memoryGiB: number;
}

/**
 * The VM sizes nodes are chosen from: the general-purpose Dsv5 (4 GiB per vCPU), the memory-optimised
 * Esv5 (8 GiB per vCPU) and the compute-optimised Fsv2 (2 GiB per vCPU). All three are offered in
 * every region this adapter knows, with premium SSD support and in every availability zone. None is
 * below AKS's floor for a system pool (2 vCPU, 4 GiB), so a smaller request gets that floor.
 */
export const VM_SIZES: readonly VmSize[] = [
  { name: "Standard_F2s_v2", vcpu: 2, memoryGiB: 4 },
  { name: "Standard_D2s_v5", vcpu: 2, memoryGiB: 8 },
  { name: "Standard_E2s_v5", vcpu: 2, memoryGiB: 16 },
  { name: "Standard_F4s_v2", vcpu: 4, memoryGiB: 8 },
  { name: "Standard_D4s_v5", vcpu: 4, memoryGiB: 16 },
  { name: "Standard_E4s_v5", vcpu: 4, memoryGiB: 32 },
  { name: "Standard_F8s_v2", vcpu: 8, memoryGiB: 16 },
  { name: "Standard_D8s_v5", vcpu: 8, memoryGiB: 32 },
  { name: "Standard_E8s_v5", vcpu: 8, memoryGiB: 64 },
  { name: "Standard_F16s_v2", vcpu: 16, memoryGiB: 32 },
  { name: "Standard_D16s_v5", vcpu: 16, memoryGiB: 64 },
  { name: "Standard_E16s_v5", vcpu: 16, memoryGiB: 128 },
  { name: "Standard_E20s_v5", vcpu: 20, memoryGiB: 160 },
  { name: "Standard_F32s_v2", vcpu: 32, memoryGiB: 64 },
  { name: "Standard_D32s_v5", vcpu: 32, memoryGiB: 128 },
  { name: "Standard_E32s_v5", vcpu: 32, memoryGiB: 256 },
  { name: "Standard_F48s_v2", vcpu: 48, memoryGiB: 96 },
  { name: "Standard_D48s_v5", vcpu: 48, memoryGiB: 192 },
  { name: "Standard_E48s_v5", vcpu: 48, memoryGiB: 384 },
  { name: "Standard_F64s_v2", vcpu: 64, memoryGiB: 128 },
  { name: "Standard_D64s_v5", vcpu: 64, memoryGiB: 256 },
  { name: "Standard_E64s_v5", vcpu: 64, memoryGiB: 512 },
];

/**
 * The smallest VM size with at least `vcpu` vCPUs and `memoryGiB` GiB: fewest vCPUs first (vCPUs
 * drive the price), then least memory. Undefined when no size is large enough.
 */
export function vmSizeFor(vcpu: number, memoryGiB: number): VmSize | undefined {
  return [...VM_SIZES]
    .sort((a, b) => a.vcpu - b.vcpu || a.memoryGiB - b.memoryGiB)
    .find((size) => size.vcpu >= vcpu && size.memoryGiB >= memoryGiB);
}

/** A Kubernetes minor AKS offers with community support, from the AKS release calendar. */
export interface AksVersion {
  readonly minor: string;
  /** Month AKS made it generally available, `YYYY-MM`. */
  readonly generallyAvailable: string;
  /** Month AKS community support ends, `YYYY-MM`; later only under long-term support (Premium tier). */
  readonly endOfSupport: string;
}

/**
 * The minors of Wissel's range that AKS creates clusters with under community support, in late 2026.
 * Older minors (1.31 to 1.33) exist on AKS only under long-term support, which needs the Premium tier.
 * Review with each AKS release; check a region with `az aks get-versions -l <region>`.
 */
export const AKS_VERSIONS: readonly AksVersion[] = [
  { minor: "1.34", generallyAvailable: "2025-11", endOfSupport: "2026-11" },
  { minor: "1.35", generallyAvailable: "2026-03", endOfSupport: "2027-03" },
];

/** The AKS entry for a minor version, if AKS offers it. */
export function aksVersion(minor: string): AksVersion | undefined {
  return AKS_VERSIONS.find((v) => v.minor === minor);
}

/** Availability zones a region's node pool is spread over; empty where the region has none. */
export const ZONES: readonly string[] = ["1", "2", "3"];

/** The single node pool; AKS requires a System pool, and it also runs the workloads. */
export const SYSTEM_POOL = "system";

/**
 * The AKS cluster name, also its DNS prefix: a DNS-1123 stem of the component name and a hash of the
 * project, stack and name, so several stacks can share a resource group. At most 54 characters (the
 * DNS prefix's limit; the cluster name allows 63).
 */
export function aksClusterName(identity: NameIdentity): string {
  const hash = identityHash(identity);
  return `${dns1123Label(identity.name, 54 - hash.length - 1)}-${hash}`;
}

/** Checks a cluster spec against what AKS offers. Runs before any resource is registered. */
export function validateClusterSpec(spec: KubernetesClusterSpec, subject: string): Issue[] {
  const issues: Issue[] = [];
  if (aksVersion(spec.version) === undefined) {
    const offered = AKS_VERSIONS.map((v) => `"${v.minor}"`).join(", ");
    issues.push({
      subject,
      field: "version",
      value: spec.version,
      rule: `must be a minor AKS supports on target "azure": ${offered} (older minors only under AKS long-term support, which needs the Premium tier)`,
      fix: `Set version to one of ${offered}, or place this cluster elsewhere with wissel:targets.`,
    });
  }
  if (vmSizeFor(spec.vcpu, spec.memoryGiB) === undefined) {
    issues.push({
      subject,
      field: "vcpu",
      value: `${spec.vcpu} vCPU / ${spec.memoryGiB} GiB`,
      rule: `must fit an Azure VM size this adapter offers (at most 64 vCPU and 512 GiB per node)`,
      fix: "Lower vcpu or memoryGiB, and add nodes with nodeCount instead.",
    });
  }
  return issues;
}

/** PEM text of the CA in a kubeconfig's first cluster (`certificate-authority-data`, base64). */
export function caCertificateFromKubeconfig(kubeconfig: string): string {
  const data = /certificate-authority-data:\s*"?([A-Za-z0-9+/=]+)"?/.exec(kubeconfig)?.[1];
  if (data === undefined) throw new Error("the AKS kubeconfig holds no certificate-authority-data");
  return Buffer.from(data, "base64").toString("utf8");
}

export { ADMIN_CREDENTIALS_INVOKE } from "./vendor";

function base64(text: string): string {
  return Buffer.from(text, "utf8").toString("base64");
}

function placeholderPem(kind: string, what: string): string {
  return `-----BEGIN ${kind}-----\n${base64(`wissel plan, offline: ${what}`)}\n-----END ${kind}-----\n`;
}

/**
 * What `listManagedClusterAdminCredentials` returns, derived from its inputs, for offline plans: an
 * AKS-shaped admin kubeconfig (base64, as Azure sends it) with placeholder certificates and an
 * `.invalid` server, so nothing can mistake it for a real credential.
 */
export function offlineAdminCredentials(inputs: Record<string, unknown>): Record<string, unknown> {
  const cluster = typeof inputs["resourceName"] === "string" ? inputs["resourceName"] : "cluster";
  const group =
    typeof inputs["resourceGroupName"] === "string"
      ? inputs["resourceGroupName"]
      : "resource-group";
  const user = `clusterAdmin_${group}_${cluster}`;
  const kubeconfig = [
    "apiVersion: v1",
    "clusters:",
    "- cluster:",
    `    certificate-authority-data: ${base64(placeholderPem("CERTIFICATE", `CA of ${cluster}`))}`,
    `    server: https://${cluster}.hcp.offline.invalid:443`,
    `  name: ${cluster}`,
    "contexts:",
    "- context:",
    `    cluster: ${cluster}`,
    `    user: ${user}`,
    `  name: ${cluster}-admin`,
    `current-context: ${cluster}-admin`,
    "kind: Config",
    "preferences: {}",
    "users:",
    `- name: ${user}`,
    "  user:",
    `    client-certificate-data: ${base64(placeholderPem("CERTIFICATE", `admin certificate of ${cluster}`))}`,
    `    client-key-data: ${base64(placeholderPem("RSA PRIVATE KEY", `admin key of ${cluster}`))}`,
    "",
  ].join("\n");
  return { kubeconfigs: [{ name: "clusterAdmin", value: base64(kubeconfig) }] };
}

/**
 * What an AKS cluster is built from: the spec, its name (also its DNS prefix), the AKS minor on offer,
 * the VM size that meets the request, and the zones its pool spreads over (undefined: the region has none).
 */
export interface ClusterPlan {
  readonly spec: KubernetesClusterSpec;
  readonly clusterName: string;
  readonly version: AksVersion;
  readonly size: VmSize;
  readonly zones: readonly string[] | undefined;
}

/** Builds an AKS cluster. */
function buildKubernetesCluster(
  { spec, clusterName, version, size, zones }: ClusterPlan,
  ctx: BuildContext<AzureSettings>,
): ClusterBuildResult {
  const { name, parent, settings } = ctx;
  const ranges = settings.apiServerAuthorizedIpRanges;

  const cluster = new containerservice.ManagedCluster(
    name,
    {
      resourceName: clusterName,
      resourceGroupName: settings.resourceGroupName,
      location: settings.location,
      dnsPrefix: clusterName,
      kubernetesVersion: spec.version,
      // Standard: the uptime SLA (99.95% with zones); Free has none and is meant for trials.
      sku: { name: "Base", tier: "Standard" },
      supportPlan: "KubernetesOfficial",
      // AKS manages the control-plane identity and its credential rotation; nothing to store.
      identity: { type: "SystemAssigned" },
      enableRBAC: true,
      // Entra ID sign-in, with Azure role assignments deciding what each user may do.
      aadProfile: { managed: true, enableAzureRBAC: true },
      // Kept: the binding's admin kubeconfig is the local admin certificate, which Azure refuses to
      // issue when local accounts are disabled (only a kubelogin user kubeconfig remains).
      disableLocalAccounts: false,
      oidcIssuerProfile: { enabled: true },
      securityProfile: { workloadIdentity: { enabled: true } },
      // The policy engine can only be chosen at creation: Cilium enforces NetworkPolicy from day one.
      networkProfile: {
        networkPlugin: "azure",
        // Pods get addresses from a private overlay range, not from a VNet subnet.
        networkPluginMode: "overlay",
        networkDataplane: "cilium",
        networkPolicy: "cilium",
        loadBalancerSku: "standard",
        outboundType: "loadBalancer",
      },
      // A public endpoint, so `pulumi up` from CI reaches it; Entra ID (or the admin certificate) guards it.
      apiServerAccessProfile: {
        enablePrivateCluster: false,
        ...(ranges !== undefined ? { authorizedIPRanges: [...ranges] } : {}),
      },
      // The version pins the minor; AKS applies its patch releases and weekly node images.
      autoUpgradeProfile: { upgradeChannel: "patch", nodeOSUpgradeChannel: "NodeImage" },
      agentPoolProfiles: [
        {
          name: SYSTEM_POOL,
          // One pool both for AKS's system pods and for workloads: the neutral contract has one pool.
          mode: "System",
          count: spec.nodeCount,
          vmSize: size.name,
          osType: "Linux",
          type: "VirtualMachineScaleSets",
          enableNodePublicIP: false,
          ...(zones !== undefined ? { availabilityZones: [...zones] } : {}),
        },
      ],
    },
    // Deleting the cluster deletes its node resource group, and with it every persistent volume.
    { parent, ...ctx.statefulOptions },
  );

  // Keyed on the id, not the name: the id resolves only once the cluster exists (so the invoke waits
  // for it), and under the offline mock runtime the id is known where computed outputs are not.
  const credentials = containerservice.listManagedClusterAdminCredentialsOutput(
    {
      resourceGroupName: settings.resourceGroupName,
      resourceName: cluster.id.apply(() => clusterName),
    },
    { parent },
  );
  const kubeconfig = pulumi.secret(
    credentials.kubeconfigs.apply((configs) => {
      const admin = configs.find((c) => c.name === "clusterAdmin") ?? configs[0];
      if (admin === undefined)
        throw new Error(`AKS returned no admin kubeconfig for cluster ${clusterName}`);
      return Buffer.from(admin.value, "base64").toString("utf8");
    }),
  );
  const apiServerUrl = cluster.fqdn.apply((fqdn) => `https://${fqdn}:443`);
  const binding = pulumi.secret(
    pulumi.all([apiServerUrl, kubeconfig]).apply(([url, config]): KubernetesClusterBinding => ({
      apiServerUrl: url,
      caCertificate: caCertificateFromKubeconfig(config),
      kubeconfig: config,
    })),
  );

  const decisions: Decision[] = [
    {
      what: "node size",
      choice: `${size.name} (${size.vcpu} vCPU, ${size.memoryGiB} GiB) × ${spec.nodeCount}`,
      why: `smallest meeting ${spec.vcpu} vCPU / ${spec.memoryGiB} GiB${spec.vcpu < 2 || spec.memoryGiB < 4 ? " (AKS system pools need at least 2 vCPU and 4 GiB)" : ""}`,
    },
    {
      what: "zones",
      choice: zones !== undefined ? `nodes spread over zones ${zones.join(", ")}` : "single zone",
      why:
        zones !== undefined
          ? "a zone loss keeps the cluster serving"
          : `${settings.location} has no availability zones`,
    },
    {
      what: "version",
      choice: `${spec.version}, patch releases applied by AKS`,
      why: `AKS community support until ${version.endOfSupport}`,
    },
    {
      what: "tier",
      choice: "Standard",
      why: "financially backed uptime SLA for the API server; the Free tier has none",
    },
    {
      what: "network",
      choice: "Azure CNI overlay powered by Cilium; NetworkPolicy enforced by Cilium",
      why: "a policy engine can only be chosen when the cluster is created",
    },
    {
      what: "identity",
      choice:
        "Entra ID with Azure RBAC, OIDC issuer and workload identity; local admin account kept",
      why: "the binding's admin kubeconfig is the local admin certificate, which Azure withholds when local accounts are off",
    },
    {
      what: "API server",
      choice:
        ranges !== undefined
          ? `public endpoint, reachable from ${ranges.join(", ")}`
          : "public endpoint, any address",
      why:
        ranges !== undefined
          ? "wissel:azure.apiServerAuthorizedIpRanges"
          : "pulumi up must reach it; every request needs Entra ID or the admin certificate; narrow it with wissel:azure.apiServerAuthorizedIpRanges",
    },
  ];

  return {
    binding,
    vendorResources: { cluster },
    decisions,
    nodeSize: { vcpu: size.vcpu, memoryGiB: size.memoryGiB },
    provider: () =>
      kubernetesCompose("a block on a KubernetesCluster").clusterProvider(ctx, binding),
  };
}

/** The KubernetesCluster on Azure: an AKS minor on offer, and a VM size that meets the request. */
export const kubernetesCluster = defineBlock<"kubernetesCluster", AzureSettings, ClusterPlan>({
  plan: (spec, { subject, settings, ...identity }) => {
    const issues = validateClusterSpec(spec, subject);
    const version = aksVersion(spec.version);
    const size = vmSizeFor(spec.vcpu, spec.memoryGiB);
    return version === undefined || size === undefined
      ? issues
      : planOrIssues(issues, () => ({
          spec,
          clusterName: aksClusterName(identity),
          version,
          size,
          zones: settings.region.zones ? ZONES : undefined,
        }));
  },
  /** AKS cluster names are unique within a resource group. */
  names: ({ clusterName }, { settings }) => [
    {
      scope: `azure:aks:${settings.subscriptionId}/${settings.resourceGroupName}`,
      name: clusterName,
      what: "AKS cluster",
    },
  ],
  build: buildKubernetesCluster,
});
