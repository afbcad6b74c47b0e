import { X509Certificate } from "node:crypto";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import * as pulumi from "@pulumi/pulumi";
import {
  KubernetesCluster,
  Namespace,
  PostgresDatabase,
  isRefusal,
  plannedComponents,
  postgresSetupSql,
  scramSha256Verifier,
  type PostgresBinding,
  type PostgresBuildSpec,
  type PostgresDatabaseArgs,
} from "@wissel/core";
import {
  MockHarness,
  isSecret,
  kubernetesObjects,
  podSecurityViolations,
  validateKubernetesObjects,
  valueOf,
  type PodSpecLike,
  type Registration,
} from "@wissel/testing";
import {
  DIGICERT_GLOBAL_ROOT_G2,
  MICROSOFT_RSA_ROOT_CA_2017,
  PLAN_SECRET_PLACEHOLDER,
  POSTGRES_CA_BUNDLE,
  parseSettings,
} from "@wissel/azure";
import {
  ipv4Range,
  postgresServerName,
  postgres,
  postgresSkuFor,
  postgresStorageFor,
  setupNamespaceName,
} from "../src/postgres";
import {
  ADMIN_PASSWORD,
  APP_PASSWORD,
  DNS_ZONE_ID,
  SETTINGS,
  SUBNET_ID,
  outputs,
  postgresConfig,
} from "./fixtures";

const T = {
  server: "azure-native:dbforpostgresql:Server",
  database: "azure-native:dbforpostgresql:Database",
  configuration: "azure-native:dbforpostgresql:Configuration",
  firewall: "azure-native:dbforpostgresql:FirewallRule",
  namespace: "kubernetes:core/v1:Namespace",
  secret: "kubernetes:core/v1:Secret",
  job: "kubernetes:batch/v1:Job",
};
const IDENTITY = { project: "wissel-test", stack: "test", name: "orders" };
const SERVER = postgresServerName(IDENTITY);
const HOST = `${SERVER}.postgres.database.azure.com`;
const SETUP_NS = setupNamespaceName(IDENTITY);
const CIDRS = { allowedCidrs: ["198.51.100.0/24", "203.0.113.7/32"] };
const CONFIG = postgresConfig(["orders"]);

let harness: MockHarness;
beforeAll(async () => {
  harness = await MockHarness.start({ config: CONFIG, secretKeys: ["wissel:azure"], outputs });
});
beforeEach(() => {
  harness.reset();
  harness.setConfig(CONFIG);
});

async function build(
  args: PostgresDatabaseArgs = CIDRS,
  name = "orders",
): Promise<{ database: PostgresDatabase; own: Registration[]; registrations: Registration[] }> {
  const { result, registrations } = await harness.run(() => {
    new KubernetesCluster("apps");
    return new PostgresDatabase(name, args);
  });
  return { database: result, own: harness.descendantsOf(await valueOf(result.urn)), registrations };
}

function rejected(program: () => unknown): string {
  try {
    program();
  } catch (error) {
    expect(pulumi.ResourceError.isInstance(error)).toBe(true);
    return (error as Error).message;
  }
  throw new Error("expected the program to throw");
}

