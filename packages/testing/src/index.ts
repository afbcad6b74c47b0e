export * from "./harness";
export { bucketContract, type BucketContractOptions } from "./bucket-contract";
export {
  CEL_RULES,
  CRD_DIRECTORY,
  crdCatalogue,
  loadCrd,
  validateCustomResource,
  type CelRule,
  type CrdVersion,
  type SchemaError,
} from "./crd-schemas";
export {
  kubernetesObjects,
  modelSchemaName,
  validateKubernetesObject,
  validateKubernetesObjects,
  type KubernetesObject,
} from "./kubernetes-schemas";
export {
  MAIL_SERVER_BINARIES,
  MAIL_SERVER_SETUP_FIX,
  MailServer,
  missingMailServerBinaries,
  type MailServerEntryFiles,
  type MailServerRunOptions,
  type MailServerFileSet,
  type MailServerLayout,
} from "./mail-server";
export {
  PostgresServer,
  postgresBinDir,
  runCommand,
  type CommandResult,
  type PostgresConnection,
  type PostgresServerOptions,
} from "./postgres-server";
export { clusterContract, type ClusterContractOptions } from "./cluster-contract";
export {
  FAKE_SERVICE_ACCOUNT_TOKEN,
  NAMESPACE_TYPE,
  hardeningProblems,
  namespaceContract,
  parseQuantity,
  withServiceAccountTokens,
  type HardeningExpectation,
  type NamespaceContractOptions,
} from "./namespace-contract";
export { mailContract, type MailContractOptions } from "./mail-contract";
export { postgresContract, type PostgresContractOptions } from "./postgres-contract";
export { podSecurityViolations, type PodSecurityLevel, type PodSpecLike } from "./pod-security";
