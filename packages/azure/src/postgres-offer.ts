/** What Flexible Server offers: compute sizes and the sizing that picks one, disk sizes, majors, backup retention, extensions, port. */
import type { PostgresExtension } from "@wissel/core";

/** Flexible Server's compute tiers. */
export type PostgresTier = "Burstable" | "GeneralPurpose" | "MemoryOptimized";

/** A Flexible Server compute size, with Azure's default `max_connections` for it. */
export interface PostgresSku {
  readonly name: string;
  readonly tier: PostgresTier;
  readonly vcpu: number;
  readonly memoryGiB: number;
  readonly maxConnections: number;
}

/**
 * The sizes offered in every region this adapter knows: Burstable B-series, General Purpose Ddsv5
 * (4 GiB per vCPU) and Memory Optimized Edsv5 (8 GiB per vCPU, 432 GiB at 64). Connections from
 * Azure's "Limits" page (learn.microsoft.com/azure/postgresql/flexible-server/concepts-limits).
 */
export const POSTGRES_SKUS: readonly PostgresSku[] = [
  { name: "Standard_B1ms", tier: "Burstable", vcpu: 1, memoryGiB: 2, maxConnections: 50 },
  { name: "Standard_B2s", tier: "Burstable", vcpu: 2, memoryGiB: 4, maxConnections: 429 },
  { name: "Standard_B2ms", tier: "Burstable", vcpu: 2, memoryGiB: 8, maxConnections: 859 },
  { name: "Standard_B4ms", tier: "Burstable", vcpu: 4, memoryGiB: 16, maxConnections: 1718 },
  { name: "Standard_B8ms", tier: "Burstable", vcpu: 8, memoryGiB: 32, maxConnections: 3437 },
  { name: "Standard_B12ms", tier: "Burstable", vcpu: 12, memoryGiB: 48, maxConnections: 5000 },
  { name: "Standard_B16ms", tier: "Burstable", vcpu: 16, memoryGiB: 64, maxConnections: 5000 },
  { name: "Standard_B20ms", tier: "Burstable", vcpu: 20, memoryGiB: 80, maxConnections: 5000 },
  { name: "Standard_D2ds_v5", tier: "GeneralPurpose", vcpu: 2, memoryGiB: 8, maxConnections: 859 },
  {
    name: "Standard_D4ds_v5",
    tier: "GeneralPurpose",
    vcpu: 4,
    memoryGiB: 16,
    maxConnections: 1718,
  },
  {
    name: "Standard_D8ds_v5",
    tier: "GeneralPurpose",
    vcpu: 8,
    memoryGiB: 32,
    maxConnections: 3437,
  },
  {
    name: "Standard_D16ds_v5",
    tier: "GeneralPurpose",
    vcpu: 16,
    memoryGiB: 64,
    maxConnections: 5000,
  },
  {
    name: "Standard_D32ds_v5",
    tier: "GeneralPurpose",
    vcpu: 32,
    memoryGiB: 128,
    maxConnections: 5000,
  },
  {
    name: "Standard_D48ds_v5",
    tier: "GeneralPurpose",
    vcpu: 48,
    memoryGiB: 192,
    maxConnections: 5000,
  },
  {
    name: "Standard_D64ds_v5",
    tier: "GeneralPurpose",
    vcpu: 64,
    memoryGiB: 256,
    maxConnections: 5000,
  },
  {
    name: "Standard_D96ds_v5",
    tier: "GeneralPurpose",
    vcpu: 96,
    memoryGiB: 384,
    maxConnections: 5000,
  },
  {
    name: "Standard_E2ds_v5",
    tier: "MemoryOptimized",
    vcpu: 2,
    memoryGiB: 16,
    maxConnections: 1718,
  },
  {
    name: "Standard_E4ds_v5",
    tier: "MemoryOptimized",
    vcpu: 4,
    memoryGiB: 32,
    maxConnections: 3437,
  },
  {
    name: "Standard_E8ds_v5",
    tier: "MemoryOptimized",
    vcpu: 8,
    memoryGiB: 64,
    maxConnections: 5000,
  },
  {
    name: "Standard_E16ds_v5",
    tier: "MemoryOptimized",
    vcpu: 16,
    memoryGiB: 128,
    maxConnections: 5000,
  },
  {
    name: "Standard_E20ds_v5",
    tier: "MemoryOptimized",
    vcpu: 20,
    memoryGiB: 160,
    maxConnections: 5000,
  },
  {
    name: "Standard_E32ds_v5",
    tier: "MemoryOptimized",
    vcpu: 32,
    memoryGiB: 256,
    maxConnections: 5000,
  },
  {
    name: "Standard_E48ds_v5",
    tier: "MemoryOptimized",
    vcpu: 48,
    memoryGiB: 384,
    maxConnections: 5000,
  },
  {
    name: "Standard_E64ds_v5",
    tier: "MemoryOptimized",
    vcpu: 64,
    memoryGiB: 432,
    maxConnections: 5000,
  },
  {
    name: "Standard_E96ds_v5",
    tier: "MemoryOptimized",
    vcpu: 96,
    memoryGiB: 672,
    maxConnections: 5000,
  },
];

