/**
 * PostgresDatabase on Kubernetes: the exact CloudNativePG objects, their options and secrets, every
 * emitted object checked against its upstream schema (the CNPG CRDs, kubernetes-models for core
 * kinds), the binding, HA, sizing, and the target's own validators.
 */
import * as pulumi from "@pulumi/pulumi";
import {
  Namespace,
  POSTGRES_VERSIONS,
  PostgresDatabase,
  isRefusal,
  plannedComponents,
  postgresSetupSql,
  validatePostgresArgs,
  type BuildContext,
  type PostgresBuildSpec,
  type PostgresDatabaseArgs,
} from "@wissel/core";
import { postgresCapabilities } from "../src/capabilities";
import {
  CNPG_EXTENSIONS,
  CNPG_IMAGES,
  CNPG_TYPES,
  buildCloudNativePostgres,
  cloudNativeClusterName,
  cloudNativeSpec,
  generatePassword,
  postgresResources,
  validateCloudNativePostgres,
  postgres,
  type CloudNativeSpecOn,
  type CloudNativeTargetWithoutBackups,
} from "../src/postgres";
import { parseSettings } from "../src/settings";
import {
  MockHarness,
  isSecret,
  kubernetesObjects,
  validateKubernetesObjects,
  valueOf,
  type Registration,
} from "@wissel/testing";
import {
  CLUSTER_SETTINGS,
  CNPG_CA_PEM,
  POSTGRES,
  POSTGRES_SETTINGS,
  SETTINGS,
  clusterStackConfig,
  outputs,
  planIssues,
  stackConfig,
} from "./fixtures";

const COMPONENT = "wissel:postgres:Database";
const SECRET = "kubernetes:core/v1:Secret";
const POLICY = "kubernetes:networking.k8s.io/v1:NetworkPolicy";
const MANAGED = { "app.kubernetes.io/managed-by": "wissel" };

let harness: MockHarness;

beforeAll(async () => {
  harness = await MockHarness.start({
    project: "team-workspace",
    stack: "kubernetes",
    config: stackConfig(POSTGRES_SETTINGS),
    secretKeys: ["kubernetes:kubeconfig"],
    outputs,
  });
});
beforeEach(() => {
  harness.setConfig(stackConfig(POSTGRES_SETTINGS));
  harness.reset();
});

async function build(
  name: string,
  args: PostgresDatabaseArgs = {},
): Promise<{ database: PostgresDatabase; registrations: Registration[] }> {
  const { result, registrations } = await harness.run(() => new PostgresDatabase(name, args));
  return { database: result, registrations };
}

/** Every Kubernetes object registered validates against its schema. */
function expectValidObjects(registrations: readonly Registration[]): void {
  const objects = kubernetesObjects(registrations);
  const errors = validateKubernetesObjects(objects);
  expect(
    objects.map((o, i) => ({ kind: o.kind, name: o.metadata?.name, errors: errors[i] })),
  ).toEqual(objects.map((o) => ({ kind: o.kind, name: o.metadata?.name, errors: [] })));
}

function failure(name: string, args: PostgresDatabaseArgs): Error {
  try {
    new PostgresDatabase(name, args);
  } catch (error) {
    if (pulumi.ResourceError.isInstance(error)) return error;
    throw error;
  }
  throw new Error("expected the PostgresDatabase to fail at preview");
}

function appPassword(): string {
  const secret = harness.one(SECRET, "orders-app");
  return (secret.inputs["stringData"] as Record<string, string>)["password"] ?? "";
}