describe("PostgresDatabase on azure: children", () => {
  it("registers the server, database, TLS and extension parameters, one firewall rule per CIDR and the setup job's objects", async () => {
    const { own } = await build({ ...CIDRS, extensions: ["pgcrypto", "uuid-ossp"] });
    expect(own.map((r) => `${r.type} ${r.name}`).sort()).toEqual(
      [
        `${T.server} orders`,
        `${T.database} orders-database`,
        `${T.configuration} orders-require-tls`,
        `${T.configuration} orders-tls-version`,
        `${T.configuration} orders-extensions`,
        `${T.firewall} orders-allow-0`,
        `${T.firewall} orders-allow-1`,
        `${T.namespace} orders-setup-namespace`,
        `${T.secret} orders-setup-secret`,
        `${T.job} orders-setup`,
      ].sort(),
    );
  });

  it("gives the server its sizing, admin, TLS-era auth, backups in region, no HA and a public endpoint only for named CIDRs", async () => {
    await build();
    const server = harness.one(T.server, "orders");
    expect(server.inputs).toEqual({
      serverName: SERVER,
      resourceGroupName: SETTINGS.resourceGroupName,
      location: "westeurope",
      version: "17",
      sku: { name: "Standard_B2s", tier: "Burstable" },
      administratorLogin: "wisseladmin",
      administratorLoginPassword: ADMIN_PASSWORD,
      // tenantId and standbyAvailabilityZone: the SDK's defaults for those objects.
      authConfig: { passwordAuth: "Enabled", activeDirectoryAuth: "Disabled", tenantId: "" },
      storage: { storageSizeGB: 32, autoGrow: "Disabled" },
      backup: { backupRetentionDays: 7, geoRedundantBackup: "Disabled" },
      highAvailability: { mode: "Disabled", standbyAvailabilityZone: "" },
      network: { publicNetworkAccess: "Enabled" },
      dataEncryption: { type: "SystemManaged" },
      availabilityZone: "",
    });
    expect(server.secretInputs).toEqual(["administratorLoginPassword"]);
    expect([server.protect, server.retainOnDelete, server.deleteBeforeReplace]).toEqual([
      true,
      true,
      false,
    ]);
    expect(server.additionalSecretOutputs).toEqual(["administratorLoginPassword"]);
  });

  it("creates the database in UTF-8 with the en_US.utf8 collation, protected and retained", async () => {
    await build({ ...CIDRS, databaseName: "ledger" });
    const database = harness.one(T.database, "orders-database");
    expect(database.inputs).toEqual({
      resourceGroupName: SETTINGS.resourceGroupName,
      serverName: SERVER,
      databaseName: "ledger",
      charset: "UTF8",
      collation: "en_US.utf8",
    });
    expect([database.protect, database.retainOnDelete]).toEqual([true, true]);
  });

  it("enforces TLS 1.2+ and allowlists exactly the requested extensions", async () => {
    await build({ ...CIDRS, extensions: ["vector", "pgcrypto"] });
    const values = harness
      .ofType(T.configuration)
      .map((r) => [
        r.name,
        r.inputs["configurationName"],
        r.inputs["value"],
        r.inputs["source"],
        r.inputs["serverName"],
      ]);
    expect(values).toEqual([
      ["orders-require-tls", "require_secure_transport", "on", "user-override", SERVER],
      ["orders-tls-version", "ssl_min_protocol_version", "TLSv1.2", "user-override", SERVER],
      ["orders-extensions", "azure.extensions", "vector,pgcrypto", "user-override", SERVER],
    ]);
  });

  it("sets no extension allowlist when no extension is asked", async () => {
    await build();
    expect(harness.ofType(T.configuration).map((r) => r.name)).toEqual([
      "orders-require-tls",
      "orders-tls-version",
    ]);
  });

  it("turns each CIDR into a firewall rule with its first and last address", async () => {
    await build();
    expect(harness.ofType(T.firewall).map((r) => r.inputs)).toEqual([
      {
        resourceGroupName: SETTINGS.resourceGroupName,
        serverName: SERVER,
        firewallRuleName: "wissel-allow-0",
        startIpAddress: "198.51.100.0",
        endIpAddress: "198.51.100.255",
      },
      {
        resourceGroupName: SETTINGS.resourceGroupName,
        serverName: SERVER,
        firewallRuleName: "wissel-allow-1",
        startIpAddress: "203.0.113.7",
        endIpAddress: "203.0.113.7",
      },
    ]);
  });

  it("puts the server in the delegated subnet with its private DNS zone and no public endpoint under private access", async () => {
    harness.setConfig(postgresConfig(["orders"], true));
    await build({});
    expect(harness.one(T.server, "orders").inputs["network"]).toEqual({
      delegatedSubnetResourceId: SUBNET_ID,
      privateDnsZoneArmResourceId: DNS_ZONE_ID,
      publicNetworkAccess: "Disabled",
    });
    expect(harness.ofType(T.firewall)).toEqual([]);
  });

  it("makes a highly available server zone-redundant on General Purpose, never Burstable", async () => {
    await build({ ...CIDRS, highAvailability: true });
    const server = harness.one(T.server, "orders");
    expect([server.inputs["highAvailability"], server.inputs["sku"]]).toEqual([
      { mode: "ZoneRedundant", standbyAvailabilityZone: "" },
      { name: "Standard_D2ds_v5", tier: "GeneralPurpose" },
    ]);
  });

  it("rounds storage up to a size Flexible Server offers and keeps the requested retention", async () => {
    await build({ ...CIDRS, storageGiB: 100, backupRetentionDays: 35, vcpu: 4, memoryGiB: 32 });
    const server = harness.one(T.server, "orders");
    expect([server.inputs["storage"], server.inputs["backup"], server.inputs["sku"]]).toEqual([
      { storageSizeGB: 128, autoGrow: "Disabled" },
      { backupRetentionDays: 35, geoRedundantBackup: "Disabled" },
      { name: "Standard_E4ds_v5", tier: "MemoryOptimized" },
    ]);
  });

  it("drops protection from the server and database only with allowDataLoss", async () => {
    await build({ ...CIDRS, allowDataLoss: true });
    expect(
      [T.server, T.database].map(
        (t) => harness.ofType(t).map((r) => [r.protect, r.retainOnDelete])[0],
      ),
    ).toEqual([
      [false, false],
      [false, false],
    ]);
  });
});

