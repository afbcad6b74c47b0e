import type { Adapter } from "@wissel/core";
import { postgresContract } from "@wissel/testing";
import { adapter } from "@wissel/openstack";
import { TROVE_DATABASE_TYPE, TROVE_INSTANCE_TYPE } from "../src/postgres";
import { outputs, troveStackConfig } from "./fixtures";

postgresContract({
  // Core holds adapters with their settings type erased; builders are contravariant in it.
  adapter: adapter as Adapter,
  harness: { project: "team-workspace", stack: "openstack", config: troveStackConfig(), outputs },
  // The user holds no data (postgres-trove.test.ts checks it is neither protected nor retained).
  statefulTypes: [TROVE_INSTANCE_TYPE, TROVE_DATABASE_TYPE],
});
