/** Stack config and fake Magnum outputs shared by the contract suites. */
import type * as pulumi from "@pulumi/pulumi";
import { DEFAULT_KUBERNETES_VERSION } from "@wissel/core";
import { unwrapSecrets } from "@wissel/testing";
import { CLUSTER_TYPE } from "../src/cluster";
import { TROVE_INSTANCE_TYPE } from "../src/postgres";

export const OPERATOR = {
  name: "Voorbeeld Cloud",
  legalEntity: "Voorbeeld Cloud B.V.",
  country: "NL",
};

export const KUBERNETES = {
  externalNetworkId: "0f7a3e1c-4b2d-4e8a-9c6f-1d2e3f4a5b6c",
  // An image for core's default minor, so a cluster without a version builds.
  images: {
    [DEFAULT_KUBERNETES_VERSION]: {
      image: `ubuntu-2204-kube-v${DEFAULT_KUBERNETES_VERSION}.1`,
      kubeTag: `v${DEFAULT_KUBERNETES_VERSION}.1`,
    },
  },
  flavors: [
    { name: "c2.medium", vcpu: 2, memoryGiB: 4 },
    { name: "m2.large", vcpu: 2, memoryGiB: 8 },
    { name: "m4.xlarge", vcpu: 4, memoryGiB: 16 },
    { name: "m32.8xlarge", vcpu: 32, memoryGiB: 128 },
  ],
};

/** Stack config with Magnum settings; `kubernetes` overrides merge into them. */
export function stackConfig(kubernetes: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    "wissel:target": "openstack",
    "wissel:openstack": {
      region: "AMS1",
      s3Endpoint: "https://s3.ams1.openstack.example",
      operator: OPERATOR,
      kubernetes: { ...KUBERNETES, ...kubernetes },
    },
  };
}

export const API = "https://203.0.113.10:6443";
export const CA_PEM =
  "-----BEGIN CERTIFICATE-----\nMIIBdzCCAR2gAwIBAgIBADAKBggqhkjOPQQDAjAjMSEwHwYDVQQDDBhtYWdudW0t\n-----END CERTIFICATE-----\n";
export const ADMIN_KUBECONFIG = `apiVersion: v1\nkind: Config\nclusters:\n- name: apps\n  cluster:\n    server: ${API}\n`;

/**
 * Magnum computes the API address and the kubeconfig attribute once the cluster exists; Trove the
 * instance's addresses.
 */
export function outputs(
  args: pulumi.runtime.MockResourceArgs,
): Record<string, unknown> | undefined {
  if (args.type === CLUSTER_TYPE)
    return {
      apiAddress: API,
      kubeconfig: { host: API, clusterCaCertificate: CA_PEM, rawConfig: ADMIN_KUBECONFIG },
    };
  if (args.type === TROVE_INSTANCE_TYPE) return { addresses: [TROVE_ADDRESS] };
  if (args.type === "kubernetes:core/v1:Secret") return kubernetesSecret(args);
  return undefined;
}

const base64 = (text: string): string => Buffer.from(text).toString("base64");

/** What the API server and the controllers write into the Secrets the namespace and the database use. */
function kubernetesSecret(
  args: pulumi.runtime.MockResourceArgs,
): Record<string, unknown> | undefined {
  const type = (args.inputs as { type?: unknown }).type;
  // The token controller fills a ServiceAccount token Secret in.
  if (type === "kubernetes.io/service-account-token")
    return { data: { token: base64(CI_TOKEN), "ca.crt": base64(CA_PEM) } };
  // Every Secret Wissel writes itself: the API server turns stringData into data.
  if (type === "kubernetes.io/basic-auth" || type === "Opaque") {
    // The API server turns stringData into base64 data, which the provider reports back.
    const stringData = (unwrapSecrets((args.inputs as { stringData?: unknown }).stringData)[0] ??
      {}) as Record<string, string>;
    return {
      data: Object.fromEntries(
        Object.entries(stringData).map(([key, value]) => [key, base64(value)]),
      ),
    };
  }
  // CloudNativePG's CA Secret, read by id: the CA certificate and its signing key.
  if (args.id?.endsWith("-ca") === true)
    return { data: { "ca.crt": base64(CNPG_CA), "ca.key": base64("cnpg-ca-private-key") } };
  return undefined;
}

/** The token of the namespace's CI ServiceAccount. */
export const CI_TOKEN = "eyJhbGciOiJSUzI1NiJ9.ci.sig";

/** The CA CloudNativePG generates for a cluster (its `<cluster>-ca` Secret). */
export const CNPG_CA =
  "-----BEGIN CERTIFICATE-----\nMIIBpzCCAU2gAwIBAgIRAJ2cnpnLWNhLWZvci10ZXN0czAKBggqhkjOPQQDAjAk\n-----END CERTIFICATE-----\n";

/** The Barman Cloud ObjectStore the team's namespace holds, and its retention. */
export const BACKUP_STORE = { name: "pg-backups", retentionDays: 30 };

/** Stack config without Trove: databases run as CloudNativePG on Magnum, backed up to BACKUP_STORE. */
export function cloudNativeStackConfig(
  postgres: Record<string, unknown> = {},
): Record<string, unknown> {
  const base = stackConfig();
  const settings = base["wissel:openstack"] as Record<string, unknown>;
  return {
    ...base,
    "wissel:openstack": { ...settings, postgres: { backupObjectStore: BACKUP_STORE, ...postgres } },
  };
}