describe("PostgresDatabase on azure: the app role's setup job", () => {
  it("runs in its own restricted namespace on the AKS cluster, through the cluster's provider", async () => {
    const { registrations } = await build();
    expect(harness.one(T.namespace, "orders-setup-namespace").inputs["metadata"]).toEqual({
      name: SETUP_NS,
      labels: {
        "app.kubernetes.io/name": "wissel-postgres-setup",
        "app.kubernetes.io/instance": "orders",
        "app.kubernetes.io/managed-by": "wissel",
        "pod-security.kubernetes.io/enforce": "restricted",
        "pod-security.kubernetes.io/enforce-version": "v1.31",
        "pod-security.kubernetes.io/audit": "restricted",
        "pod-security.kubernetes.io/audit-version": "v1.31",
        "pod-security.kubernetes.io/warn": "restricted",
        "pod-security.kubernetes.io/warn-version": "v1.31",
      },
    });
    expect(
      registrations.filter((r) => r.type === "pulumi:providers:kubernetes").map((r) => r.name),
    ).toEqual(["apps-provider"]);
    expect(SETUP_NS).toMatch(/^wissel-pg-orders-[a-z0-9]+$/);
  });

  it("keeps the admin password, core's statements and the CA in a secret Secret; the statements carry a SCRAM verifier, not the password", async () => {
    await build({ ...CIDRS, extensions: ["pgcrypto"] });
    const secret = harness.one(T.secret, "orders-setup-secret");
    expect(secret.secretInputs).toEqual(["stringData"]);
    const sql = postgresSetupSql(
      { databaseName: "orders", appRole: "orders_app", extensions: ["pgcrypto"] },
      { password: APP_PASSWORD, maxConnections: 429 - 15 },
    );
    expect(secret.inputs["stringData"]).toEqual({
      "admin-password": ADMIN_PASSWORD,
      "server.sql": `${sql.server.join("\n")}\n`,
      "database.sql": `${sql.database.join("\n")}\n`,
      "ca.pem": POSTGRES_CA_BUNDLE,
    });
    const serverSql = (secret.inputs["stringData"] as Record<string, string>)["server.sql"]!;
    expect(serverSql).toContain(scramSha256Verifier(APP_PASSWORD, "orders_app"));
    expect(serverSql).toContain("CONNECTION LIMIT 404");
    expect(serverSql).not.toContain(APP_PASSWORD);
    expect(secret.inputs["metadata"]).toMatchObject({
      name: "postgres-setup",
      namespace: SETUP_NS,
    });
  });

  it("runs psql as the admin over verify-full TLS, server statements first, as a restricted non-root pod", async () => {
    await build();
    const job = harness.one(T.job, "orders-setup");
    const spec = job.inputs["spec"] as {
      backoffLimit: number;
      activeDeadlineSeconds: number;
      template: {
        metadata: { annotations: Record<string, string> };
        spec: Record<string, unknown>;
      };
    };
    expect((job.inputs["metadata"] as Record<string, unknown>)["name"]).toBeUndefined();
    expect((job.inputs["metadata"] as Record<string, unknown>)["namespace"]).toBe(SETUP_NS);
    expect([spec.backoffLimit, spec.activeDeadlineSeconds]).toEqual([4, 600]);
    const pod = spec.template.spec as {
      restartPolicy: string;
      automountServiceAccountToken: boolean;
      securityContext: unknown;
      initContainers: {
        name: string;
        image: string;
        command: string[];
        args: string[];
        env: unknown[];
        securityContext: unknown;
      }[];
      containers: { name: string; args: string[] }[];
      volumes: unknown[];
    };
    expect([pod.restartPolicy, pod.automountServiceAccountToken]).toEqual(["Never", false]);
    // What the Pod Security admission of a restricted namespace would check.
    expect(podSecurityViolations(spec.template.spec as PodSpecLike, "restricted")).toEqual([]);
    expect(pod.securityContext).toEqual({
      runAsNonRoot: true,
      runAsUser: 70,
      runAsGroup: 70,
      seccompProfile: { type: "RuntimeDefault" },
    });
    const init = pod.initContainers[0]!;
    expect([pod.initContainers.length, init.name, init.image, init.command, init.args]).toEqual([
      1,
      "server",
      "docker.io/library/postgres:17-alpine",
      ["psql"],
      ["--no-psqlrc", "--set=ON_ERROR_STOP=1", "--dbname=postgres", "--file=/setup/server.sql"],
    ]);
    expect(pod.containers.map((c) => [c.name, c.args])).toEqual([
      [
        "database",
        ["--no-psqlrc", "--set=ON_ERROR_STOP=1", "--dbname=orders", "--file=/setup/database.sql"],
      ],
    ]);
    expect(init.env).toEqual([
      { name: "PGHOST", value: HOST },
      { name: "PGPORT", value: "5432" },
      { name: "PGUSER", value: "wisseladmin" },
      {
        name: "PGPASSWORD",
        valueFrom: { secretKeyRef: { name: "postgres-setup", key: "admin-password" } },
      },
      { name: "PGSSLMODE", value: "verify-full" },
      { name: "PGSSLROOTCERT", value: "/setup/ca.pem" },
      { name: "PGCONNECT_TIMEOUT", value: "30" },
      { name: "PGAPPNAME", value: "wissel-setup" },
    ]);
    expect(init.securityContext).toEqual({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      capabilities: { drop: ["ALL"] },
    });
    // No password in the job itself: it reads the admin's from the Secret.
    expect(JSON.stringify(job.inputs)).not.toContain(ADMIN_PASSWORD);
    expect(JSON.stringify(job.inputs)).not.toContain(APP_PASSWORD);
  });

  it("re-runs when a password changes: the pod template carries a keyed digest of the statements", async () => {
    await build();
    const digest = () =>
      (
        harness.ofType(T.job).at(-1)!.inputs["spec"] as {
          template: { metadata: { annotations: Record<string, string> } };
        }
      ).template.metadata.annotations["wissel.dev/setup-digest"];
    const first = digest();
    harness.reset();
    await build();
    expect(digest()).toBe(first);
    harness.reset();
    harness.setConfig(
      postgresConfig(["orders"], false, {
        postgresAppPasswords: { orders: "another-app-password-42" },
      }),
    );
    await build();
    expect(digest()).toMatch(/^[0-9a-f]{32}$/);
    expect(digest()).not.toBe(first);
  });

  it("emits Kubernetes objects that validate against the upstream schemas", async () => {
    const { own } = await build();
    const objects = kubernetesObjects(own);
    expect(objects.map((o) => o.kind).sort()).toEqual(["Job", "Namespace", "Secret"]);
    expect(validateKubernetesObjects(objects)).toEqual([[], [], []]);
  });
});

