/**
 * The `KubernetesCluster` block on OpenStack: a Magnum cluster from a cluster template of its own,
 * whose network driver (Calico or Cilium) enforces NetworkPolicy.
 */
import * as pulumi from "@pulumi/pulumi";
import * as containerinfra from "@pulumi/openstack/containerinfra";
import {
  defineBlock,
  type BuildContext,
  type ClusterBuildResult,
  type Decision,
  type Issue,
  type KubernetesClusterBinding,
  type KubernetesClusterSpec,
  type PlanContext,
  type PlanResult,
} from "@wissel/core";
import { kubernetesCompose } from "./compose";
import { smallestFlavor, type Flavor } from "./flavors";
import {
  CONTROL_PLANE_MINIMUM,
  KUBERNETES_PREFIX,
  KUBERNETES_SETUP_FIX,
  MASTER_FLAVOR_RULE,
  type KubernetesImage,
  type MagnumSettings,
} from "./kubernetes-settings";
import { magnumName, projectScope } from "./names";
import type { OpenStackSettings } from "./settings";

// Magnum's names are pure and SDK-free; re-exported where the package's tests find them today.
export { magnumName } from "./names";

/** The Pulumi type token of the Magnum cluster, the child that holds the workloads and their volumes. */
export const CLUSTER_TYPE = "openstack:containerinfra/cluster:Cluster";
/** The Pulumi type token of the Magnum cluster template. */
export const CLUSTER_TEMPLATE_TYPE = "openstack:containerinfra/clusterTemplate:ClusterTemplate";

/** The largest flavor of a table, for the message when none is large enough. */
function largest(flavors: readonly Flavor[]): Flavor | undefined {
  return [...flavors].sort((a, b) => b.vcpu - a.vcpu || b.memoryGiB - a.memoryGiB)[0];
}

function describe(flavor: Flavor): string {
  return `${flavor.name} (${flavor.vcpu} vCPU, ${flavor.memoryGiB} GiB)`;
}

/** What a Magnum cluster is built from: the spec, and everything this cloud's settings decided for it. */
export interface ClusterPlan {
  readonly spec: KubernetesClusterSpec;
  /** `wissel:openstack.kubernetes`, which a cluster cannot be planned without. */
  readonly kubernetes: MagnumSettings;
  /** The Glance image and kube_tag for the spec's minor. */
  readonly image: KubernetesImage;
  /** The smallest flavor that meets the requested node size. */
  readonly nodeFlavor: Flavor;
  /** The stack's control-plane flavor, or the smallest that meets `CONTROL_PLANE_MINIMUM`. */
  readonly masterFlavor: string;
  /** The Magnum cluster's and its template's names. */
  readonly clusterName: string;
  readonly templateName: string;
}

/**
 * Checks a cluster against this cloud (Magnum settings present, an image for the requested minor, a
 * flavor large enough for the requested node size) and picks its image and flavors.
 */