/** A CA certificate generated for these tests (EC P-256, CA:TRUE), standing for the one that signs Trove's server certificates. */
export const TROVE_CA = `-----BEGIN CERTIFICATE-----
MIIBoTCCAUegAwIBAgIUV5iIf/FAbrIqGvf6sbWJEvEoXhowCgYIKoZIzj0EAwIw
HTEbMBkGA1UEAwwSVm9vcmJlZWxkIFRyb3ZlIENBMCAXDTI2MTEyODIxNDMyMVoY
DzIxMjYxMTA0MjE0MzIxWjAdMRswGQYDVQQDDBJWb29yYmVlbGQgVHJvdmUgQ0Ew
WTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAAQ29ne1tOgeIzq3stlLgN0M4TxungaY
VsvkLhO2I+VC66fRtx9sB3ixUdDy9TTDSv+mAMg71G/BT9dIk4gEP3Gko2MwYTAd
BgNVHQ4EFgQUUJAefe+wySfDnAf8iKKZzc7GwPkwHwYDVR0jBBgwFoAUUJAefe+w
ySfDnAf8iKKZzc7GwPkwDwYDVR0TAQH/BAUwAwEB/zAOBgNVHQ8BAf8EBAMCAQYw
CgYIKoZIzj0EAwIDSAAwRQIhAIBXVIWCXV2QtfhMPghXimcN2fU+nBVcWUAZ0Ali
2HtLAiASbZHyf6dnWTsSMmd5Ndu/MGEQvaNCJMTw0dj+5LjJBg==
-----END CERTIFICATE-----
`;

/** A leaf certificate (CA:FALSE), which is not a CA and must be refused as one. */
export const LEAF_CERTIFICATE = `-----BEGIN CERTIFICATE-----
MIIBfTCCASSgAwIBAgIUMYK4B7TngHSDGnBsWmJWPtAjuKowCgYIKoZIzj0EAwIw
FTETMBEGA1UEAwwKZGIuZXhhbXBsZTAgFw0yNjExMjgyMTQzMjFaGA8yMTI2MTEw
NDIxNDMyMVowFTETMBEGA1UEAwwKZGIuZXhhbXBsZTBZMBMGByqGSM49AgEGCCqG
SM49AwEHA0IABOcEa5PS4cuM1rr5g8lj//UbyaAxnLp3lRe+1clPqdcaFL2NYiWm
Qr5/a7fjcnva2uQKGJvqaizuRtc4kwsQQDKjUDBOMB0GA1UdDgQWBBSHGn81LJVk
LqDMPOt9Np9pZA9eCzAfBgNVHSMEGDAWgBSHGn81LJVkLqDMPOt9Np9pZA9eCzAM
BgNVHRMBAf8EAjAAMAoGCCqGSM49BAMCA0cAMEQCICc4W5fZw+cAH1NuNWx1LTt+
QftVH1qIf53IWq8qrGMvAiB3Hg/pLdszklQ0zp+5UK1RqjlLpvCph0fmVGEY/l46
KA==
-----END CERTIFICATE-----
`;

/** A password seed as `openssl rand -base64 32` prints one. */
export const PASSWORD_SEED = "q0ZJr3b1s7YH6mQ0yq2l4m6X9Cw5Ue8vJt1nK4pA7rI=";

/** Trove settings of a cloud that offers PostgreSQL 16 and 17 on three database flavors. */
export const TROVE = {
  trove: true,
  networkId: "5c2b7e4a-1f3d-4a6b-8c9e-0d1f2a3b4c5d",
  versions: { "16": "16.6", "17": "17.4" },
  flavors: [
    { name: "db.small", id: "7d3f0c1e-0a9b-4c8d-9e7f-1a2b3c4d5e6f", vcpu: 2, memoryGiB: 4 },
    { name: "db.medium", id: "8e4a1d2f-1b0c-4d9e-8f7a-2b3c4d5e6f70", vcpu: 4, memoryGiB: 16 },
    { name: "db.xlarge", id: "9f5b2e3a-2c1d-4e0f-9a8b-3c4d5e6f7081", vcpu: 16, memoryGiB: 64 },
  ],
  maxVolumeGiB: 1024,
  caCertificate: TROVE_CA,
  passwordSeed: PASSWORD_SEED,
  // The operator's own backup schedule keeps 30 days; Trove backups have no Pulumi resource.
  scheduledBackupRetentionDays: 30,
};

/** Stack config that runs PostgreSQL on Trove; `trove` overrides merge into its settings. */
export function troveStackConfig(trove: Record<string, unknown> = {}): Record<string, unknown> {
  const base = stackConfig();
  const settings = base["wissel:openstack"] as Record<string, unknown>;
  return { ...base, "wissel:openstack": { ...settings, postgres: { ...TROVE, ...trove } } };
}

/** The private address Trove gives an instance on the stack's network. */
export const TROVE_ADDRESS = "10.20.0.12";

/** The mail server's image, for MailDomain and Mailbox on a Magnum cluster. */
export const MAIL = { image: "registry.example.nl/wissel/mail-server:1.0.0" };

/** Stack config with the mail server's image set. */
export function mailStackConfig(): Record<string, unknown> {
  const base = stackConfig();
  const settings = base["wissel:openstack"] as Record<string, unknown>;
  return { ...base, "wissel:openstack": { ...settings, mail: MAIL } };
}
