/**
 * The team-workspace program as the bench measures it: a copy of `stacks/team-workspace/index.ts` as
 * of commit 9c2a2af (two buckets, a Kubernetes cluster and the team's hardened namespace on it), run
 * with that stack's files. Pinned, so the blocks the flagship gains later (a PostgresDatabase) do not
 * break the comparison until the hand-written programs in src/hand/flagship/ create them too; add
 * them to both when they do. Only the header comment differs from the flagship's.
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
import { Bucket, KubernetesCluster, Namespace, summarizeSovereignty } from "@wissel/core";

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

/** What the applications need to reach each bucket, credentials included (secret). */
export const filesBinding = files.binding;
export const exportsBinding = exportsBucket.binding;

/** The vendor's bucket or container names. */
export const filesBucketName = files.bucketName;
export const exportsBucketName = exportsBucket.bucketName;

/** The cluster's API and admin kubeconfig, and the team's CI kubeconfig (secret). */
export const clusterBinding = cluster.binding;
export const workspaceBinding = workspace.binding;

/** Where the data lives and which law reaches it, as `wissel plan` reports it. */
export const sovereignty = summarizeSovereignty();
