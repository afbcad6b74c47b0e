/**
 * The `KubernetesCluster` block on OpenStack: a Magnum cluster from a cluster template of its own,
 * whose network driver (Calico or Cilium) enforces NetworkPolicy.
 */
import * as pulumi from "@pulumi/pulumi";
import * as containerinfra from "@pulumi/openstack/containerinfra";
import {
  identityHash,
  type BlockBuilder,
  type ClusterBuildResult,
  type Decision,
  type Issue,
  type KubernetesClusterBinding,
  type KubernetesClusterSpec,
  type NameIdentity,
  type SpecValidator,
} from "@wissel/core";
import {
  CONTROL_PLANE_MINIMUM,
  KUBERNETES_PREFIX,
  KUBERNETES_SETUP_FIX,
  smallestFlavor,
  type Flavor,
  type MagnumSettings,
} from "./kubernetes-settings";
import type { OpenStackSettings } from "./settings";

/** The Pulumi type token of the Magnum cluster, the child that holds the workloads and their volumes. */
export const CLUSTER_TYPE = "openstack:containerinfra/cluster:Cluster";
/** The Pulumi type token of the Magnum cluster template. */
export const CLUSTER_TEMPLATE_TYPE = "openstack:containerinfra/clusterTemplate:ClusterTemplate";

/** Longest Magnum name made here: node host names append the driver's suffixes and must stay under 64. */
const MAGNUM_NAME_LENGTH = 40;

/**
 * A Magnum cluster or template name: Magnum wants `^[a-zA-Z][a-zA-Z0-9_.-]*$`; this keeps to lowercase,
 * digits and hyphens (node host names derive from it), starts with a letter, and ends with a hash of
 * the project, stack and name so two stacks in one project never collide.
 */
export function magnumName(identity: NameIdentity): string {
  const hash = identityHash(identity);
  let stem = identity.name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  if (!/^[a-z]/.test(stem)) stem = `k${stem.length > 0 ? `-${stem}` : ""}`;
  const room = MAGNUM_NAME_LENGTH - hash.length - 1;
  return `${stem.slice(0, room).replace(/-+$/g, "")}-${hash}`;
}

/** The Magnum settings, once the validator has made sure they are there. */
function magnum(settings: OpenStackSettings): MagnumSettings {
  if (settings.kubernetes === undefined)
    throw new Error(
      `${KUBERNETES_PREFIX} is missing; the validator should have stopped this cluster`,
    );
  return settings.kubernetes;
}

/** The largest flavor of a table, for the message when none is large enough. */
function largest(flavors: readonly Flavor[]): Flavor | undefined {
  return [...flavors].sort((a, b) => b.vcpu - a.vcpu || b.memoryGiB - a.memoryGiB)[0];
}

function describe(flavor: Flavor): string {
  return `${flavor.name} (${flavor.vcpu} vCPU, ${flavor.memoryGiB} GiB)`;
}

/**
 * Checks a cluster against this cloud: Magnum settings present, an image for the requested minor, a
 * flavor large enough for the requested node size.
 */
export const validateKubernetesCluster: SpecValidator<KubernetesClusterSpec, OpenStackSettings> = (
  spec,
  subject,
  settings,
) => {
  const kubernetes = settings.kubernetes;
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
  if (kubernetes.images[spec.version] === undefined) {
    const minors = Object.keys(kubernetes.images).sort();
    issues.push({
      subject,
      field: "version",
      value: spec.version,
      rule: `must be a minor this cloud has a Magnum image for (${minors.join(", ")}, from ${KUBERNETES_PREFIX}.images)`,
      fix: `Set version to one of ${minors.join(", ")}, or add the image for ${spec.version} under ${KUBERNETES_PREFIX}.images["${spec.version}"].`,
    });
  }
  if (smallestFlavor(kubernetes.flavors, spec) === undefined) {
    const top = largest(kubernetes.flavors);
    issues.push({
      subject,
      field: "vcpu",
      value: { vcpu: spec.vcpu, memoryGiB: spec.memoryGiB },
      rule: `with memoryGiB must fit a flavor in ${KUBERNETES_PREFIX}.flavors; none has ${spec.vcpu} vCPU and ${spec.memoryGiB} GiB${top !== undefined ? ` (the largest is ${describe(top)})` : ""}`,
      fix: `Lower vcpu or memoryGiB, or list a larger flavor in ${KUBERNETES_PREFIX}.flavors.`,
    });
  }
  return issues;
};

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
export const buildKubernetesCluster: BlockBuilder<
  KubernetesClusterSpec,
  KubernetesClusterBinding,
  OpenStackSettings,
  ClusterBuildResult
> = (ctx, spec) => {
  const { settings } = ctx;
  const kubernetes = magnum(settings);
  const image = kubernetes.images[spec.version];
  const nodeFlavor = smallestFlavor(kubernetes.flavors, spec);
  const masterFlavor =
    kubernetes.masterFlavor ?? smallestFlavor(kubernetes.flavors, CONTROL_PLANE_MINIMUM)?.name;
  if (image === undefined || nodeFlavor === undefined || masterFlavor === undefined) {
    throw new Error(
      `KubernetesCluster "${ctx.name}": the validator should have rejected version ${spec.version} or the node size`,
    );
  }
  const identity = { project: ctx.project, stack: ctx.stack, name: ctx.name };

  const template = new containerinfra.ClusterTemplate(
    `${ctx.name}-template`,
    {
      name: magnumName({ ...identity, name: `${ctx.name}-template` }),
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
      name: magnumName(identity),
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

  const binding = pulumi
    .all([cluster.kubeconfig, cluster.apiAddress])
    .apply(([kubeconfig, apiAddress]) => clusterBinding(kubeconfig, apiAddress));

  return {
    binding: pulumi.secret(binding),
    vendorResources: { cluster, template },
    decisions: clusterDecisions(spec, kubernetes, nodeFlavor, masterFlavor),
    nodeSize: { vcpu: nodeFlavor.vcpu, memoryGiB: nodeFlavor.memoryGiB },
  };
};

function clusterDecisions(
  spec: KubernetesClusterSpec,
  kubernetes: MagnumSettings,
  nodeFlavor: Flavor,
  masterFlavor: string,
): Decision[] {
  const image = kubernetes.images[spec.version]!;
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
