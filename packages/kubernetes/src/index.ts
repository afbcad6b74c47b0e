/**
 * `@wissel/kubernetes`: the Wissel adapter for a Kubernetes cluster, typically an organisation's own.
 * Buckets are ObjectBucketClaims for the cluster's Rook (Ceph RGW) or NooBaa provisioner; databases
 * are CloudNativePG Clusters; a KubernetesCluster is the existing cluster the stack configures;
 * Namespaces are hardened. Vendor adapters reuse the hardened namespace and CloudNativePG on their own
 * clusters through `@wissel/kubernetes/compose`.
 *
 * This entry exports the adapter and its settings types only. Each block's module loads when a
 * program first uses the block (the builders and validators below are getters), so a bucket-only
 * program does not load CloudNativePG or the namespace objects. It imports only the SDK submodules it
 * uses (apiextensions, core/v1, networking/v1, rbac/v1, provider), never the SDK's root barrel.
 */
import type { Adapter } from "@wissel/core";
import type * as BucketModule from "./bucket";
import type * as ClusterModule from "./cluster";
import { capabilities } from "./capabilities";
import { physicalNames } from "./names";
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

/** The block modules, each loaded on first use (Node caches a module after its first require). */
const bucket = (): typeof BucketModule => require("./bucket") as typeof BucketModule;
const cluster = (): typeof ClusterModule => require("./cluster") as typeof ClusterModule;
const postgres = (): typeof PostgresModule => require("./postgres") as typeof PostgresModule;

/** The Kubernetes adapter, selected with `wissel:target: kubernetes` and configured under `wissel:kubernetes`. */
export const adapter: Adapter<KubernetesSettings> = {
  name: TARGET,
  packageName: PACKAGE_NAME,
  // An on-premises cluster's region and country come from its settings, not from a fixed list.
  regions: [],
  parseSettings,
  placement,
  capabilities,
  builders: {
    get bucket() {
      return bucket().buildBucket;
    },
    get kubernetesCluster() {
      return cluster().buildCluster;
    },
    get namespace() {
      return cluster().buildNamespace;
    },
    get postgres() {
      return postgres().buildPostgres;
    },
  },
  validators: {
    get bucket() {
      return bucket().validateBucket;
    },
    get kubernetesCluster() {
      return cluster().validateCluster;
    },
    get namespace() {
      return cluster().validateNamespace;
    },
    get postgres() {
      return postgres().validatePostgres;
    },
  },
  // CloudNativePG runs in the Namespace passed, on that namespace's cluster, whichever vendor runs it.
  hosts: { postgres: (spec) => spec.namespace },
  physicalNames,
};
