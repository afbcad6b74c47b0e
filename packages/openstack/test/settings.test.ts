import { Bucket, WisselError } from "@wissel/core";
import { MockHarness } from "@wissel/testing";
import { adapter, parseSettings } from "@wissel/openstack";

const OPERATOR = { name: "Voorbeeld Cloud", legalEntity: "Voorbeeld Cloud B.V.", country: "NL" };
const VALID = {
  region: "AMS1",
  s3Endpoint: "https://s3.ams1.openstack.example",
  operator: OPERATOR,
};

/** The error parseSettings throws, or a failure when it does not throw one. */
function errorOf(raw: unknown): WisselError {
  try {
    parseSettings(raw);
  } catch (error) {
    if (WisselError.isInstance(error)) return error;
    throw error;
  }
  throw new Error(`parseSettings accepted ${JSON.stringify(raw)}`);
}

interface Case {
  readonly what: string;
  readonly raw: unknown;
  /** The config key the message names. */
  readonly field: string;
  /** How the message shows the received value. */
  readonly received: string;
  /** Words of the rule. */
  readonly rule: string;
  /** Words of the fix. */
  readonly fix: string;
}

const CASES: readonly Case[] = [
  {
    what: "missing region",
    raw: { s3Endpoint: VALID.s3Endpoint, operator: OPERATOR },
    field: "wissel:openstack.region",
    received: "nothing",
    rule: "is required",
    fix: "`pulumi config set --path 'wissel:openstack.region' RegionOne`",
  },
  {
    what: "region with a space",
    raw: { ...VALID, region: "Region One" },
    field: "wissel:openstack.region",
    received: '"Region One"',
    rule: "must be a region name of letters, digits",
    fix: "`pulumi config set --path 'wissel:openstack.region' RegionOne`",
  },
  {
    what: "missing s3Endpoint",
    raw: { region: "AMS1", operator: OPERATOR },
    field: "wissel:openstack.s3Endpoint",
    received: "nothing",
    rule: "is required",
    fix: "`pulumi config set --path 'wissel:openstack.s3Endpoint' https://s3.cloud.example`",
  },
  {
    what: "http endpoint",
    raw: { ...VALID, s3Endpoint: "http://s3.ams1.openstack.example" },
    field: "wissel:openstack.s3Endpoint",
    received: '"http://s3.ams1.openstack.example"',
    rule: "must use https",
    fix: "`pulumi config set --path 'wissel:openstack.s3Endpoint' https://s3.cloud.example`",
  },
  {
    what: "endpoint on port 0",
    raw: { ...VALID, s3Endpoint: "https://s3.ams1.openstack.example:0" },
    field: "wissel:openstack.s3Endpoint",
    received: '"https://s3.ams1.openstack.example:0"',
    rule: "must be an https URL such as https://s3.cloud.example, and must have a port from 1 to 65535, or none for 443 (port 0 cannot be connected to)",
    fix: "`pulumi config set --path 'wissel:openstack.s3Endpoint' https://s3.cloud.example`",
  },
  {
    what: "endpoint on port 65536",
    raw: { ...VALID, s3Endpoint: "https://s3.ams1.openstack.example:65536/" },
    field: "wissel:openstack.s3Endpoint",
    received: '"https://s3.ams1.openstack.example:65536/"',
    rule: "must be an https URL such as https://s3.cloud.example, and must have a port from 1 to 65535",
    fix: "the https address of your cloud's S3 API",
  },
  {
    what: "endpoint that is no URL",
    raw: { ...VALID, s3Endpoint: "s3.ams1.openstack.example" },
    field: "wissel:openstack.s3Endpoint",
    received: '"s3.ams1.openstack.example"',
    rule: "must be an https URL",
    fix: "the https address of your cloud's S3 API",
  },
  {
    what: "endpoint with a path",
    raw: { ...VALID, s3Endpoint: "https://objects.openstack.example/swift/v1" },
    field: "wissel:openstack.s3Endpoint",
    received: '"https://objects.openstack.example/swift/v1"',
    rule: "must be a scheme, host and optional port only",
    fix: "pulumi config set --path 'wissel:openstack.s3Endpoint'",
  },
  {
    what: "missing operator",
    raw: { region: "AMS1", s3Endpoint: VALID.s3Endpoint },
    field: "wissel:openstack.operator",
    received: "nothing",
    rule: "is required: who operates this cloud decides which law reaches the data",
    fix: "`pulumi config set --path 'wissel:openstack.operator.name' 'Voorbeeld Cloud'`",
  },
  {
    what: "operator country in lowercase",
    raw: { ...VALID, operator: { ...OPERATOR, country: "nl" } },
    field: "wissel:openstack.operator.country",
    received: '"nl"',
    rule: "must be an ISO 3166-1 alpha-2 code in capitals",
    fix: "Did you mean NL? Run `pulumi config set --path 'wissel:openstack.operator.country' NL`",
  },
  {
    what: "operator country spelled out",
    raw: { ...VALID, operator: { ...OPERATOR, country: "Netherlands" } },
    field: "wissel:openstack.operator.country",
    received: '"Netherlands"',
    rule: "must be an ISO 3166-1 alpha-2 code",
    fix: "with the right country code",
  },
  {
    what: "empty legal entity",
    raw: { ...VALID, operator: { ...OPERATOR, legalEntity: " " } },
    field: "wissel:openstack.operator.legalEntity",
    received: '" "',
    rule: "must be a non-empty string",
    fix: "`pulumi config set --path 'wissel:openstack.operator.legalEntity' 'Voorbeeld Cloud B.V.'`",
  },
  {
    what: "foreign jurisdictions as one string",
    raw: { ...VALID, operator: { ...OPERATOR, foreignJurisdictions: "US CLOUD Act" } },
    field: "wissel:openstack.operator.foreignJurisdictions",
    received: '"US CLOUD Act"',
    rule: "must be a list of the non-EU laws",
    fix: "`pulumi config set --path 'wissel:openstack.operator.foreignJurisdictions[0]' 'US CLOUD Act'`",
  },
  {
    what: "onPremises as a word",
    raw: { ...VALID, operator: { ...OPERATOR, onPremises: "yes" } },
    field: "wissel:openstack.operator.onPremises",
    received: '"yes"',
    rule: "must be true or false",
    fix: "default false",
  },
  {
    what: "misspelt key",
    raw: { ...VALID, regoin: "AMS2" },
    field: "wissel:openstack.regoin",
    received: "a string of 4 characters, not shown",
    rule: "is not a setting of wissel:openstack",
    fix: "Did you mean wissel:openstack.region?",
  },
  {
    what: "trove at the top level rather than under postgres",
    raw: { ...VALID, trove: true },
    field: "wissel:openstack.trove",
    received: "a boolean, not shown",
    rule: "is not a setting of wissel:openstack",
    fix: "Remove it; the settings are: region, s3Endpoint, s3Region, regionCountry, operator, kubernetes, postgres, mail.",
  },
  {
    what: "unknown operator key",
    raw: { ...VALID, operator: { ...OPERATOR, headquarters: "NL" } },
    field: "wissel:openstack.operator.headquarters",
    received: "a string of 2 characters, not shown",
    rule: "is not a setting of wissel:openstack.operator",
    fix: "Remove it; the settings are: name, legalEntity, country, foreignJurisdictions, onPremises.",
  },
  {
    what: "operator country UK, which ISO reserves (the United Kingdom is GB)",
    raw: { ...VALID, operator: { ...OPERATOR, country: "UK" } },
    field: "wissel:openstack.operator.country",
    received: '"UK"',
    rule: "must be an ISO 3166-1 alpha-2 code in capitals",
    fix: "\"UK\" is not an assigned code: the country is GB. Did you mean GB? Run `pulumi config set --path 'wissel:openstack.operator.country' GB`",
  },
  {
    what: "region country EU, which is no country",
    raw: { ...VALID, regionCountry: "EU" },
    field: "wissel:openstack.regionCountry",
    received: '"EU"',
    rule: "must be an ISO 3166-1 alpha-2 code in capitals, such as NL or DE (the country of the region's data centres)",
    fix: "\"EU\" is reserved, not assigned: the EU is no country, so name the member state. Run `pulumi config set --path 'wissel:openstack.regionCountry' NL`",
  },
  {
    what: "region country XX, which is unassigned",
    raw: { ...VALID, regionCountry: "XX" },
    field: "wissel:openstack.regionCountry",
    received: '"XX"',
    rule: "must be an ISO 3166-1 alpha-2 code",
    fix: '"XX" is not an assigned ISO 3166-1 code. Run',
  },
  {
    what: "region country as alpha-3",
    raw: { ...VALID, regionCountry: "DEU" },
    field: "wissel:openstack.regionCountry",
    received: '"DEU"',
    rule: "must be an ISO 3166-1 alpha-2 code in capitals, such as NL or DE (the country of the region's data centres)",
    fix: "`pulumi config set --path 'wissel:openstack.regionCountry' NL`",
  },
  {
    what: "settings as a plain string",
    raw: "AMS1",
    field: "wissel:openstack",
    received: '"AMS1"',
    rule: "must be an object with region, s3Endpoint and operator",
    fix: "`pulumi config set --path 'wissel:openstack.region' RegionOne`",
  },
];