/** Connections Flexible Server keeps for its own replication and monitoring. */
export const AZURE_RESERVED_CONNECTIONS = 15;

const TIER_ORDER: readonly PostgresTier[] = ["Burstable", "GeneralPurpose", "MemoryOptimized"];

/**
 * The smallest size with at least `vcpu` vCPUs and `memoryGiB` GiB: fewest vCPUs first (they drive
 * the price), then least memory, then the cheaper tier. Burstable has no high availability, so a
 * highly available server is sized from General Purpose and Memory Optimized only. Undefined when
 * nothing is large enough.
 */
export function postgresSkuFor(
  vcpu: number,
  memoryGiB: number,
  highAvailability = false,
): PostgresSku | undefined {
  return [...POSTGRES_SKUS]
    .filter((sku) => !highAvailability || sku.tier !== "Burstable")
    .sort(
      (a, b) =>
        a.vcpu - b.vcpu ||
        a.memoryGiB - b.memoryGiB ||
        TIER_ORDER.indexOf(a.tier) - TIER_ORDER.indexOf(b.tier),
    )
    .find((sku) => sku.vcpu >= vcpu && sku.memoryGiB >= memoryGiB);
}

/** The disk sizes Flexible Server's Premium SSD storage offers, in GiB. */
export const POSTGRES_STORAGE_SIZES: readonly number[] = [
  32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768,
];

/** The smallest disk size of at least `storageGiB`; undefined beyond the largest. */
export function postgresStorageFor(storageGiB: number): number | undefined {
  return POSTGRES_STORAGE_SIZES.find((size) => size >= storageGiB);
}

/** PostgreSQL majors Flexible Server creates new servers with (11 and 12 are retired). */
export const AZURE_POSTGRES_VERSIONS: readonly number[] = [13, 14, 15, 16, 17, 18];

/** Backup retention Flexible Server accepts, in days. */
export const AZURE_BACKUP_RETENTION = { min: 7, max: 35 } as const;

/**
 * Wissel's extensions that Flexible Server allowlists (`azure.extensions`), each with the majors it
 * ships them for. `pg_stat_statements` is in Azure's default `shared_preload_libraries`.
 */
export const AZURE_EXTENSIONS: Readonly<Record<PostgresExtension, readonly number[]>> = {
  btree_gin: AZURE_POSTGRES_VERSIONS,
  btree_gist: AZURE_POSTGRES_VERSIONS,
  citext: AZURE_POSTGRES_VERSIONS,
  fuzzystrmatch: AZURE_POSTGRES_VERSIONS,
  hstore: AZURE_POSTGRES_VERSIONS,
  intarray: AZURE_POSTGRES_VERSIONS,
  ltree: AZURE_POSTGRES_VERSIONS,
  pg_stat_statements: AZURE_POSTGRES_VERSIONS,
  pg_trgm: AZURE_POSTGRES_VERSIONS,
  pgcrypto: AZURE_POSTGRES_VERSIONS,
  postgis: AZURE_POSTGRES_VERSIONS,
  tablefunc: AZURE_POSTGRES_VERSIONS,
  unaccent: AZURE_POSTGRES_VERSIONS,
  "uuid-ossp": AZURE_POSTGRES_VERSIONS,
  vector: AZURE_POSTGRES_VERSIONS,
};

/** The PostgreSQL port; Flexible Server listens on no other (PgBouncer's 6432 is opt-in). */
export const POSTGRES_PORT = 5432;
