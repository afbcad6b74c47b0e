import * as pulumi from "@pulumi/pulumi";
import {
  DEFAULT_QUOTA,
  KubernetesCluster,
  Namespace,
  PostgresDatabase,
  isRefusal,
  plannedComponents,
  validatePostgresArgs,
  type Issue,
  type Placement,
  type PlanResult,
  type PostgresDatabaseArgs,
} from "@wissel/core";
import { parseSettings } from "@wissel/openstack";
import { CNPG_TYPES } from "../../kubernetes/src/postgres";
import { MockHarness, isSecret, valueOf } from "@wissel/testing";
import { TROVE_INSTANCE_TYPE, postgres } from "../src/postgres";
import { planCloudNativePostgres } from "../src/postgres-cloudnative";
import { BACKUP_STORE, CNPG_CA, cloudNativeStackConfig, outputs, stackConfig } from "./fixtures";

const CONFIG = cloudNativeStackConfig();
/** Nodes large enough for a default database's instance (2 vCPU): a 2-vCPU node could never schedule it. */
const NODES = { vcpu: 4, memoryGiB: 16 };

/** Provider references each registration was made with. */
const providers = new Map<string, string | undefined>();

let harness: MockHarness;

beforeAll(async () => {
  harness = await MockHarness.start({
    project: "team-workspace",
    stack: "openstack",
    config: CONFIG,
    outputs: (args) => {
      providers.set(`${args.type} ${args.name}`, args.provider);
      return outputs(args);
    },
  });
});

beforeEach(() => {
  harness.reset();
  providers.clear();
  harness.setConfig(CONFIG);
});

