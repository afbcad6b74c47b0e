/**
 * The database spec a CloudNativePG cluster can serve, made in a block's plan: the builder takes
 * only this type, so a spec it cannot build never reaches it.
 */
import type { PlanResult, PostgresSpec } from "@wissel/core";

/**
 * A database spec CloudNativePG serves: no `allowedCidrs`, as a cluster's database is reachable
 * inside its Kubernetes cluster only (through its `-rw` Service).
 */
export interface CloudNativeSpec extends PostgresSpec {
  /** None: the cluster's own pods reach the database, and nothing outside it does. */
  readonly allowedCidrs: readonly [];
}

/**
 * The spec as CloudNativePG serves it, or the issue that refuses it (core's `isRefusal` tells them apart). Every capability table that
 * runs a database on CloudNativePG marks `allowedCidrs` unsupported, and core hands a plan the spec
 * without the features its table refused, so a program meets the capability's message, once; this
 * issue is for a caller whose table would offer them.
 */
export function cloudNativeSpec(spec: PostgresSpec, subject: string): PlanResult<CloudNativeSpec> {
  if (spec.allowedCidrs.length > 0) {
    return [
      {
        subject,
        field: "allowedCidrs",
        value: spec.allowedCidrs,
        rule: "cannot be served by CloudNativePG: its database is reachable inside the Kubernetes cluster only, through the cluster's -rw Service",
        fix: "Remove allowedCidrs (the cluster's own pods reach the database without it), or place this database on a target with a managed PostgreSQL with wissel:targets.",
      },
    ];
  }
  return { ...spec, allowedCidrs: [] };
}
