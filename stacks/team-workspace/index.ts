/**
 * team-workspace: one team's object storage, the same program on every vendor. The stack file picks
 * the vendor (`wissel:target`) and its settings; this program never changes with it.
 *
 * Per-stack choices, for features not every target offers (a target that lacks one fails at preview
 * with the reason, so a stack that asks for it must be on a target that has it):
 * - `team-workspace:filesVersioning` (default true): versioning of the `files` bucket.
 * - `team-workspace:exportsExpireAfterDays` (default unset: exports are kept until deleted): delete
 *   exports this many days after they were written. Swift (OpenStack) has no container lifecycle, so
 *   OpenStack stacks leave it unset.
 */
import * as pulumi from "@pulumi/pulumi";
import { Bucket, summarizeSovereignty } from "@wissel/core";

const config = new pulumi.Config();
const filesVersioning = config.getBoolean("filesVersioning") ?? true;
const exportsExpireAfterDays = config.getNumber("exportsExpireAfterDays");

/** The team's shared files: internal data, every version kept. */
const files = new Bucket("files", { versioning: filesVersioning, classification: "internal" });

/** Data exports handed to other teams; they may expire where the stack says so. */
const exportsBucket = new Bucket("exports", {
  classification: "internal",
  ...(exportsExpireAfterDays !== undefined ? { expireAfterDays: exportsExpireAfterDays } : {}),
});

/** What the applications need to reach each bucket, credentials included (secret). */
export const filesBinding = files.binding;
export const exportsBinding = exportsBucket.binding;

/** The vendor's bucket or container names. */
export const filesBucketName = files.bucketName;
export const exportsBucketName = exportsBucket.bucketName;

/** Where the data lives and which law reaches it, as `wissel plan` reports it. */
export const sovereignty = summarizeSovereignty();