describe("PostgresDatabase on azure: binding and plan", () => {
  it("binds the app role, never the admin, with verify-full against Azure's roots", async () => {
    const { database } = await build({ ...CIDRS, databaseName: "ledger" });
    expect(await isSecret(database.binding)).toBe(true);
    const binding: PostgresBinding = await valueOf(database.binding);
    expect(binding).toEqual({
      host: HOST,
      port: 5432,
      database: "ledger",
      user: "ledger_app",
      password: APP_PASSWORD,
      sslmode: "verify-full",
      caCertificate: POSTGRES_CA_BUNDLE,
      uri: `postgresql://ledger_app:${APP_PASSWORD}@${HOST}:5432/ledger?sslmode=verify-full`,
    });
  });

  it("shows the chosen tier, storage, backups and how the app role is made in wissel plan", async () => {
    await build({ ...CIDRS, storageGiB: 40 });
    const decisions = plannedComponents().find((c) => c.name === "orders")?.decisions ?? [];
    expect(decisions.map((d) => d.what)).toEqual([
      "tier",
      "storage",
      "backups",
      "availability",
      "network",
      "TLS",
      "app role",
      "encryption at rest",
    ]);
    expect(decisions[0]).toEqual({
      what: "tier",
      choice: "Standard_B2s (Burstable, 2 vCPU, 4 GiB)",
      why: "smallest meeting 2 vCPU / 4 GiB",
    });
    expect(decisions[1]?.choice).toBe("64 GiB Premium SSD, no auto-grow");
    expect(decisions[4]?.choice).toBe(
      "public endpoint, firewall open to 198.51.100.0/24, 203.0.113.7/32 only",
    );
    expect(decisions[6]?.choice).toBe(
      `orders_app, created by a one-shot job on AKS cluster "apps" in namespace ${SETUP_NS} (connection limit 404)`,
    );
  });
});