async function onMagnum(
  name: string,
  args: PostgresDatabaseArgs = {},
): Promise<{ cluster: KubernetesCluster; database: PostgresDatabase }> {
  const { result } = await harness.run(() => {
    const cluster = new KubernetesCluster("apps", NODES);
    const namespace = new Namespace("team", { cluster });
    return { cluster, database: new PostgresDatabase(name, { ...args, namespace }) };
  });
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

describe("a database as CloudNativePG on the program's Magnum cluster", () => {
  it("registers the Kubernetes adapter's children under the component, and nothing of Trove", async () => {
    const { database } = await onMagnum("records");
    const urn = await valueOf(database.urn);
    expect(
      harness
        .childrenOf(urn)
        .map((r) => [r.name, r.type])
        .sort(),
    ).toEqual([
      ["records", CNPG_TYPES.cluster],
      ["records-app", "kubernetes:core/v1:Secret"],
      ["records-backup", CNPG_TYPES.scheduledBackup],
      ["records-ca", "kubernetes:core/v1:Secret"],
      ["records-clients", "kubernetes:networking.k8s.io/v1:NetworkPolicy"],
      ["records-database", CNPG_TYPES.database],
      ["records-egress", "kubernetes:networking.k8s.io/v1:NetworkPolicy"],
      ["records-ingress", "kubernetes:networking.k8s.io/v1:NetworkPolicy"],
    ]);
    expect(harness.ofType(TROVE_INSTANCE_TYPE)).toEqual([]);
  });

  it("puts the Cluster in the namespace passed, through the Magnum cluster's provider, protected and retained", async () => {
    await onMagnum("records");
    const cluster = harness.one(CNPG_TYPES.cluster, "records");
    expect((cluster.inputs["metadata"] as { namespace?: unknown }).namespace).toBe("team");
    expect([cluster.protect, cluster.retainOnDelete, cluster.deleteBeforeReplace]).toEqual([
      true,
      true,
      false,
    ]);
    const provider = harness.one("pulumi:providers:kubernetes", "apps-provider");
    for (const [type, name] of [
      [CNPG_TYPES.cluster, "records"],
      [CNPG_TYPES.database, "records-database"],
      ["kubernetes:core/v1:Secret", "records-app"],
      ["kubernetes:networking.k8s.io/v1:NetworkPolicy", "records-ingress"],
    ] as const) {
      harness.one(type, name);
      expect(providers.get(`${type} ${name}`)).toMatch(
        new RegExp(`^${provider.urn.replace(/[$]/g, "\\$")}::`),
      );
    }
  });

  it("archives to the stack's ObjectStore", async () => {
    await onMagnum("records", { pointInTimeRecovery: true });
    const spec = harness.one(CNPG_TYPES.cluster, "records").inputs["spec"] as { plugins?: unknown };
    expect(spec.plugins).toEqual([
      {
        name: "barman-cloud.cloudnative-pg.io",
        isWALArchiver: true,
        parameters: { barmanObjectName: BACKUP_STORE.name },
      },
    ]);
  });

  it("binds the -rw Service with verify-full against CloudNativePG's CA", async () => {
    const { database } = await onMagnum("records");
    expect(await isSecret(database.binding)).toBe(true);
    const binding = await valueOf(database.binding);
    expect([
      binding.host,
      binding.port,
      binding.database,
      binding.user,
      binding.sslmode,
      binding.caCertificate,
    ]).toEqual(["records-rw.team.svc", 5432, "records", "records_app", "verify-full", CNPG_CA]);
  });

  it("names the Magnum cluster and namespace first among its decisions", async () => {
    await onMagnum("records");
    const decisions = plannedComponents().find((c) => c.kind === "postgres")?.decisions ?? [];
    expect(decisions[0]).toEqual({
      what: "cluster",
      choice: 'Magnum cluster "apps", namespace team',
      why: "no Trove on this stack: CloudNativePG through the Kubernetes adapter",
    });
    expect(decisions.map((d) => d.what)).toEqual([
      "cluster",
      "server",
      "size",
      "storage",
      "backups",
      "app role",
    ]);
  });
});

describe("checks before anything is registered", () => {
  it("asks for a namespace when none is passed", async () => {
    const message = await rejection(() => new PostgresDatabase("records"));
    expect(message).toBe(
      'PostgresDatabase "records": namespace is required on target "openstack" without Trove: the database runs as CloudNativePG in a Namespace on a Magnum cluster the program builds (received nothing). Create a KubernetesCluster and a Namespace on it, and pass it: new PostgresDatabase(name, { namespace }); or, where the cloud offers Trove, run `pulumi config set --path \'wissel:openstack.postgres.trove\' true` and describe it.',
    );
    expect(harness.registrations).toEqual([]);
  });

  it("refuses databases without a backup object store", async () => {
    harness.setConfig(stackConfig());
    const message = await rejection(() => new PostgresDatabase("records"));
    expect(message).toContain(
      "must name a target that offers databases; openstack does not (no backup object store configured: set wissel:openstack.postgres.backupObjectStore.name and .retentionDays",
    );
  });

  it("applies the Kubernetes adapter's limits: PostGIS and a retention beyond the store's", async () => {
    let message = "";
    await harness.run(() => {
      const namespace = new Namespace("team", { cluster: new KubernetesCluster("apps", NODES) });
      try {
        new PostgresDatabase("records", {
          namespace,
          extensions: ["postgis"],
          backupRetentionDays: 35,
        });
      } catch (error) {
        message = (error as Error).message;
      }
    });
    expect(message).toContain(
      'PostgresDatabase "records": extensions[0] is not in CloudNativePG\'s standard image',
    );
    expect(message).toContain(
      "backupRetentionDays must be at most 30: the ObjectStore pg-backups keeps backups 30 days (wissel:openstack.postgres.backupObjectStore.retentionDays)",
    );
    expect(harness.ofType(CNPG_TYPES.cluster)).toEqual([]);
  });

  it("refuses allowedCidrs once, by the capability table, and the plan's own issues in the same run", async () => {
    let message = "";
    await harness.run(() => {
      const namespace = new Namespace("team", { cluster: new KubernetesCluster("apps", NODES) });
      try {
        new PostgresDatabase("records", {
          namespace,
          allowedCidrs: ["192.0.2.0/24"],
          extensions: ["postgis"],
        });
      } catch (error) {
        message = (error as Error).message;
      }
    });
    const lines = message.split("\n");
    expect(lines.filter((line) => line.includes("allowedCidrs"))).toEqual([
      'PostgresDatabase "records": allowedCidrs is not supported on target "openstack": a CloudNativePG cluster is reachable inside the Magnum cluster only; Wissel does not expose a database through a load balancer (received ["192.0.2.0/24"]). Remove allowedCidrs, or place this database elsewhere with wissel:targets.records.',
    ]);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain("extensions[0] is not in CloudNativePG's standard image");
    expect(harness.ofType(CNPG_TYPES.cluster)).toEqual([]);
  });

  it("refuses pointInTimeRecovery in the plan where no backup object store is configured", () => {
    const subject = 'PostgresDatabase "records"';
    const spec = validatePostgresArgs({ pointInTimeRecovery: true }, subject, "records");
    const planned = planCloudNativePostgres(spec, subject, undefined);
    expect(isRefusal(planned) ? planned.map((i) => i.field) : planned).toEqual([
      "namespace",
      "wissel:openstack.postgres.backupObjectStore",
    ]);
    expect(isRefusal(planned) ? planned[1] : planned).toEqual({
      subject,
      field: "wissel:openstack.postgres.backupObjectStore",
      value: undefined,
      rule: 'is required for a PostgresDatabase on target "openstack" without Trove: CloudNativePG backs the database up to it, and backupRetentionDays would otherwise be dropped',
      fix: "Set wissel:openstack.postgres.backupObjectStore.name and .retentionDays to a Barman Cloud ObjectStore in the databases' namespace, or turn on Trove.",
    });
  });

  it("refuses a namespace on another target's cluster", () => {
    const spec = validatePostgresArgs({}, 'PostgresDatabase "records"', "records");
    const resource = {} as pulumi.ComponentResource;
    const placement: Placement = {
      target: "kubernetes",
      vendor: "Gemeente Amsterdam",
      legalEntity: "Gemeente Amsterdam",
      headquarters: "NL",
      foreignJurisdictions: [],
      onPremises: true,
      region: "ams-dc1",
      country: "NL",
    };
    const cluster = {
      name: "dc1",
      target: "kubernetes",
      placement,
      binding: pulumi.output({ apiServerUrl: "", caCertificate: "", kubeconfig: "" }),
      resource,
      vendorResources: {},
      provider: (): pulumi.ProviderResource => {
        throw new Error("a plan never asks for the cluster's provider");
      },
    };
    const namespace = {
      name: "team",
      namespace: "team",
      target: "kubernetes",
      placement,
      quota: DEFAULT_QUOTA,
      resource,
    };
    // The block's plan, with the stack's settings: no Trove, backups to BACKUP_STORE.
    const ctx = {
      name: "records",
      subject: 'PostgresDatabase "records"',
      settings: parseSettings(cloudNativeStackConfig()["wissel:openstack"]),
      project: "team-workspace",
      stack: "openstack",
    };
    expect(ctx.settings.postgres?.backupObjectStore).toEqual(BACKUP_STORE);
    const refusal = <P>(result: PlanResult<P>): readonly Issue[] => {
      if (!isRefusal(result)) throw new Error("expected the plan to refuse the database");
      return result;
    };
    const issues = refusal(postgres.plan({ ...spec, namespace: { ...namespace, cluster } }, ctx));
    expect(issues.map((i) => [i.field, i.rule])).toEqual([
      [
        "namespace",
        'must be a Namespace on a Magnum cluster of this program; this one is on the kubernetes cluster "dc1"',
      ],
    ]);
    const withoutCluster = refusal(postgres.plan({ ...spec, namespace }, ctx));
    expect(withoutCluster.map((i) => i.rule)).toEqual([
      "must be a Namespace on a Magnum cluster of this program; this one is on the kubernetes target's configured cluster",
    ]);
  });
});
