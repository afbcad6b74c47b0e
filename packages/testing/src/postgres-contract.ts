/**
 * The `PostgresDatabase` contract: the same assertions for every adapter. An adapter's test file
 * calls `postgresContract({...})` at top level; it declares its own jest `describe` block.
 */
import * as pulumi from "@pulumi/pulumi";
import {
  PostgresDatabase,
  plannedComponents,
  type Adapter,
  type BlockFeatures,
  type PostgresBinding,
  type PostgresDatabaseArgs,
} from "@wissel/core";
import { MockHarness, isSecret, valueOf, type HarnessOptions, type Registration } from "./harness";

export interface PostgresContractOptions {
  /** The adapter under test. */
  readonly adapter: Adapter;
  /** Harness options, including stack config that selects the adapter. */
  readonly harness: HarnessOptions;
  /** Resource types that hold data (servers, clusters, databases, volumes) and must be protected and retained. */
  readonly statefulTypes: readonly string[];
  /**
   * Runs inside each program before the database is declared, for targets that need something
   * first (a cluster, a namespace); returns arguments to add to every database, e.g. `{ namespace }`.
   */
  readonly setup?: () => Partial<PostgresDatabaseArgs> | Promise<Partial<PostgresDatabaseArgs>>;
}

type Feature = BlockFeatures["postgres"];

/** Arguments that ask for one optional feature (HA with a size every vendor offers it on). */
const FEATURE_ARGS: Readonly<Record<Exclude<Feature, "appRole">, PostgresDatabaseArgs>> = {
  highAvailability: { highAvailability: true, vcpu: 4, memoryGiB: 16 },
  pointInTimeRecovery: { pointInTimeRecovery: true },
  extensions: { extensions: ["pgcrypto"] },
  allowedCidrs: { allowedCidrs: ["192.0.2.0/24"] },
};

const PEM_CERTIFICATE = /^-----BEGIN CERTIFICATE-----\r?\n[\s\S]+-----END CERTIFICATE-----\s*$/;