describe("PostgresDatabase on azure: rejected before registration", () => {
  const cases: ReadonlyArray<{
    what: string;
    config?: Record<string, unknown>;
    args: PostgresDatabaseArgs;
    cluster?: number;
    expected: string;
  }> = [
    {
      what: "retention under a week",
      args: { ...CIDRS, backupRetentionDays: 3 },
      expected: 'backupRetentionDays must be from 7 to 35 days on target "azure"',
    },
    {
      what: "HA where the region has no zones",
      config: postgresConfig(["orders"], false, { location: "germanynorth", redundancy: "LRS" }),
      args: { ...CIDRS, highAvailability: true },
      expected:
        "highAvailability needs availability zones for a standby in another zone; germanynorth has none",
    },
    {
      what: "an IPv6 CIDR",
      args: { allowedCidrs: ["2001:db8::/32"] },
      expected:
        "allowedCidrs[0] must be IPv4: Flexible Server firewall rules take IPv4 ranges only",
    },
    {
      what: "no network at all",
      args: {},
      expected:
        'allowedCidrs must name the networks that may connect, or the stack must give private access: on target "azure" a server without either is reachable by nobody (received []). Set wissel:azure.postgres.delegatedSubnetId',
    },
    {
      what: "CIDRs with private access",
      config: postgresConfig(["orders"], true),
      args: CIDRS,
      expected: "allowedCidrs cannot be combined with private access",
    },
    {
      what: "no admin password",
      config: {
        ...CONFIG,
        "wissel:azure": { ...SETTINGS, postgresAppPasswords: { orders: APP_PASSWORD } },
      },
      args: CIDRS,
      expected:
        "wissel:azure.postgresAdminPassword is required: Flexible Server needs an administrator password when it is created (received nothing). Run pulumi config set --secret --path 'wissel:azure.postgresAdminPassword' \"$(openssl rand -base64 32)\".",
    },
    {
      what: "no app password for this database",
      config: postgresConfig(["billing"]),
      args: CIDRS,
      expected:
        "wissel:azure.postgresAppPasswords.orders is required: the password of this database's app role, kept secret in the stack (received nothing). Run pulumi config set --secret --path 'wissel:azure.postgresAppPasswords.orders' \"$(openssl rand -base64 32)\".",
    },
    {
      what: "no cluster",
      cluster: 0,
      args: CIDRS,
      expected:
        'namespace needs a KubernetesCluster on target "azure" declared before the database',
    },
    {
      what: "two clusters",
      cluster: 2,
      args: CIDRS,
      expected:
        'namespace must be given when the program has several clusters on target "azure" (apps-0, apps-1)',
    },
  ];
  for (const c of cases) {
    it(`rejects ${c.what}`, async () => {
      if (c.config !== undefined) harness.setConfig(c.config);
      const message = rejected(() => {
        for (let i = 0; i < (c.cluster ?? 1); i++)
          new KubernetesCluster(c.cluster === undefined ? "apps" : `apps-${i}`);
        return new PostgresDatabase("orders", c.args);
      });
      expect(message).toContain(`PostgresDatabase "orders": ${c.expected}`);
      await harness.settle();
      expect(
        harness.registrations.filter(
          (r) =>
            r.type.startsWith("azure-native:dbforpostgresql") ||
            r.type === "wissel:postgres:Database",
        ),
      ).toEqual([]);
    });
  }

  it("uses the cluster of the namespace passed when the program has several", async () => {
    await harness.run(() => {
      new KubernetesCluster("apps-0");
      const chosen = new KubernetesCluster("apps-1");
      const team = new Namespace("team", { cluster: chosen });
      return new PostgresDatabase("orders", { ...CIDRS, namespace: team });
    });
    const record = plannedComponents().find((c) => c.name === "orders");
    expect(record?.decisions.find((d) => d.what === "app role")?.choice).toContain(
      'AKS cluster "apps-1"',
    );
    // The job still runs in its own namespace, not the team's: the team can read its Secrets.
    expect(
      (harness.one(T.job, "orders-setup").inputs["metadata"] as Record<string, unknown>)[
        "namespace"
      ],
    ).toBe(SETUP_NS);
  });

  it("checks limits the neutral validation cannot reach: sizes and storage beyond Flexible Server's largest", () => {
    const spec: PostgresBuildSpec = {
      version: 17,
      vcpu: 128,
      memoryGiB: 1024,
      storageGiB: 40_000,
      highAvailability: false,
      backupRetentionDays: 7,
      pointInTimeRecovery: false,
      extensions: [],
      databaseName: "orders",
      appRole: "orders_app",
      allowedCidrs: ["198.51.100.0/24"],
      classification: "internal",
      allowDataLoss: false,
    };
    const settings = parseSettings({
      ...SETTINGS,
      postgresAdminPassword: ADMIN_PASSWORD,
      postgresAppPasswords: { orders: APP_PASSWORD },
    });
    const planned = postgres.plan(spec, {
      name: "orders",
      subject: 'PostgresDatabase "orders"',
      settings,
      project: "wissel-test",
      stack: "test",
    });
    expect(isRefusal(planned) ? planned.map((i) => [i.field, i.rule]) : planned).toEqual([
      ["vcpu", "must fit a Flexible Server size (at most 96 vCPU and 672 GiB)"],
      ["storageGiB", "must be at most 32768 GiB on Flexible Server"],
      ["namespace", expect.stringContaining("needs a KubernetesCluster")],
    ]);
  });
});

