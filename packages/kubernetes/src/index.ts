/**
 * `@wissel/kubernetes`: the Wissel adapter for a Kubernetes cluster, typically an organisation's own.
 * Buckets are ObjectBucketClaims for the cluster's Rook (Ceph RGW) or NooBaa provisioner; databases
 * are CloudNativePG Clusters; a KubernetesCluster is the existing cluster the stack configures;
 * Namespaces are hardened. Vendor adapters reuse the hardened namespace and CloudNativePG on their own
 * clusters through `@wissel/kubernetes/compose`.
 *
 * This entry exports the adapter and its settings types only. Each block's module loads when a
 * program first uses the block (the blocks below are loaders), so a bucket-only
 * program does not load CloudNativePG or the namespace objects. It imports only the SDK submodules it
 * uses (apiextensions, core/v1, networking/v1, rbac/v1, provider), never the SDK's root barrel.
 */
import { defineAdapter, type Adapter } from "@wissel/core";
import type * as BucketModule from "./bucket";
import type * as ClusterModule from "./cluster";
import { capabilities } from "./capabilities";
import type * as MailModule from "./mail-blocks";
import type * as NamespaceModule from "./namespace";
import type * as PostgresModule from "./postgres";
import { parseSettings, type KubernetesSettings } from "./settings";
import { placement } from "./placement";
import { PACKAGE_NAME, TARGET } from "./vendor";

export type {
  BackupObjectStoreSettings,
  ClusterSettings,
  KubernetesSettings,
  ObjectStorageSettings,
  OperatorSettings,
  PostgresSettings,
} from "./settings";

/** The Kubernetes adapter, selected with `wissel:target: kubernetes` and configured under `wissel:kubernetes`. */
export const adapter: Adapter<KubernetesSettings> = defineAdapter<KubernetesSettings>({
  name: TARGET,
  packageName: PACKAGE_NAME,
  // An on-premises cluster's region and country come from its settings, not from a fixed list.
  regions: [],
  parseSettings,
  placement,
  capabilities,
  // Each block's module loads when a program first declares the block (Node caches it after that).
  blocks: {
    bucket: () => (require("./bucket") as typeof BucketModule).bucket,
    kubernetesCluster: () => (require("./cluster") as typeof ClusterModule).kubernetesCluster,
    namespace: () => (require("./namespace") as typeof NamespaceModule).namespace,
    postgres: () => (require("./postgres") as typeof PostgresModule).postgres,
    mailDomain: () => (require("./mail-blocks") as typeof MailModule).mailDomain,
    mailbox: () => (require("./mail-blocks") as typeof MailModule).mailbox,
  },
});
