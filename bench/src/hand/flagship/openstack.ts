/**
 * The team-workspace program on OpenStack, written by hand on @pulumi/openstack and
 * @pulumi/kubernetes: the buckets, a Magnum cluster from a template of its own, and the team's
 * namespace on it, as the Wissel Bucket, KubernetesCluster and Namespace on OpenStack create them.
 */
import * as pulumi from "@pulumi/pulumi";
import * as containerinfra from "@pulumi/openstack/containerinfra";
import {
  KEEP,
  PLATFORM,
  nameSuffix,
  stackSettings,
  teamWorkspaceBuckets,
  teamWorkspaceNamespace,
} from "../common";
import { clusterProvider, hardenedNamespace, type NamespaceAccess } from "../namespace";
import { bucket, type S3Access, type Settings as BucketSettings } from "../openstack";

interface Settings extends BucketSettings {
  /** What this cloud's Magnum needs: its external network, driver, images per minor and control plane size. */
  readonly kubernetes: {
    readonly externalNetworkId: string;
    readonly networkDriver: string;
    readonly images: Readonly<Record<string, { readonly image: string; readonly kubeTag: string }>>;
    readonly masterCount: number;
    readonly keystoneAuth?: boolean;
  };
}

export interface ClusterAccess {
  readonly apiServerUrl: string;
  readonly caCertificate: string;
  readonly kubeconfig: string;
}

/**
 * A Magnum cluster template (the stack's network driver and image, TLS, no floating IPs on nodes, an
 * API load balancer with a public address) and a cluster of three m4.xlarge nodes (4 vCPU, 16 GiB)
 * with c2.medium control-plane nodes from it.
 */
function cluster(s: Settings): pulumi.Output<ClusterAccess> {
  const { name } = PLATFORM;
  const magnum = s.kubernetes;
  const image = magnum.images[PLATFORM.version];
  if (image === undefined) throw new Error(`no Magnum image for ${PLATFORM.version}`);
  const templateName = `${name}-template`;
  const template = new containerinfra.ClusterTemplate(
    templateName,
    {
      name: `${templateName}-${nameSuffix(templateName)}`,
      region: s.region,
      coe: "kubernetes",
      image: image.image,
      networkDriver: magnum.networkDriver,
      externalNetworkId: magnum.externalNetworkId,
      floatingIpEnabled: false,
      masterLbEnabled: true,
      serverType: "vm",
      tlsDisabled: false,
      public: false,
      labels: {
        kube_tag: image.kubeTag,
        master_lb_floating_ip_enabled: "true",
        ...(magnum.keystoneAuth === true ? { keystone_auth_enabled: "true" } : {}),
      },
    },
    // Magnum refuses to update a template in use, and to delete one a cluster still uses.
    { replaceOnChanges: ["*"], retainOnDelete: true },
  );
  const magnumCluster = new containerinfra.Cluster(
    name,
    {
      name: `${name}-${nameSuffix(name)}`,
      region: s.region,
      clusterTemplateId: template.id,
      masterCount: magnum.masterCount,
      masterFlavor: "c2.medium",
      nodeCount: PLATFORM.nodeCount,
      flavor: "m4.xlarge",
    },
    KEEP,
  );
  return pulumi.secret(
    pulumi
      .all([magnumCluster.kubeconfig, magnumCluster.apiAddress])
      .apply(([kubeconfig, apiAddress]) => ({
        apiServerUrl: kubeconfig["host"] ?? apiAddress,
        caCertificate: kubeconfig["clusterCaCertificate"] ?? "",
        kubeconfig: kubeconfig["rawConfig"] ?? "",
      })),
  );
}

/** The flagship program: the `files` and `exports` buckets, the `platform` cluster and the `workspace` namespace on it. */
export function teamWorkspace(): Record<
  string,
  pulumi.Output<S3Access | ClusterAccess | NamespaceAccess>
> {
  const s = stackSettings<Settings>("openstack");
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