describe("Flexible Server sizing", () => {
  const table: ReadonlyArray<
    [vcpu: number, memoryGiB: number, ha: boolean, sku: string | undefined]
  > = [
    [1, 1, false, "Standard_B1ms"],
    [1, 2, false, "Standard_B1ms"],
    [1, 3, false, "Standard_B2s"],
    [2, 4, false, "Standard_B2s"],
    [2, 8, false, "Standard_B2ms"],
    [2, 9, false, "Standard_E2ds_v5"],
    [2, 4, true, "Standard_D2ds_v5"],
    [2, 16, true, "Standard_E2ds_v5"],
    [4, 16, false, "Standard_B4ms"],
    [4, 16, true, "Standard_D4ds_v5"],
    [4, 17, false, "Standard_E4ds_v5"],
    [12, 48, false, "Standard_B12ms"],
    [12, 48, true, "Standard_D16ds_v5"],
    [16, 64, false, "Standard_B16ms"],
    [16, 65, false, "Standard_E16ds_v5"],
    [24, 8, false, "Standard_D32ds_v5"],
    [64, 432, true, "Standard_E64ds_v5"],
    [64, 512, false, "Standard_E96ds_v5"],
    [96, 673, false, undefined],
    [97, 8, false, undefined],
  ];
  it.each(table)("%d vCPU / %d GiB (HA %s) -> %s", (vcpu, memoryGiB, ha, sku) => {
    expect(postgresSkuFor(vcpu, memoryGiB, ha)?.name).toBe(sku);
  });

  it.each([
    [10, 32],
    [32, 32],
    [33, 64],
    [1000, 1024],
    [16384, 16384],
    [32769, undefined],
  ])("%d GiB of storage -> %s GiB", (requested, size) => {
    expect(postgresStorageFor(requested)).toBe(size);
  });

  it.each([
    ["198.51.100.0/24", "198.51.100.0", "198.51.100.255"],
    ["10.0.0.0/8", "10.0.0.0", "10.255.255.255"],
    ["203.0.113.7/32", "203.0.113.7", "203.0.113.7"],
    ["128.0.0.0/1", "128.0.0.0", "255.255.255.255"],
  ])("%s spans %s to %s", (cidr, start, end) => {
    expect(ipv4Range(cidr)).toEqual({ start, end });
  });

  // Core rejects these before any firewall rule is derived; the derivation refuses them too, rather
  // than reading 010 as 10 or widening 10.0.0.1/8 silently.
  it.each(["010.0.0.0/8", "10.0.0.1/8", "2001:db8::/32", "10.0.0.0/33"])(
    "refuses to derive a range from %s",
    (cidr) => {
      expect(() => ipv4Range(cidr)).toThrow(/ipv4Range/);
    },
  );
});

