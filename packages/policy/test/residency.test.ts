import { RULES, residencyContext, rules } from "@wissel/policy";
import { CONTEXT, UNKNOWN_VALUE, resource } from "./helpers";

const check = (view: ReturnType<typeof resource>, context = CONTEXT) =>
  rules.residency.check(view, context);
const sensitive = { "wissel-classification": "sensitive" };

describe("wissel-residency", () => {
  it.each([
    [
      "azure-native:storage:StorageAccount",
      { location: "westeurope", tags: sensitive },
      "Microsoft Azure (Microsoft Ireland Operations Ltd, ultimate parent in US) in westeurope (NL), reachable under US CLOUD Act",
    ],
    [
      "azure-native:dbforpostgresql:Server",
      { location: "East US", tags: sensitive },
      "in eastus (US)",
    ],
    [
      "scaleway:databases/instance:Instance",
      { region: "fr-par", tags: ["wissel-classification=sensitive"] },
      null,
    ],
    ["scaleway:object/bucket:Bucket", { region: "nl-ams", tags: sensitive }, null],
    [
      "scaleway:kubernetes/cluster:Cluster",
      { region: "pl-waw", tags: ["team=a", "wissel-classification:sensitive"] },
      null,
    ],
    ["openstack:objectstorage/container:Container", { region: "ams1", metadata: sensitive }, null],
    [
      "openstack:database/instance:Instance",
      { region: "nyc1", metadata: sensitive },
      "Stadsdata (Gemeente Amsterdam, ultimate parent in NL) in nyc1 (US)",
    ],
    [
      "kubernetes:core/v1:PersistentVolumeClaim",
      { metadata: { labels: { "wissel.dev/classification": "sensitive" } } },
      null,
    ],
  ])("%s %j: %s", (type, props, expected) => {
    const found = check(resource(type, "records", props));
    if (expected === null) expect(found).toEqual([]);
    else {
      expect(found).toHaveLength(1);
      expect(found[0]).toContain(`${type} "records" is sensitive`);
      expect(found[0]).toContain(expected);
      expect(found[0]).toContain("wissel:policy.sensitive: eu");
      expect(found[0]).toContain("(rule wissel-residency)");
    }
  });

  it("holds a Scaleway zone to its region's country", () => {
    const view = resource("scaleway:databases/instance:Instance", "db", {
      zone: "nl-ams-2",
      tags: ["wissel-classification=sensitive"],
    });
    expect(check(view)).toEqual([]);
    const nl = residencyContext({ policy: { sensitive: "nl" } });
    const paris = resource("scaleway:databases/instance:Instance", "db", {
      zone: "fr-par-1",
      tags: ["wissel-classification=sensitive"],
    });
    expect(check(paris, nl)).toEqual([
      'scaleway:databases/instance:Instance "db" is sensitive (tags) and may only be placed in the Netherlands, with a vendor no non-EU law can compel (wissel:policy.sensitive: nl), but it is placed with Scaleway (Scaleway SAS, ultimate parent in FR) in fr-par (FR). Move it to a region and vendor that meet the policy, or change its tag wissel-classification if the data allows it (rule wissel-residency).',
    ]);
  });

  it("lets untagged resources go where internal data may go", () => {
    const eastus = resource("azure-native:storage:StorageAccount", "logs", { location: "eastus" });
    expect(check(eastus)).toEqual([]);
    const strict = residencyContext({ policy: { internal: "eu" } });
    expect(check(eastus, strict)[0]).toContain(
      "is untagged, so internal, and may only be placed in an EU country",
    );
  });

  it("names what it cannot place, and a classification that is none", () => {
    const noLocation = resource("azure-native:storage:StorageAccount", "files", {
      tags: sensitive,
    });
    expect(check(noLocation)[0]).toContain("sets no location");
    const unknownRegion = resource("azure-native:storage:StorageAccount", "files", {
      location: "brazilsouth",
      tags: sensitive,
    });
    expect(check(unknownRegion)[0]).toContain(
      'location "brazilsouth", which is not in @wissel/azure\'s region table',
    );
    const typo = resource("scaleway:object/bucket:Bucket", "files", {
      region: "nl-ams",
      tags: { "wissel-classification": "secret" },
    });
    expect(check(typo)).toEqual([
      'scaleway:object/bucket:Bucket "files": tags.wissel-classification says "secret", which is no classification (public, internal or sensitive). Set the tag wissel-classification to one of them (rule wissel-residency).',
    ]);
    const noOperator = resource("openstack:objectstorage/container:Container", "files", {
      region: "ams1",
      metadata: sensitive,
    });
    expect(check(noOperator, residencyContext({}))[0]).toContain(
      "whose operator (who runs it, which law reaches it) the policy was not given. State the operator in wissel-residency.openstack of the policy pack config",
    );
  });

  it("does not crash on values unknown at preview, and judges nothing it cannot see", () => {
    expect(
      check(
        resource("azure-native:storage:StorageAccount", "a", {
          location: UNKNOWN_VALUE,
          tags: sensitive,
        }),
      ),
    ).toEqual([]);
    expect(
      check(
        resource("azure-native:storage:StorageAccount", "b", {
          location: "eastus",
          tags: UNKNOWN_VALUE,
        }),
      ),
    ).toEqual([]);
    expect(
      check(
        resource("scaleway:databases/instance:Instance", "c", {
          region: "fr-par",
          tags: [UNKNOWN_VALUE],
        }),
      ),
    ).toEqual([]);
    expect(
      check(
        resource("azure-native:storage:StorageAccount", "d", {
          location: "eastus",
          tags: { "wissel-classification": UNKNOWN_VALUE },
        }),
      ),
    ).toEqual([]);
  });

  it("leaves the children of Wissel components to core's placement check", () => {
    const child = resource(
      "azure-native:storage:StorageAccount",
      "files",
      { location: "eastus", tags: sensitive },
      { parentTypes: ["pulumi:pulumi:Stack", "wissel:storage:Bucket"] },
    );
    expect(check(child)).toEqual([]);
  });

  it("declares a level, a severity and a BIO2 control for every rule", () => {
    for (const rule of RULES) {
      expect(["advisory", "mandatory"]).toContain(rule.enforcementLevel);
      expect(["low", "medium", "high", "critical"]).toContain(rule.severity);
      expect(rule.framework).toMatchObject({ name: "BIO2", version: "2 (ISO/IEC 27002:2022)" });
      expect(rule.framework.reference).toMatch(/^[5-8]\.\d+$/);
    }
  });
});
