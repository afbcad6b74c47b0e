import { KubernetesCluster, PostgresDatabase, formatIssue, programWarnings } from "@wissel/core";
import { MockHarness } from "@wissel/testing";
import { APP_PASSWORD, outputs, postgresConfig } from "./fixtures";

let harness: MockHarness;
beforeAll(async () => {
  harness = await MockHarness.start({
    config: postgresConfig(["orders"]),
    secretKeys: ["wissel:azure"],
    outputs,
  });
});
beforeEach(() => harness.reset());

/** The warnings of the end-of-program reading after building the given databases. */
async function afterProgram(
  passwords: readonly string[],
  databases: readonly string[],
): Promise<string[]> {
  harness.setConfig(postgresConfig(passwords));
  await harness.run(() => {
    new KubernetesCluster("apps");
    for (const name of databases) new PostgresDatabase(name, { allowedCidrs: ["198.51.100.0/24"] });
  });
  return programWarnings().map(formatIssue);
}

describe("wissel:azure.postgresAppPasswords against the program", () => {
  it("accepts a password for each database the program builds", async () => {
    expect(await afterProgram(["orders", "billing"], ["orders", "billing"])).toEqual([]);
  });

  it("warns of a key that names no database, with the one it probably meant, and never the password", async () => {
    const messages = await afterProgram(["orders", "ordres"], ["orders"]);
    expect(messages).toEqual([
      `stack config: wissel:azure.postgresAppPasswords.ordres names no PostgresDatabase this program builds on Azure (the program's: orders), so its password goes unused (received nothing). Did you mean postgresAppPasswords.orders? Move the password there (\`pulumi config rm --path 'wissel:azure.postgresAppPasswords.ordres'\`, then set it under the right name).`,
    ]);
    expect(messages.join("\n")).not.toContain(APP_PASSWORD);
  });

  it("bracket-quotes a name Pulumi would split at its dot", async () => {
    const [message] = await afterProgram(["orders", "orders.v2"], ["orders"]);
    expect(message).toContain(
      `wissel:azure.postgresAppPasswords["orders.v2"] names no PostgresDatabase`,
    );
  });
});
