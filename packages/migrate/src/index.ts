/**
 * The copy steps of a Wissel migration: pure functions from two bindings (the old copy's and the
 * new one's) to the commands, environment and files that move the data. No Pulumi, no vendor SDK:
 * the same functions feed a Kubernetes Job and `wissel migrate`.
 */
export { CopyStepError, type CopyCommand, type CopyFile, type CopySteps } from "./step";
export { bucketCheck, bucketCopy, bucketSync, type BucketCopyOptions } from "./bucket";
export {
  EXTENSION_ENTRIES,
  postgresCopy,
  postgresDump,
  postgresRestore,
  type PostgresCopyOptions,
} from "./postgres";
export {
  LOGICAL_REPLICATION,
  logicalReplication,
  type PostgresVendor,
  type ReplicationEnd,
  type ReplicationFacts,
  type ReplicationSide,
  type ReplicationVerdict,
} from "./replication";
export {
  MAIL_COPY_ENV,
  mailboxCheck,
  mailboxCopy,
  mailboxSync,
  type MailCopyOptions,
  type MailboxEnd,
} from "./mail";
