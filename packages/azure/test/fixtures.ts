/** Shared stack config and provider-output fakes for the Azure tests. */
import { unwrapSecrets, type OutputFaker } from "@wissel/testing";

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
      return kubernetesSecret(args.inputs as { type?: unknown; stringData?: unknown });
    case "azuread:index/application:Application":
      return { clientId: SMTP_APP_CLIENT_ID, objectId: "dddddddd-0000-4000-8000-0000000a9901" };
    case "azuread:index/servicePrincipal:ServicePrincipal":
      return { objectId: "eeeeeeee-0000-4000-8000-0000000a9902" };
    case "azuread:index/applicationPassword:ApplicationPassword":
      return { value: SMTP_APP_SECRET };
    case "azure-native:communication:Domain":
      return { verificationRecords: acsVerificationRecords(inputs["domainName"] ?? "") };
    default:
      return undefined;
  }
};

const base64 = (text: string): string => Buffer.from(text).toString("base64");

/** What the API server writes back: a token Secret filled in, or stringData turned into data. */
function kubernetesSecret(inputs: { type?: unknown; stringData?: unknown }) {
  const [stringData] = unwrapSecrets(inputs.stringData);
  if (inputs.type !== "kubernetes.io/service-account-token" && isRecord(stringData))
    return {
      data: Object.fromEntries(
        Object.entries(stringData).map(([key, value]) => [key, base64(String(value))]),
      ),
    };
  return { data: { token: base64(CI_TOKEN) } };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

/** The SMTP login's Entra application and its client secret. */
export const SMTP_APP_CLIENT_ID = "ffffffff-0000-4000-8000-00000000a99c";
export const SMTP_APP_SECRET = "acs-smtp-client-secret~for-tests";

/** The records Communication Services asks a customer-managed domain to publish. */
export function acsVerificationRecords(domain: string) {
  return {
    domain: { name: "@", type: "TXT", value: `ms-domain-verification=5f1c-${domain}`, ttl: 3600 },
    sPF: {
      name: "@",
      type: "TXT",
      value: "v=spf1 include:spf.protection.outlook.com -all",
      ttl: 3600,
    },
    dKIM: {
      name: "selector1-azurecomm-prod-net._domainkey",
      type: "CNAME",
      value: "selector1-azurecomm-prod-net._domainkey.azurecomm.net",
      ttl: 3600,
    },
    dKIM2: {
      name: "selector2-azurecomm-prod-net._domainkey",
      type: "CNAME",
      value: "selector2-azurecomm-prod-net._domainkey.azurecomm.net",
      ttl: 3600,
    },
  };
}

/** The mail server's settings on Azure: its image and the tenant of its SMTP login. */
export const MAIL = { image: "registry.example.nl/wissel/mail-server:1.0.0", tenantId: TENANT_ID };

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
