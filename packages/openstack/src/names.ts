/**
 * The physical names this adapter's resources take, declared to core's collision check from the
 * same functions the builders name them with.
 */
import {
  namespacePhysicalNames,
  swiftContainerName,
  type BucketSpec,
  type KubernetesClusterSpec,
  type NameIdentity,
  type NamespaceBuildSpec,
  type NamingContext,
  type PhysicalName,
  type PostgresBuildSpec,
} from "@wissel/core";
import type * as ClusterModule from "./cluster";
import { kubernetesAdapter } from "./namespace";
import type { OpenStackSettings } from "./settings";

// Magnum's module (and the SDK's containerinfra) loads only for the blocks that name Nova servers.
const magnumName = (identity: NameIdentity): string =>
  (require("./cluster") as typeof ClusterModule).magnumName(identity);

/** Swift containers, Magnum clusters and templates, Trove instances: one name each per project (and region). */
function projectScope(kind: string, settings: OpenStackSettings): string {
  return `openstack:${kind}:${settings.region}`;
}

/** `physicalNames` of the OpenStack adapter. */
export const physicalNames = {
  bucket: (_spec: BucketSpec, ctx: NamingContext<OpenStackSettings>): PhysicalName[] => [
    {
      scope: projectScope("swift-container", ctx.settings),
      name: swiftContainerName(ctx),
      what: "Swift container",
    },
  ],
  kubernetesCluster: (
    _spec: KubernetesClusterSpec,
    ctx: NamingContext<OpenStackSettings>,
  ): PhysicalName[] => [
    {
      scope: projectScope("magnum-cluster", ctx.settings),
      name: magnumName(ctx),
      what: "Magnum cluster",
    },
    {
      scope: projectScope("magnum-template", ctx.settings),
      name: magnumName({ ...ctx, name: `${ctx.name}-template` }),
      what: "Magnum cluster template",
    },
  ],
  /** A Trove instance, or (without Trove) a CloudNativePG cluster in the namespace passed. */
  postgres: (spec: PostgresBuildSpec, ctx: NamingContext<OpenStackSettings>): PhysicalName[] => {
    if (ctx.settings.postgres?.trove !== undefined) {
      return [
        {
          scope: projectScope("trove-instance", ctx.settings),
          name: magnumName(ctx),
          what: "Trove instance",
        },
      ];
    }
    // The validator has required a namespace on a Magnum cluster; @wissel/kubernetes loads only here, as in the builder.
    if (spec.namespace === undefined) return [];
    const kubernetes = kubernetesAdapter();
    return kubernetes.cloudNativePhysicalNames(
      ctx.name,
      spec.databaseName,
      spec.namespace.namespace,
      spec.namespace.cluster,
    );
  },
  namespace: (spec: NamespaceBuildSpec): PhysicalName[] =>
    namespacePhysicalNames(spec.namespace, spec.cluster),
};
