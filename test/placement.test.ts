/**
 * Placement is where the data goes. A CloudNativePG database built by the `kubernetes` adapter, or by
 * OpenStack without Trove, runs in the Namespace it is given, on that namespace's cluster: the plan,
 * the policy check and the sovereignty summary must describe that cluster's vendor, whatever target
 * built the database. Every composing pair is checked against the provider the database's children
 * are registered with.
 */
import * as pulumi from "@pulumi/pulumi";
import {
  KubernetesCluster,
  Namespace,
  PostgresDatabase,
  plannedComponents,
  summarizeSovereignty,
  type PlacementRule,
} from "@wissel/core";
import { CNPG_TYPES } from "../packages/kubernetes/src/postgres";
import { MockHarness } from "@wissel/testing";
import { observed, outputs } from "../packages/kubernetes/test/fixtures";
import { flagshipSettings } from "./flagship";

const CLUSTER_TARGETS = ["kubernetes", "azure", "scaleway", "openstack"] as const;
type Target = (typeof CLUSTER_TARGETS)[number];

/** The vendor and country each flagship stack file places a cluster with. */
const CLUSTER_PLACEMENT: Record<
  Target,
  { vendor: string; country: string; onPremises: boolean; foreign: boolean }
> = {
  kubernetes: { vendor: "Gemeente Amsterdam", country: "NL", onPremises: true, foreign: false },
  azure: { vendor: "Microsoft Azure", country: "NL", onPremises: false, foreign: true },
  scaleway: { vendor: "Scaleway", country: "NL", onPremises: false, foreign: false },
  openstack: { vendor: "", country: "NL", onPremises: false, foreign: false },
};

let harness: MockHarness;
beforeAll(async () => {
  harness = await MockHarness.start({ outputs });
});
beforeEach(() => {
  harness.reset();
  observed.providers.clear();
});

function config(
  clusterTarget: Target,
  databaseTarget: string,
  rule: PlacementRule,
): Record<string, unknown> {
  const targets = new Set<string>([clusterTarget, databaseTarget, "kubernetes"]);
  return {
    "wissel:target": clusterTarget,
    "wissel:targets": { records: databaseTarget },
    "wissel:policy": { sensitive: rule },
    ...Object.fromEntries([...targets].map((t) => [`wissel:${t}`, flagshipSettings(t)])),
  };
}

function program(classification: "internal" | "sensitive"): void {
  const cluster = new KubernetesCluster("platform", { vcpu: 4, memoryGiB: 16 });
  const namespace = new Namespace("workspace", {
    cluster,
    quota: { cpu: 8, memoryGiB: 16, storageGiB: 100, pods: 60 },
  });
  new PostgresDatabase("records", { namespace, classification });
}

/** Pairs the adapters accept: the kubernetes target takes a namespace on any cluster; OpenStack without Trove, on its own. */
const PAIRS: ReadonlyArray<readonly [string, Target]> = [
  ...CLUSTER_TARGETS.map((t) => ["kubernetes", t] as const),
  ["openstack", "openstack"],
];

describe.each(PAIRS)(
  "a %s database in a Namespace on a %s cluster",
  (databaseTarget, clusterTarget) => {
    it("is placed where the cluster runs, and its children go through that cluster's provider", async () => {
      harness.setConfig(config(clusterTarget, databaseTarget, "any"));
      await harness.run(() => program("internal"));
      const cluster = plannedComponents().find((c) => c.name === "platform")!;
      const database = plannedComponents().find((c) => c.name === "records")!;
      expect(database.placement.target).toBe(databaseTarget);
      const { target: _, runsOn, ...facts } = database.placement;
      const { target: __, runsOn: ___, ...clusterFacts } = cluster.placement;
      expect(facts).toEqual(clusterFacts);
      expect(runsOn).toBe(
        `Namespace "workspace" on KubernetesCluster "platform" (target ${clusterTarget})`,
      );
      const expected = CLUSTER_PLACEMENT[clusterTarget];
      if (expected.vendor !== "") expect(database.placement.vendor).toBe(expected.vendor);
      expect(database.placement.onPremises).toBe(expected.onPremises);
      expect(database.placement.foreignJurisdictions.length > 0).toBe(expected.foreign);

      // The CloudNativePG Cluster is registered with the provider the program's cluster owns, so it
      // runs on that cluster (on the kubernetes target, the configured cluster it stands for).
      const [cnpg] = harness.ofType(CNPG_TYPES.cluster);
      expect(cnpg?.name).toBe("records");
      const provider = observed.providers.get(`${CNPG_TYPES.cluster} records`);
      expect(provider).toContain(
        "wissel:kubernetes:Cluster$pulumi:providers:kubernetes::platform-provider",
      );
      // …and that cluster's own children are the vendor's (none on the kubernetes target: it exists already).
      const clusterUrn = harness.registrations.find(
        (r) => r.type === "wissel:kubernetes:Cluster",
      )!.urn;
      const vendorChildren = harness.registrations.filter(
        (r) => r.parent === clusterUrn && r.custom && !r.type.startsWith("pulumi:providers:"),
      );
      const vendorPackage = {
        kubernetes: "",
        azure: "azure-native:",
        scaleway: "scaleway:",
        openstack: "openstack:",
      }[clusterTarget];
      if (vendorPackage === "") expect(vendorChildren).toEqual([]);
      else
        expect(
          vendorChildren.every((r) => r.type.startsWith(vendorPackage)) &&
            vendorChildren.length > 0,
        ).toBe(true);
      // The summary counts it with that vendor.
      const summary = summarizeSovereignty(plannedComponents());
      expect(summary.vendors.find((v) => v.vendor === database.placement.vendor)).toBeDefined();
    });

    it.each<PlacementRule>(["on-premises", "eu"])(
      "meets or breaks wissel:policy.sensitive: %s as that cluster does",
      async (rule) => {
        harness.setConfig(config(clusterTarget, databaseTarget, rule));
        const expected = CLUSTER_PLACEMENT[clusterTarget];
        const allowed = rule === "on-premises" ? expected.onPremises : !expected.foreign;
        let error: unknown;
        try {
          program("sensitive");
        } catch (caught) {
          error = caught;
        }
        await harness.settle();
        if (allowed) {
          expect(error).toBeUndefined();
          return;
        }
        expect(pulumi.ResourceError.isInstance(error)).toBe(true);
        expect((error as Error).message).toContain(
          `PostgresDatabase "records": classification may only be placed`,
        );
        expect((error as Error).message).toContain(`target "${databaseTarget}" places it with`);
        expect(harness.ofType(CNPG_TYPES.cluster)).toEqual([]);
      },
    );
  },
);

it("refuses wissel:targets.<namespace> naming another target than the cluster the code passes", async () => {
  harness.setConfig({
    ...config("scaleway", "kubernetes", "any"),
    "wissel:targets": { workspace: "azure" },
    "wissel:azure": flagshipSettings("azure"),
  });
  const cluster = new KubernetesCluster("platform", { vcpu: 4, memoryGiB: 16 });
  expect(() => new Namespace("workspace", { cluster })).toThrow(
    'Namespace "workspace": wissel:targets.workspace names target "azure", but the code places this namespace with the cluster "platform" on target "scaleway"',
  );
  await harness.settle();
  expect(harness.registrations.filter((r) => r.type.startsWith("kubernetes:"))).toEqual([]);
});
