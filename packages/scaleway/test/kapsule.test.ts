import type { KubernetesClusterSpec } from "@wissel/core";
import {
  DEFAULT_ZONES,
  FAMILY_ZONES,
  KAPSULE_MINORS,
  NODE_TYPES,
  ZONES,
  creatableMinors,
  kapsuleName,
  nodeTypeFor,
  poolName,
  validateKapsuleCluster,
  type ScalewayZoneId,
} from "@wissel/scaleway";

describe("nodeTypeFor", () => {
  const cases: ReadonlyArray<
    [vcpu: number, memoryGiB: number, zone: ScalewayZoneId, expected: string | undefined]
  > = [
    // The neutral default: PRO2 and POP2 both have 2/8; PRO2 comes first at equal size.
    [2, 8, "nl-ams-1", "PRO2-XXS"],
    [1, 1, "nl-ams-1", "POP2-HC-2C-4G"],
    [2, 4, "nl-ams-1", "POP2-HC-2C-4G"],
    [2, 5, "nl-ams-1", "PRO2-XXS"],
    [2, 16, "nl-ams-1", "POP2-HM-2C-16G"],
    [3, 4, "nl-ams-1", "POP2-HC-4C-8G"],
    [4, 16, "nl-ams-1", "PRO2-XS"],
    [4, 17, "nl-ams-1", "POP2-HM-4C-32G"],
    [8, 32, "fr-par-2", "PRO2-S"],
    [16, 64, "fr-par-1", "PRO2-M"],
    [32, 128, "pl-waw-2", "PRO2-L"],
    [33, 8, "nl-ams-1", "POP2-HC-64C-128G"],
    [48, 200, "nl-ams-1", "POP2-64C-256G"],
    [64, 512, "nl-ams-1", "POP2-HM-64C-512G"],
    // AMS3 has no POP2-HC or POP2-HM; WAW1 has PRO2 only.
    [2, 4, "nl-ams-3", "PRO2-XXS"],
    [2, 16, "nl-ams-3", "PRO2-XS"],
    [64, 512, "nl-ams-3", undefined],
    [48, 8, "pl-waw-1", undefined],
    [32, 64, "pl-waw-1", "PRO2-L"],
  ];

  it.each(cases)("%i vCPU / %i GiB in %s -> %s", (vcpu, memoryGiB, zone, expected) => {
    expect(nodeTypeFor({ vcpu, memoryGiB }, zone)?.name).toBe(expected);
  });

  it("never picks a type smaller than the request, nor skips a smaller fitting one (every request in range)", () => {
    for (const zone of Object.values(ZONES).flat()) {
      for (let vcpu = 1; vcpu <= 64; vcpu += 3) {
        for (const memoryGiB of [1, 4, 8, 12, 16, 33, 64, 100, 128, 256, 300, 512]) {
          const picked = nodeTypeFor({ vcpu, memoryGiB }, zone);
          const fitting = NODE_TYPES.filter(
            (t) =>
              t.vcpu >= vcpu && t.memoryGiB >= memoryGiB && FAMILY_ZONES[t.family].includes(zone),
          );
          if (picked === undefined) {
            expect(fitting).toEqual([]);
            continue;
          }
          expect(picked.vcpu).toBeGreaterThanOrEqual(vcpu);
          expect(picked.memoryGiB).toBeGreaterThanOrEqual(memoryGiB);
          expect(FAMILY_ZONES[picked.family]).toContain(zone);
          for (const other of fitting) {
            expect(
              other.vcpu > picked.vcpu ||
                (other.vcpu === picked.vcpu && other.memoryGiB >= picked.memoryGiB),
            ).toBe(true);
          }
        }
      }
    }
  });

  it("uses real Scaleway type names, each name once, with the family's vCPU:memory ratio", () => {
    expect(new Set(NODE_TYPES.map((t) => t.name)).size).toBe(NODE_TYPES.length);
    const ratio: Record<string, number> = { PRO2: 4, POP2: 4, "POP2-HC": 2, "POP2-HM": 8 };
    for (const type of NODE_TYPES) {
      expect(type.memoryGiB / type.vcpu).toBe(ratio[type.family]);
      if (type.family !== "PRO2")
        expect(type.name).toBe(`${type.family}-${type.vcpu}C-${type.memoryGiB}G`);
    }
    expect(NODE_TYPES.filter((t) => t.family === "PRO2").map((t) => t.name)).toEqual([
      "PRO2-XXS",
      "PRO2-XS",
      "PRO2-S",
      "PRO2-M",
      "PRO2-L",
    ]);
  });

  it("defaults each region to a zone that offers every family", () => {
    for (const [region, zone] of Object.entries(DEFAULT_ZONES)) {
      expect(zone.startsWith(`${region}-`)).toBe(true);
      for (const zones of Object.values(FAMILY_ZONES)) expect(zones).toContain(zone);
    }
  });
});

