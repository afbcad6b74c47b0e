/**
 * The blocks' plans, without Pulumi: what each plan decides for its build (flavors, image, names,
 * namespace, backup store), the names each declares from it, and the refusals that stand in for the
 * builders' old guards.
 */
import {
  DEFAULT_POSTGRES_VERSION,
  isRefusal,
  swiftContainerName,
  validateBucketArgs,
  validateClusterArgs,
  validatePostgresArgs,
  type Issue,
  type PlanResult,
} from "@wissel/core";
import { parseSettings, type OpenStackSettings } from "@wissel/openstack";
import { bucket } from "../src/bucket";
import { kubernetesCluster, magnumName } from "../src/cluster";
import { postgres } from "../src/postgres";
import { cloudNativeStackConfig, stackConfig, troveStackConfig } from "./fixtures";

function context(name: string, kind: string, config: Record<string, unknown>) {
  const settings: OpenStackSettings = parseSettings(config["wissel:openstack"]);
  return {
    name,
    subject: `${kind} "${name}"`,
    settings,
    project: "team-workspace",
    stack: "openstack",
  };
}

function planned<P>(result: PlanResult<P>): P {
  if (isRefusal(result)) throw new Error(`expected a plan, got ${JSON.stringify(result)}`);
  return result;
}

function refused<P>(result: PlanResult<P>): readonly Issue[] {
  if (!isRefusal(result)) throw new Error("expected the plan to refuse the spec");
  return result;
}

describe("the bucket's plan", () => {
  it("names the container once, and declares it in the region's scope", () => {
    const ctx = context("files", "Bucket", stackConfig());
    const plan = planned(bucket.plan(validateBucketArgs({}, 'Bucket "files"'), ctx));
    expect(plan.containerName).toBe(swiftContainerName(ctx));
    expect(bucket.names?.(plan, ctx)).toEqual([
      {
        scope: "openstack:swift-container:AMS1",
        name: plan.containerName,
        what: "Swift container",
      },
    ]);
  });
});

describe("the cluster's plan", () => {
  it("holds the image, the smallest fitting node flavor, the control-plane flavor and both names", () => {
    const ctx = context("apps", "KubernetesCluster", stackConfig());
    const spec = validateClusterArgs({ vcpu: 3 }, 'KubernetesCluster "apps"');
    const plan = planned(kubernetesCluster.plan(spec, ctx));
    expect(plan.image).toEqual(ctx.settings.kubernetes?.images[spec.version]);
    expect(plan.nodeFlavor.name).toBe("m4.xlarge");
    // No masterFlavor in the stack: the smallest with 2 vCPU and 4 GiB.
    expect(plan.masterFlavor).toBe("c2.medium");
    expect(plan.clusterName).toBe(magnumName(ctx));
    expect(plan.templateName).toBe(magnumName({ ...ctx, name: "apps-template" }));
    expect(kubernetesCluster.names?.(plan, ctx).map((n) => [n.scope, n.name])).toEqual([
      ["openstack:magnum-cluster:AMS1", plan.clusterName],
      ["openstack:magnum-template:AMS1", plan.templateName],
    ]);
  });
});

describe("the database's plan", () => {
  it("on Trove holds the datastore version, the flavor and the instance name", () => {
    const ctx = context("records", "PostgresDatabase", troveStackConfig());
    const plan = planned(postgres.plan(validatePostgresArgs({}, ctx.subject, "records"), ctx));
    if (plan.engine !== "trove") throw new Error("expected a Trove plan");
    expect(plan.version).toBe(
      ctx.settings.postgres?.trove?.versions[String(DEFAULT_POSTGRES_VERSION)],
    );
    expect(plan.instanceName).toBe(magnumName(ctx));
    expect(postgres.names?.(plan, ctx)).toEqual([
      { scope: "openstack:trove-instance:AMS1", name: plan.instanceName, what: "Trove instance" },
    ]);
  });

  it("as CloudNativePG refuses a stack without a backup object store, which the capability table also refuses", () => {
    const config = cloudNativeStackConfig();
    const settings = config["wissel:openstack"] as Record<string, unknown>;
    const ctx = context("records", "PostgresDatabase", {
      ...config,
      "wissel:openstack": { ...settings, postgres: {} },
    });
    const issues = refused(postgres.plan(validatePostgresArgs({}, ctx.subject, "records"), ctx));
    expect(issues.map((i) => i.field)).toEqual([
      "namespace",
      "wissel:openstack.postgres.backupObjectStore",
    ]);
  });
});
