import { summarizeSovereignty, type ComponentRecord, type Placement } from "@wissel/core";

const azure: Placement = {
  target: "azure",
  vendor: "Microsoft Azure",
  legalEntity: "Microsoft Ireland Operations Ltd",
  headquarters: "US",
  foreignJurisdictions: ["US CLOUD Act"],
  onPremises: false,
  region: "westeurope",
  country: "NL",
};
const scaleway: Placement = {
  target: "scaleway",
  vendor: "Scaleway",
  legalEntity: "Scaleway SAS",
  headquarters: "FR",
  foreignJurisdictions: [],
  onPremises: false,
  region: "nl-ams",
  country: "NL",
};
const scalewayParis: Placement = { ...scaleway, region: "fr-par", country: "FR" };

function record(
  name: string,
  placement: Placement,
  classification: ComponentRecord["classification"] = "internal",
): ComponentRecord {
  return {
    kind: "bucket",
    type: "wissel:storage:Bucket",
    name,
    targetKey: "wissel:target",
    placement,
    support: "native",
    classification,
    decisions: [],
  };
}

describe("summarizeSovereignty", () => {
  it("counts components per vendor and the EU-controlled share", () => {
    const summary = summarizeSovereignty([
      record("files", scaleway),
      record("archive", scalewayParis, "sensitive"),
      record("reports", azure),
      record("exports", azure),
    ]);
    expect(summary.components).toBe(4);
    expect(summary.euControlledShare).toBe(0.5);
    expect(summary.vendors).toEqual([
      {
        vendor: "Scaleway",
        legalEntity: "Scaleway SAS",
        headquarters: "FR",
        foreignJurisdictions: [],
        onPremises: false,
        countries: ["FR", "NL"],
        components: 2,
      },
      {
        vendor: "Microsoft Azure",
        legalEntity: "Microsoft Ireland Operations Ltd",
        headquarters: "US",
        foreignJurisdictions: ["US CLOUD Act"],
        onPremises: false,
        countries: ["NL"],
        components: 2,
      },
    ]);
    expect(summary.sensitive).toEqual([
      {
        kind: "bucket",
        name: "archive",
        vendor: "Scaleway",
        region: "fr-par",
        country: "FR",
        foreignJurisdictions: [],
      },
    ]);
  });

  it("reports an empty stack as zero, not NaN", () => {
    expect(summarizeSovereignty([])).toEqual({
      components: 0,
      vendors: [],
      euControlledShare: 0,
      sensitive: [],
      interim: [],
    });
  });
});
