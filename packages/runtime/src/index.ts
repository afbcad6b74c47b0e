/**
 * `@wissel/runtime`: the application side of Wissel. Reads a block's binding from the environment
 * contract (`WISSEL_<NAME>_<KEY>`, see docs/bindings.md) or from a binding object, and gives a
 * uniform object-storage client and `pg` options. It depends on no Pulumi package, and each vendor
 * SDK is an optional peer that loads only for the protocol the binding names.
 */
export * from "./contract/types";
export { ContractError, type ContractProblem } from "./contract/errors";
export {
  CONTRACT_VERSION,
  CONTRACT_VERSION_VARIABLE,
  MAX_BINDING_NAME,
  NAME_RULE,
  envName,
  envPrefix,
  suggestName,
} from "./contract/names";
export {
  AZURE_CREDENTIAL_KEYS,
  AZURE_KEYS,
  COMMON_KEYS,
  KIND_CLASSES,
  NAMESPACE_KEYS,
  POSTGRES_KEYS,
  S3_KEYS,
  keysOf,
  type KeySpec,
} from "./contract/keys";
export { bindingToEnv } from "./contract/encode";
export { bindingFromEnv, readBinding, type Env } from "./contract/decode";
export { openStorage, type BucketSource } from "./storage/open";
export {
  ObjectNotFoundError,
  DEFAULT_EXPIRY_SECONDS,
  DEFAULT_PAGE_SIZE,
  MAX_EXPIRY_SECONDS,
} from "./storage/types";
export type {
  Body,
  ListOptions,
  ListPage,
  ObjectInfo,
  ObjectStorage,
  ObjectStream,
  PresignOptions,
  PutOptions,
  StorageOptions,
} from "./storage/types";
export type { S3Storage } from "./storage/s3";
export type { AzureBlobStorage } from "./storage/azure";
export {
  postgresOptions,
  type PostgresOptions,
  type PostgresOptionsOverrides,
  type PostgresSource,
  type PostgresTlsOptions,
} from "./postgres";
