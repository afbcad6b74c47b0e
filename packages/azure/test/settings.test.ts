import { readFileSync } from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { WisselError, parseStackConfig } from "@wissel/core";
import {
  PLAN_SECRET_PLACEHOLDER,
  adapter,
  adminPasswordProblem,
  parseSettings,
} from "@wissel/azure";
import {
  ADMIN_PASSWORD,
  APP_PASSWORD,
  DNS_ZONE_ID,
  SETTINGS,
  SUBNET_ID,
  SUBSCRIPTION,
} from "./fixtures";

function failure(raw: unknown): string {
  try {
    parseSettings(raw);
  } catch (error) {
    expect(WisselError.isInstance(error)).toBe(true);
    return (error as Error).message;
  }
  throw new Error(`expected ${JSON.stringify(raw)} to be rejected`);
}

describe("wissel:azure settings", () => {
  it("accepts the required keys and defaults redundancy to ZRS", () => {
    expect(parseSettings(SETTINGS)).toEqual({
      location: "westeurope",
      resourceGroupName: "rg-wissel-test",
      subscriptionId: SUBSCRIPTION,
      redundancy: "ZRS",
      postgresAppPasswords: {},
      region: { id: "westeurope", country: "NL", location: "West Europe (Amsterdam)", zones: true },
    });
  });

  it("keeps the PostgreSQL passwords and private access settings", () => {
    const network = { delegatedSubnetId: SUBNET_ID, privateDnsZoneId: DNS_ZONE_ID };
    expect(
      parseSettings({
        ...SETTINGS,
        postgresAdminPassword: ADMIN_PASSWORD,
        postgresAppPasswords: { orders: APP_PASSWORD },
        postgres: network,
      }),
    ).toMatchObject({
      postgresAdminPassword: ADMIN_PASSWORD,
      postgresAppPasswords: { orders: APP_PASSWORD },
      postgres: network,
    });
  });

  it("takes wissel plan's placeholder for a secret it cannot decrypt as an admin password", () => {
    expect(
      parseSettings({ ...SETTINGS, postgresAdminPassword: PLAN_SECRET_PLACEHOLDER })
        .postgresAdminPassword,
    ).toBe(PLAN_SECRET_PLACEHOLDER);
  });

  it.each([
    ["Sh0rt!", "must be 8 to 128 characters long"],
    [
      "alllowercaseletters",
      "must contain characters of three of these kinds: upper case letters, lower case letters, digits, other characters",
    ],
    ["ALLUPPER-and-lower", undefined],
    ["Abc123wisseladmin!", "must not contain the login name wisseladmin"],
    ["Pass word 123", "must be printable ASCII without spaces"],
    ["Adm1n-Pa55word", undefined],
  ])("checks an admin password %j against Azure's rules", (password, problem) => {
    expect(adminPasswordProblem(password)).toBe(problem);
  });

  it("normalises the subscription id to lower case and keeps an explicit LRS", () => {
    const settings = parseSettings({
      ...SETTINGS,
      subscriptionId: SUBSCRIPTION.toUpperCase(),
      redundancy: "LRS",
    });
    expect([settings.subscriptionId, settings.redundancy]).toEqual([SUBSCRIPTION, "LRS"]);
  });

  it("accepts resource group names with periods, parentheses and letters beyond ASCII", () => {
    expect(
      parseSettings({ ...SETTINGS, resourceGroupName: "rg.gemeente_(prod)-ë" }).resourceGroupName,
    ).toBe("rg.gemeente_(prod)-ë");
  });

  it("keeps authorized IP ranges for the API server, addresses and CIDR blocks alike", () => {
    expect(
      parseSettings({
        ...SETTINGS,
        apiServerAuthorizedIpRanges: ["203.0.113.0/24", "198.51.100.7"],
      }).apiServerAuthorizedIpRanges,
    ).toEqual(["203.0.113.0/24", "198.51.100.7"]);
  });

  it("places resources in the region's country", () => {
    expect(
      adapter.placement(parseSettings({ ...SETTINGS, location: "swedencentral" })),
    ).toMatchObject({ region: "swedencentral", country: "SE" });
  });

  const cases: ReadonlyArray<{ what: string; raw: unknown; expected: readonly string[] }> = [
    {
      what: "unset",
      raw: undefined,
      expected: [
        "stack config: wissel:azure.location is required (received nothing). Run pulumi config set --path 'wissel:azure.location' westeurope.",
        "wissel:azure.resourceGroupName is required (received nothing). Run pulumi config set --path 'wissel:azure.resourceGroupName' rg-team-workspace.",
        "wissel:azure.subscriptionId is required (received nothing). Run pulumi config set --path 'wissel:azure.subscriptionId' 00000000-0000-0000-0000-000000000000.",
      ],
    },
    {
      what: "not an object",
      raw: "westeurope",
      expected: [
        'wissel:azure must be an object with location, resourceGroupName and subscriptionId (received "westeurope")',
        "pulumi config set --path 'wissel:azure.location' westeurope",
      ],
    },
    {
      what: "a misspelt region",
      raw: { ...SETTINGS, location: "westeuorpe" },
      expected: [
        "wissel:azure.location must be one of the regions Wissel knows: westeurope (NL)",
        '(received "westeuorpe")',
        "Did you mean westeurope? Run pulumi config set --path 'wissel:azure.location' westeurope.",
      ],
    },
    {
      what: "a display name instead of a region id",
      raw: { ...SETTINGS, location: "West Europe" },
      expected: [
        "wissel:azure.location must be one of the regions",
        '(received "West Europe")',
        "pulumi config set --path 'wissel:azure.location'",
      ],
    },
    {
      what: "a resource group name with a slash",
      raw: { ...SETTINGS, resourceGroupName: "rg/prod" },
      expected: [
        "wissel:azure.resourceGroupName must be an Azure resource group name",
        '(received "rg/prod")',
        "pulumi config set --path 'wissel:azure.resourceGroupName' rg-team-workspace",
      ],
    },
    {
      what: "a resource group name ending in a period",
      raw: { ...SETTINGS, resourceGroupName: "rg-prod." },
      expected: ["not ending in a period", '(received "rg-prod.")'],
    },
    {
      what: "a resource group name over 90 characters",
      raw: { ...SETTINGS, resourceGroupName: "r".repeat(91) },
      expected: ["1–90 letters", `(received "${"r".repeat(91)}")`],
    },
    {
      what: "a subscription name instead of its id",
      raw: { ...SETTINGS, subscriptionId: "Gemeente Productie" },
      expected: [
        "wissel:azure.subscriptionId must be a subscription id (a UUID",
        '(received "Gemeente Productie")',
        "az account show --query id -o tsv",
        "pulumi config set --path 'wissel:azure.subscriptionId' <id>",
      ],
    },
    {
      what: "a numeric location",
      raw: { ...SETTINGS, location: 7 },
      expected: [
        "wissel:azure.location must be a non-empty string (received 7)",
        "pulumi config set --path 'wissel:azure.location' westeurope",
      ],
    },
    {
      what: "geo-redundancy, which would copy data to another region",
      raw: { ...SETTINGS, redundancy: "GRS" },
      expected: ['wissel:azure.redundancy must be one of "LRS", "ZRS" (received "GRS")'],
    },
    {
      what: "ZRS by default in a region without zones",
      raw: { ...SETTINGS, location: "germanynorth" },
      expected: [
        "wissel:azure.redundancy must be LRS in germanynorth, which has no availability zones",
        '(received "ZRS")',
        "pulumi config set --path 'wissel:azure.redundancy' LRS",
      ],
    },
    {
      what: "authorized IP ranges given as one string",
      raw: { ...SETTINGS, apiServerAuthorizedIpRanges: "203.0.113.0/24" },
      expected: [
        'wissel:azure.apiServerAuthorizedIpRanges must be a non-empty list of IPv4 CIDR blocks (received "203.0.113.0/24")',
        "pulumi config set --path 'wissel:azure.apiServerAuthorizedIpRanges[0]' 203.0.113.0/24",
      ],
    },
    {
      what: "an empty list of authorized IP ranges",
      raw: { ...SETTINGS, apiServerAuthorizedIpRanges: [] },
      expected: [
        "wissel:azure.apiServerAuthorizedIpRanges must be a non-empty list",
        "(received [])",
        "or remove the key",
      ],
    },
    {
      what: "an authorized IP range with an octet over 255",
      raw: { ...SETTINGS, apiServerAuthorizedIpRanges: ["203.0.113.0/24", "10.0.256.0/24"] },
      expected: [
        'wissel:azure.apiServerAuthorizedIpRanges[1] must be an IPv4 address or CIDR block such as 203.0.113.0/24: 10.0.256.0 has an octet above 255 (received "10.0.256.0/24")',
        "pulumi config set --path 'wissel:azure.apiServerAuthorizedIpRanges[1]'",
      ],
    },
    {
      what: "an authorized IP range with a zero-padded octet, which some parsers read as octal",
      raw: { ...SETTINGS, apiServerAuthorizedIpRanges: ["010.0.0.0/8"] },
      expected: [
        "apiServerAuthorizedIpRanges[0] must be an IPv4 address or CIDR block such as 203.0.113.0/24: 010.0.0.0 has an octet with a leading zero",
        "pulumi config set --path 'wissel:azure.apiServerAuthorizedIpRanges[0]' 10.0.0.0/8",
      ],
    },
    {
      what: "an authorized IP range with host bits set",
      raw: { ...SETTINGS, apiServerAuthorizedIpRanges: ["203.0.113.7/24"] },
      expected: [
        "203.0.113.7 has host bits set for a /24: the network is 203.0.113.0/24",
        "pulumi config set --path 'wissel:azure.apiServerAuthorizedIpRanges[0]' 203.0.113.0/24",
      ],
    },
    {
      what: "a bare authorized address with a zero-padded octet",
      raw: { ...SETTINGS, apiServerAuthorizedIpRanges: ["198.51.100.07"] },
      expected: [
        "198.51.100.07 has an octet with a leading zero",
        "pulumi config set --path 'wissel:azure.apiServerAuthorizedIpRanges[0]' 198.51.100.7",
      ],
    },
    {
      what: "an authorized IP range that authorizes everything",
      raw: { ...SETTINGS, apiServerAuthorizedIpRanges: ["0.0.0.0/0"] },
      expected: [
        'wissel:azure.apiServerAuthorizedIpRanges[0] must not authorize every address (a /0 range restricts nothing) (received "0.0.0.0/0")',
        "Remove the key",
      ],
    },
    {
      what: "an IPv6 authorized range, which AKS does not take",
      raw: { ...SETTINGS, apiServerAuthorizedIpRanges: ["2001:db8::/32"] },
      expected: [
        "apiServerAuthorizedIpRanges[0] must be an IPv4 address or CIDR block",
        '(received "2001:db8::/32")',
      ],
    },
    {
      what: "an unknown key",
      raw: { ...SETTINGS, resourceGroupNme: "rg" },
      expected: [
        "wissel:azure.resourceGroupNme is not a setting of wissel:azure (received a string of 2 characters, not shown)",
        "Did you mean wissel:azure.resourceGroupName?",
      ],
    },
    {
      what: "a weak admin password, without showing it",
      raw: { ...SETTINGS, postgresAdminPassword: "password" },
      expected: [
        "wissel:azure.postgresAdminPassword must contain characters of three of these kinds: upper case letters, lower case letters, digits, other characters (received a string of 8 characters, not shown)",
        `Set a generated one: pulumi config set --secret --path 'wissel:azure.postgresAdminPassword' "$(openssl rand -base64 32)".`,
      ],
    },
    {
      what: "a misspelt admin password key, without showing the value",
      raw: { ...SETTINGS, postgresAdminPasword: "Hunter2-Hunter2" },
      expected: [
        "wissel:azure.postgresAdminPasword is not a setting of wissel:azure (received a string of 15 characters, not shown)",
        "Did you mean wissel:azure.postgresAdminPassword?",
      ],
    },
    {
      what: "a short app role password",
      raw: { ...SETTINGS, postgresAppPasswords: { orders: "tooshort" } },
      expected: [
        "wissel:azure.postgresAppPasswords.orders must be 16 to 128 characters long (received a string of 8 characters, not shown)",
        `pulumi config set --secret --path 'wissel:azure.postgresAppPasswords.orders' "$(openssl rand -base64 32)"`,
      ],
    },
    {
      what: "app role passwords as a list",
      raw: { ...SETTINGS, postgresAppPasswords: ["app-role-password-0123456789"] },
      expected: [
        "wissel:azure.postgresAppPasswords must be a map from PostgresDatabase name to a secret password (received a list of 1 item, not shown)",
      ],
    },
    {
      what: "private access given as a list",
      raw: { ...SETTINGS, postgres: [SUBNET_ID, DNS_ZONE_ID] },
      expected: [
        'wissel:azure.postgres must be an object with delegatedSubnetId and privateDnsZoneId (received ["/subscriptions/',
        "pulumi config set --path 'wissel:azure.postgres.delegatedSubnetId' /subscriptions/<id>/",
      ],
    },
    {
      what: "an unknown key of private access",
      raw: {
        ...SETTINGS,
        postgres: {
          delegatedSubnetId: SUBNET_ID,
          privateDnsZoneId: DNS_ZONE_ID,
          subnetId: SUBNET_ID,
        },
      },
      expected: [
        "wissel:azure.postgres.subnetId is not a setting of wissel:azure.postgres",
        "Remove it; the settings are: delegatedSubnetId, privateDnsZoneId.",
      ],
    },
    {
      what: "a short app role password of a database whose name has a dot",
      raw: { ...SETTINGS, postgresAppPasswords: { "orders.v2": "tooshort" } },
      expected: [
        `wissel:azure.postgresAppPasswords["orders.v2"] must be 16 to 128 characters long (received a string of 8 characters, not shown)`,
        `pulumi config set --secret --path 'wissel:azure.postgresAppPasswords["orders.v2"]' "$(openssl rand -base64 32)"`,
      ],
    },
    {
      what: "a subnet name instead of its resource id",
      raw: {
        ...SETTINGS,
        postgres: { delegatedSubnetId: "snet-postgres", privateDnsZoneId: DNS_ZONE_ID },
      },
      expected: [
        'wissel:azure.postgres.delegatedSubnetId must be the resource id of a subnet (received "snet-postgres")',
        "pulumi config set --path 'wissel:azure.postgres.delegatedSubnetId' /subscriptions/<id>/",
      ],
    },
    {
      what: "a private DNS zone Flexible Server refuses",
      raw: {
        ...SETTINGS,
        postgres: {
          delegatedSubnetId: SUBNET_ID,
          privateDnsZoneId: DNS_ZONE_ID.replace(
            "wissel.postgres.database.azure.com",
            "db.internal",
          ),
        },
      },
      expected: [
        "wissel:azure.postgres.privateDnsZoneId must be the resource id of a private DNS zone whose name ends in .postgres.database.azure.com",
        "privateDnsZones/db.internal",
      ],
    },
    {
      what: "private access without a DNS zone",
      raw: { ...SETTINGS, postgres: { delegatedSubnetId: SUBNET_ID } },
      expected: [
        "wissel:azure.postgres.privateDnsZoneId is required: the private DNS zone of PostgreSQL servers with private access (received nothing)",
      ],
    },
  ];

  it.each(cases)("rejects $what with the key, the value and the fix", ({ raw, expected }) => {
    const message = failure(raw);
    for (const part of expected) expect(message).toContain(part);
  });

  it("parses the team-workspace stack file for Azure", () => {
    const file = path.resolve(__dirname, "../../../stacks/team-workspace/Pulumi.azure.yaml");
    const config = (parse(readFileSync(file, "utf8")) as { config: Record<string, unknown> })
      .config;
    // Only the wissel namespace is Wissel's; the project's own keys (team-workspace:*) are the program's.
    // `secure:` values arrive as wissel plan passes them: its placeholder.
    const plain = JSON.parse(JSON.stringify(config), (_key, value: unknown) =>
      typeof value === "object" &&
      value !== null &&
      Object.keys(value).length === 1 &&
      "secure" in value
        ? PLAN_SECRET_PLACEHOLDER
        : value,
    ) as Record<string, unknown>;
    const values = Object.fromEntries(
      Object.entries(plain)
        .filter(([key]) => key.startsWith("wissel:"))
        .map(([key, value]) => [key.replace(/^wissel:/, ""), value]),
    );
    const stack = parseStackConfig(values);
    expect(stack.target).toBe("azure");
    expect(parseSettings(stack.adapterSettings["azure"])).toMatchObject({
      location: "westeurope",
      redundancy: "ZRS",
    });
  });
});