describe("PostgresDatabase on Kubernetes", () => {
  it("registers the app Secret, Cluster, Database, ScheduledBackup, two NetworkPolicies and the CA read, under the component", async () => {
    const { database, registrations } = await build("orders");
    const urn = await valueOf(database.urn);
    // Children wait on their dependsOn, so the order they reach the engine varies; the set does not.
    expect(
      registrations.map((r) => `${r.type} ${r.name} ${r.read ? "read" : "create"}`).sort(),
    ).toEqual(
      [
        `${COMPONENT} orders create`,
        `${SECRET} orders-app create`,
        `${CNPG_TYPES.cluster} orders create`,
        `${CNPG_TYPES.database} orders-database create`,
        `${CNPG_TYPES.scheduledBackup} orders-backup create`,
        `${POLICY} orders-ingress create`,
        `${POLICY} orders-egress create`,
        `${SECRET} orders-ca read`,
      ].sort(),
    );
    for (const child of registrations.slice(1))
      expect([child.name, child.parent]).toEqual([child.name, urn]);
    expect(Object.keys(database.vendorResources).sort()).toEqual([
      "appSecret",
      "caSecret",
      "cluster",
      "database",
      "egressPolicy",
      "ingressPolicy",
      "scheduledBackup",
    ]);
    expectValidObjects(registrations);
  });

  it("writes the Cluster: one instance, pinned image, Guaranteed resources, storage, TLS-only pg_hba, initdb owned by the admin, the app role managed, WAL archived", async () => {
    await build("orders");
    const cluster = harness.one(CNPG_TYPES.cluster, "orders");
    expect(cluster.inputs).toEqual({
      apiVersion: "postgresql.cnpg.io/v1",
      kind: "Cluster",
      metadata: {
        name: "orders",
        namespace: "workspace",
        labels: MANAGED,
        annotations: { "pulumi.com/waitFor": "condition=Ready" },
      },
      spec: {
        instances: 1,
        imageName: "ghcr.io/cloudnative-pg/postgresql:17.10-standard-trixie",
        enableSuperuserAccess: false,
        resources: { requests: { cpu: "2", memory: "4Gi" }, limits: { cpu: "2", memory: "4Gi" } },
        storage: { size: "32Gi", storageClass: "ceph-block" },
        postgresql: {
          parameters: { max_connections: "100", shared_buffers: "1024MB" },
          pg_hba: [
            "hostnossl all all all reject",
            'hostssl "orders" "orders_app" all scram-sha-256',
            'hostssl all "orders_app" all reject',
          ],
        },
        bootstrap: {
          initdb: {
            database: "orders",
            owner: "wissel_admin",
            encoding: "UTF8",
            dataChecksums: true,
            postInitSQLRefs: { secretRefs: [{ name: "orders-wissel-app", key: "server.sql" }] },
            postInitApplicationSQLRefs: {
              secretRefs: [{ name: "orders-wissel-app", key: "database.sql" }],
            },
          },
        },
        managed: {
          roles: [
            {
              name: "orders_app",
              ensure: "present",
              login: true,
              superuser: false,
              createdb: false,
              createrole: false,
              replication: false,
              bypassrls: false,
              inherit: true,
              connectionLimit: 90,
              inRoles: [],
              passwordSecret: { name: "orders-wissel-app" },
            },
          ],
        },
        plugins: [
          {
            name: "barman-cloud.cloudnative-pg.io",
            isWALArchiver: true,
            parameters: { barmanObjectName: "pg-backups" },
          },
        ],
      },
    });
    expect([cluster.protect, cluster.retainOnDelete, cluster.deleteBeforeReplace]).toEqual([
      true,
      true,
      false,
    ]);
  });

  it("generates the app role's password into a basic-auth Secret with core's bootstrap SQL, secret, kept by ignoreChanges", async () => {
    await build("orders");
    const secret = harness.one(SECRET, "orders-app");
    const password = appPassword();
    expect(password).toMatch(/^[A-Za-z0-9_-]{32}$/);
    const sql = postgresSetupSql(
      { databaseName: "orders", appRole: "orders_app", extensions: [] },
      { password, maxConnections: 100 },
    );
    expect(secret.inputs).toEqual({
      apiVersion: "v1",
      kind: "Secret",
      metadata: {
        name: "orders-wissel-app",
        namespace: "workspace",
        labels: { ...MANAGED, "cnpg.io/reload": "true" },
      },
      type: "kubernetes.io/basic-auth",
      stringData: {
        username: "orders_app",
        password,
        "server.sql": `${sql.server.join("\n")}\n`,
        "database.sql": `${sql.database.join("\n")}\n`,
      },
    });
    expect(secret.secretInputs).toEqual(["stringData"]);
    expect(secret.ignoreChanges).toEqual(["stringData", "data"]);
    // The SDK marks both secret outputs of every Secret.
    expect([...new Set(secret.additionalSecretOutputs)].sort()).toEqual(["data", "stringData"]);
    // The SQL sets a SCRAM verifier, never the password itself.
    expect(secret.inputs["stringData"] as Record<string, string>).not.toHaveProperty(
      "server.sql",
      expect.stringContaining(password),
    );
    expect([secret.protect, secret.deleteBeforeReplace]).toEqual([false, false]);
  });

  it("declares the Database (owner, retained on delete, extensions) and the daily plugin backup", async () => {
    await build("orders", { extensions: ["pgcrypto", "vector"] });
    const database = harness.one(CNPG_TYPES.database, "orders-database");
    expect(database.inputs).toEqual({
      apiVersion: "postgresql.cnpg.io/v1",
      kind: "Database",
      metadata: { name: "orders-orders", namespace: "workspace", labels: MANAGED },
      spec: {
        cluster: { name: "orders" },
        name: "orders",
        owner: "wissel_admin",
        ensure: "present",
        databaseReclaimPolicy: "retain",
        extensions: [
          { name: "pgcrypto", ensure: "present", schema: "public" },
          { name: "vector", ensure: "present", schema: "public" },
        ],
      },
    });
    expect([database.protect, database.retainOnDelete]).toEqual([true, true]);
    const backup = harness.one(CNPG_TYPES.scheduledBackup, "orders-backup");
    expect(backup.inputs).toEqual({
      apiVersion: "postgresql.cnpg.io/v1",
      kind: "ScheduledBackup",
      metadata: { name: "orders-daily", namespace: "workspace", labels: MANAGED },
      spec: {
        cluster: { name: "orders" },
        schedule: "0 0 2 * * *",
        method: "plugin",
        pluginConfiguration: { name: "barman-cloud.cloudnative-pg.io" },
        immediate: true,
        backupOwnerReference: "self",
      },
    });
    expect([backup.protect, backup.retainOnDelete]).toEqual([false, false]);
  });

  it("lets the namespace's pods and the operator in, and the instances out only to DNS, each other and HTTPS", async () => {
    const { registrations } = await build("orders");
    const selector = { matchLabels: { "cnpg.io/cluster": "orders" } };
    expect(harness.one(POLICY, "orders-ingress").inputs["spec"]).toEqual({
      podSelector: selector,
      policyTypes: ["Ingress"],
      ingress: [
        { from: [{ podSelector: {} }], ports: [{ protocol: "TCP", port: 5432 }] },
        {
          from: [
            {
              namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "cnpg-system" } },
              podSelector: { matchLabels: { "app.kubernetes.io/name": "cloudnative-pg" } },
            },
          ],
          ports: [{ protocol: "TCP", port: 8000 }],
        },
      ],
    });
    expect(harness.one(POLICY, "orders-egress").inputs["spec"]).toEqual({
      podSelector: selector,
      policyTypes: ["Egress"],
      egress: [
        {
          to: [
            {
              namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } },
              podSelector: { matchLabels: { "k8s-app": "kube-dns" } },
            },
          ],
          ports: [
            { protocol: "UDP", port: 53 },
            { protocol: "TCP", port: 53 },
          ],
        },
        { to: [{ podSelector: selector }], ports: [{ protocol: "TCP", port: 5432 }] },
        {
          ports: [
            { protocol: "TCP", port: 443 },
            { protocol: "TCP", port: 6443 },
          ],
        },
      ],
    });
    // Not in a Wissel Namespace: no policy selects every pod (it would cut their other egress).
    expect(registrations.filter((r) => r.name === "orders-clients")).toEqual([]);
  });

  it("binds the app role to the -rw Service with verify-full against the cluster's CA, all secret", async () => {
    const { database } = await build("orders");
    const password = appPassword();
    expect(await isSecret(database.binding)).toBe(true);
    expect(await valueOf(database.binding)).toEqual({
      host: "orders-rw.workspace.svc",
      port: 5432,
      database: "orders",
      user: "orders_app",
      password,
      sslmode: "verify-full",
      caCertificate: CNPG_CA_PEM,
      uri: `postgresql://orders_app:${password}@orders-rw.workspace.svc:5432/orders?sslmode=verify-full`,
    });
    expect(harness.one(SECRET, "orders-ca").inputs["id"]).toBe("workspace/orders-ca");
    expect(await valueOf(database.host)).toBe("orders-rw.workspace.svc");
  });

  it("runs three instances with quorum synchronous commit, one per node and spread over zones, for highAvailability", async () => {
    const { registrations } = await build("orders", {
      highAvailability: true,
      vcpu: 4,
      memoryGiB: 16,
    });
    const spec = harness.one(CNPG_TYPES.cluster, "orders").inputs["spec"] as Record<
      string,
      unknown
    >;
    expect(spec["instances"]).toBe(3);
    expect((spec["postgresql"] as Record<string, unknown>)["synchronous"]).toEqual({
      method: "any",
      number: 1,
      dataDurability: "required",
    });
    expect(spec["affinity"]).toEqual({
      enablePodAntiAffinity: true,
      podAntiAffinityType: "required",
      topologyKey: "kubernetes.io/hostname",
    });
    expect(spec["topologySpreadConstraints"]).toEqual([
      {
        maxSkew: 1,
        topologyKey: "topology.kubernetes.io/zone",
        whenUnsatisfiable: "ScheduleAnyway",
        labelSelector: { matchLabels: { "cnpg.io/cluster": "orders" } },
      },
    ]);
    expect(spec["resources"]).toEqual({
      requests: { cpu: "4", memory: "16Gi" },
      limits: { cpu: "4", memory: "16Gi" },
    });
    expectValidObjects(registrations);
  });

  it("pins the image of the major asked for, and preloads pg_stat_statements when it is asked for", async () => {
    const { registrations } = await build("orders", {
      version: 15,
      extensions: ["pg_stat_statements"],
    });
    const spec = harness.one(CNPG_TYPES.cluster, "orders").inputs["spec"] as Record<
      string,
      Record<string, unknown>
    >;
    expect(spec["imageName"]).toBe("ghcr.io/cloudnative-pg/postgresql:15.18-standard-trixie");
    expect(spec["postgresql"]?.["parameters"]).toEqual({
      max_connections: "100",
      shared_buffers: "1024MB",
      "pg_stat_statements.track": "top",
    });
    expectValidObjects(registrations);
  });

  it("runs in a Namespace passed as namespace, and opens that namespace's default-deny egress to the database", async () => {
    harness.setConfig(clusterStackConfig({ ...CLUSTER_SETTINGS, postgres: POSTGRES }));
    const { result, registrations } = await harness.run(() => {
      const team = new Namespace("team-data");
      return new PostgresDatabase("orders", { namespace: team, databaseName: "ledger" });
    });
    const cluster = harness.one(CNPG_TYPES.cluster, "orders");
    expect((cluster.inputs["metadata"] as { namespace: string }).namespace).toBe("team-data");
    expect(harness.one(POLICY, "orders-clients").inputs).toEqual({
      apiVersion: "networking.k8s.io/v1",
      kind: "NetworkPolicy",
      metadata: { name: "orders-wissel-clients", namespace: "team-data", labels: MANAGED },
      spec: {
        podSelector: {},
        policyTypes: ["Egress"],
        egress: [
          {
            to: [{ podSelector: { matchLabels: { "cnpg.io/cluster": "orders" } } }],
            ports: [{ protocol: "TCP", port: 5432 }],
          },
        ],
      },
    });
    expect(harness.one(SECRET, "orders-ca").inputs["id"]).toBe("team-data/orders-ca");
    const binding = await valueOf(result.binding);
    expect([binding.host, binding.database, binding.user]).toEqual([
      "orders-rw.team-data.svc",
      "ledger",
      "ledger_app",
    ]);
    expectValidObjects(registrations.filter((r) => r.name.startsWith("orders")));
  });

  it("uses wissel:kubernetes.postgres.namespace over the claims' namespace, and the default StorageClass when none is set", async () => {
    harness.setConfig(
      stackConfig({
        ...SETTINGS,
        postgres: { namespace: "databases", backupObjectStore: POSTGRES.backupObjectStore },
      }),
    );
    const { database } = await build("orders");
    const cluster = harness.one(CNPG_TYPES.cluster, "orders");
    expect((cluster.inputs["metadata"] as { namespace: string }).namespace).toBe("databases");
    expect((cluster.inputs["spec"] as { storage: unknown }).storage).toEqual({ size: "32Gi" });
    expect((await valueOf(database.binding)).host).toBe("orders-rw.databases.svc");
  });

  it("unprotects the Cluster and Database only when allowDataLoss is set", async () => {
    await build("scratch", { allowDataLoss: true });
    for (const [type, name] of [
      [CNPG_TYPES.cluster, "scratch"],
      [CNPG_TYPES.database, "scratch-database"],
    ] as const) {
      const child = harness.one(type, name);
      expect([name, child.protect, child.retainOnDelete]).toEqual([name, false, false]);
    }
  });

  it("records the server, size, storage, backups and app role for wissel plan", async () => {
    await build("orders", { vcpu: 1, memoryGiB: 2, storageGiB: 64, backupRetentionDays: 14 });
    const record = plannedComponents().find((c) => c.name === "orders");
    expect(record?.decisions).toEqual([
      {
        what: "server",
        choice:
          "CloudNativePG Cluster workspace/orders, 1 instance, PostgreSQL 17 (ghcr.io/cloudnative-pg/postgresql:17.10-standard-trixie)",
      },
      {
        what: "size",
        choice:
          "1 CPU, 2Gi memory per instance (requests = limits, Guaranteed QoS); shared_buffers 512MB",
        why: "exactly the 1 vCPU / 2 GiB asked: a cluster has no tiers",
      },
      {
        what: "storage",
        choice:
          "64Gi per instance on StorageClass ceph-block; the volumes are the operator's (PVCs it owns)",
      },
      {
        what: "backups",
        choice:
          "continuous WAL archiving and a daily base backup (02:00) to ObjectStore pg-backups through the Barman Cloud plugin; kept 30 days by the store",
        why: "the store's retention covers the 14 days asked",
      },
      {
        what: "app role",
        choice:
          "orders_app: created by Wissel's bootstrap SQL, then kept by the operator as a managed role (password in Secret orders-wissel-app)",
      },
    ]);
  });

  it("fails at preview on allowedCidrs, which an in-cluster database cannot serve", async () => {
    const error = failure("orders", { allowedCidrs: ["192.0.2.0/24"] });
    expect(error.message).toContain(
      'PostgresDatabase "orders": allowedCidrs is not supported on target "kubernetes": a CloudNativePG cluster is reachable inside the Kubernetes cluster only',
    );
    await harness.settle();
    expect(harness.registrations).toEqual([]);
  });

  it("refuses databases when no backup object store is configured, naming the keys", async () => {
    harness.setConfig(stackConfig(SETTINGS));
    const error = failure("orders", {});
    expect(error.message).toContain(
      "wissel:kubernetes.postgres.backupObjectStore.name and .retentionDays",
    );
    expect(error.message).toContain("wissel:targets.orders");
    await harness.settle();
    expect(harness.registrations).toEqual([]);
  });

  it("rejects PostGIS and a retention beyond the store's before registering anything", async () => {
    const error = failure("orders", {
      extensions: ["pgcrypto", "postgis"],
      backupRetentionDays: 35,
    });
    expect(error.message).toContain(
      'PostgresDatabase "orders": extensions[1] is not in CloudNativePG\'s standard image',
    );
    expect(error.message).toContain('(received "postgis")');
    expect(error.message).toContain(
      "backupRetentionDays must be at most 30: the ObjectStore pg-backups keeps backups 30 days",
    );
    await harness.settle();
    expect(harness.registrations).toEqual([]);
  });
});

