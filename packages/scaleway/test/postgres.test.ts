import * as pulumi from "@pulumi/pulumi";
import {
  KubernetesCluster,
  Namespace,
  PostgresDatabase,
  plannedComponents,
  type PostgresDatabaseArgs,
} from "@wissel/core";
import { MockHarness, isSecret, valueOf, type Registration } from "@wissel/testing";
import { CAPABILITIES, kapsuleName } from "@wissel/scaleway";
import { ADMIN_USER, PASSWORD_LENGTH, meetsScalewayPasswordRules } from "../src/postgres";
import { CONFIG, DB_CERTIFICATE, DB_PRIVATE_IP, PROJECT_ID, postgresOutputs } from "./fixtures";

const INSTANCE = "scaleway:databases/instance:Instance";
const DATABASE = "scaleway:databases/database:Database";
const USER = "scaleway:databases/user:User";
const PRIVILEGE = "scaleway:databases/privilege:Privilege";
const ACL = "scaleway:databases/acl:Acl";
const NETWORK = "scaleway:network/privateNetwork:PrivateNetwork";
const COMPONENT = "wissel:postgres:Database";

/** The physical name of "orders" in the harness's project and stack. */
const ORDERS = kapsuleName({ project: "wissel-test", stack: "test", name: "orders" });

let harness: MockHarness;
beforeAll(async () => {
  harness = await MockHarness.start({ config: CONFIG, outputs: postgresOutputs });
});
beforeEach(() => {
  harness.reset();
  harness.setConfig(CONFIG);
});

async function build(
  name: string,
  args: PostgresDatabaseArgs = {},
): Promise<{ database: PostgresDatabase; registrations: Registration[] }> {
  const { result, registrations } = await harness.run(() => new PostgresDatabase(name, args));
  return { database: result, registrations };
}

function options(r: Registration): {
  protect: boolean;
  retainOnDelete: boolean;
  deleteBeforeReplace: boolean;
  ignoreChanges: readonly string[];
} {
  return {
    protect: r.protect,
    retainOnDelete: r.retainOnDelete,
    deleteBeforeReplace: r.deleteBeforeReplace,
    ignoreChanges: r.ignoreChanges,
  };
}

async function rejection(args: PostgresDatabaseArgs): Promise<string> {
  let error: unknown;
  try {
    new PostgresDatabase("orders", args);
  } catch (caught) {
    error = caught;
  }
  await harness.settle();
  expect(pulumi.ResourceError.isInstance(error)).toBe(true);
  expect(harness.registrations).toEqual([]);
  return (error as Error).message;
}