describe("Azure's PostgreSQL root certificates", () => {
  it("are DigiCert Global Root G2 and Microsoft RSA Root CA 2017, with their published fingerprints", () => {
    const g2 = new X509Certificate(DIGICERT_GLOBAL_ROOT_G2);
    const microsoft = new X509Certificate(MICROSOFT_RSA_ROOT_CA_2017);
    expect([g2.subject, g2.fingerprint256, g2.ca]).toEqual([
      "C=US\nO=DigiCert Inc\nOU=www.digicert.com\nCN=DigiCert Global Root G2",
      "CB:3C:CB:B7:60:31:E5:E0:13:8F:8D:D3:9A:23:F9:DE:47:FF:C3:5E:43:C1:14:4C:EA:27:D4:6A:5A:B1:CB:5F",
      true,
    ]);
    expect([microsoft.subject, microsoft.fingerprint256, microsoft.ca]).toEqual([
      "C=US\nO=Microsoft Corporation\nCN=Microsoft RSA Root Certificate Authority 2017",
      "C7:41:F7:0F:4B:2A:8D:88:BF:2E:71:C1:41:22:EF:53:EF:10:EB:A0:CF:A5:E6:4C:FA:20:F4:18:85:30:73:E0",
      true,
    ]);
    expect(g2.verify(g2.publicKey) && microsoft.verify(microsoft.publicKey)).toBe(true);
    expect(POSTGRES_CA_BUNDLE).toBe(DIGICERT_GLOBAL_ROOT_G2 + MICROSOFT_RSA_ROOT_CA_2017);
  });
});

describe("the team-workspace stack file for Azure", () => {
  /** The stack file's wissel config as `wissel plan` passes it: `secure:` values become its placeholder. */
  function stackConfig(): Record<string, unknown> {
    const file = path.resolve(__dirname, "../../../stacks/team-workspace/Pulumi.azure.yaml");
    const config = (parse(readFileSync(file, "utf8")) as { config: Record<string, unknown> })
      .config;
    return JSON.parse(JSON.stringify(config), (_key, value: unknown) =>
      typeof value === "object" &&
      value !== null &&
      Object.keys(value).length === 1 &&
      "secure" in value
        ? PLAN_SECRET_PLACEHOLDER
        : value,
    ) as Record<string, unknown>;
  }

  it.each([[{}], [{ extensions: ["pgcrypto"] }]] as [PostgresDatabaseArgs][])(
    "plans the records database %j after the platform cluster, on private access",
    async (args) => {
      harness.setConfig(stackConfig());
      const { result } = await harness.run(() => {
        new KubernetesCluster("platform", { nodeCount: 3, vcpu: 4, memoryGiB: 16 });
        return new PostgresDatabase("records", args);
      });
      expect((await valueOf(result.binding)).user).toBe("records_app");
      expect(harness.one(T.server, "records").inputs["network"]).toMatchObject({
        publicNetworkAccess: "Disabled",
      });
      expect(harness.ofType(T.configuration).map((r) => r.inputs["configurationName"])).toEqual([
        "require_secure_transport",
        "ssl_min_protocol_version",
        ...(args.extensions !== undefined ? ["azure.extensions"] : []),
      ]);
    },
  );
});