export function planCluster(
  spec: KubernetesClusterSpec,
  ctx: PlanContext<OpenStackSettings>,
): PlanResult<ClusterPlan> {
  const { subject } = ctx;
  const kubernetes = ctx.settings.kubernetes;
  if (kubernetes === undefined) {
    return [
      {
        subject,
        field: KUBERNETES_PREFIX,
        value: undefined,
        rule: 'is needed for a KubernetesCluster on target "openstack": Magnum needs this cloud\'s external network, node images and flavors, which differ per OpenStack installation',
        fix: KUBERNETES_SETUP_FIX,
      },
    ];
  }
  const issues: Issue[] = [];
  const image = kubernetes.images[spec.version];
  if (image === undefined) {
    const minors = Object.keys(kubernetes.images).sort();
    issues.push({
      subject,
      field: "version",
      value: spec.version,
      rule: `must be a minor this cloud has a Magnum image for (${minors.join(", ")}, from ${KUBERNETES_PREFIX}.images)`,
      fix: `Set version to one of ${minors.join(", ")}, or add the image for ${spec.version} under ${KUBERNETES_PREFIX}.images["${spec.version}"].`,
    });
  }
  const nodeFlavor = smallestFlavor(kubernetes.flavors, spec);
  if (nodeFlavor === undefined) {
    const top = largest(kubernetes.flavors);
    issues.push({
      subject,
      field: "vcpu",
      value: { vcpu: spec.vcpu, memoryGiB: spec.memoryGiB },
      rule: `with memoryGiB must fit a flavor in ${KUBERNETES_PREFIX}.flavors; none has ${spec.vcpu} vCPU and ${spec.memoryGiB} GiB${top !== undefined ? ` (the largest is ${describe(top)})` : ""}`,
      fix: `Lower vcpu or memoryGiB, or list a larger flavor in ${KUBERNETES_PREFIX}.flavors.`,
    });
  }
  // The settings schema already refuses a table with no flavor fit for the control plane and no
  // masterFlavor; the plan states the same rule rather than assume it.
  const masterFlavor =
    kubernetes.masterFlavor ?? smallestFlavor(kubernetes.flavors, CONTROL_PLANE_MINIMUM)?.name;
  if (masterFlavor === undefined) {
    issues.push({
      subject,
      field: `${KUBERNETES_PREFIX}.masterFlavor`,
      value: undefined,
      rule: MASTER_FLAVOR_RULE,
      fix: `Set ${KUBERNETES_PREFIX}.masterFlavor, or list a larger flavor in ${KUBERNETES_PREFIX}.flavors.`,
    });
  }
  if (image === undefined || nodeFlavor === undefined || masterFlavor === undefined) return issues;
  return {
    spec,
    kubernetes,
    image,
    nodeFlavor,
    masterFlavor,
    clusterName: magnumName(ctx),
    templateName: magnumName({ ...ctx, name: `${ctx.name}-template` }),
  };
}

/** The template's labels: the Kubernetes release and the API's exposure; k8s-keystone-auth when the stack says so. */
export function templateLabels(
  kubernetes: MagnumSettings,
  kubeTag: string,
): Record<string, string> {
  return {
    kube_tag: kubeTag,
    // Nodes get no floating IP (floatingIpEnabled false); this decides the API load balancer's alone.
    master_lb_floating_ip_enabled: String(kubernetes.publicApi),
    ...(kubernetes.keystoneAuth ? { keystone_auth_enabled: "true" } : {}),
  };
}

/** The binding from the cluster's kubeconfig attribute (`host`, `clusterCaCertificate`, `rawConfig`). */
export function clusterBinding(
  kubeconfig: Readonly<Record<string, string>> | undefined,
  apiAddress: string | undefined,
): KubernetesClusterBinding {
  // Before the cluster exists (a plan), the provider knows neither; empty strings stand for "after apply".
  return {
    apiServerUrl: kubeconfig?.["host"] ?? apiAddress ?? "",
    caCertificate: kubeconfig?.["clusterCaCertificate"] ?? "",
    kubeconfig: kubeconfig?.["rawConfig"] ?? "",
  };
}

/**
 * Builds a Magnum cluster template (Calico or Cilium, TLS, no floating IPs on nodes, an API load
 * balancer) and a cluster from it with the requested node count and the smallest fitting flavor.
 */
