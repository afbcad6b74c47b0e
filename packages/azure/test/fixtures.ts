/** Shared stack config and provider-output fakes for the Azure tests. */
import type { OutputFaker } from "@wissel/testing";

export const SUBSCRIPTION = "11111111-2222-3333-4444-555555555555";
export const SETTINGS = {
  location: "westeurope",
  resourceGroupName: "rg-wissel-test",
  subscriptionId: SUBSCRIPTION,
};
export const CONFIG = { "wissel:target": "azure", "wissel:azure": SETTINGS };

export const CLIENT_ID = "aaaaaaaa-0000-4000-8000-00000000c11e";
export const TENANT_ID = "bbbbbbbb-0000-4000-8000-0000000000e7";
export const PRINCIPAL_ID = "cccccccc-0000-4000-8000-00000000f00d";

/** The FQDN Azure gives an AKS cluster: its DNS prefix, a random suffix and the region. */
export function aksFqdn(dnsPrefix: string): string {
  return `${dnsPrefix}-9f3c2a1b.hcp.westeurope.azmk8s.io`;
}

/** The token the cluster's token controller writes into the CI ServiceAccount's Secret. */
export const CI_TOKEN = "eyJhbGciOiJSUzI1NiJ9.ci-token.signature";

/** What Azure and the cluster compute: account name and endpoints, container name, identity ids, cluster FQDN, the CI token. */
export const outputs: OutputFaker = (args) => {
  const inputs = args.inputs as Record<string, string>;
  switch (args.type) {
    case "azure-native:storage:StorageAccount":
      return {
        name: inputs["accountName"],
        primaryEndpoints: { blob: `https://${inputs["accountName"]}.blob.core.windows.net/` },
      };
    case "azure-native:storage:BlobContainer":
      return { name: inputs["containerName"] };
    case "azure-native:managedidentity:UserAssignedIdentity":
      return {
        name: inputs["resourceName"],
        clientId: CLIENT_ID,
        tenantId: TENANT_ID,
        principalId: PRINCIPAL_ID,
      };
    case "azure-native:containerservice:ManagedCluster":
      return { name: inputs["resourceName"], fqdn: aksFqdn(inputs["dnsPrefix"] ?? "") };
    case "kubernetes:core/v1:Secret":
      return { data: { token: Buffer.from(CI_TOKEN).toString("base64") } };
    default:
      return undefined;
  }
};

/** Secret stack values a PostgresDatabase needs on Azure (as `pulumi config set --secret` stores them). */
export const ADMIN_PASSWORD = "Adm1n-Pa55word-for-tests";
export const APP_PASSWORD = "app-role-password-0123456789";
/** Private access: a subnet delegated to Flexible Server and its private DNS zone. */
export const SUBNET_ID = `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-network/providers/Microsoft.Network/virtualNetworks/vnet-apps/subnets/snet-postgres`;
export const DNS_ZONE_ID = `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-network/providers/Microsoft.Network/privateDnsZones/wissel.postgres.database.azure.com`;

/** Stack config with the Postgres secrets for the given database names, and optionally private access. */
export function postgresConfig(
  names: readonly string[],
  privateAccess = false,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    ...CONFIG,
    "wissel:azure": {
      ...SETTINGS,
      postgresAdminPassword: ADMIN_PASSWORD,
      postgresAppPasswords: Object.fromEntries(names.map((name) => [name, APP_PASSWORD])),
      ...(privateAccess
        ? { postgres: { delegatedSubnetId: SUBNET_ID, privateDnsZoneId: DNS_ZONE_ID } }
        : {}),
      ...extra,
    },
  };
}