describe("buildCloudNativePostgres, as other adapters reuse it", () => {
  class Holder extends pulumi.ComponentResource {
    constructor(name: string) {
      super("test:index:Holder", name);
    }
  }
  function context(name: string, parent: pulumi.ComponentResource): BuildContext<unknown> {
    return {
      name,
      subject: `Test "${name}"`,
      parent,
      settings: {},
      placement: {
        target: "openstack",
        region: "nl",
        country: "NL",
        vendor: "x",
        legalEntity: "x",
        headquarters: "NL",
        foreignJurisdictions: [],
        onPremises: false,
      },
      project: "p",
      stack: "s",
      statefulOptions: { protect: true, retainOnDelete: true },
    };
  }
  // What a caller's plan hands the builder: the spec CloudNativePG serves, here without
  // pointInTimeRecovery, which the types admit only with a store (postgres-invariants.test.ts).
  const served = cloudNativeSpec(validatePostgresArgs({}, "x", "records"), "x");
  if (isRefusal(served)) throw new Error("the default spec is one CloudNativePG serves");
  const spec: CloudNativeSpecOn<CloudNativeTargetWithoutBackups> = {
    ...served,
    pointInTimeRecovery: false,
  };

  it("builds without backups where the caller gives no store: no plugin, no ScheduledBackup, and says so", async () => {
    const { result, registrations } = await harness.run(() => {
      const holder = new Holder("records");
      return buildCloudNativePostgres(context("records", holder), spec, { namespace: "apps" });
    });
    expect(registrations.map((r) => `${r.type} ${r.name}`).sort()).toEqual(
      [
        "test:index:Holder records",
        `${SECRET} records-app`,
        `${CNPG_TYPES.cluster} records`,
        `${CNPG_TYPES.database} records-database`,
        `${POLICY} records-ingress`,
        `${POLICY} records-egress`,
        `${SECRET} records-ca`,
      ].sort(),
    );
    expect(harness.one(CNPG_TYPES.cluster, "records").inputs["spec"]).not.toHaveProperty("plugins");
    expect(result.decisions).toContainEqual({
      what: "backups",
      choice: "none: no backup object store given",
    });
    expect((await valueOf(result.binding)).host).toBe("records-rw.apps.svc");
    expectValidObjects(registrations);
  });

  it("names the cluster as a DNS label of at most 50 characters", () => {
    expect(cloudNativeClusterName("Orders_DB")).toBe("orders-db");
    const long = cloudNativeClusterName("a".repeat(80));
    expect(long.length).toBeLessThanOrEqual(50);
    expect(long).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
  });
});