function buildKubernetesCluster(
  plan: ClusterPlan,
  ctx: BuildContext<OpenStackSettings>,
): ClusterBuildResult {
  const { spec, kubernetes, image, nodeFlavor, masterFlavor } = plan;
  const { settings } = ctx;

  const template = new containerinfra.ClusterTemplate(
    `${ctx.name}-template`,
    {
      name: plan.templateName,
      region: settings.region,
      coe: "kubernetes",
      image: image.image,
      // Calico and Cilium enforce NetworkPolicy; flannel, Magnum's historic default, does not.
      networkDriver: kubernetes.networkDriver,
      externalNetworkId: kubernetes.externalNetworkId,
      ...(kubernetes.fixedNetwork !== undefined ? { fixedNetwork: kubernetes.fixedNetwork } : {}),
      ...(kubernetes.fixedSubnet !== undefined ? { fixedSubnet: kubernetes.fixedSubnet } : {}),
      ...(kubernetes.keypair !== undefined ? { keypairId: kubernetes.keypair } : {}),
      // Nodes stay on the private network; only the API load balancer may have a public address.
      floatingIpEnabled: false,
      // One stable API address in front of every control-plane node, surviving their replacement.
      masterLbEnabled: true,
      serverType: "vm",
      tlsDisabled: false,
      // The template describes this cluster only; other projects of the cloud do not see it.
      public: false,
      labels: templateLabels(kubernetes, image.kubeTag),
    },
    {
      parent: ctx.parent,
      // Magnum refuses to update a template a cluster uses, so any change makes a new template; the
      // cluster then follows, which its protect stops unless allowDataLoss is set.
      replaceOnChanges: ["*"],
      // Magnum refuses to delete a template a cluster still uses: it stays whenever the cluster does.
      retainOnDelete: ctx.statefulOptions.retainOnDelete,
    },
  );

  const cluster = new containerinfra.Cluster(
    ctx.name,
    {
      name: plan.clusterName,
      region: settings.region,
      clusterTemplateId: template.id,
      masterCount: kubernetes.masterCount,
      masterFlavor,
      nodeCount: spec.nodeCount,
      flavor: nodeFlavor.name,
    },
    // No additionalSecretOutputs: the SDK itself marks kubeconfig secret (a test checks it does).
    { parent: ctx.parent, ...ctx.statefulOptions },
  );

  const binding = pulumi.secret(
    pulumi
      .all([cluster.kubeconfig, cluster.apiAddress])
      .apply(([kubeconfig, apiAddress]) => clusterBinding(kubeconfig, apiAddress)),
  );

  return {
    binding,
    vendorResources: { cluster, template },
    decisions: clusterDecisions(plan),
    nodeSize: { vcpu: nodeFlavor.vcpu, memoryGiB: nodeFlavor.memoryGiB },
    provider: () =>
      kubernetesCompose("a block on a KubernetesCluster").clusterProvider(ctx, binding),
  };
}

function clusterDecisions({
  spec,
  kubernetes,
  image,
  nodeFlavor,
  masterFlavor,
}: ClusterPlan): Decision[] {
  const masterSized = kubernetes.flavors.find((f) => f.name === masterFlavor);
  return [
    {
      what: "node flavor",
      choice: describe(nodeFlavor),
      why: `smallest in ${KUBERNETES_PREFIX}.flavors meeting ${spec.vcpu} vCPU / ${spec.memoryGiB} GiB`,
    },
    {
      what: "control plane",
      choice: `${kubernetes.masterCount} × ${masterSized !== undefined ? describe(masterSized) : masterFlavor} behind an Octavia load balancer`,
      why:
        kubernetes.masterCount === 1
          ? "one control-plane node, as the stack sets: losing it stops the API until Magnum replaces it"
          : `etcd keeps its quorum through the loss of ${(kubernetes.masterCount - 1) / 2} of ${kubernetes.masterCount} control-plane nodes`,
    },
    {
      what: "network driver",
      choice: kubernetes.networkDriver,
      why: "enforces NetworkPolicy, so namespaces' default-deny policies hold (flannel would ignore them)",
    },
    {
      what: "kubernetes version",
      choice: `${spec.version} as ${image.kubeTag} on image ${image.image}`,
      why: "Magnum does not check versions: the image and the kube_tag label decide, so both come from the stack's table for this minor",
    },
    {
      what: "api access",
      choice: kubernetes.publicApi
        ? "floating IP on the API load balancer; nodes private"
        : "private: API and nodes on the cluster's network only",
      why: kubernetes.publicApi
        ? "the deploying pipeline must reach the API to create namespaces"
        : `${KUBERNETES_PREFIX}.publicApi is false`,
    },
    {
      what: "admin credentials",
      choice: "Magnum's admin client certificate in the kubeconfig",
      why: "held in Pulumi state as a secret; Magnum issues no shorter-lived admin credential",
    },
  ];
}

/** The KubernetesCluster on OpenStack: a Magnum cluster and its template, each named once per project. */
export const kubernetesCluster = defineBlock<"kubernetesCluster", OpenStackSettings, ClusterPlan>({
  plan: planCluster,
  names: ({ clusterName, templateName }, ctx) => [
    {
      scope: projectScope("magnum-cluster", ctx.settings),
      name: clusterName,
      what: "Magnum cluster",
    },
    {
      scope: projectScope("magnum-template", ctx.settings),
      name: templateName,
      what: "Magnum cluster template",
    },
  ],
  build: buildKubernetesCluster,
});