export function postgresContract(options: PostgresContractOptions): void {
  const { adapter } = options;
  describe(`PostgresDatabase contract on ${adapter.name}`, () => {
    let harness: MockHarness;

    beforeAll(async () => {
      harness = await MockHarness.start(options.harness);
    });
    beforeEach(() => harness.reset());

    async function build(
      name: string,
      args: PostgresDatabaseArgs = {},
    ): Promise<{ database: PostgresDatabase; registrations: Registration[]; own: Registration[] }> {
      const { result, registrations } = await harness.run(async () => {
        const extra = (await options.setup?.()) ?? {};
        return new PostgresDatabase(name, { ...extra, ...args });
      });
      const own = harness.descendantsOf(await valueOf(result.urn));
      return { database: result, registrations, own };
    }

    it("registers the neutral type token and parents every child under the component", async () => {
      const { database, registrations, own } = await build("orders");
      const component = registrations.filter((r) => r.type === "wissel:postgres:Database");
      expect(component.map((r) => r.name)).toEqual(["orders"]);
      expect(own.length).toBeGreaterThan(0);
      for (const child of harness.childrenOf(await valueOf(database.urn))) {
        expect(child.name === "orders" || child.name.startsWith("orders-")).toBe(true);
      }
    });

    it("gives a secret binding for the app role, over TLS, with a consistent URI", async () => {
      const { database } = await build("orders", { databaseName: "ledger" });
      expect(await isSecret(database.binding)).toBe(true);
      const binding: PostgresBinding = await valueOf(database.binding);
      expect(typeof binding.host).toBe("string");
      expect(binding.host.length).toBeGreaterThan(0);
      expect(Number.isInteger(binding.port) && binding.port > 0 && binding.port < 65536).toBe(true);
      expect(binding.database).toBe("ledger");
      expect(binding.user).toBe("ledger_app");
      expect(binding.password.length).toBeGreaterThanOrEqual(16);
      expect(["verify-full", "verify-ca", "require"]).toContain(binding.sslmode);
      if (binding.caCertificate !== "") {
        expect(binding.caCertificate).toMatch(PEM_CERTIFICATE);
        expect(["verify-full", "verify-ca"]).toContain(binding.sslmode);
      }
      const uri = new URL(binding.uri);
      expect(uri.protocol).toBe("postgresql:");
      expect(decodeURIComponent(uri.username)).toBe(binding.user);
      expect(decodeURIComponent(uri.password)).toBe(binding.password);
      expect(uri.hostname.replace(/^\[|\]$/g, "")).toBe(binding.host);
      expect(Number(uri.port || "5432")).toBe(binding.port);
      expect(decodeURIComponent(uri.pathname)).toBe("/ledger");
      expect(uri.searchParams.get("sslmode")).toBe(binding.sslmode);
      expect(await isSecret(database.host)).toBe(false);
      expect(await valueOf(database.host)).toBe(binding.host);
    });

    it("never puts the password in a resource name or id", async () => {
      const { database, registrations } = await build("orders");
      const { password } = await valueOf(database.binding);
      for (const registration of registrations) {
        expect(registration.name).not.toContain(password);
        expect(registration.urn).not.toContain(password);
      }
    });

    it("protects and retains every child that holds data, and never deletes before replacing", async () => {
      const { registrations, own } = await build("orders");
      const stateful = own.filter((r) => options.statefulTypes.includes(r.type));
      expect(stateful.length).toBeGreaterThan(0);
      for (const child of stateful) {
        expect({
          type: child.type,
          name: child.name,
          protect: child.protect,
          retainOnDelete: child.retainOnDelete,
        }).toEqual({
          type: child.type,
          name: child.name,
          protect: true,
          retainOnDelete: true,
        });
      }
      expect(
        registrations.filter((r) => r.deleteBeforeReplace).map((r) => `${r.type} ${r.name}`),
      ).toEqual([]);
    });

    it("drops protection only when allowDataLoss is set", async () => {
      const { own } = await build("scratch", { allowDataLoss: true });
      const stateful = own.filter((r) => options.statefulTypes.includes(r.type));
      expect(stateful.length).toBeGreaterThan(0);
      for (const child of stateful)
        expect([child.type, child.protect, child.retainOnDelete]).toEqual([
          child.type,
          false,
          false,
        ]);
    });

    it("registers the same children on every run", async () => {
      const shape = (rs: Registration[]) => rs.map((r) => `${r.type} ${r.name}`).sort();
      const first = shape((await build("orders")).own);
      harness.reset();
      expect(shape((await build("orders")).own)).toEqual(first);
    });

    it("records its placement and the size it chose for wissel plan", async () => {
      await build("orders", { classification: "sensitive" });
      const small = plannedComponents().find((r) => r.kind === "postgres");
      expect(small?.placement.target).toBe(adapter.name);
      expect(small?.classification).toBe("sensitive");
      expect(small?.placement.country).toMatch(/^[A-Z]{2}$/);
      expect(small?.decisions.length).toBeGreaterThan(0);
      harness.reset();
      await build("orders", { vcpu: 16, memoryGiB: 64, storageGiB: 512 });
      const large = plannedComponents().find((r) => r.kind === "postgres");
      // The same decision, answered differently for a request four times larger: sizing is mapped, not fixed.
      const changed = (small?.decisions ?? []).filter((d) => {
        const other = large?.decisions.find((l) => l.what === d.what);
        return other !== undefined && other.choice !== d.choice;
      });
      expect(changed.length).toBeGreaterThan(0);
      for (const decision of changed) expect(decision.choice.length).toBeGreaterThan(0);
    });

    it("rejects bad input before registering anything", async () => {
      await expect(
        harness.run(
          () =>
            new PostgresDatabase("orders", {
              storageGiB: 5,
              extensions: ["pg_crypto" as "pgcrypto"],
            }),
        ),
      ).rejects.toThrow(
        /PostgresDatabase "orders": storageGiB must be a whole number of GiB from 10 to 16384 \(received 5\)[\s\S]*extensions\[0\] must be one of/,
      );
      expect(harness.registrations).toEqual([]);
    });

    for (const feature of Object.keys(FEATURE_ARGS) as Exclude<Feature, "appRole">[]) {
      const args = FEATURE_ARGS[feature];
      if (supports(options, feature)) {
        it(`builds ${feature}, which its capability table offers`, async () => {
          const { own } = await build("orders", args);
          expect(own.length).toBeGreaterThan(0);
        });
      } else {
        it(`fails at preview on ${feature}, which its capability table marks unsupported`, async () => {
          let error: unknown;
          try {
            new PostgresDatabase("orders", args);
          } catch (caught) {
            error = caught;
          }
          expect(pulumi.ResourceError.isInstance(error)).toBe(true);
          expect((error as Error).message).toContain(`PostgresDatabase "orders": ${feature} `);
          expect((error as Error).message).toContain(
            `is not supported on target "${adapter.name}"`,
          );
          expect((error as Error).message).toContain("wissel:targets.orders");
          await harness.settle();
          expect(harness.registrations).toEqual([]);
        });
      }
    }
  });
}

function supports(options: PostgresContractOptions, feature: Feature): boolean {
  const { adapter } = options;
  const raw = options.harness.config?.[`wissel:${adapter.name}`];
  const table = adapter.capabilities(adapter.parseSettings(raw)).postgres;
  const capability = table?.features[feature];
  return capability !== undefined && capability.support !== "unsupported";
}
