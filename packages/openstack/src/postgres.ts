/**
 * The `PostgresDatabase` block on OpenStack. With `wissel:openstack.postgres.trove: true` it is a Trove
 * instance with a database and a user (`postgres-trove.ts`); otherwise it is the Kubernetes adapter's
 * CloudNativePG cluster, in the Namespace passed as `namespace`, on a Magnum cluster of the program
 * (`postgres-cloudnative.ts`). The plan says which, and holds what that engine's build needs.
 */
import { defineBlock, type PlanResult, type PostgresBuildSpec } from "@wissel/core";
import { projectScope } from "./names";
import { kubernetesCompose } from "./compose";
import {
  CLOUDNATIVE_PURPOSE,
  buildCloudNativePostgresOnMagnum,
  planCloudNativePostgres,
  type CloudNativePlan,
} from "./postgres-cloudnative";
import { buildTrovePostgres, planTrovePostgres, type TrovePlan } from "./postgres-trove";
import type { OpenStackSettings } from "./settings";

// The engines' constants and checks, re-exported where the package's tests find them today.
export {
  TROVE_DATABASE_TYPE,
  TROVE_INSTANCE_TYPE,
  TROVE_PORT,
  TROVE_SSLMODE,
  TROVE_USER_TYPE,
  troveAppPassword,
  type TrovePlan,
} from "./postgres-trove";
export type { CloudNativePlan } from "./postgres-cloudnative";

/** A database on this stack: on Trove, or as CloudNativePG on Magnum, as the stack says. */
export type PostgresPlan = TrovePlan | CloudNativePlan;

/** The PostgresDatabase on OpenStack: Trove where the stack turns it on, CloudNativePG on Magnum otherwise. */
export const postgres = defineBlock<"postgres", OpenStackSettings, PostgresPlan>({
  /**
   * Where the database's data runs: without Trove, CloudNativePG runs it in the Namespace passed, so
   * it is placed where that namespace's cluster runs; Trove runs it on this cloud.
   */
  host: (spec, settings) => (settings.postgres?.trove === undefined ? spec.namespace : undefined),
  plan: (spec: PostgresBuildSpec, ctx): PlanResult<PostgresPlan> => {
    const trove = ctx.settings.postgres?.trove;
    return trove !== undefined
      ? planTrovePostgres(spec, ctx, ctx.subject, trove)
      : planCloudNativePostgres(spec, ctx.subject, ctx.settings.postgres);
  },
  /** A Trove instance, or a CloudNativePG cluster's objects in the namespace passed. */
  names: (plan, ctx) =>
    plan.engine === "trove"
      ? [
          {
            scope: projectScope("trove-instance", ctx.settings),
            name: plan.instanceName,
            what: "Trove instance",
          },
        ]
      : // @wissel/kubernetes loads only here, as in the build.
        kubernetesCompose(CLOUDNATIVE_PURPOSE).cloudNativePhysicalNames(
          ctx.name,
          plan.spec.databaseName,
          plan.namespace.namespace,
          plan.cluster,
        ),
  build: (plan, ctx) =>
    plan.engine === "trove"
      ? buildTrovePostgres(plan, ctx)
      : buildCloudNativePostgresOnMagnum(plan, ctx),
});
