/**
 * `@wissel/kubernetes/compose`: what a vendor adapter builds on a Kubernetes cluster of its own
 * program with the Kubernetes adapter's parts. A vendor's `Namespace` is the hardened namespace here
 * (`buildNamespaceOnCluster`), its CloudNativePG `PostgresDatabase` the database here, both through
 * the cluster's provider (`ClusterRef.provider`, which the vendor's cluster builder defines with
 * `clusterProvider`), and a block bound into such a namespace publishes its binding with
 * `bindingSecretPublisher`.
 *
 * This is the only module vendor adapters import from this package, lazily (core's
 * `optionalPeer`), so that a program with no Namespace and no database on Kubernetes loads
 * neither this package nor the Kubernetes SDK. CloudNativePG's module loads only on a database's
 * first use: a namespace-only program does not load it.
 */
import type { BuildContext, BuildResult, PostgresBinding, PostgresBuildSpec } from "@wissel/core";
import type * as ChecksModule from "./cloudnative-checks";
import type { CloudNativePostgresChecks, CloudNativePostgresIssue } from "./cloudnative-checks";
import type * as MailModule from "./mail/compose";
import type * as PostgresModule from "./postgres";
import type { CloudNativePostgresTarget, CloudNativeSpecOn } from "./postgres";

export { bindingSecretPublisher } from "./binding-secret";
export type {
  MailboxPlan,
  MailboxVendorPart,
  MailServerOn,
  MailServerPlan,
  MailServerSettings,
  MailServerTarget,
  RelayCredentials,
  SendingDns,
} from "./mail/compose";
export { cloudNativePhysicalNames } from "./names";
export {
  buildHardenedNamespace,
  buildNamespaceOnCluster,
  POD_SECURITY_LABELS,
  type NamespaceNotes,
  type NamespaceTarget,
} from "./hardened-namespace";
export { clusterProvider } from "./provider";
export type { BackupObjectStoreSettings } from "./settings";
export type {
  CloudNativePostgresTarget,
  CloudNativeSpecOn,
  CloudNativeTargetCommon,
  CloudNativeTargetWithBackups,
  CloudNativeTargetWithoutBackups,
} from "./postgres";
export { cloudNativeSpec, type CloudNativeSpec } from "./cloudnative/spec";
export type {
  CloudNativePostgresCheck,
  CloudNativePostgresChecks,
  CloudNativePostgresIssue,
  NamespaceCheck,
} from "./cloudnative-checks";

function postgresModule(): typeof PostgresModule {
  return require("./postgres") as typeof PostgresModule;
}

/**
 * A CloudNativePG database (Cluster, Database, app Secret, ScheduledBackup, NetworkPolicies) in the
 * namespace and through the provider of `on`. The spec is the plan's `cloudNativeSpec`; without a
 * backup object store it cannot ask for `pointInTimeRecovery` (`CloudNativeSpecOn`).
 */
export function buildCloudNativePostgres<On extends CloudNativePostgresTarget>(
  ctx: BuildContext<unknown>,
  spec: CloudNativeSpecOn<On>,
  on: On,
): BuildResult<PostgresBinding> {
  return postgresModule().buildCloudNativePostgres(ctx, spec, on);
}

/**
 * Checks a database against what CloudNativePG and the backup store can do. Each issue names its
 * check, so a caller can tell them apart without reading fields; a caller with its own namespace rule
 * says so in `checks.namespace` and gets no namespace issue from here.
 */
export function checkCloudNativePostgres(
  spec: PostgresBuildSpec,
  subject: string,
  checks: CloudNativePostgresChecks,
): CloudNativePostgresIssue[] {
  return (require("./cloudnative-checks") as typeof ChecksModule).checkCloudNativePostgres(
    spec,
    subject,
    checks,
  );
}

/**
 * The self-hosted mail server's plans and builders (Postfix, Dovecot, OpenDKIM), for a vendor that
 * runs `MailDomain` and `Mailbox` on a cluster of its program. Loads the module on first use.
 */
export function mailServerParts(): typeof MailModule {
  return require("./mail/compose") as typeof MailModule;
}