describe("parseSettings rejects", () => {
  it.each(CASES)("$what", ({ raw, field, received, rule, fix }) => {
    const error = errorOf(raw);
    const issue = error.issues.find((i) => i.field === field);
    expect(issue?.subject).toBe("stack config");
    expect(error.message).toContain(`stack config: ${field} ${rule}`);
    expect(error.message).toContain(`(received ${received})`);
    expect(issue?.fix).toContain(fix);
  });

  it("reports every missing required setting at once when wissel:openstack is unset", () => {
    expect(errorOf(undefined).issues.map((i) => i.field)).toEqual([
      "wissel:openstack.region",
      "wissel:openstack.s3Endpoint",
      "wissel:openstack.operator",
    ]);
  });
});

describe("parseSettings accepts", () => {
  it("the required settings, with the documented defaults", () => {
    expect(parseSettings(VALID)).toEqual({
      region: "AMS1",
      s3Endpoint: "https://s3.ams1.openstack.example",
      s3Region: "AMS1",
      regionCountry: "NL",
      operator: { ...OPERATOR, foreignJurisdictions: [], onPremises: false },
    });
  });

  it("every optional setting, and an endpoint with a port and trailing slash", () => {
    const settings = parseSettings({
      region: "RegionOne",
      s3Endpoint: "https://swift.example.org:8443/",
      s3Region: "us-east-1",
      regionCountry: "DE",
      operator: {
        name: "Example Cloud",
        legalEntity: "Example Cloud Inc.",
        country: "US",
        foreignJurisdictions: ["US CLOUD Act"],
        onPremises: true,
      },
    });
    expect(settings).toEqual({
      region: "RegionOne",
      s3Endpoint: "https://swift.example.org:8443",
      s3Region: "us-east-1",
      regionCountry: "DE",
      operator: {
        name: "Example Cloud",
        legalEntity: "Example Cloud Inc.",
        country: "US",
        foreignJurisdictions: ["US CLOUD Act"],
        onPremises: true,
      },
    });
    expect(adapter.placement(settings)).toEqual({
      vendor: "Example Cloud",
      legalEntity: "Example Cloud Inc.",
      headquarters: "US",
      foreignJurisdictions: ["US CLOUD Act"],
      onPremises: true,
      region: "RegionOne",
      country: "DE",
    });
  });
});

describe("a stack with bad settings", () => {
  let harness: MockHarness;
  beforeAll(async () => {
    harness = await MockHarness.start({
      config: {
        "wissel:target": "openstack",
        "wissel:openstack": { ...VALID, s3Endpoint: "http://s3.ams1.openstack.example" },
      },
    });
  });

  it("fails at preview with the settings error and registers nothing", async () => {
    expect(() => new Bucket("files")).toThrow(
      /stack config: wissel:openstack\.s3Endpoint must use https/,
    );
    await harness.settle();
    expect(harness.registrations).toEqual([]);
  });
});
