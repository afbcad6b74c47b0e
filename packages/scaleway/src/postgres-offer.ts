/** What Managed Database for PostgreSQL offers: node types and the sizing that picks one, majors, volumes, backup frequency. */
import type { PostgresVersion } from "@wissel/core";

/** A node range of Managed Database for PostgreSQL. */
export type DatabaseNodeFamily = "PLAY2" | "PRO2" | "POP2";

/** A Managed Database node type. */
export interface DatabaseNodeType {
  /** As the API and the instance's `nodeType` spell it: `DB-PRO2-XXS`. */
  readonly name: string;
  readonly family: DatabaseNodeFamily;
  readonly vcpu: number;
  readonly memoryGiB: number;
}

/**
 * The node types the sizing picks from, cheapest range first at a given size: PLAY2 and PRO2
 * (shared vCPUs), then POP2 (dedicated vCPUs). Left out: the first-generation DEV and GP types
 * (being retired, and tied to Local Storage) and types whose sizes Scaleway does not publish.
 */
export const DATABASE_NODE_TYPES: readonly DatabaseNodeType[] = [
  { name: "DB-PLAY2-PICO", family: "PLAY2", vcpu: 1, memoryGiB: 2 },
  { name: "DB-PLAY2-NANO", family: "PLAY2", vcpu: 2, memoryGiB: 4 },
  { name: "DB-PRO2-XXS", family: "PRO2", vcpu: 2, memoryGiB: 8 },
  { name: "DB-PRO2-XS", family: "PRO2", vcpu: 4, memoryGiB: 16 },
  { name: "DB-PRO2-S", family: "PRO2", vcpu: 8, memoryGiB: 32 },
  { name: "DB-PRO2-M", family: "PRO2", vcpu: 16, memoryGiB: 64 },
  { name: "DB-PRO2-L", family: "PRO2", vcpu: 32, memoryGiB: 128 },
  { name: "DB-POP2-2C-8G", family: "POP2", vcpu: 2, memoryGiB: 8 },
  { name: "DB-POP2-4C-16G", family: "POP2", vcpu: 4, memoryGiB: 16 },
  { name: "DB-POP2-8C-32G", family: "POP2", vcpu: 8, memoryGiB: 32 },
  { name: "DB-POP2-16C-64G", family: "POP2", vcpu: 16, memoryGiB: 64 },
  { name: "DB-POP2-32C-128G", family: "POP2", vcpu: 32, memoryGiB: 128 },
  { name: "DB-POP2-64C-256G", family: "POP2", vcpu: 64, memoryGiB: 256 },
];

/**
 * The smallest node type with at least the requested vCPUs and memory: fewest vCPUs first, then least
 * memory, then the table's order (shared vCPUs before dedicated at equal size). Undefined when none
 * is big enough.
 */
export function databaseNodeTypeFor(request: {
  readonly vcpu: number;
  readonly memoryGiB: number;
}): DatabaseNodeType | undefined {
  const fits = DATABASE_NODE_TYPES.filter(
    (t) => t.vcpu >= request.vcpu && t.memoryGiB >= request.memoryGiB,
  );
  return [...fits].sort((a, b) => a.vcpu - b.vcpu || a.memoryGiB - b.memoryGiB)[0];
}

/** The PostgreSQL majors Scaleway offers for new instances, as `PostgreSQL-<major>` engines. */
export const SCALEWAY_POSTGRES_MAJORS: readonly PostgresVersion[] = [15, 16, 17];

/** The instance's `engine` for a major version. */
export function engineName(version: PostgresVersion): string {
  return `PostgreSQL-${version}`;
}

/**
 * Block Storage with 5,000 IOPS: the instance's volume, detached from the node so it grows without a
 * node change and is snapshotted by the automatic backups. Neutral args have no IOPS knob to ask for
 * 15,000.
 */
export const VOLUME_TYPE = "sbs_5k";
/** Scaleway sizes database volumes in GB (10^9 bytes), in steps of 5 GB. */
export const VOLUME_STEP_GB = 5;
/** The largest Block Storage volume of a database instance: 10 TB. */
export const MAX_VOLUME_GB = 10_000;
/** Bytes in a GiB, as requests count, and in a GB, as Scaleway sizes volumes. */
export const BYTES_PER_GIB = 1024 ** 3;
export const BYTES_PER_GB = 1000 ** 3;

/** The volume size in GB for a request in GiB: at least as many bytes, rounded up to Scaleway's 5 GB steps. */
export function volumeSizeGb(storageGiB: number): number {
  const gb = (storageGiB * BYTES_PER_GIB) / BYTES_PER_GB;
  return Math.ceil(gb / VOLUME_STEP_GB) * VOLUME_STEP_GB;
}

/** Hours between automatic backups: one a day, Scaleway's default. */
export const BACKUP_FREQUENCY_HOURS = 24;
