import * as pulumi from "@pulumi/pulumi";
import {
  KubernetesCluster,
  Namespace,
  PostgresDatabase,
  plannedComponents,
  type PostgresDatabaseArgs,
} from "@wissel/core";
import { MockHarness, isSecret, valueOf } from "@wissel/testing";
import {
  TROVE_POSTGRES_CAPABILITIES,
  adapter,
  cloudNativePostgresCapabilities,
  parseSettings,
  smallestFlavor,
} from "@wissel/openstack";
import { magnumName } from "../src/cluster";
import {
  TROVE_DATABASE_TYPE,
  TROVE_INSTANCE_TYPE,
  TROVE_USER_TYPE,
  troveAppPassword,
} from "../src/postgres";
import {
  PASSWORD_SEED,
  TROVE,
  TROVE_ADDRESS,
  TROVE_CA,
  outputs,
  stackConfig,
  troveStackConfig,
} from "./fixtures";

const PROJECT = "team-workspace";
const STACK = "openstack";
const CONFIG = troveStackConfig();

let harness: MockHarness;

beforeAll(async () => {
  harness = await MockHarness.start({ project: PROJECT, stack: STACK, config: CONFIG, outputs });
});

beforeEach(() => {
  harness.reset();
  harness.setConfig(CONFIG);
});

async function build(name: string, args: PostgresDatabaseArgs = {}): Promise<PostgresDatabase> {
  const { result } = await harness.run(() => new PostgresDatabase(name, args));
  return result;
}

async function rejection(build: () => unknown): Promise<string> {
  let error: unknown;
  try {
    build();
  } catch (caught) {
    error = caught;
  }
  await harness.settle();
  expect(pulumi.ResourceError.isInstance(error)).toBe(true);
  return (error as Error).message;
}

const [SMALL, MEDIUM, XLARGE] = TROVE.flavors;

describe("a database on Trove", () => {
  it("registers exactly an instance, its database and the app user, under the component", async () => {
    const database = await build("records");
    const urn = await valueOf(database.urn);
    expect(harness.childrenOf(urn).map((r) => [r.type, r.name])).toEqual([
      [TROVE_INSTANCE_TYPE, "records"],
      [TROVE_DATABASE_TYPE, "records-database"],
      [TROVE_USER_TYPE, "records-app"],
    ]);
  });

  it("puts the instance on the private network with the smallest fitting flavor, the datastore version and the volume", async () => {
    await build("records");
    const instance = harness.one(TROVE_INSTANCE_TYPE, "records");
    expect(instance.inputs).toEqual({
      name: magnumName({ project: PROJECT, stack: STACK, name: "records" }),
      region: "AMS1",
      datastore: { type: "postgresql", version: "17.4" },
      flavorId: SMALL?.id,
      size: 32,
      networks: [{ uuid: TROVE.networkId }],
    });
    expect([instance.protect, instance.retainOnDelete, instance.deleteBeforeReplace]).toEqual([
      true,
      true,
      false,
    ]);
  });

  it("creates the database on the instance, protected and retained", async () => {
    await build("records", { databaseName: "ledger" });
    const db = harness.one(TROVE_DATABASE_TYPE, "records-database");
    expect(db.inputs).toEqual({ instanceId: "records-id", name: "ledger", region: "AMS1" });
    expect([db.protect, db.retainOnDelete, db.deleteBeforeReplace]).toEqual([true, true, false]);
  });

  it("creates the app user with a secret password and access to its own database only; the user holds no data", async () => {
    await build("records", { databaseName: "ledger" });
    const user = harness.one(TROVE_USER_TYPE, "records-app");
    expect(user.inputs).toEqual({
      instanceId: "records-id",
      name: "ledger_app",
      password: troveAppPassword(PASSWORD_SEED, {
        project: PROJECT,
        stack: STACK,
        name: "records",
      }),
      databases: ["ledger"],
      region: "AMS1",
    });
    expect(user.secretInputs).toEqual(["password"]);
    // The SDK marks the password output secret itself.
    expect(user.additionalSecretOutputs).toContain("password");
    expect([user.protect, user.retainOnDelete, user.deleteBeforeReplace]).toEqual([
      false,
      false,
      false,
    ]);
  });

  it("binds the instance's private address over TLS verified against the stack's CA", async () => {
    const database = await build("records", { databaseName: "ledger" });
    expect(await isSecret(database.binding)).toBe(true);
    const password = troveAppPassword(PASSWORD_SEED, {
      project: PROJECT,
      stack: STACK,
      name: "records",
    });
    expect(await valueOf(database.binding)).toEqual({
      host: TROVE_ADDRESS,
      port: 5432,
      database: "ledger",
      user: "ledger_app",
      password,
      sslmode: "verify-ca",
      caCertificate: TROVE_CA,
      uri: `postgresql://ledger_app:${password}@${TROVE_ADDRESS}:5432/ledger?sslmode=verify-ca`,
    });
    expect(await valueOf(database.host)).toBe(TROVE_ADDRESS);
  });

  it("takes the version's datastore version and a larger flavor for a larger request", async () => {
    await build("records", { version: 16, vcpu: 4, memoryGiB: 16, storageGiB: 200 });
    const instance = harness.one(TROVE_INSTANCE_TYPE, "records").inputs;
    expect([instance["datastore"], instance["flavorId"], instance["size"]]).toEqual([
      { type: "postgresql", version: "16.6" },
      MEDIUM?.id,
      200,
    ]);
  });

  it("drops protection from the instance and the database only when allowDataLoss is set", async () => {
    await build("scratch", { allowDataLoss: true });
    for (const [type, name] of [
      [TROVE_INSTANCE_TYPE, "scratch"],
      [TROVE_DATABASE_TYPE, "scratch-database"],
    ] as const) {
      const child = harness.one(type, name);
      expect([child.protect, child.retainOnDelete]).toEqual([false, false]);
    }
  });

  it("records the flavor, storage, datastore, network, TLS, backups and app role for wissel plan", async () => {
    await build("records");
    const decisions = plannedComponents().find((c) => c.name === "records")?.decisions ?? [];
    expect(decisions.map((d) => [d.what, d.choice])).toEqual([
      ["flavor", "db.small (2 vCPU, 4 GiB)"],
      ["storage", "32 GiB Cinder volume"],
      ["datastore", "postgresql 17.4"],
      ["network", `private network ${TROVE.networkId}, no floating IP`],
      ["tls", "verify-ca against wissel:openstack.postgres.caCertificate"],
      [
        "backups",
        "scheduled outside Pulumi, kept 30 days (wissel:openstack.postgres.scheduledBackupRetentionDays)",
      ],
      ["app role", "records_app, created by Trove's guest agent"],
    ]);
    expect(decisions.find((d) => d.what === "flavor")?.why).toBe(
      "smallest in wissel:openstack.postgres.flavors meeting 2 vCPU / 4 GiB",
    );
    expect(decisions.find((d) => d.what === "tls")?.why).toContain("openstack database ssl enable");
    expect(decisions.find((d) => d.what === "backups")?.why).toContain(
      "the operator attests the schedule that covers backupRetentionDays 7",
    );
  });
});

