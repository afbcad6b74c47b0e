/**
 * Policy against placement with the real adapters and the flagship stack's own settings: every policy
 * level against every vendor, and a stack that mixes vendors per resource.
 */
import * as pulumi from "@pulumi/pulumi";
import { Bucket, plannedComponents, summarizeSovereignty, type PlacementRule } from "@wissel/core";
import { MockHarness } from "@wissel/testing";
import { flagshipSettings as settingsOf } from "./flagship";

const TARGETS = ["kubernetes", "azure", "scaleway", "openstack"] as const;
const RULES: readonly PlacementRule[] = ["any", "eu", "nl", "on-premises"];

/** Whether a sensitive bucket may be placed, per target (flagship settings) and rule. */
const EXPECTED: Record<(typeof TARGETS)[number], Record<PlacementRule, boolean>> = {
  // The municipality's own cluster in Amsterdam.
  kubernetes: { any: true, eu: true, nl: true, "on-premises": true },
  // westeurope is in the Netherlands, but Microsoft is reachable under the US CLOUD Act.
  azure: { any: true, eu: false, nl: false, "on-premises": false },
  // A French vendor in its Amsterdam region.
  scaleway: { any: true, eu: true, nl: true, "on-premises": false },
  // A Dutch operator's public cloud.
  openstack: { any: true, eu: true, nl: true, "on-premises": false },
};

let harness: MockHarness;
beforeAll(async () => {
  harness = await MockHarness.start();
});
beforeEach(() => harness.reset());

function configFor(target: string, rule: PlacementRule): Record<string, unknown> {
  return {
    "wissel:target": target,
    [`wissel:${target}`]: settingsOf(target),
    "wissel:policy": { sensitive: rule },
  };
}

describe.each(TARGETS)("a sensitive bucket on %s", (target) => {
  it.each(RULES)("under wissel:policy.sensitive: %s", async (rule) => {
    harness.setConfig(configFor(target, rule));
    let error: unknown;
    try {
      new Bucket("records", { classification: "sensitive" });
    } catch (caught) {
      error = caught;
    }
    await harness.settle();
    if (EXPECTED[target][rule]) {
      expect(error).toBeUndefined();
      expect(plannedComponents().map((c) => [c.name, c.placement.target])).toEqual([
        ["records", target],
      ]);
    } else {
      expect(pulumi.ResourceError.isInstance(error)).toBe(true);
      const message = (error as Error).message;
      expect(message).toContain('Bucket "records": classification may only be placed');
      expect(message).toContain(`(wissel:policy.sensitive: ${rule})`);
      expect(message).toContain(`target "${target}" places it with`);
      expect(message).toContain("wissel:targets.records");
      expect(harness.registrations).toEqual([]);
    }
  });
});

it("lets internal data go anywhere under the default policy, and public data too", async () => {
  for (const target of TARGETS) {
    harness.reset();
    harness.setConfig({ "wissel:target": target, [`wissel:${target}`]: settingsOf(target) });
    await harness.run(() => [
      new Bucket("files"),
      new Bucket("site", { classification: "public" }),
    ]);
    expect(plannedComponents()).toHaveLength(2);
  }
});

it("mixes vendors per resource with wissel:targets and reports the mix", async () => {
  harness.setConfig({
    "wissel:target": "azure",
    "wissel:targets": { records: "scaleway", bucket: "openstack", scans: "kubernetes" },
    "wissel:azure": settingsOf("azure"),
    "wissel:scaleway": settingsOf("scaleway"),
    "wissel:openstack": settingsOf("openstack"),
    "wissel:kubernetes": settingsOf("kubernetes"),
  });
  await harness.run(() => [
    new Bucket("records", { classification: "sensitive" }),
    new Bucket("scans", { classification: "sensitive" }),
    new Bucket("reports"),
  ]);
  expect(plannedComponents().map((c) => [c.name, c.placement.target, c.targetKey])).toEqual([
    ["records", "scaleway", "wissel:targets.records"],
    ["scans", "kubernetes", "wissel:targets.scans"],
    ["reports", "openstack", "wissel:targets.bucket"],
  ]);
  const summary = summarizeSovereignty();
  expect(summary.vendors.map((v) => [v.vendor, v.components])).toEqual([
    ["Scaleway", 1],
    ["Gemeente Amsterdam", 1],
    ["Voorbeeld Cloud", 1],
  ]);
  expect(summary.euControlledShare).toBe(1);
  expect(summary.sensitive.map((s) => [s.name, s.vendor, s.country])).toEqual([
    ["records", "Scaleway", "NL"],
    ["scans", "Gemeente Amsterdam", "NL"],
  ]);
});
