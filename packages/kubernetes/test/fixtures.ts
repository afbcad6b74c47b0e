/** Stack config and fake provider outputs shared by this package's tests. */
import type * as pulumi from "@pulumi/pulumi";
import { unwrapSecrets, validateCustomResource, type SchemaError } from "@wissel/testing";
import {
  isRefusal,
  type AdapterBlock,
  type BuildableKind,
  type Issue,
  type SpecOf,
} from "@wissel/core";
import type { KubernetesSettings } from "../src/settings";

export const OPERATOR = {
  name: "Gemeente Amsterdam",
  legalEntity: "Gemeente Amsterdam",
  country: "NL",
};

/** Minimal settings of a municipality's own cluster with a Rook object store. */
export const SETTINGS = {
  namespace: "workspace",
  region: "ams-dc1",
  operator: OPERATOR,
  objectStorage: {
    storageClassName: "rook-ceph-bucket",
    endpoint: "https://s3.data.amsterdam.nl",
    encryptedAtRest: true,
  },
};

/** Stack config that targets the cluster with these settings. */
export function stackConfig(settings: unknown = SETTINGS): Record<string, unknown> {
  return { "wissel:target": "kubernetes", "wissel:kubernetes": settings };
}

export const ACCESS_KEY_ID = "RGWACCESSKEY0123";
export const SECRET_ACCESS_KEY = "rgw-secret-key-0123456789abcdef";

/** The token the fake token controller writes into a CI ServiceAccount's Secret. */
export const CI_TOKEN = "eyJhbGciOiJSUzI1NiJ9.ci-token-for-tests.signature";

/** A real, self-signed CA certificate (EC P-256, valid until 2046): settings parse it. */
export const CA_PEM =
  "-----BEGIN CERTIFICATE-----\nMIIBozCCAUmgAwIBAgIUToO528B/nJLtY0HhwtQiclq//nwwCgYIKoZIzj0EAwIw\nJzElMCMGA1UEAwwcazNzLXNlcnZlci1jYSAod2lzc2VsIHRlc3RzKTAeFw0yNjEy\nMDIxNjAyMjFaFw00NjExMjcxNjAyMjFaMCcxJTAjBgNVBAMMHGszcy1zZXJ2ZXIt\nY2EgKHdpc3NlbCB0ZXN0cykwWTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAASXh/7D\nKUVc+JylTgGPLU5ZkWGO7GitqcbtsoPsriY2nHNmNlQX1ECXSUeqQ/stooZ4R5Pu\nCZWAL2WjK0CzoDTQo1MwUTAdBgNVHQ4EFgQUwBZmsMoSeZ6z0IQscc4GYJF98AEw\nHwYDVR0jBBgwFoAUwBZmsMoSeZ6z0IQscc4GYJF98AEwDwYDVR0TAQH/BAUwAwEB\n/zAKBggqhkjOPQQDAgNIADBFAiAwxtXTT1AqWD7FJfPtx0QdXWnzjm/vuDbd+s0j\ne9bRdwIhAMjRiawnXPmeCPy/AYCGag+/U/mMBIbAreFnDjYEn61y\n-----END CERTIFICATE-----\n";

const base64 = (value: string): string => Buffer.from(value, "utf8").toString("base64");

/** What the fake provider saw: each registration's provider reference, and every claim's inputs. */
export interface Observed {
  readonly providers: Map<string, string | undefined>;
  readonly claims: Record<string, unknown>[];
}

export const observed: Observed = { providers: new Map(), claims: [] };

/**
 * Fake outputs: a read of a claim's Secret returns base64 credentials the way Rook writes them. Also
 * records each registration's provider and every claim's inputs.
 */
