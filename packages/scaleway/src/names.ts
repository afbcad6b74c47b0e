/**
 * Where this adapter's physical names must be unique, for the blocks' `names`: the same functions
 * the builders name their resources with (`kapsuleName`, `s3BucketName`) give the names.
 */
import type { ScalewaySettings } from "./settings";

/** Kapsule clusters, Private Networks and Database Instances: one name each per region and project. */
export function projectScope(kind: string, settings: ScalewaySettings): string {
  return `scaleway:${kind}:${settings.region}/${settings.projectId}`;
}