describe("sizing: the pod gets exactly what is asked, requests equal to limits", () => {
  it.each([
    [
      1,
      1,
      {
        requests: { cpu: "1", memory: "1Gi" },
        limits: { cpu: "1", memory: "1Gi" },
        sharedBuffers: "256MB",
      },
    ],
    [
      2,
      4,
      {
        requests: { cpu: "2", memory: "4Gi" },
        limits: { cpu: "2", memory: "4Gi" },
        sharedBuffers: "1024MB",
      },
    ],
    [
      4,
      16,
      {
        requests: { cpu: "4", memory: "16Gi" },
        limits: { cpu: "4", memory: "16Gi" },
        sharedBuffers: "4096MB",
      },
    ],
    [
      16,
      64,
      {
        requests: { cpu: "16", memory: "64Gi" },
        limits: { cpu: "16", memory: "64Gi" },
        sharedBuffers: "16384MB",
      },
    ],
    [
      64,
      512,
      {
        requests: { cpu: "64", memory: "512Gi" },
        limits: { cpu: "64", memory: "512Gi" },
        sharedBuffers: "131072MB",
      },
    ],
  ])("%i vCPU, %i GiB", (vcpu, memoryGiB, expected) => {
    expect(postgresResources({ vcpu, memoryGiB })).toEqual(expected);
  });
});

