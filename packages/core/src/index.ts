export * from "./adapter";
export * from "./adapter-block";
export * from "./errors";
export { RedactedValue, describeValue, isSecretKey, looksSecret, redactValue } from "./redact";
export {
  configPath,
  configSetCommand,
  type ConfigPathSegment,
  type ConfigSetOptions,
} from "./config-path";
export * from "./names";
export {
  DEFAULT_POLICY,
  PLACEMENT_RULES,
  parseStackConfig,
  readStackConfig,
  resolveTarget,
  type InterimPlacement,
  type PlacementRule,
  type Policy,
  type ResolvedTarget,
  type StackConfig,
} from "./config";
export {
  KNOWN_TARGETS,
  loadAdapter,
  loadedAdapters,
  registerAdapter,
  targetNames,
} from "./targets";
export {
  MissingPeerError,
  loadOptionalPeer,
  optionalPeer,
  type OptionalPeerUse,
} from "./optional-peer";
export {
  PLAN_SECRET_PLACEHOLDER,
  plannedComponents,
  resetPlan,
  type ComponentRecord,
} from "./plan";
export { describeHost, hostPlacement, placementOf } from "./block";
export { resetSettingsCache } from "./parsed";
export {
  READ_STACK_RESOURCE_OUTPUTS,
  deployedPlacementOf,
  resetLastDeployment,
  vendorSwitchMessage,
  type DeployedPlacement,
  type VendorSwitchFacts,
} from "./vendor-switch";
export { checkTargetKeys, programWarnings, resetDeclared, unknownTargetKeys } from "./declared";
export {
  claimedPhysicalNames,
  kubernetesClusterKey,
  kubernetesScope,
  namespacePhysicalNames,
  resetPhysicalNames,
  type PhysicalName,
} from "./collisions";
export {
  COUNTRY_CODE_RULE,
  EU_COUNTRIES,
  countryCodeHint,
  ISO_3166_ALPHA2,
  isEuCountry,
  isCountryCode,
  suggestCountryCode,
} from "./sovereignty/countries";
export {
  checkPolicy,
  describePlacement,
  judgeInterim,
  satisfies,
  todayUtc,
  RULE_MEANING,
} from "./sovereignty/policy";
export * from "./bucket/contract";
export {
  validateBucketArgs,
  MAX_CORS_RULES,
  MAX_EXPIRE_AFTER_DAYS,
  MAX_CORS_MAX_AGE_SECONDS,
  DEFAULT_CORS_MAX_AGE_SECONDS,
} from "./bucket/validate";
export { Bucket, requestedBucketFeatures } from "./bucket/bucket";
export * as validation from "./validate";
export {
  summarizeSovereignty,
  isEuControlled,
  type SovereigntySummary,
  type VendorShare,
  type SensitivePlacement,
  type InterimSummary,
} from "./sovereignty/summary";
export * from "./kubernetes/contract";
export {
  validateClusterArgs,
  validateNamespaceArgs,
  DEFAULT_KUBERNETES_VERSION,
  KUBERNETES_MINORS,
  RESERVED_NAMESPACES,
  namespaceNameRule,
  suggestNamespaceName,
  DEFAULT_QUOTA,
  DEFAULT_CONTAINER,
} from "./kubernetes/validate";
export { KubernetesCluster } from "./kubernetes/cluster";
export { Namespace, requestedNamespaceFeatures, type NamespaceArgs } from "./kubernetes/namespace";
export { clustersOn, resetClusters } from "./kubernetes/clusters";
export {
  MAX_PORT,
  parseHttpsEndpoint,
  type EndpointOptions,
  type EndpointProblem,
  type EndpointResult,
} from "./endpoint";
export {
  isCidr,
  parseCidr,
  parseIpAddress,
  type CidrOptions,
  type CidrProblem,
  type CidrResult,
  type IpNetwork,
} from "./net";
export {
  isPemProblem,
  parsePemCertificates,
  pemPreview,
  type PemCertificates,
  type PemProblem,
  type PemRules,
} from "./pem";
export * from "./postgres/contract";
export {
  validatePostgresArgs,
  defaultDatabaseName,
  ipv6AllowedCidrs,
  DEFAULT_POSTGRES_VERSION,
  RESERVED_DATABASES,
} from "./postgres/validate";
export {
  PostgresDatabase,
  requestedPostgresFeatures,
  type PostgresDatabaseArgs,
} from "./postgres/database";
export {
  appConnectionLimit,
  appRoleStatements,
  createDatabaseStatement,
  databaseAccessStatements,
  dollarQuote,
  extensionStatements,
  hbaQuote,
  pgHbaRules,
  postgresSetupSql,
  quoteIdent,
  quoteLiteral,
  schemaStatements,
  scramSha256Verifier,
  serverDatabaseStatements,
  DEFAULT_MAX_CONNECTIONS,
  RESERVED_CONNECTIONS,
  SERVER_DATABASES,
  type AppRoleOptions,
  type PostgresSetupSql,
} from "./postgres/sql";
export {
  v,
  setting,
  closestFix,
  describeAt,
  type FixContext,
  type SettingInfo,
} from "./settings/schema";
export { parseSettings } from "./settings/parse";
export * as settingFragments from "./settings/fragments";
export {
  bindBlock,
  checkBindingName,
  type BindingNamespace,
  type BoundSecret,
} from "./bindings/bind";
export {
  bindingPublisherOf,
  registerBindingPublisher,
  type BindingSecretPublisher,
  type BindingSecretRequest,
} from "./bindings/publisher";
export {
  blockOutputs,
  buildBlock,
  type BuiltBlock,
  type ClassKind,
  type KindInfo,
  type WisselBlock,
} from "./block-base";
export { postgresUri } from "./postgres/uri";
export * from "./mail/contract";
export {
  validateMailDomainArgs,
  validateMailboxArgs,
  DEFAULT_DKIM_SELECTOR,
  DEFAULT_QUOTA_GIB,
  MAX_ALIASES,
  MAX_QUOTA_GIB,
} from "./mail/validate";
export {
  dkimSelectorOf,
  mailDnsRecords,
  missingMailDnsRecords,
  spfMechanisms,
  type DkimPublication,
  type MailDnsFacts,
  type MailDnsRecord,
} from "./mail/dns";
export { MailDomain, requestedMailDomainFeatures } from "./mail/domain";
export { mailServerCapabilities } from "./mail/capabilities";
export { Mailbox, mailboxAddresses, requestedMailboxFeatures } from "./mail/mailbox";
