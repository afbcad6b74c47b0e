/**
 * The example stack file of team-workspace for a Dutch OpenStack operator: its settings parse, its
 * placement is the operator's, the team-workspace program plans on it without a capability error, and
 * its Magnum settings carry a cluster and a namespace.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { KubernetesCluster, Namespace, PostgresDatabase, plannedComponents } from "@wissel/core";
import { CNPG_TYPES } from "../../kubernetes/src/postgres";
import { MockHarness, unwrapSecrets } from "@wissel/testing";
import { adapter, parseSettings } from "@wissel/openstack";
import { CONTAINER_TYPE, EC2_CREDENTIAL_TYPE } from "../src/bucket";
import { CLUSTER_TEMPLATE_TYPE, CLUSTER_TYPE } from "../src/cluster";

const FILE = path.resolve(__dirname, "../../../stacks/team-workspace/Pulumi.openstack.yaml");
const config = (parse(fs.readFileSync(FILE, "utf8")) as { config: Record<string, unknown> }).config;

let harness: MockHarness;

beforeAll(async () => {
  harness = await MockHarness.start({
    project: "team-workspace",
    stack: "openstack",
    config,
    outputs: (args) => {
      if (args.type === EC2_CREDENTIAL_TYPE)
        return { access: "access-key-id", secret: "secret-key" };
      if (args.type === CLUSTER_TYPE)
        return {
          kubeconfig: {
            host: "https://203.0.113.10:6443",
            clusterCaCertificate: "ca",
            rawConfig: "kubeconfig",
          },
        };
      if (
        args.type === "kubernetes:core/v1:Secret" &&
        (args.inputs as { type?: unknown }).type === "kubernetes.io/basic-auth"
      ) {
        const stringData = (unwrapSecrets(
          (args.inputs as { stringData?: unknown }).stringData,
        )[0] ?? {}) as Record<string, string>;
        return {
          data: Object.fromEntries(
            Object.entries(stringData).map(([key, value]) => [
              key,
              Buffer.from(value).toString("base64"),
            ]),
          ),
        };
      }
      if (args.type === "kubernetes:core/v1:Secret" && args.id?.endsWith("-ca") === true)
        return {
          data: {
            "ca.crt": Buffer.from(
              "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n",
            ).toString("base64"),
          },
        };
      if (args.type === "kubernetes:core/v1:Secret")
        return { data: { token: Buffer.from("token").toString("base64") } };
      return undefined;
    },
  });
});

beforeEach(() => harness.reset());

describe("stacks/team-workspace/Pulumi.openstack.yaml", () => {
  it("targets openstack with valid settings for a Dutch operator under no foreign law", () => {
    expect(config["wissel:target"]).toBe("openstack");
    const settings = parseSettings(config["wissel:openstack"]);
    expect(settings.s3Endpoint).toMatch(/^https:\/\/[^/]+\.example$/);
    expect(adapter.placement(settings)).toEqual({
      vendor: "Voorbeeld Cloud",
      legalEntity: "Voorbeeld Cloud B.V.",
      headquarters: "NL",
      foreignJurisdictions: [],
      onPremises: false,
      region: "AMS1",
      country: "NL",
    });
  });

  it("gives Magnum a Calico template with three control-plane nodes and no Keystone auth", () => {
    const kubernetes = parseSettings(config["wissel:openstack"]).kubernetes;
    expect([
      kubernetes?.networkDriver,
      kubernetes?.masterCount,
      kubernetes?.keystoneAuth,
      kubernetes?.publicApi,
    ]).toEqual(["calico", 3, false, true]);
    expect(Object.keys(kubernetes?.images ?? {}).sort()).toEqual(["1.34", "1.35"]);
  });

  it("plans the team-workspace program: two containers, two credentials, a cluster, a namespace and a database, all in NL", async () => {
    await harness.run(() => require("../../../stacks/team-workspace/index") as unknown);
    expect(
      harness.ofType(CONTAINER_TYPE).map((r) => [r.name, r.inputs["versioning"], r.protect]),
    ).toEqual([
      ["files", true, true],
      ["exports", false, true],
    ]);
    expect(harness.ofType(EC2_CREDENTIAL_TYPE).map((r) => r.name)).toEqual([
      "files-credentials",
      "exports-credentials",
    ]);
    expect(
      plannedComponents().map((c) => [c.name, c.placement.target, c.placement.country]),
    ).toEqual([
      ["files", "openstack", "NL"],
      ["exports", "openstack", "NL"],
      ["platform", "openstack", "NL"],
      ["workspace", "openstack", "NL"],
      ["records", "openstack", "NL"],
    ]);
  });

  it("carries a default cluster and a namespace on it", async () => {
    await harness.run(
      () => new Namespace("team-alpha", { cluster: new KubernetesCluster("apps") }),
    );
    const cluster = harness.one(CLUSTER_TYPE, "apps").inputs;
    expect([
      cluster["flavor"],
      cluster["masterFlavor"],
      cluster["masterCount"],
      cluster["nodeCount"],
    ]).toEqual(["m2.large", "c2.medium", 3, 3]);
    expect(harness.one(CLUSTER_TEMPLATE_TYPE, "apps-template").inputs["networkDriver"]).toBe(
      "calico",
    );
    harness.one("kubernetes:core/v1:Namespace", "team-alpha");
    expect(plannedComponents().map((c) => [c.kind, c.name, c.placement.country])).toEqual([
      ["kubernetesCluster", "apps", "NL"],
      ["namespace", "team-alpha", "NL"],
    ]);
  });

  it("runs a default database, and one with pgcrypto, as CloudNativePG in the team's namespace on its Magnum cluster, backed up", async () => {
    expect(parseSettings(config["wissel:openstack"]).postgres).toEqual({
      backupObjectStore: { name: "pg-backups", retentionDays: 30 },
    });
    await harness.run(() => {
      const namespace = new Namespace("workspace", {
        cluster: new KubernetesCluster("platform", { vcpu: 4, memoryGiB: 16 }),
        quota: { cpu: 8, memoryGiB: 16, storageGiB: 100, pods: 60 },
      });
      return [
        new PostgresDatabase("records", { namespace }),
        new PostgresDatabase("crypto", { namespace, extensions: ["pgcrypto"] }),
      ];
    });
    expect(
      harness
        .ofType(CNPG_TYPES.cluster)
        .map((r) => [
          r.name,
          (r.inputs["metadata"] as { namespace?: unknown }).namespace,
          r.protect,
        ]),
    ).toEqual([
      ["records", "workspace", true],
      ["crypto", "workspace", true],
    ]);
    expect(harness.ofType(CNPG_TYPES.scheduledBackup).map((r) => r.name)).toEqual([
      "records-backup",
      "crypto-backup",
    ]);
    expect(
      (
        harness.one(CNPG_TYPES.database, "crypto-database").inputs["spec"] as {
          extensions?: unknown;
        }
      ).extensions,
    ).toEqual([{ name: "pgcrypto", ensure: "present", schema: "public" }]);
    expect(
      plannedComponents()
        .filter((c) => c.kind === "postgres")
        .map((c) => [c.name, c.support, c.placement.country]),
    ).toEqual([
      ["records", "emulated", "NL"],
      ["crypto", "emulated", "NL"],
    ]);
  });
});
