/**
 * The PostgresDatabase contract run against a small fake adapter, so the suite itself is exercised
 * before any vendor adapter uses it.
 */
import * as pulumi from "@pulumi/pulumi";
import {
  defineBlock,
  registerAdapter,
  type Adapter,
  type PostgresBinding,
  type PostgresBuildSpec,
} from "@wissel/core";
import { postgresContract } from "@wissel/testing";

const CA = "-----BEGIN CERTIFICATE-----\nMIIBfake\n-----END CERTIFICATE-----\n";

/** Smallest tier with at least the requested vCPUs and memory. */
const TIERS = [
  { name: "S", vcpu: 2, memoryGiB: 4 },
  { name: "M", vcpu: 4, memoryGiB: 16 },
  { name: "XL", vcpu: 16, memoryGiB: 64 },
  { name: "XXL", vcpu: 64, memoryGiB: 512 },
];

/** A provider-generated password, as random.RandomPassword would be. */
class FakePassword extends pulumi.CustomResource {
  declare readonly result: pulumi.Output<string>;
  constructor(name: string, opts: pulumi.CustomResourceOptions) {
    super(
      "pgfake:index:Password",
      name,
      { length: 32, result: undefined },
      { ...opts, additionalSecretOutputs: ["result"] },
    );
  }
}

/** Any other resource of the fake vendor. */
class FakeResource extends pulumi.CustomResource {
  constructor(
    type: string,
    name: string,
    inputs: pulumi.Inputs,
    opts: pulumi.CustomResourceOptions,
  ) {
    super(type, name, inputs, opts);
  }
}

const fake: Adapter = {
  name: "pgfake",
  packageName: "pgfake",
  regions: [{ id: "r1", country: "NL", location: "Amsterdam" }],
  parseSettings: () => ({}),
  placement: () => ({
    vendor: "Fake",
    legalEntity: "Fake BV",
    headquarters: "NL",
    foreignJurisdictions: [],
    onPremises: false,
    region: "r1",
    country: "NL",
  }),
  capabilities: () => ({
    postgres: {
      block: { support: "native", reason: "fake managed PostgreSQL" },
      features: {
        highAvailability: { support: "native", reason: "standby" },
        pointInTimeRecovery: {
          support: "unsupported",
          reason: "the fake keeps daily backups only",
        },
        extensions: { support: "native", reason: "any" },
        allowedCidrs: { support: "native", reason: "ACL" },
        appRole: { support: "native", reason: "SQL" },
      },
    },
  }),
  blocks: {
    postgres: () => fakePostgres,
  },
};

/** Its database: the plan is the spec, the build a server in the smallest tier that fits. */
const fakePostgres = defineBlock<"postgres", unknown, PostgresBuildSpec>({
  plan: (spec) => spec,
  build: (spec, ctx) => {
    const tier = TIERS.find((t) => t.vcpu >= spec.vcpu && t.memoryGiB >= spec.memoryGiB)!;
    const server = new FakeResource(
      "pgfake:index:Server",
      ctx.name,
      { tier: tier.name, storage: spec.storageGiB },
      { parent: ctx.parent, ...ctx.statefulOptions },
    );
    const password = new FakePassword(`${ctx.name}-password`, { parent: ctx.parent });
    const db = new FakeResource(
      "pgfake:index:Database",
      `${ctx.name}-database`,
      { name: spec.databaseName },
      { parent: server, ...ctx.statefulOptions },
    );
    const host = `${ctx.name}.db.example.nl`;
    const binding: pulumi.Output<PostgresBinding> = pulumi
      .all([pulumi.secret(password.result), db.urn])
      .apply(([pw]) => ({
        host,
        port: 5432,
        database: spec.databaseName,
        user: spec.appRole,
        password: pw,
        sslmode: "verify-full" as const,
        caCertificate: CA,
        uri: `postgresql://${spec.appRole}:${encodeURIComponent(pw)}@${host}:5432/${spec.databaseName}?sslmode=verify-full`,
      }));
    return {
      binding,
      vendorResources: { server, password, db },
      decisions: [{ what: "tier", choice: tier.name, why: "smallest tier that meets the request" }],
    };
  },
});
registerAdapter(fake);

postgresContract({
  adapter: fake,
  harness: {
    config: { "wissel:target": "pgfake" },
    outputs: (args) =>
      args.type === "pgfake:index:Password"
        ? { result: "s3cr3t/pass+word=Ab12Cd34Ef56Gh78" }
        : undefined,
  },
  statefulTypes: ["pgfake:index:Server", "pgfake:index:Database"],
});
