/**
 * team-workspace: one team's infrastructure, the same program on every vendor: object storage, a
 * Kubernetes cluster, the team's hardened namespace on it, and the team's PostgreSQL database. The stack file picks
 * the vendor (`wissel:target`) and its settings; this program never changes with it.
 *
 * Per-stack choices, for features not every target offers (a target that lacks one fails at preview
 * with the reason, so a stack that asks for it must be on a target that has it):
 * - `team-workspace:filesVersioning` (default true): versioning of the `files` bucket.
 * - `team-workspace:exportsExpireAfterDays` (default unset: exports are kept until deleted): delete
 *   exports this many days after they were written. Swift (OpenStack) has no container lifecycle, so
 *   OpenStack stacks leave it unset.
 * - `team-workspace:teamGroup` (default unset: only the CI ServiceAccount has rights): the team's
 *   group in the cluster's identity provider, bound to a role in the team's namespace. Its form is
 *   the target's (an Entra ID object id on Azure).
 */
import * as pulumi from "@pulumi/pulumi";
import {
  Bucket,
  KubernetesCluster,
  Namespace,
  PostgresDatabase,
  summarizeSovereignty,
} from "@wissel/core";

const config = new pulumi.Config();
const filesVersioning = config.getBoolean("filesVersioning") ?? true;
const exportsExpireAfterDays = config.getNumber("exportsExpireAfterDays");
const teamGroup = config.get("teamGroup");

/** The team's shared files: internal data, every version kept. */
const files = new Bucket("files", { versioning: filesVersioning, classification: "internal" });

/** Data exports handed to other teams; they may expire where the stack says so. */
const exportsBucket = new Bucket("exports", {
  classification: "internal",
  ...(exportsExpireAfterDays !== undefined ? { expireAfterDays: exportsExpireAfterDays } : {}),
});

/** The cluster the team's workloads run on: three nodes of 4 vCPU and 16 GiB. */
const cluster = new KubernetesCluster("platform", { nodeCount: 3, vcpu: 4, memoryGiB: 16 });

/** The team's namespace: restricted pods, default-deny network, quota, and a CI account. */
const workspace = new Namespace("workspace", {
  cluster,
  quota: { cpu: 8, memoryGiB: 16, storageGiB: 100, pods: 60 },
  ...(teamGroup !== undefined ? { teamGroup } : {}),
});

/**
 * The team's application database, serving the workloads of its namespace: a managed service where
 * the vendor has one (on the namespace's cluster network), CloudNativePG in the namespace where not.
 */
const records = new PostgresDatabase("records", {
  namespace: workspace,
  storageGiB: 32,
  backupRetentionDays: 14,
});

/** What the applications need to reach each bucket, credentials included (secret). */
export const filesBinding = files.binding;
export const exportsBinding = exportsBucket.binding;

/** The vendor's bucket or container names. */
export const filesBucketName = files.bucketName;
export const exportsBucketName = exportsBucket.bucketName;

/** The cluster's API and admin kubeconfig, and the team's CI kubeconfig (secret). */
export const clusterBinding = cluster.binding;
export const workspaceBinding = workspace.binding;

/** How the team's applications connect to their database, as its least-privileged role (secret). */
export const recordsBinding = records.binding;

/** Where the data lives and which law reaches it, as `wissel plan` reports it. */
export const sovereignty = summarizeSovereignty();
