import type { Adapter } from "@wissel/core";
import { postgresContract } from "@wissel/testing";
import { adapter } from "@wissel/scaleway";
import { CONFIG, postgresOutputs } from "./fixtures";

// Point-in-time recovery and extensions are unsupported on Scaleway: the contract expects both to fail at preview.
postgresContract({
  adapter: adapter as Adapter,
  harness: { config: CONFIG, outputs: postgresOutputs },
  // The app user is kept with the data: it owns the tables the application creates.
  statefulTypes: [
    "scaleway:databases/instance:Instance",
    "scaleway:databases/database:Database",
    "scaleway:databases/user:User",
    "scaleway:network/privateNetwork:PrivateNetwork",
  ],
});

describe("Scaleway's postgres capabilities", () => {
  it("offers HA, allowedCidrs and an app role, and neither PITR nor extensions", () => {
    const table = adapter.capabilities(adapter.parseSettings(CONFIG["wissel:scaleway"])).postgres!;
    expect(
      Object.fromEntries(Object.entries(table.features).map(([k, v]) => [k, v.support])),
    ).toEqual({
      highAvailability: "native",
      pointInTimeRecovery: "unsupported",
      extensions: "unsupported",
      allowedCidrs: "native",
      appRole: "native",
    });
  });
});
