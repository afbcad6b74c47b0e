/**
 * The example stack file of team-workspace for a municipality's own cluster: its settings parse, its
 * placement is on-premises in NL, and the program choices it makes match what the cluster offers.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { validatePostgresArgs } from "@wissel/core";
import { adapter } from "@wissel/kubernetes";
import {
  bucketCapabilities,
  clusterCapabilities,
  namespaceCapabilities,
  postgresCapabilities,
} from "../src/capabilities";
import { namespace } from "../src/namespace";
import { postgres as postgresBlock } from "../src/postgres";
import { planIssues } from "./fixtures";
import { parseSettings } from "../src/settings";

const FILE = path.resolve(__dirname, "../../../stacks/team-workspace/Pulumi.kubernetes.yaml");
const config = (parse(fs.readFileSync(FILE, "utf8")) as { config: Record<string, unknown> }).config;

describe("stacks/team-workspace/Pulumi.kubernetes.yaml", () => {
  const settings = parseSettings(config["wissel:kubernetes"]);

  it("targets kubernetes with valid settings for the municipality's cluster", () => {
    expect(config["wissel:target"]).toBe("kubernetes");
    expect(adapter.placement(settings)).toEqual({
      vendor: "Gemeente Amsterdam",
      legalEntity: "Gemeente Amsterdam",
      headquarters: "NL",
      foreignJurisdictions: [],
      onPremises: true,
      region: "ams-dc1",
      country: "NL",
    });
    expect(settings.kubeconfig).toBeUndefined();
    expect(settings.objectStorage?.endpoint).toMatch(/^https:\/\//);
  });

  it("describes the existing cluster so a KubernetesCluster and Namespaces can be built on it", () => {
    expect(settings.cluster?.apiServerUrl).toBe("https://api.dc1.data.amsterdam.nl:6443");
    expect(settings.cluster?.caCertificate).toMatch(
      /^-----BEGIN CERTIFICATE-----\n[\s\S]+\n-----END CERTIFICATE-----\n$/,
    );
    expect(clusterCapabilities(settings).features.networkPolicy.support).toBe("native");
    expect(namespaceCapabilities(settings).features.teamGroup.support).toBe("native");
    expect(
      planIssues(
        namespace,
        {
          namespace: "team-alpha",
          quota: { cpu: 4, memoryGiB: 8, storageGiB: 50, pods: 50 },
          containerDefaults: { cpu: 0.1, memoryMiB: 256 },
          classification: "internal",
          allowDataLoss: false,
        },
        'Namespace "team-alpha"',
        settings,
      ),
    ).toEqual([]);
  });

  it("asks the program only for features the cluster offers", () => {
    const features = bucketCapabilities(settings).features;
    const filesVersioning = config["team-workspace:filesVersioning"];
    expect([filesVersioning, features.versioning.support]).toEqual([false, "unsupported"]);
    expect([
      typeof config["team-workspace:exportsExpireAfterDays"],
      features.expireAfterDays.support,
    ]).toEqual(["number", "native"]);
  });

  it("offers databases with backups, and accepts a default database and one with pgcrypto", () => {
    const postgres = postgresCapabilities(settings);
    expect([postgres.block.support, postgres.features.pointInTimeRecovery.support]).toEqual([
      "native",
      "native",
    ]);
    expect(settings.postgres?.backupObjectStore).toEqual({ name: "pg-backups", retentionDays: 30 });
    for (const args of [{}, { extensions: ["pgcrypto"] }]) {
      const spec = validatePostgresArgs(args, 'PostgresDatabase "records"', "records");
      expect(planIssues(postgresBlock, spec, 'PostgresDatabase "records"', settings)).toEqual([]);
    }
  });
});
