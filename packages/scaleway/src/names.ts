/**
 * The physical names this adapter's resources take, declared to core's collision check from the
 * same functions the builders name them with.
 */
import {
  namespacePhysicalNames,
  s3BucketName,
  type BucketSpec,
  type KubernetesClusterSpec,
  type NamespaceBuildSpec,
  type NamingContext,
  type PhysicalName,
  type PostgresBuildSpec,
} from "@wissel/core";
import { kapsuleName } from "./kapsule";
import type * as PostgresModule from "./postgres";
import type { ScalewaySettings } from "./settings";

// The database module (and the SDK's databases submodule) loads only for a program's databases.
const postgres = (): typeof PostgresModule => require("./postgres") as typeof PostgresModule;

/** Kapsule clusters, Private Networks and Database Instances: one name each per region and project. */
function projectScope(kind: string, settings: ScalewaySettings): string {
  return `scaleway:${kind}:${settings.region}/${settings.projectId}`;
}

/** `physicalNames` of the Scaleway adapter. */
export const physicalNames = {
  /** Bucket names are unique across Scaleway in a region. */
  bucket: (_spec: BucketSpec, ctx: NamingContext<ScalewaySettings>): PhysicalName[] => [
    {
      scope: `scaleway:bucket:${ctx.settings.region}`,
      name: s3BucketName(ctx),
      what: "Object Storage bucket",
    },
  ],
  kubernetesCluster: (
    _spec: KubernetesClusterSpec,
    ctx: NamingContext<ScalewaySettings>,
  ): PhysicalName[] => {
    const name = kapsuleName(ctx);
    return [
      { scope: projectScope("kapsule", ctx.settings), name, what: "Kapsule cluster" },
      { scope: projectScope("private-network", ctx.settings), name, what: "Private Network" },
    ];
  },
  /** The instance, and its own Private Network when it joins no cluster's. */
  postgres: (spec: PostgresBuildSpec, ctx: NamingContext<ScalewaySettings>): PhysicalName[] => {
    const name = kapsuleName(ctx);
    return [
      { scope: projectScope("rdb-instance", ctx.settings), name, what: "Database Instance" },
      ...(postgres().clusterNetwork(spec) === undefined
        ? [{ scope: projectScope("private-network", ctx.settings), name, what: "Private Network" }]
        : []),
    ];
  },
  namespace: (spec: NamespaceBuildSpec): PhysicalName[] =>
    namespacePhysicalNames(spec.namespace, spec.cluster),
};