describe("Trove's limits, checked before anything is registered", () => {
  it("rejects a major this cloud's Trove does not offer", async () => {
    const message = await rejection(() => new PostgresDatabase("records", { version: 15 }));
    expect(message).toContain(
      'PostgresDatabase "records": version must be a major this cloud\'s Trove offers (16, 17, from wissel:openstack.postgres.versions) (received 15). Set version to one of 16, 17, or add Trove\'s datastore version for 15 under wissel:openstack.postgres.versions["15"].',
    );
    expect(harness.registrations).toEqual([]);
  });

  it("rejects backups longer than the schedule kept outside Pulumi, and a Trove without a declared schedule", async () => {
    const longer = await rejection(
      () => new PostgresDatabase("records", { backupRetentionDays: 35 }),
    );
    expect(longer).toContain(
      'PostgresDatabase "records": backupRetentionDays exceeds the 30 days kept by the Trove backups scheduled outside Pulumi (wissel:openstack.postgres.scheduledBackupRetentionDays) (received 35).',
    );
    harness.setConfig(troveStackConfig({ scheduledBackupRetentionDays: undefined }));
    try {
      const none = await rejection(() => new PostgresDatabase("records"));
      expect(none).toContain(
        "backupRetentionDays cannot be applied on Trove: the OpenStack provider has no resource for Trove backups",
      );
      expect(none).toContain(
        "pulumi config set --path 'wissel:openstack.postgres.scheduledBackupRetentionDays' 7",
      );
    } finally {
      harness.setConfig(CONFIG);
    }
    expect(harness.registrations).toEqual([]);
  });

  it("rejects a size no flavor meets, naming the largest", async () => {
    const message = await rejection(
      () => new PostgresDatabase("records", { vcpu: 32, memoryGiB: 64 }),
    );
    expect(message).toContain(
      'vcpu with memoryGiB must fit a flavor in wissel:openstack.postgres.flavors; none has 32 vCPU and 64 GiB (the largest is db.xlarge (16 vCPU, 64 GiB)) (received {"vcpu":32,"memoryGiB":64})',
    );
    expect(harness.registrations).toEqual([]);
  });

  it("rejects a volume above the cloud's Trove limit", async () => {
    const message = await rejection(() => new PostgresDatabase("records", { storageGiB: 2048 }));
    expect(message).toContain(
      "storageGiB must be at most 1024 GiB, this cloud's Trove volume limit (wissel:openstack.postgres.maxVolumeGiB) (received 2048)",
    );
    expect(harness.registrations).toEqual([]);
  });

  it("rejects a namespace: Trove is a managed service", async () => {
    let message = "";
    await harness.run(() => {
      const namespace = new Namespace("team", { cluster: new KubernetesCluster("apps") });
      message = (() => {
        try {
          new PostgresDatabase("records", { namespace });
        } catch (error) {
          return (error as Error).message;
        }
        return "";
      })();
    });
    expect(message).toContain(
      'PostgresDatabase "records": namespace is only for targets that run PostgreSQL on Kubernetes; this stack runs it on Trove (wissel:openstack.postgres.trove is true) (received "team")',
    );
    expect(harness.ofType(TROVE_INSTANCE_TYPE)).toEqual([]);
  });

  it.each([
    [
      "highAvailability",
      { highAvailability: true },
      "Trove's PostgreSQL replicas are read replicas promoted by hand",
    ],
    ["pointInTimeRecovery", { pointInTimeRecovery: true }, "Trove restores whole backups only"],
    ["extensions", { extensions: ["pgcrypto"] }, "Trove has no API for extensions"],
    [
      "allowedCidrs",
      { allowedCidrs: ["192.0.2.0/24"] },
      "the OpenStack provider cannot pass Trove's access.allowed_cidrs",
    ],
  ] as const)("refuses %s with Trove's reason", async (field, args, reason) => {
    const message = await rejection(
      () => new PostgresDatabase("records", args as PostgresDatabaseArgs),
    );
    expect(message).toContain(
      `PostgresDatabase "records": ${field} is not supported on target "openstack": ${reason}`,
    );
    expect(harness.registrations).toEqual([]);
  });

  it("reports every breach at once", async () => {
    const message = await rejection(
      () =>
        new PostgresDatabase("records", {
          version: 15,
          vcpu: 32,
          storageGiB: 2048,
          extensions: ["pgcrypto"],
        }),
    );
    expect(message.split("\n").map((line) => line.split(" ")[2])).toEqual([
      "extensions",
      "version",
      "vcpu",
      "storageGiB",
    ]);
  });
});

