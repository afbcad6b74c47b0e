/**
 * The keys of the environment contract, version 1, per kind of block. `schemas/wissel-env.v1.schema.json`
 * states the same keys; a test holds the two together.
 */
import type { ContractKind } from "./types";

/** One key of a block's variables. */
export interface KeySpec {
  /** The key after `WISSEL_<NAME>_`. */
  readonly key: string;
  /** Carries a credential: never shown in messages. */
  readonly secret: boolean;
}

const key = (name: string, secret = false): KeySpec => ({ key: name, secret });

/** Keys every block writes. */
export const COMMON_KEYS: readonly KeySpec[] = [key("KIND")];

/** Keys of an S3 bucket. */
export const S3_KEYS: readonly KeySpec[] = [
  key("PROTOCOL"),
  key("ENDPOINT"),
  key("REGION"),
  key("BUCKET"),
  key("PATH_STYLE"),
  key("ACCESS_KEY_ID", true),
  key("SECRET_ACCESS_KEY", true),
  key("CREDENTIAL_SCOPE"),
];

/** Keys of an Azure blob container, before those of its credential kind. */
export const AZURE_KEYS: readonly KeySpec[] = [
  key("PROTOCOL"),
  key("ENDPOINT"),
  key("REGION"),
  key("ACCOUNT"),
  key("BUCKET"),
  key("CREDENTIAL_SCOPE"),
  key("CREDENTIAL_KIND"),
];

/** Keys of each Azure credential kind. */
export const AZURE_CREDENTIAL_KEYS: Readonly<
  Record<"managed-identity" | "sas" | "shared-key", readonly KeySpec[]>
> = {
  "managed-identity": [key("CLIENT_ID"), key("TENANT_ID")],
  sas: [key("SAS_TOKEN", true)],
  "shared-key": [key("ACCOUNT_KEY", true)],
};

export const POSTGRES_KEYS: readonly KeySpec[] = [
  key("HOST"),
  key("PORT"),
  key("DATABASE"),
  key("USER"),
  key("PASSWORD", true),
  key("SSLMODE"),
  key("CA_CERTIFICATE"),
  key("URI", true),
];

export const NAMESPACE_KEYS: readonly KeySpec[] = [
  key("NAMESPACE"),
  key("API_SERVER_URL"),
  key("SERVICE_ACCOUNT"),
  key("KUBECONFIG", true),
];

/** Every key a block of a kind may write, whatever its variant: for the schema check. */
export function keysOf(kind: ContractKind): readonly KeySpec[] {
  switch (kind) {
    case "bucket": {
      const all = [
        ...COMMON_KEYS,
        ...S3_KEYS,
        ...AZURE_KEYS,
        ...Object.values(AZURE_CREDENTIAL_KEYS).flat(),
      ];
      return all.filter(
        (spec, index) => all.findIndex((other) => other.key === spec.key) === index,
      );
    }
    case "postgres":
      return [...COMMON_KEYS, ...POSTGRES_KEYS];
    case "namespace":
      return [...COMMON_KEYS, ...NAMESPACE_KEYS];
  }
}

/** The class users write for each kind, for messages. */
export const KIND_CLASSES: Readonly<Record<ContractKind, string>> = {
  bucket: "Bucket",
  postgres: "PostgresDatabase",
  namespace: "Namespace",
};
