import { readFileSync } from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { WisselError, parseStackConfig } from "@wissel/core";
import { adapter, parseSettings } from "@wissel/scaleway";
import { DEPLOYER, PROJECT_ID, SETTINGS } from "./fixtures";

function failure(raw: unknown): string {
  try {
    parseSettings(raw);
  } catch (error) {
    expect(WisselError.isInstance(error)).toBe(true);
    return (error as Error).message;
  }
  throw new Error(`expected ${JSON.stringify(raw)} to be rejected`);
}

describe("wissel:scaleway settings", () => {
  it("accepts the three required keys, defaulting the zone to one that offers every node family", () => {
    expect(parseSettings(SETTINGS)).toEqual({
      region: "nl-ams",
      projectId: PROJECT_ID,
      deployerPrincipal: DEPLOYER,
      zone: "nl-ams-1",
    });
    expect(parseSettings({ ...SETTINGS, region: "pl-waw" }).zone).toBe("pl-waw-2");
  });

  it("accepts a zone of the region and an OIDC provider", () => {
    const oidc = {
      issuerUrl: "https://login.example.nl/realms/city",
      clientId: "kapsule",
      groupsClaim: "groups",
      usernameClaim: "email",
    };
    expect(parseSettings({ ...SETTINGS, zone: "nl-ams-3", oidc })).toEqual({
      region: "nl-ams",
      projectId: PROJECT_ID,
      deployerPrincipal: DEPLOYER,
      zone: "nl-ams-3",
      oidc,
    });
  });

  it("accepts the mail server's image, defaulting its Service and the published domains", () => {
    const image = "registry.example.nl/wissel/mail-server:1.0.0";
    expect(parseSettings({ ...SETTINGS, mail: { image } }).mail).toEqual({
      image,
      serviceType: "LoadBalancer",
      verifiedDomains: [],
    });
    expect(
      parseSettings({
        ...SETTINGS,
        mail: { image, serviceType: "ClusterIP", verifiedDomains: ["meldingen.amsterdam.nl"] },
      }).mail,
    ).toEqual({ image, serviceType: "ClusterIP", verifiedDomains: ["meldingen.amsterdam.nl"] });
  });

  it("normalises ids to lower case, keeping the principal's kind", () => {
    const settings = parseSettings({
      ...SETTINGS,
      projectId: PROJECT_ID.toUpperCase(),
      deployerPrincipal: "Application_ID:AAAAAAAA-0000-4000-8000-00000000D3B1",
    });
    expect([settings.projectId, settings.deployerPrincipal]).toEqual([
      PROJECT_ID,
      "application_id:aaaaaaaa-0000-4000-8000-00000000d3b1",
    ]);
  });

  it.each([
    ["fr-par", "FR"],
    ["nl-ams", "NL"],
    ["pl-waw", "PL"],
  ])(
    "places resources in %s in country %s, with Scaleway SAS and no foreign jurisdiction",
    (region, country) => {
      expect(adapter.placement(parseSettings({ ...SETTINGS, region }))).toEqual({
        vendor: "Scaleway",
        legalEntity: "Scaleway SAS",
        headquarters: "FR",
        foreignJurisdictions: [],
        onPremises: false,
        region,
        country,
      });
    },
  );

  const cases: ReadonlyArray<{ what: string; raw: unknown; expected: readonly string[] }> = [
    {
      what: "unset",
      raw: undefined,
      expected: [
        "stack config: wissel:scaleway.region is required (received nothing). Run pulumi config set --path 'wissel:scaleway.region' nl-ams.",
        "wissel:scaleway.projectId is required (received nothing). Run pulumi config set --path 'wissel:scaleway.projectId' 00000000-0000-0000-0000-000000000000.",
        "wissel:scaleway.deployerPrincipal is required: a Scaleway bucket policy denies every principal it does not name, so the deployment must name itself (received nothing).",
        "pulumi config set --path 'wissel:scaleway.deployerPrincipal' application_id:00000000-0000-0000-0000-000000000000.",
      ],
    },
    {
      what: "not an object",
      raw: "nl-ams",
      expected: [
        'wissel:scaleway must be an object with region, projectId and deployerPrincipal (received "nl-ams")',
        "pulumi config set --path 'wissel:scaleway.region' nl-ams",
      ],
    },
    {
      what: "a misspelt region",
      raw: { ...SETTINGS, region: "nl-asm" },
      expected: [
        "wissel:scaleway.region must be one of the regions with Object Storage: fr-par (FR), nl-ams (NL), pl-waw (PL)",
        '(received "nl-asm")',
        "Did you mean nl-ams? Run pulumi config set --path 'wissel:scaleway.region' nl-ams.",
      ],
    },
    {
      what: "a zone instead of a region",
      raw: { ...SETTINGS, region: "nl-ams-1" },
      expected: [
        "wissel:scaleway.region must be one of the regions with Object Storage",
        '(received "nl-ams-1")',
        "Did you mean nl-ams?",
      ],
    },
    {
      what: "a region this adapter does not place buckets in",
      raw: { ...SETTINGS, region: "it-mil" },
      expected: [
        '(received "it-mil")',
        "Run pulumi config set --path 'wissel:scaleway.region' nl-ams.",
      ],
    },
    {
      what: "a project name instead of its id",
      raw: { ...SETTINGS, projectId: "default" },
      expected: [
        "wissel:scaleway.projectId must be a project id (a UUID such as 00000000-0000-0000-0000-000000000000), not a project name",
        '(received "default")',
        "`scw account project list`",
        "pulumi config set --path 'wissel:scaleway.projectId' <id>",
      ],
    },
    {
      what: "a project id that is not a string",
      raw: { ...SETTINGS, projectId: 42 },
      expected: [
        "wissel:scaleway.projectId must be a non-empty string (received 42)",
        "pulumi config set --path 'wissel:scaleway.projectId'",
      ],
    },
    {
      what: "a bare deployer id",
      raw: { ...SETTINGS, deployerPrincipal: "aaaaaaaa-0000-4000-8000-00000000d3b1" },
      expected: [
        "wissel:scaleway.deployerPrincipal must be the bucket-policy principal of the deployer, user_id:<uuid> or application_id:<uuid>; a bare id does not say whether it is a user or an application",
        '(received "aaaaaaaa-0000-4000-8000-00000000d3b1")',
        "`scw iam api-key get <SCW_ACCESS_KEY>`",
        "pulumi config set --path 'wissel:scaleway.deployerPrincipal' application_id:<id>",
      ],
    },
    {
      what: "a project principal",
      raw: { ...SETTINGS, deployerPrincipal: `project_id:${PROJECT_ID}` },
      expected: [
        "project principals exist only in the deprecated 2012-10-17 policy version",
        `(received "project_id:${PROJECT_ID}")`,
      ],
    },
    {
      what: "an access key, which is never echoed",
      raw: { ...SETTINGS, deployerPrincipal: "SCWABCDEFGHIJ0123456" },
      expected: [
        "this is an access key, a credential that never belongs in stack config",
        '(received "SCW… (an access key)")',
      ],
    },
    {
      what: "a misspelt key",
      raw: { ...SETTINGS, projectID: PROJECT_ID },
      expected: [
        "wissel:scaleway.projectID is not a setting of wissel:scaleway (received a string of 36 characters, not shown). Did you mean wissel:scaleway.projectId?",
      ],
    },
    {
      what: "an unknown key",
      raw: { ...SETTINGS, nodeType: "PRO2-XS" },
      expected: [
        "wissel:scaleway.nodeType is not a setting of wissel:scaleway",
        "the settings are: region, projectId, deployerPrincipal, zone, oidc, mail.",
      ],
    },
    {
      what: "a zone of another region",
      raw: { ...SETTINGS, zone: "fr-par-1" },
      expected: [
        'wissel:scaleway.zone must be a zone of region nl-ams: nl-ams-1, nl-ams-2, nl-ams-3 (received "fr-par-1")',
        "Run pulumi config set --path 'wissel:scaleway.zone' nl-ams-1, or remove the key (default nl-ams-1).",
      ],
    },
    {
      what: "a misspelt zone",
      raw: { ...SETTINGS, zone: "nl-ams-2 " },
      expected: [
        '(received "nl-ams-2 ")',
        "Run pulumi config set --path 'wissel:scaleway.zone' nl-ams-2,",
      ],
    },
    {
      what: "OIDC that is not an object",
      raw: { ...SETTINGS, oidc: "https://login.example.nl" },
      expected: [
        'wissel:scaleway.oidc must be an object with issuerUrl, clientId and groupsClaim (received "https://login.example.nl")',
        "pulumi config set --path 'wissel:scaleway.oidc.issuerUrl' https://login.example.nl/realms/city",
      ],
    },
    {
      what: "OIDC as a list",
      raw: { ...SETTINGS, oidc: [] },
      expected: [
        "wissel:scaleway.oidc must be an object with issuerUrl, clientId and groupsClaim (received [])",
      ],
    },
    {
      what: "OIDC without a groups claim",
      raw: {
        ...SETTINGS,
        oidc: { issuerUrl: "https://login.example.nl/realms/city", clientId: "kapsule" },
      },
      expected: [
        "wissel:scaleway.oidc.groupsClaim is required: the token claim that lists the user's groups (received nothing)",
        "Run pulumi config set --path 'wissel:scaleway.oidc.groupsClaim' groups.",
      ],
    },
    {
      what: "an OIDC issuer over plain HTTP",
      raw: {
        ...SETTINGS,
        oidc: {
          issuerUrl: "http://login.example.nl/realms/city",
          clientId: "kapsule",
          groupsClaim: "groups",
        },
      },
      expected: [
        "wissel:scaleway.oidc.issuerUrl must use https: the API server fetches the provider's signing keys from it over TLS",
        '(received "http://login.example.nl/realms/city")',
        "/.well-known/openid-configuration",
      ],
    },
    {
      what: "an OIDC issuer on port 0",
      raw: {
        ...SETTINGS,
        oidc: {
          issuerUrl: "https://login.example.nl:0/realms/city",
          clientId: "kapsule",
          groupsClaim: "groups",
        },
      },
      expected: [
        "wissel:scaleway.oidc.issuerUrl must have a port from 1 to 65535, or none for 443 (port 0 cannot be connected to)",
        "pulumi config set --path 'wissel:scaleway.oidc.issuerUrl' https://login.example.nl/realms/city",
      ],
    },
    {
      what: "an OIDC issuer on port 65536",
      raw: {
        ...SETTINGS,
        oidc: {
          issuerUrl: "https://login.example.nl:65536/realms/city",
          clientId: "kapsule",
          groupsClaim: "groups",
        },
      },
      expected: [
        "port 65536 cannot be connected to",
        '(received "https://login.example.nl:65536/realms/city")',
      ],
    },
    {
      what: "an empty OIDC client id",
      raw: {
        ...SETTINGS,
        oidc: {
          issuerUrl: "https://login.example.nl/realms/city",
          clientId: "",
          groupsClaim: "groups",
        },
      },
      expected: [
        'wissel:scaleway.oidc.clientId must be a non-empty string without spaces (received "")',
        "'wissel:scaleway.oidc.clientId' kapsule",
      ],
    },
    {
      what: "a misspelt OIDC key",
      raw: {
        ...SETTINGS,
        oidc: {
          issuerUrl: "https://login.example.nl/realms/city",
          clientId: "kapsule",
          groupsClaim: "groups",
          groupClaim: "groups",
        },
      },
      expected: [
        "wissel:scaleway.oidc.groupClaim is not a setting of wissel:scaleway.oidc (received a string of 6 characters, not shown). Did you mean wissel:scaleway.oidc.groupsClaim?",
      ],
    },
  ];

  it.each(cases)("rejects $what, naming the key, the value and the fix", ({ raw, expected }) => {
    const message = failure(raw);
    for (const part of expected) expect(message).toContain(part);
  });

  it("reports every bad key at once", () => {
    const error = (() => {
      try {
        parseSettings({ region: "paris", projectId: "default", deployerPrincipal: "me" });
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(WisselError.isInstance(error) ? error.issues.map((i) => i.field) : []).toEqual([
      "wissel:scaleway.region",
      "wissel:scaleway.projectId",
      "wissel:scaleway.deployerPrincipal",
    ]);
  });

  it("never echoes an access key given as the deployer", () => {
    expect(failure({ ...SETTINGS, deployerPrincipal: "SCWABCDEFGHIJ0123456" })).not.toContain(
      "SCWABCDEFGHIJ0123456",
    );
  });
});

describe("stacks/team-workspace/Pulumi.scaleway.yaml", () => {
  it("targets scaleway with settings this adapter accepts", () => {
    const file = path.resolve(__dirname, "../../../stacks/team-workspace/Pulumi.scaleway.yaml");
    const { config } = parse(readFileSync(file, "utf8")) as { config: Record<string, unknown> };
    const wissel = Object.fromEntries(
      Object.entries(config)
        .filter(([key]) => key.startsWith("wissel:"))
        .map(([key, value]) => [key.slice("wissel:".length), value]),
    );
    const stack = parseStackConfig(wissel);
    expect(stack.target).toBe("scaleway");
    expect(stack.policy.sensitive).toBe("eu");
    const settings = parseSettings(stack.adapterSettings["scaleway"]);
    expect(settings.region).toBe("nl-ams");
    expect(settings.deployerPrincipal).toMatch(/^application_id:/);
    expect(settings.zone).toBe("nl-ams-1");
  });
});