describe("smallestFlavor over Trove's flavors", () => {
  it.each([
    [1, 1, SMALL?.name],
    [2, 4, SMALL?.name],
    [2, 5, MEDIUM?.name],
    [3, 4, MEDIUM?.name],
    [4, 16, MEDIUM?.name],
    [4, 17, XLARGE?.name],
    [16, 64, XLARGE?.name],
    [17, 1, undefined],
    [1, 65, undefined],
  ])("%i vCPU / %i GiB takes %s", (vcpu, memoryGiB, expected) => {
    expect(smallestFlavor(TROVE.flavors, { vcpu, memoryGiB })?.name).toBe(expected);
  });

  it("keeps the Nova id with the chosen flavor", () => {
    expect(smallestFlavor([...TROVE.flavors].reverse(), { vcpu: 2, memoryGiB: 8 })).toEqual(MEDIUM);
  });
});

describe("the app password", () => {
  const identity = { project: PROJECT, stack: STACK, name: "records" };

  it("is the same on every run, and differs per database, stack, project and seed", () => {
    const password = troveAppPassword(PASSWORD_SEED, identity);
    expect(troveAppPassword(PASSWORD_SEED, identity)).toBe(password);
    const others = [
      troveAppPassword(PASSWORD_SEED, { ...identity, name: "orders" }),
      troveAppPassword(PASSWORD_SEED, { ...identity, stack: "openstack-test" }),
      troveAppPassword(PASSWORD_SEED, { ...identity, project: "other" }),
      troveAppPassword(`${PASSWORD_SEED}x`, identity),
    ];
    expect(new Set([password, ...others]).size).toBe(5);
  });

  it("is 43 base64url characters: 256 bits, safe inside Trove's unescaped SQL string and a URI", () => {
    expect(troveAppPassword(PASSWORD_SEED, identity)).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});

describe("the postgres capability row", () => {
  it("is Trove's with trove: true, and CloudNativePG's without, offered only with a backup object store", () => {
    expect(adapter.capabilities(parseSettings(CONFIG["wissel:openstack"])).postgres).toBe(
      TROVE_POSTGRES_CAPABILITIES,
    );
    expect(TROVE_POSTGRES_CAPABILITIES.block.support).toBe("native");
    const settings = stackConfig()["wissel:openstack"] as Record<string, unknown>;
    const bare = adapter.capabilities(parseSettings(settings)).postgres;
    expect(bare).toEqual(cloudNativePostgresCapabilities(false));
    expect([bare?.block.support, bare?.features.pointInTimeRecovery.support]).toEqual([
      "unsupported",
      "unsupported",
    ]);
    expect(bare?.block.reason).toContain("wissel:openstack.postgres.backupObjectStore.name");
    const backedUp = adapter.capabilities(
      parseSettings({
        ...settings,
        postgres: { backupObjectStore: { name: "pg-backups", retentionDays: 30 } },
      }),
    ).postgres;
    expect(backedUp).toEqual(cloudNativePostgresCapabilities(true));
    expect([
      backedUp?.block.support,
      backedUp?.features.pointInTimeRecovery.support,
      backedUp?.features.highAvailability.support,
    ]).toEqual(["emulated", "native", "native"]);
  });

  it("says Trove's guest agent, not Wissel, writes the app role's SQL", () => {
    expect(TROVE_POSTGRES_CAPABILITIES.features.appRole).toEqual({
      support: "emulated",
      reason: expect.stringContaining(
        "Trove's guest agent creates the user with its own SQL",
      ) as unknown as string,
    });
  });
});
