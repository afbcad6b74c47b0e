/**
 * Every Kubernetes object the flagship program emits, on every vendor, validated against the upstream
 * schemas: kubernetes-models for core kinds, packages/testing/crds for custom resources. New blocks that emit
 * Kubernetes objects are covered as soon as the flagship uses them.
 */
import {
  MockHarness,
  kubernetesObjects,
  validateKubernetesObjects,
  withServiceAccountTokens,
} from "@wissel/testing";
import { flagshipConfig } from "./flagship";

const VENDORS = ["kubernetes", "azure", "scaleway", "openstack"] as const;

let harness: MockHarness;
beforeAll(async () => {
  // A preview, as `wissel plan` and `pulumi preview` run it.
  harness = await MockHarness.start({
    project: "team-workspace",
    preview: true,
    outputs: withServiceAccountTokens(),
  });
});
beforeEach(() => harness.reset());

test.each(VENDORS)(
  "every Kubernetes object of the flagship on %s validates",
  async (vendor) => {
    harness.setConfig(flagshipConfig(vendor));
    await harness.run(() => {
      jest.isolateModules(() => {
        require("../stacks/team-workspace/index");
      });
    });
    const objects = kubernetesObjects(harness.registrations);
    const kinds = new Set(objects.map((o) => o.kind));
    for (const kind of [
      "Namespace",
      "ResourceQuota",
      "LimitRange",
      "NetworkPolicy",
      "ServiceAccount",
      "Role",
      "RoleBinding",
    ]) {
      expect(kinds).toContain(kind);
    }
    if (vendor === "kubernetes") expect(kinds).toContain("ObjectBucketClaim");
    // CloudNativePG runs the database where the vendor has no managed service in use.
    if (vendor === "kubernetes" || vendor === "openstack") expect(kinds).toContain("Cluster");
    const results = validateKubernetesObjects(objects);
    expect(
      objects.map((o, i) => ({ kind: o.kind, name: o.metadata?.name, errors: results[i] })),
    ).toEqual(objects.map((o) => ({ kind: o.kind, name: o.metadata?.name, errors: [] })));
  },
  60_000,
);
