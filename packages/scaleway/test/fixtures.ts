/** Shared stack config and provider-output fakes for the Scaleway tests. */
import { unwrapSecrets, type OutputFaker } from "@wissel/testing";

export const PROJECT_ID = "11111111-2222-4333-8444-555555555555";
export const DEPLOYER = "user_id:aaaaaaaa-0000-4000-8000-00000000d3b1";
export const SETTINGS = { region: "nl-ams", projectId: PROJECT_ID, deployerPrincipal: DEPLOYER };
export const CONFIG = { "wissel:target": "scaleway", "wissel:scaleway": SETTINGS };

export const ACCESS_KEY = "SCWTESTACCESSKEY0001";
export const SECRET_KEY = "5e0c7a1e-0000-4000-8000-5ec2e7000001";

/** The DKIM record Transactional Email gives a domain: named after the project, its key's text. */
export const TEM_DKIM_NAME = `${PROJECT_ID}._domainkey`;
export const TEM_DKIM_CONFIG =
  "v=DKIM1; h=sha256; k=rsa; p=MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAtemkey";

/**
 * What Scaleway computes: the API key's access and secret keys, and a Transactional Email domain's
 * records and SMTP login. Ids come from the harness (`<name>-id`).
 */
export const outputs: OutputFaker = (args) => {
  switch (args.type) {
    case "scaleway:iam/apiKey:ApiKey":
      return { accessKey: ACCESS_KEY, secretKey: SECRET_KEY };
    case "scaleway:tem/domain:Domain":
      return {
        spfConfig: "include:_spf.tem.scaleway.com",
        spfValue: "v=spf1 include:_spf.tem.scaleway.com -all",
        dkimName: TEM_DKIM_NAME,
        dkimConfig: TEM_DKIM_CONFIG,
        smtpsAuthUser: args.inputs["projectId"],
        smtpHost: "smtp.tem.scaleway.com",
        smtpPort: 587,
        status: "pending",
      };
    default:
      return undefined;
  }
};

/** What Kapsule computes for a cluster: its API URL and its admin kubeconfig, with the CA base64-encoded. */
export const API_SERVER_URL =
  "https://6a2f0c1e-0000-4000-8000-0000000000a1.api.k8s.nl-ams.scw.cloud:6443";
export const CA_PEM =
  "-----BEGIN CERTIFICATE-----\nMIIBdzCCAR2gAwIBAgIBADAKBggqhkjOPQQDAjAjMSEwHwYDVQQDDBhrOHMtY2Et\n-----END CERTIFICATE-----\n";
export const ADMIN_TOKEN = "kapsule-admin-token-0001";
export const ADMIN_KUBECONFIG = [
  "apiVersion: v1",
  "kind: Config",
  "clusters:",
  `- name: apps`,
  `  cluster:`,
  `    server: ${API_SERVER_URL}`,
  `    certificate-authority-data: ${Buffer.from(CA_PEM).toString("base64")}`,
  "users:",
  "- name: apps-admin",
  "  user:",
  `    token: ${ADMIN_TOKEN}`,
  "",
].join("\n");
/** The CI ServiceAccount's token, as the token controller writes it into the Secret. */
export const CI_TOKEN = "eyJhbGciOiJSUzI1NiJ9.ci-token";

/** The provider reference each registration carried, by `<type> <name>`. */
export const providers = new Map<string, string | undefined>();

/** Scaleway's and the Kubernetes API's computed outputs, for the cluster and namespace tests. */
export const clusterOutputs: OutputFaker = (args) => {
  providers.set(`${args.type} ${args.name}`, args.provider);
  switch (args.type) {
    case "scaleway:kubernetes/cluster:Cluster":
      return {
        apiserverUrl: API_SERVER_URL,
        kubeconfigs: [
          {
            configFile: ADMIN_KUBECONFIG,
            clusterCaCertificate: Buffer.from(CA_PEM).toString("base64"),
            host: API_SERVER_URL,
            token: ADMIN_TOKEN,
          },
        ],
      };
    case "kubernetes:core/v1:Secret":
      return kubernetesSecret(args.inputs as { type?: unknown; stringData?: unknown });
    default:
      return outputs(args);
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

/** The mail server's settings on Scaleway: its image. */
export const MAIL = { image: "registry.example.nl/wissel/mail-server:1.0.0" };
/** Stack config with the mail server's settings. */
export const MAIL_CONFIG = { ...CONFIG, "wissel:scaleway": { ...SETTINGS, mail: MAIL } };

/** The private address IPAM gives a database instance, and the certificate Scaleway publishes for it. */
export const DB_PRIVATE_IP = "172.16.8.4";
export const DB_CERTIFICATE =
  "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUc2NhbGV3YXktcmRiLWNlcnQwCgYIKoZIzj0EAwIwFjEU\n-----END CERTIFICATE-----\n";

/** What Scaleway computes for a database instance: its private endpoint and certificate. */
export const postgresOutputs: OutputFaker = (args) => {
  switch (args.type) {
    case "scaleway:databases/instance:Instance": {
      const requested = (args.inputs["privateNetwork"] ?? {}) as Record<string, unknown>;
      return {
        ...args.inputs,
        privateNetwork: {
          ...requested,
          ip: DB_PRIVATE_IP,
          port: 5432,
          hostname: "",
          endpointId: "endpoint-1",
        },
        certificate: DB_CERTIFICATE,
      };
    }
    default:
      return clusterOutputs(args);
  }
};
