import { checkPolicy, satisfies, type Placement, type PlacementRule } from "@wissel/core";

const placements: Record<string, Placement> = {
  "azure westeurope": {
    target: "azure",
    vendor: "Microsoft Azure",
    legalEntity: "Microsoft Ireland Operations Ltd",
    headquarters: "US",
    foreignJurisdictions: ["US CLOUD Act"],
    onPremises: false,
    region: "westeurope",
    country: "NL",
  },
  "azure eastus": {
    target: "azure",
    vendor: "Microsoft Azure",
    legalEntity: "Microsoft Ireland Operations Ltd",
    headquarters: "US",
    foreignJurisdictions: ["US CLOUD Act"],
    onPremises: false,
    region: "eastus",
    country: "US",
  },
  "scaleway nl-ams": {
    target: "scaleway",
    vendor: "Scaleway",
    legalEntity: "Scaleway SAS",
    headquarters: "FR",
    foreignJurisdictions: [],
    onPremises: false,
    region: "nl-ams",
    country: "NL",
  },
  "scaleway fr-par": {
    target: "scaleway",
    vendor: "Scaleway",
    legalEntity: "Scaleway SAS",
    headquarters: "FR",
    foreignJurisdictions: [],
    onPremises: false,
    region: "fr-par",
    country: "FR",
  },
  "on-premises NL": {
    target: "kubernetes",
    vendor: "Gemeente Amsterdam",
    legalEntity: "Gemeente Amsterdam",
    headquarters: "NL",
    foreignJurisdictions: [],
    onPremises: true,
    region: "ams-dc1",
    country: "NL",
  },
  "openstack CH": {
    target: "openstack",
    vendor: "Example Cloud",
    legalEntity: "Example Cloud AG",
    headquarters: "CH",
    foreignJurisdictions: [],
    onPremises: false,
    region: "zrh1",
    country: "CH",
  },
};

describe("placement rules", () => {
  // Expected outcome per placement, for the rules any / eu / nl / on-premises.
  const expected: Record<string, Record<PlacementRule, boolean>> = {
    "azure westeurope": { any: true, eu: false, nl: false, "on-premises": false },
    "azure eastus": { any: true, eu: false, nl: false, "on-premises": false },
    "scaleway nl-ams": { any: true, eu: true, nl: true, "on-premises": false },
    "scaleway fr-par": { any: true, eu: true, nl: false, "on-premises": false },
    "on-premises NL": { any: true, eu: true, nl: true, "on-premises": true },
    "openstack CH": { any: true, eu: false, nl: false, "on-premises": false },
  };
  for (const [where, rules] of Object.entries(expected)) {
    for (const [rule, allowed] of Object.entries(rules)) {
      it(`${where} ${allowed ? "meets" : "breaks"} ${rule}`, () => {
        expect(satisfies(placements[where]!, rule as PlacementRule)).toBe(allowed);
      });
    }
  }
});

describe("checkPolicy", () => {
  const policy = { public: "any", internal: "any", sensitive: "eu" } as const;

  it("names resource, vendor, country, jurisdiction and policy key for sensitive data on Azure", () => {
    const issue = checkPolicy(
      'Bucket "records"',
      "records",
      "sensitive",
      placements["azure westeurope"]!,
      policy,
    );
    expect(issue).toEqual({
      subject: 'Bucket "records"',
      field: "classification",
      value: "sensitive",
      rule: 'may only be placed in an EU country, with a vendor no non-EU law can compel (wissel:policy.sensitive: eu), but target "azure" places it with Microsoft Azure (Microsoft Ireland Operations Ltd, ultimate parent in US) in westeurope (NL), reachable under US CLOUD Act',
      fix: "Place it on a target that meets the policy with wissel:targets.records, or change wissel:policy.sensitive if the policy allows it.",
    });
  });

  it("lets internal data live on Azure under the default policy", () => {
    expect(
      checkPolicy('Bucket "files"', "files", "internal", placements["azure westeurope"]!, policy),
    ).toBeUndefined();
  });
});
