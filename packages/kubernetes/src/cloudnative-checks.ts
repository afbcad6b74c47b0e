/**
 * The CloudNativePG checks as vendor adapters call them (through `@wissel/kubernetes/compose`): typed
 * inputs, and issues that say which check raised them, so a caller never sorts issues by field name.
 */
import type { Issue, PostgresBuildSpec } from "@wissel/core";
import { validateCloudNativePostgres } from "./postgres";
import type { BackupObjectStoreSettings } from "./settings";

/** What an issue of `checkCloudNativePostgres` is about. */
export type CloudNativePostgresCheck =
  /** An extension CloudNativePG's standard image does not offer. */
  | "extension"
  /** The database has no namespace to run in. */
  | "namespace"
  /** The database does not fit its namespace's quota or its cluster's nodes. */
  | "fit"
  /** The retention exceeds what the backup store keeps. */
  | "backupRetention";

/** An issue, with the check that raised it. */
export interface CloudNativePostgresIssue extends Issue {
  /** The check that raised it. */
  readonly check: CloudNativePostgresCheck;
}

/**
 * Who decides that a database has a namespace to run in. `caller`: the vendor adapter has its own
 * rule (OpenStack needs a Namespace on a Magnum cluster of the program) and reports it itself.
 * `fallback`: a database without a `namespace` argument runs in `defaultNamespace`, and is refused
 * when there is none; `command` sets it, for the fix.
 */
export type NamespaceCheck =
  | { readonly checkedBy: "caller" }
  | {
      readonly checkedBy: "fallback";
      readonly defaultNamespace?: string;
      readonly command?: string;
    };

/** What a database is checked against. */
export interface CloudNativePostgresChecks {
  /** Who checks that the database has a namespace (see `NamespaceCheck`). */
  readonly namespace: NamespaceCheck;
  /** The Barman Cloud ObjectStore the database is backed up to, when there is one. */
  readonly backupObjectStore?: BackupObjectStoreSettings;
  /** The config key of the backup object store, for the fix: `wissel:openstack.postgres.backupObjectStore`. */
  readonly backupSetting: string;
}

/** The check behind each field `validateCloudNativePostgres` reports. */
function checkOf(field: string): CloudNativePostgresCheck {
  if (field.startsWith("extensions[")) return "extension";
  if (field === "namespace") return "namespace";
  if (field === "backupRetentionDays") return "backupRetention";
  return "fit";
}

/** Checks a database against CloudNativePG's image, its namespace and cluster, and the backup store. */
export function checkCloudNativePostgres(
  spec: PostgresBuildSpec,
  subject: string,
  checks: CloudNativePostgresChecks,
): CloudNativePostgresIssue[] {
  const ns = checks.namespace;
  const issues = validateCloudNativePostgres(spec, subject, {
    ...(ns.checkedBy === "fallback" && ns.defaultNamespace !== undefined
      ? { defaultNamespace: ns.defaultNamespace }
      : {}),
    ...(ns.checkedBy === "fallback" && ns.command !== undefined
      ? { namespaceCommand: ns.command }
      : {}),
    ...(checks.backupObjectStore !== undefined
      ? { backupObjectStore: checks.backupObjectStore }
      : {}),
    backupSetting: checks.backupSetting,
  });
  return issues
    .map((issue) => ({ ...issue, check: checkOf(issue.field) }))
    .filter((issue) => !(issue.check === "namespace" && ns.checkedBy === "caller"));
}