describe("images and extensions", () => {
  it("pins a standard image of the same major for every version core offers", () => {
    for (const version of POSTGRES_VERSIONS) {
      expect([version, CNPG_IMAGES[version]]).toEqual([
        version,
        expect.stringMatching(
          new RegExp(`^ghcr\\.io/cloudnative-pg/postgresql:${version}\\.\\d+-standard-trixie$`),
        ),
      ]);
    }
  });

  it("allows every extension core knows except PostGIS", () => {
    expect([...CNPG_EXTENSIONS].sort()).toEqual(
      [
        "btree_gin",
        "btree_gist",
        "citext",
        "fuzzystrmatch",
        "hstore",
        "intarray",
        "ltree",
        "pg_stat_statements",
        "pg_trgm",
        "pgcrypto",
        "tablefunc",
        "unaccent",
        "uuid-ossp",
        "vector",
      ].sort(),
    );
  });

  it("generates a fresh 32-character URL-safe password each time", () => {
    const a = generatePassword();
    expect(a).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(generatePassword()).not.toBe(a);
  });
});

describe("validators", () => {
  const SUBJECT = 'PostgresDatabase "orders"';
  const settings = parseSettings(POSTGRES_SETTINGS);
  const spec = (args: Record<string, unknown>): PostgresBuildSpec =>
    validatePostgresArgs(args, SUBJECT, "orders");
  const limits = {
    namespaceCommand:
      "pulumi config set --path 'wissel:kubernetes.postgres.namespace' team-databases",
    backupSetting: "wissel:openstack.kubernetes.backupObjectStore",
  };

  it.each([
    ["PostGIS", { extensions: ["postgis"] }, "extensions[0]", "postgis"],
    [
      "PostGIS after others",
      { extensions: ["pgcrypto", "citext", "postgis"] },
      "extensions[2]",
      "postgis",
    ],
    ["more retention than the store keeps", { backupRetentionDays: 31 }, "backupRetentionDays", 31],
  ])("rejects %s", (_label, args, field, value) => {
    const issues = planIssues(postgres, spec(args), SUBJECT, settings);
    expect(issues.map((i) => [i.subject, i.field, i.value])).toEqual([[SUBJECT, field, value]]);
    expect(issues[0]?.fix.length).toBeGreaterThan(10);
  });

  it.each([
    ["defaults", {}],
    ["every allowed extension", { extensions: [...CNPG_EXTENSIONS] }],
    ["the store's own retention", { backupRetentionDays: 30 }],
    [
      "HA at the largest size",
      { highAvailability: true, vcpu: 64, memoryGiB: 512, storageGiB: 16384 },
    ],
  ])("accepts %s", (_label, args) => {
    expect(planIssues(postgres, spec(args), SUBJECT, settings)).toEqual([]);
  });

  it("requires a namespace where the caller has no default, naming the setting", () => {
    const issues = validateCloudNativePostgres(spec({}), SUBJECT, limits);
    expect(issues.map((i) => [i.field, i.rule])).toEqual([
      [
        "namespace",
        "is required: a CloudNativePG cluster runs in a namespace, and none is configured",
      ],
    ]);
    expect(issues[0]?.fix).toBe(
      "Pass namespace: a Namespace of the program, or run pulumi config set --path 'wissel:kubernetes.postgres.namespace' team-databases.",
    );
    expect(
      validateCloudNativePostgres(spec({}), SUBJECT, { backupSetting: limits.backupSetting })[0]
        ?.fix,
    ).toBe("Pass namespace: a Namespace of the program.");
    expect(
      validateCloudNativePostgres(spec({}), SUBJECT, { ...limits, defaultNamespace: "apps" }),
    ).toEqual([]);
  });

  it("marks the block and PITR by the backup store, allowedCidrs never", () => {
    const without = postgresCapabilities(parseSettings(SETTINGS));
    expect([
      without.block.support,
      without.features.pointInTimeRecovery.support,
      without.features.allowedCidrs.support,
    ]).toEqual(["unsupported", "unsupported", "unsupported"]);
    expect(without.block.reason).toContain("wissel:kubernetes.postgres.backupObjectStore.name");
    const withStore = postgresCapabilities(settings);
    expect([
      withStore.block.support,
      withStore.features.pointInTimeRecovery.support,
      withStore.features.highAvailability.support,
      withStore.features.extensions.support,
      withStore.features.appRole.support,
    ]).toEqual(["native", "native", "native", "native", "native"]);
  });
});
