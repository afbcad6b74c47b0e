/**
 * The neutral contracts of the `KubernetesCluster` and `Namespace` blocks.
 */
import type { Classification } from "../bucket/contract";

/** Arguments of `KubernetesCluster`. Sizes are per node; each adapter picks the smallest node type that meets them. */
export interface KubernetesClusterArgs {
  /**
   * Kubernetes minor version, `"1.35"`. Patch releases are the vendor's to apply.
   * @default - DEFAULT_KUBERNETES_VERSION: a minor every vendor here still supports
   */
  readonly version?: string;
  /**
   * Worker nodes in the default pool (1–100).
   * @default 3 - one per availability zone where the region has three, so a zone loss keeps the cluster serving
   */
  readonly nodeCount?: number;
  /**
   * vCPUs per node (1–64).
   * @default 2
   */
  readonly vcpu?: number;
  /**
   * Memory per node, in GiB (1–512).
   * @default 8
   */
  readonly memoryGiB?: number;
  /**
   * How sensitive the workloads' data is; checked against `wissel:policy` at preview.
   * @default "internal"
   */
  readonly classification?: Classification;
  /**
   * Let Pulumi delete the cluster (and every volume in it) when it leaves the program.
   * @default false
   */
  readonly allowDataLoss?: boolean;
}

/** `KubernetesClusterArgs` validated and defaulted. */
export interface KubernetesClusterSpec {
  readonly version: string;
  readonly nodeCount: number;
  readonly vcpu: number;
  readonly memoryGiB: number;
  readonly classification: Classification;
  readonly allowDataLoss: boolean;
}

/** What a cluster gives: enough to talk to its API as an administrator. */
export interface KubernetesClusterBinding {
  /** `https://…:6443` */
  readonly apiServerUrl: string;
  /** PEM certificate of the API server's CA. */
  readonly caCertificate: string;
  /** A kubeconfig with cluster-admin rights; secret. */
  readonly kubeconfig: string;
}

/** Resource limits of a namespace, summed over every pod in it. */
export interface NamespaceQuota {
  /**
   * CPU cores requested by all pods together.
   * @default 4
   */
  readonly cpu?: number;
  /**
   * Memory requested by all pods together, in GiB.
   * @default 8
   */
  readonly memoryGiB?: number;
  /**
   * Persistent volume storage requested by all claims together, in GiB.
   * @default 50
   */
  readonly storageGiB?: number;
  /**
   * Pods at most.
   * @default 50
   */
  readonly pods?: number;
}

/** Requests and limits given to a container that states none (the LimitRange). */
export interface ContainerDefaults {
  /**
   * CPU cores requested by default.
   * @default 0.1
   */
  readonly cpu?: number;
  /**
   * Memory requested (and limited to) by default, in MiB.
   * @default 256
   */
  readonly memoryMiB?: number;
}

/**
 * Arguments of `Namespace`. The cluster is passed as the component itself (`cluster: myCluster`)
 * by the class; the spec carries only plain data.
 */
export interface NamespaceArgsData {
  /**
   * Limits summed over the namespace (ResourceQuota).
   * @default - { cpu: 4, memoryGiB: 8, storageGiB: 50, pods: 50 }
   */
  readonly quota?: NamespaceQuota;
  /**
   * Requests and limits for containers that state none (LimitRange).
   * @default - { cpu: 0.1, memoryMiB: 256 }
   */
  readonly containerDefaults?: ContainerDefaults;
  /**
   * The identity-provider group of the team that works in this namespace; bound to a role with
   * rights in this namespace only.
   * @default - no team binding; only the CI ServiceAccount has rights
   */
  readonly teamGroup?: string;
  /**
   * How sensitive the workloads' data is; checked against `wissel:policy` at preview.
   * @default "internal"
   */
  readonly classification?: Classification;
  /**
   * Let Pulumi delete the namespace (and everything in it) when it leaves the program.
   * @default false
   */
  readonly allowDataLoss?: boolean;
}

/** `NamespaceArgsData` validated and defaulted, plus the namespace's own name. */
export interface NamespaceSpec {
  /** The Kubernetes namespace name: the component name, checked as a DNS-1123 label. */
  readonly namespace: string;
  readonly quota: Required<NamespaceQuota>;
  readonly containerDefaults: Required<ContainerDefaults>;
  readonly teamGroup?: string;
  readonly classification: Classification;
  readonly allowDataLoss: boolean;
}

/** What a namespace gives a team's CI pipeline. */
export interface NamespaceBinding {
  readonly namespace: string;
  readonly apiServerUrl: string;
  /** The CI ServiceAccount's name. */
  readonly serviceAccount: string;
  /** A kubeconfig for the CI ServiceAccount, with rights in this namespace only; secret. */
  readonly kubeconfig: string;
}