describe("PostgresDatabase on scaleway", () => {
  it("registers exactly an instance on its own private network, a database, an app user and its privilege, all under the component", async () => {
    const { database, registrations } = await build("orders");
    const urn = await valueOf(database.urn);
    expect(registrations.map((r) => `${r.type} ${r.name}`).sort()).toEqual(
      [
        `${COMPONENT} orders`,
        `${NETWORK} orders-network`,
        `${INSTANCE} orders`,
        `${DATABASE} orders-database`,
        `${USER} orders-app`,
        `${PRIVILEGE} orders-privilege`,
      ].sort(),
    );
    for (const child of registrations.filter((r) => r.type !== COMPONENT))
      expect(child.parent).toBe(urn);
    expect(Object.keys(database.vendorResources).sort()).toEqual([
      "database",
      "instance",
      "network",
      "privilege",
      "user",
    ]);
  });

  it("creates the instance private-only, encrypted, backed up, on Block Storage, with the smallest node type that fits", async () => {
    await build("orders");
    const instance = harness.one(INSTANCE, "orders");
    const { password, privateNetwork, ...rest } = instance.inputs;
    expect(rest).toEqual({
      name: ORDERS,
      nodeType: "DB-PLAY2-NANO",
      engine: "PostgreSQL-17",
      isHaCluster: false,
      region: "nl-ams",
      projectId: PROJECT_ID,
      userName: ADMIN_USER,
      volumeType: "sbs_5k",
      volumeSizeInGb: 35,
      disableBackup: false,
      backupScheduleFrequency: 24,
      backupScheduleRetention: 7,
      encryptionAtRest: true,
      tags: ["wissel"],
    });
    // No loadBalancer: an instance on a Private Network then has no public endpoint.
    expect(instance.inputs).not.toHaveProperty("loadBalancer");
    expect(privateNetwork).toEqual({ pnId: "orders-network-id", enableIpam: true });
    expect(typeof password).toBe("string");
    expect(meetsScalewayPasswordRules(password as string)).toBe(true);
    expect(instance.secretInputs).toContain("password");
    const network = harness.one(NETWORK, "orders-network");
    expect(network.inputs).toEqual({
      name: ORDERS,
      region: "nl-ams",
      projectId: PROJECT_ID,
      tags: ["wissel"],
    });
  });

  it("maps the request: version, HA, retention, size and storage", async () => {
    await build("orders", {
      version: 15,
      highAvailability: true,
      backupRetentionDays: 30,
      vcpu: 16,
      memoryGiB: 64,
      storageGiB: 100,
    });
    expect(harness.one(INSTANCE, "orders").inputs).toMatchObject({
      engine: "PostgreSQL-15",
      isHaCluster: true,
      backupScheduleRetention: 30,
      nodeType: "DB-PRO2-M",
      volumeSizeInGb: 110,
    });
  });

  it("creates the database, a non-admin app user with a generated password, and its privilege on that database only", async () => {
    await build("orders", { databaseName: "ledger" });
    expect(harness.one(DATABASE, "orders-database").inputs).toEqual({
      instanceId: "orders-id",
      name: "ledger",
      region: "nl-ams",
    });
    const user = harness.one(USER, "orders-app");
    const { password, ...userInputs } = user.inputs;
    expect(userInputs).toEqual({
      instanceId: "orders-id",
      name: "ledger_app",
      isAdmin: false,
      region: "nl-ams",
    });
    expect(meetsScalewayPasswordRules(password as string)).toBe(true);
    expect((password as string).length).toBe(PASSWORD_LENGTH);
    expect(password).not.toBe(harness.one(INSTANCE, "orders").inputs["password"]);
    expect(user.secretInputs).toContain("password");
    expect(harness.one(PRIVILEGE, "orders-privilege").inputs).toEqual({
      instanceId: "orders-id",
      userName: "ledger_app",
      databaseName: "ledger",
      permission: "all",
      region: "nl-ams",
    });
  });

  it("protects and retains the instance, its network, the database and the app user; the privilege is a replaceable grant", async () => {
    await build("orders", { allowedCidrs: ["192.0.2.0/24"] });
    const kept = { protect: true, retainOnDelete: true, deleteBeforeReplace: false };
    expect(options(harness.one(INSTANCE, "orders"))).toEqual({
      ...kept,
      ignoreChanges: ["password"],
    });
    expect(options(harness.one(USER, "orders-app"))).toEqual({
      ...kept,
      ignoreChanges: ["password"],
    });
    expect(options(harness.one(DATABASE, "orders-database"))).toEqual({
      ...kept,
      ignoreChanges: [],
    });
    expect(options(harness.one(NETWORK, "orders-network"))).toEqual({ ...kept, ignoreChanges: [] });
    const free = {
      protect: false,
      retainOnDelete: false,
      deleteBeforeReplace: false,
      ignoreChanges: [],
    };
    expect(options(harness.one(PRIVILEGE, "orders-privilege"))).toEqual(free);
    expect(options(harness.one(ACL, "orders-acl"))).toEqual(free);
  });

  it("drops protection of every stateful child with allowDataLoss", async () => {
    await build("scratch", { allowDataLoss: true });
    for (const [type, name] of [
      [INSTANCE, "scratch"],
      [DATABASE, "scratch-database"],
      [USER, "scratch-app"],
      [NETWORK, "scratch-network"],
    ] as const) {
      expect([
        type,
        harness.one(type, name).protect,
        harness.one(type, name).retainOnDelete,
      ]).toEqual([type, false, false]);
    }
  });

  it("opens a public endpoint only for allowedCidrs, and replaces the default 0.0.0.0/0 ACL with exactly those networks", async () => {
    await build("orders", { allowedCidrs: ["192.0.2.0/24", "198.51.100.7/32"] });
    expect(harness.one(INSTANCE, "orders").inputs["loadBalancer"]).toEqual({});
    expect(harness.one(ACL, "orders-acl").inputs).toEqual({
      instanceId: "orders-id",
      aclRules: [
        { ip: "192.0.2.0/24", description: "wissel allowedCidrs[0]" },
        { ip: "198.51.100.7/32", description: "wissel allowedCidrs[1]" },
      ],
      region: "nl-ams",
    });
  });

  it("registers no ACL without allowedCidrs: there is no public endpoint to filter", async () => {
    await build("orders");
    expect(harness.ofType(ACL)).toEqual([]);
  });

  it("joins the Private Network of the program's Kapsule cluster instead of creating one", async () => {
    const { result, registrations } = await harness.run(() => {
      new KubernetesCluster("apps", { nodeCount: 1 });
      return new PostgresDatabase("orders");
    });
    expect(registrations.filter((r) => r.type === NETWORK).map((r) => r.name)).toEqual([
      "apps-network",
    ]);
    expect(harness.one(INSTANCE, "orders").inputs["privateNetwork"]).toEqual({
      pnId: "apps-network-id",
      enableIpam: true,
    });
    expect(Object.keys(result.vendorResources).sort()).toEqual([
      "database",
      "instance",
      "privilege",
      "user",
    ]);
    const network = plannedComponents()
      .find((c) => c.kind === "postgres")
      ?.decisions.find((d) => d.what === "network");
    expect(network?.choice).toBe(
      "Private Network of Kapsule cluster apps (IPAM), no public endpoint",
    );
  });

  it("joins the Private Network of the cluster behind the namespace it serves", async () => {
    await harness.run(() => {
      new KubernetesCluster("apps", { nodeCount: 1 });
      const data = new KubernetesCluster("data", { nodeCount: 1 });
      const team = new Namespace("team", { cluster: data });
      return new PostgresDatabase("orders", { namespace: team });
    });
    expect(harness.one(INSTANCE, "orders").inputs["privateNetwork"]).toEqual({
      pnId: "data-network-id",
      enableIpam: true,
    });
  });

  it("binds the app to the private endpoint over TLS with the instance's certificate; the binding is secret", async () => {
    const { database } = await build("orders", { databaseName: "ledger" });
    expect(await isSecret(database.binding)).toBe(true);
    const binding = await valueOf(database.binding);
    const password = harness.one(USER, "orders-app").inputs["password"] as string;
    expect(binding).toEqual({
      host: DB_PRIVATE_IP,
      port: 5432,
      database: "ledger",
      user: "ledger_app",
      password,
      sslmode: "verify-ca",
      caCertificate: DB_CERTIFICATE,
      uri: `postgresql://ledger_app:${encodeURIComponent(password)}@${DB_PRIVATE_IP}:5432/ledger?sslmode=verify-ca`,
    });
    expect(await valueOf(database.host)).toBe(DB_PRIVATE_IP);
  });

  it("draws new passwords on every run, which ignoreChanges keeps from replacing the stored ones", async () => {
    await build("orders");
    const first = harness.one(USER, "orders-app").inputs["password"];
    harness.reset();
    await build("orders");
    expect(harness.one(USER, "orders-app").inputs["password"]).not.toBe(first);
    expect(harness.one(USER, "orders-app").ignoreChanges).toEqual(["password"]);
  });

  it("tells wissel plan the node type, storage, backups and network it chose", async () => {
    await build("orders", { highAvailability: true, vcpu: 4, memoryGiB: 16, storageGiB: 64 });
    const record = plannedComponents().find((c) => c.kind === "postgres");
    expect(record?.decisions.map((d) => [d.what, d.choice])).toEqual([
      ["node type", "DB-PRO2-XS (4 vCPU, 16 GiB) × 2 (primary and standby)"],
      ["storage", "70 GB Block Storage 5K, encrypted at rest"],
      ["backups", "daily snapshots kept 7 days; no point-in-time recovery"],
      ["high availability", "synchronous standby with automatic failover"],
      ["network", `Private Network ${ORDERS} (IPAM), no public endpoint`],
      [
        "access",
        'app user orders_app with "all" on orders only; admin wissel_admin; TLS verify-ca with the instance\'s certificate',
      ],
    ]);
  });

  it("fails at preview on point-in-time recovery and extensions, with the capability's reason", async () => {
    const pitr = await rejection({ pointInTimeRecovery: true });
    expect(pitr).toContain('PostgresDatabase "orders": pointInTimeRecovery ');
    expect(pitr).toContain(CAPABILITIES.postgres!.features.pointInTimeRecovery.reason);
    const extensions = await rejection({ extensions: ["pgcrypto"] });
    expect(extensions).toContain('PostgresDatabase "orders": extensions ');
    expect(extensions).toContain('is not supported on target "scaleway"');
    expect(extensions).toContain(
      "Remove extensions, or place this database elsewhere with wissel:targets.orders.",
    );
  });

  it("rejects Scaleway's limits before registering anything", async () => {
    const message = await rejection({
      memoryGiB: 512,
      storageGiB: 10_000,
      allowedCidrs: ["2001:db8::/32"],
      databaseName: "_ledger",
    });
    expect(message).toContain(
      "memoryGiB must fit one Managed Database node type; the largest has 64 vCPUs and 256 GiB",
    );
    expect(message).toContain(
      "storageGiB must fit Scaleway's largest database volume, 10000 GB (9313 GiB) (received 10000)",
    );
    expect(message).toContain(
      'allowedCidrs[0] must be an IPv4 CIDR: Scaleway\'s database ACLs and endpoints take no IPv6 (received "2001:db8::/32")',
    );
    expect(message).toContain("databaseName must start with a letter on Scaleway");
  });
});
