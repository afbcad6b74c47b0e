/**
 * The shared PostgresDatabase contract on a cluster with CloudNativePG and a Barman Cloud
 * ObjectStore: the Cluster and Database hold data; allowedCidrs fails at preview.
 */
import type { Adapter } from "@wissel/core";
import { adapter } from "@wissel/kubernetes";
import { CNPG_TYPES } from "../src/postgres";
import { postgresContract } from "@wissel/testing";
import { POSTGRES_SETTINGS, outputs, stackConfig } from "./fixtures";

postgresContract({
  adapter: adapter as Adapter,
  harness: { config: stackConfig(POSTGRES_SETTINGS), outputs },
  statefulTypes: [CNPG_TYPES.cluster, CNPG_TYPES.database],
});
