/** CloudNativePG's facts: API group, type tokens, operand images and their extensions, ports, labels, schedule. */
import { POSTGRES_EXTENSIONS, type PostgresExtension, type PostgresVersion } from "@wissel/core";

/** API group and version of CloudNativePG's resources. */
export const CNPG_API_VERSION = "postgresql.cnpg.io/v1";

/** The Pulumi type tokens of the CloudNativePG kinds this builder emits. */
export const CNPG_TYPES = {
  cluster: `kubernetes:${CNPG_API_VERSION}:Cluster`,
  database: `kubernetes:${CNPG_API_VERSION}:Database`,
  scheduledBackup: `kubernetes:${CNPG_API_VERSION}:ScheduledBackup`,
} as const;

/** The Barman Cloud plugin's name, as a Cluster's `plugins` and a ScheduledBackup name it. */
export const BARMAN_CLOUD_PLUGIN = "barman-cloud.cloudnative-pg.io";

/**
 * CloudNativePG's `standard` operand images, pinned per major to the minor CloudNativePG published
 * in May 2026 (15.18, 16.14, 17.10), on Debian trixie. `standard` carries PostgreSQL with its contrib
 * modules, pgvector and PGAudit, and no Barman (backups go through the Barman Cloud plugin's sidecar).
 * Raise the minors deliberately: CloudNativePG rolls the instances when the image changes.
 */
export const CNPG_IMAGES: Readonly<Record<PostgresVersion, string>> = {
  15: "ghcr.io/cloudnative-pg/postgresql:15.18-standard-trixie",
  16: "ghcr.io/cloudnative-pg/postgresql:16.14-standard-trixie",
  17: "ghcr.io/cloudnative-pg/postgresql:17.10-standard-trixie",
};

/**
 * The extensions the `standard` image holds: every contrib module Wissel offers, and pgvector
 * (`vector`). PostGIS is packaged separately (CloudNativePG's `postgis` images), so not here.
 */
export const CNPG_EXTENSIONS: readonly PostgresExtension[] = POSTGRES_EXTENSIONS.filter(
  (extension) => extension !== "postgis",
);

/** The name CloudNativePG's initdb gives the database owner: the admin, never the app role. */
export const CNPG_OWNER_ROLE = "wissel_admin";

/** PostgreSQL's port, and the instance manager's status port that the operator polls. */
export const CNPG_PORTS = { postgres: 5432, status: 8000 } as const;

/** The labels CloudNativePG (and its Helm chart) put on the operator's pods. */
export const CNPG_OPERATOR_POD_LABELS: Readonly<Record<string, string>> = {
  "app.kubernetes.io/name": "cloudnative-pg",
};

/** The cron schedule of the daily base backup (CloudNativePG's six fields, seconds first): 02:00. */
export const DAILY_BACKUP_SCHEDULE = "0 0 2 * * *";
