/**
 * The bindings an application receives, as plain data: the same shapes `@wissel/core` publishes
 * (its binding types are checked against these at compile time), without any Pulumi type, so an
 * application reads them with no infrastructure SDK installed.
 */

/** Which principals a bucket's credentials can reach. */
export type CredentialScope = "bucket" | "project";

/** A bucket reached through the S3 API. */
export interface S3Binding {
  readonly protocol: "s3";
  readonly endpoint: string;
  readonly region: string;
  readonly bucket: string;
  readonly pathStyle: boolean;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly credentialScope: CredentialScope;
}

/**
 * How an application signs in to an Azure blob container. `managed-identity` is what the Azure
 * target gives (no key exists); `sas` a container SAS; `shared-key` an account key, for Azurite
 * and key-based setups outside Wissel's Azure target.
 */
export type AzureBlobCredentials =
  | { readonly kind: "managed-identity"; readonly clientId: string; readonly tenantId: string }
  | { readonly kind: "sas"; readonly sasToken: string }
  | { readonly kind: "shared-key"; readonly accountKey: string };

/** A bucket reached through the Azure Blob API. */
export interface AzureBlobBinding {
  readonly protocol: "azure-blob";
  /** The blob service URL: `https://<account>.blob.core.windows.net`, or Azurite's `https://host:port/<account>`. */
  readonly endpoint: string;
  readonly region: string;
  readonly account: string;
  /** The container. */
  readonly bucket: string;
  readonly credentials: AzureBlobCredentials;
  readonly credentialScope: CredentialScope;
}

export type BucketBinding = S3Binding | AzureBlobBinding;

export type SslMode = "verify-full" | "verify-ca" | "require";

export interface PostgresBinding {
  readonly host: string;
  readonly port: number;
  readonly database: string;
  readonly user: string;
  readonly password: string;
  readonly sslmode: SslMode;
  /** PEM; empty when the vendor publishes no CA. */
  readonly caCertificate: string;
  readonly uri: string;
}

export interface NamespaceBinding {
  readonly namespace: string;
  readonly apiServerUrl: string;
  readonly serviceAccount: string;
  readonly kubeconfig: string;
}

/** The kinds of block whose binding the environment contract carries. */
export type ContractKind = "bucket" | "postgres" | "namespace";
export const CONTRACT_KINDS: readonly ContractKind[] = ["bucket", "postgres", "namespace"];

/** The binding of each contract kind. */
export interface ContractBindings {
  bucket: BucketBinding;
  postgres: PostgresBinding;
  namespace: NamespaceBinding;
}

/** A binding read back from the environment, with the kind it was published as. */
export type AnyBinding = {
  [K in ContractKind]: { readonly kind: K; readonly binding: ContractBindings[K] };
}[ContractKind];