describe("Kapsule versions", () => {
  it("offers new clusters the minors released and not yet removed from creation on the review day", () => {
    expect(creatableMinors()).toEqual(["1.35", "1.36"]);
    expect(creatableMinors("2026-08-01")).toEqual(["1.33", "1.34", "1.35", "1.36"]);
    expect(creatableMinors("2026-09-10")).toEqual(["1.34", "1.35", "1.36"]);
    expect(creatableMinors("2027-02-01")).toEqual(["1.36"]);
    for (const m of KAPSULE_MINORS)
      expect(m.released < m.deprecated && m.deprecated < m.endOfSupport).toBe(true);
  });

  const spec = (version: string): KubernetesClusterSpec => ({
    version,
    nodeCount: 3,
    vcpu: 2,
    memoryGiB: 8,
    classification: "internal",
    allowDataLoss: false,
  });

  const cases: ReadonlyArray<
    [version: string, asOf: string | undefined, rule: string | undefined]
  > = [
    ["1.35", undefined, undefined],
    ["1.36", undefined, undefined],
    [
      "1.34",
      undefined,
      "Scaleway removed 1.34 from cluster creation on 2026-09-29 and upgrades clusters still on it after 2026-11-29",
    ],
    ["1.33", undefined, "Scaleway removed 1.33 from cluster creation on 2026-09-04"],
    [
      "1.31",
      undefined,
      "must be a Kubernetes minor that Kapsule offers for new clusters (1.35, 1.36)",
    ],
    ["1.36", "2026-06-01", "1.36 arrives on 2026-07-07"],
  ];

  it.each(cases)("version %s (as of %s): %s", (version, asOf, rule) => {
    const issues = validateKapsuleCluster(
      spec(version),
      'KubernetesCluster "apps"',
      "nl-ams-1",
      asOf,
    );
    if (rule === undefined) {
      expect(issues).toEqual([]);
    } else {
      expect(issues).toHaveLength(1);
      expect(issues[0]).toMatchObject({
        subject: 'KubernetesCluster "apps"',
        field: "version",
        value: version,
      });
      expect(issues[0]?.rule).toContain(rule);
      expect(issues[0]?.fix).toMatch(/^Set version to "1\.3\d"/);
    }
  });
});

describe("Kapsule names", () => {
  it("derives a stable cluster name within 63 characters of [a-z0-9-]", () => {
    const name = kapsuleName({ project: "p", stack: "s", name: "Apps_Cluster" });
    expect(name).toMatch(/^apps-cluster-[0-9a-f]{8}$/);
    expect(kapsuleName({ project: "p", stack: "s", name: "Apps_Cluster" })).toBe(name);
    expect(kapsuleName({ project: "p", stack: "other", name: "Apps_Cluster" })).not.toBe(name);
    const long = kapsuleName({ project: "p", stack: "s", name: "x".repeat(100) });
    expect(long.length).toBe(63);
    expect(long).toMatch(/^[a-z0-9][a-z0-9-]*[a-z0-9]$/);
  });

  it("names the pool after its node type, so a new type gets a new pool name", () => {
    expect(poolName({ name: "POP2-HM-4C-32G", family: "POP2-HM", vcpu: 4, memoryGiB: 32 })).toBe(
      "workers-pop2-hm-4c-32g",
    );
  });
});