export function outputs(
  args: pulumi.runtime.MockResourceArgs,
): Record<string, unknown> | undefined {
  observed.providers.set(`${args.type} ${args.name}`, args.provider);
  if (
    args.type === "kubernetes:core/v1:Secret" &&
    (args.inputs as { type?: unknown }).type === "kubernetes.io/service-account-token"
  ) {
    // The token controller fills a ServiceAccount token Secret in with the token, the CA and the namespace.
    return { data: { token: base64(CI_TOKEN), "ca.crt": base64(CA_PEM) } };
  }
  if (args.type === "kubernetes:objectbucket.io/v1alpha1:ObjectBucketClaim")
    observed.claims.push(args.inputs as Record<string, unknown>);
  if (args.type === "kubernetes:core/v1:Secret" && args.id?.endsWith("-ca")) {
    // CloudNativePG's CA Secret: the CA certificate and its signing key.
    return { data: { "ca.crt": base64(CNPG_CA_PEM), "ca.key": base64("cnpg-ca-private-key") } };
  }
  if (
    args.type === "kubernetes:core/v1:Secret" &&
    (args.inputs as { stringData?: unknown }).stringData !== undefined
  ) {
    // The API server turns stringData into base64 data, which the provider reports back.
    const stringData = (unwrapSecrets((args.inputs as { stringData?: unknown }).stringData)[0] ??
      {}) as Record<string, string>;
    return {
      data: Object.fromEntries(
        Object.entries(stringData).map(([key, value]) => [key, base64(value)]),
      ),
    };
  }
  if (args.type === "kubernetes:core/v1:Secret" && args.id) {
    return {
      data: {
        AWS_ACCESS_KEY_ID: base64(ACCESS_KEY_ID),
        AWS_SECRET_ACCESS_KEY: base64(SECRET_ACCESS_KEY),
      },
    };
  }
  return undefined;
}

/** Validates every claim emitted since the last call against the ObjectBucketClaim CRD, and forgets them. */
export function claimSchemaErrors(): { name: unknown; errors: SchemaError[] }[] {
  const result = observed.claims.map((claim) => ({
    name: (claim["metadata"] as { name?: unknown } | undefined)?.name,
    errors: validateCustomResource(claim),
  }));
  observed.claims.length = 0;
  return result;
}

/** The CA CloudNativePG generates for a cluster (the fake `<cluster>-ca` Secret's ca.crt). */
export const CNPG_CA_PEM =
  "-----BEGIN CERTIFICATE-----\nMIIBpzCCAU2gAwIBAgIRAJ2cnpnLWNhLWZvci10ZXN0czAKBggqhkjOPQQDAjAk\n-----END CERTIFICATE-----\n";

/** A backup object store and its retention, for databases. */
export const POSTGRES = {
  storageClassName: "ceph-block",
  backupObjectStore: { name: "pg-backups", retentionDays: 30 },
};

/** Settings with databases on. */
export const POSTGRES_SETTINGS = { ...SETTINGS, postgres: POSTGRES };

/** The configured cluster: API server and CA, with NetworkPolicy enforcement attested. */
export const CLUSTER = {
  apiServerUrl: "https://api.dc1.example.nl:6443",
  caCertificate: CA_PEM,
  enforcesNetworkPolicy: true,
};

/** Settings of the cluster with its API server described, for KubernetesCluster and Namespace. */
export const CLUSTER_SETTINGS = { ...SETTINGS, cluster: CLUSTER };

/** The admin kubeconfig given as the secret `kubernetes:kubeconfig`. */
export const ADMIN_KUBECONFIG =
  "apiVersion: v1\nkind: Config\nclusters: []\ncurrent-context: admin@dc1\n";

/** Stack config for clusters and namespaces: the cluster settings and the secret admin kubeconfig. */
export function clusterStackConfig(settings: unknown = CLUSTER_SETTINGS): Record<string, unknown> {
  return { ...stackConfig(settings), "kubernetes:kubeconfig": ADMIN_KUBECONFIG };
}

/**
 * The issues a block's plan refuses a spec with, or none when it plans it: what the adapter's
 * validators returned before plan and build.
 */
export function planIssues<K extends BuildableKind, Plan>(
  block: AdapterBlock<K, KubernetesSettings, Plan>,
  spec: SpecOf<K>,
  subject: string,
  settings: KubernetesSettings,
  name = "test",
): readonly Issue[] {
  const planned = block.plan(spec, { name, subject, settings, project: "project", stack: "stack" });
  return isRefusal(planned) ? planned : [];
}

/** The mail server's image, for MailDomain and Mailbox. */
export const MAIL = { image: "registry.example.nl/wissel/mail-server:1.0.0" };

/** Settings with the mail server on. */
export const MAIL_SETTINGS = { ...SETTINGS, mail: MAIL };
