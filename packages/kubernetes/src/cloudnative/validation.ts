/** Checks a database spec against what CloudNativePG's standard image, the namespace and the backup store allow. */
import type { Issue, PostgresBuildSpec } from "@wissel/core";
import type { BackupObjectStoreSettings } from "../settings";
import { CNPG_EXTENSIONS, CNPG_IMAGES } from "./constants";
import { checkDatabaseFits } from "./fit";

/** What `validateCloudNativePostgres` checks a spec against. */
export interface CloudNativePostgresLimits {
  /** The namespace the database would run in without a `namespace` argument, if any. */
  readonly defaultNamespace?: string;
  /** The command that sets that default, for the fix; without it the fix asks for a namespace argument only. */
  readonly namespaceCommand?: string;
  readonly backupObjectStore?: BackupObjectStoreSettings;
  /** The config key of the backup object store, for the fix. */
  readonly backupSetting: string;
}

/** Checks a spec against what CloudNativePG's standard image and the backup store can do. */
export function validateCloudNativePostgres(
  spec: PostgresBuildSpec,
  subject: string,
  limits: CloudNativePostgresLimits,
): Issue[] {
  const issues: Issue[] = [];
  spec.extensions.forEach((extension, i) => {
    if (!CNPG_EXTENSIONS.includes(extension)) {
      issues.push({
        subject,
        field: `extensions[${i}]`,
        value: extension,
        rule: `is not in CloudNativePG's standard image (${CNPG_IMAGES[spec.version]}), which offers ${CNPG_EXTENSIONS.join(", ")}; PostGIS comes only in CloudNativePG's separate postgis images`,
        fix: `Remove "${extension}", or place this database on a target that offers it with wissel:targets.`,
      });
    }
  });
  if (spec.namespace === undefined && limits.defaultNamespace === undefined) {
    issues.push({
      subject,
      field: "namespace",
      value: undefined,
      rule: "is required: a CloudNativePG cluster runs in a namespace, and none is configured",
      fix: `Pass namespace: a Namespace of the program${limits.namespaceCommand !== undefined ? `, or run ${limits.namespaceCommand}` : ""}.`,
    });
  }
  issues.push(...checkDatabaseFits(spec, subject));
  const store = limits.backupObjectStore;
  if (store !== undefined && spec.backupRetentionDays > store.retentionDays) {
    issues.push({
      subject,
      field: "backupRetentionDays",
      value: spec.backupRetentionDays,
      rule: `must be at most ${store.retentionDays}: the ObjectStore ${store.name} keeps backups ${store.retentionDays} days (${limits.backupSetting}.retentionDays)`,
      fix: `Set backupRetentionDays to ${store.retentionDays} or less, or raise the store's retentionPolicy and ${limits.backupSetting}.retentionDays together.`,
    });
  }
  return issues;
}
