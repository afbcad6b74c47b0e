/**
 * The `Bucket` contract: the same assertions for every adapter. An adapter's test file calls
 * `bucketContract({...})` at top level; it declares its own jest `describe` block.
 */
import * as pulumi from "@pulumi/pulumi";
import {
  Bucket,
  plannedComponents,
  type Adapter,
  type BucketArgs,
  type BucketBinding,
  type CorsRule,
} from "@wissel/core";
import { MockHarness, isSecret, valueOf, type HarnessOptions, type Registration } from "./harness";

export interface BucketContractOptions {
  /** The adapter under test. */
  readonly adapter: Adapter;
  /** Harness options, including stack config that selects the adapter. */
  readonly harness: HarnessOptions;
  /** Resource types that hold data and must be protected and retained. */
  readonly statefulTypes: readonly string[];
  /** The binding protocol this adapter gives. */
  readonly protocol: BucketBinding["protocol"];
}

const SAMPLE_CORS: readonly CorsRule[] = [
  {
    allowedOrigins: ["https://app.example.nl"],
    allowedMethods: ["GET", "PUT"],
    allowedHeaders: ["content-type"],
    maxAgeSeconds: 600,
  },
];

/** Every string value found in a binding's credentials, for the "never in a name or id" check. */
function credentialValues(binding: BucketBinding): string[] {
  if (binding.protocol === "s3") return [binding.accessKeyId, binding.secretAccessKey];
  return binding.credentials.kind === "sas" ? [binding.credentials.sasToken] : [];
}

export function bucketContract(options: BucketContractOptions): void {
  const { adapter } = options;
  describe(`Bucket contract on ${adapter.name}`, () => {
    let harness: MockHarness;

    beforeAll(async () => {
      harness = await MockHarness.start(options.harness);
    });
    beforeEach(() => harness.reset());

    async function build(
      name: string,
      args: BucketArgs = {},
    ): Promise<{ bucket: Bucket; registrations: Registration[] }> {
      const { result, registrations } = await harness.run(() => new Bucket(name, args));
      return { bucket: result, registrations };
    }

    it("registers the neutral type token and parents every child under the component", async () => {
      const { bucket, registrations } = await build("files");
      const component = registrations.find((r) => r.type === "wissel:storage:Bucket");
      expect(component?.name).toBe("files");
      const urn = await valueOf(bucket.urn);
      const descendants = harness.descendantsOf(urn);
      expect(descendants.length).toBeGreaterThan(0);
      expect(descendants.length).toBe(registrations.length - 1);
      for (const child of harness.childrenOf(urn)) {
        expect(child.name === "files" || child.name.startsWith("files-")).toBe(true);
      }
    });

    it("gives a secret binding with the neutral shape over TLS", async () => {
      const { bucket } = await build("files");
      expect(await isSecret(bucket.binding)).toBe(true);
      const binding = await valueOf(bucket.binding);
      expect(binding.protocol).toBe(options.protocol);
      expect(binding.endpoint).toMatch(/^https:\/\//);
      expect(binding.bucket.length).toBeGreaterThan(2);
      expect(binding.region.length).toBeGreaterThan(0);
      expect(["bucket", "project"]).toContain(binding.credentialScope);
      if (binding.protocol === "s3") {
        expect(binding.accessKeyId.length).toBeGreaterThan(0);
        expect(binding.secretAccessKey.length).toBeGreaterThan(0);
        expect(typeof binding.pathStyle).toBe("boolean");
      } else {
        expect(binding.account.length).toBeGreaterThan(2);
        expect(["managed-identity", "sas"]).toContain(binding.credentials.kind);
      }
      expect(await isSecret(bucket.bucketName)).toBe(false);
      expect(await valueOf(bucket.bucketName)).toBe(binding.bucket);
    });

    it("protects and retains every child that holds data, and never deletes before replacing", async () => {
      const { registrations } = await build("files", {
        versioning: adapterSupports(adapter, options, "versioning"),
      });
      const stateful = registrations.filter((r) => options.statefulTypes.includes(r.type));
      expect(stateful.length).toBeGreaterThan(0);
      for (const child of stateful) {
        expect({
          name: child.name,
          protect: child.protect,
          retainOnDelete: child.retainOnDelete,
        }).toEqual({
          name: child.name,
          protect: true,
          retainOnDelete: true,
        });
      }
      expect(registrations.filter((r) => r.deleteBeforeReplace).map((r) => r.name)).toEqual([]);
    });

    it("drops protection only when allowDataLoss is set", async () => {
      const { registrations } = await build("scratch", { allowDataLoss: true });
      const stateful = registrations.filter((r) => options.statefulTypes.includes(r.type));
      expect(stateful.length).toBeGreaterThan(0);
      for (const child of stateful)
        expect([child.protect, child.retainOnDelete]).toEqual([false, false]);
    });

    it("never puts a credential in a resource name or id", async () => {
      const { bucket, registrations } = await build("files");
      const secrets = credentialValues(await valueOf(bucket.binding)).filter((s) => s.length >= 8);
      for (const registration of registrations) {
        for (const secret of secrets) {
          expect(registration.name).not.toContain(secret);
          expect(registration.urn).not.toContain(secret);
        }
      }
    });

    it("derives the same physical name on every run", async () => {
      const first = await valueOf((await build("files")).bucket.bucketName);
      harness.reset();
      const second = await valueOf((await build("files")).bucket.bucketName);
      expect(second).toBe(first);
      harness.reset();
      const other = await valueOf((await build("photos")).bucket.bucketName);
      expect(other).not.toBe(first);
    });

    it("records its placement for wissel plan", async () => {
      await build("files", { classification: "public" });
      const [record] = plannedComponents();
      expect(record?.kind).toBe("bucket");
      expect(record?.placement.target).toBe(adapter.name);
      expect(record?.classification).toBe("public");
      expect(record?.placement.country).toMatch(/^[A-Z]{2}$/);
    });

    it("rejects bad input before registering anything", async () => {
      await expect(harness.run(() => new Bucket("files", { expireAfterDays: 0 }))).rejects.toThrow(
        /Bucket "files": expireAfterDays must be a whole number of days from 1 to 36500 \(received 0\)/,
      );
      expect(harness.registrations).toEqual([]);
    });

    for (const feature of ["versioning", "expireAfterDays", "cors"] as const) {
      const args: BucketArgs =
        feature === "versioning"
          ? { versioning: true }
          : feature === "expireAfterDays"
            ? { expireAfterDays: 30 }
            : { cors: SAMPLE_CORS };
      if (adapterSupports(adapter, options, feature)) {
        it(`builds ${feature}, which its capability table offers`, async () => {
          const { registrations } = await build("files", args);
          expect(registrations.length).toBeGreaterThan(1);
        });
      } else {
        it(`fails at preview on ${feature}, which its capability table marks unsupported`, async () => {
          let error: unknown;
          try {
            new Bucket("files", args);
          } catch (caught) {
            error = caught;
          }
          expect(pulumi.ResourceError.isInstance(error)).toBe(true);
          expect((error as Error).message).toContain(
            `${feature} is not supported on target "${adapter.name}"`,
          );
          expect((error as Error).message).toContain(`wissel:targets.files`);
          await harness.settle();
          expect(harness.registrations).toEqual([]);
        });
      }
    }
  });
}

function adapterSupports(
  adapter: Adapter,
  options: BucketContractOptions,
  feature: string,
): boolean {
  const raw = options.harness.config?.[`wissel:${adapter.name}`];
  const table = adapter.capabilities(adapter.parseSettings(raw)).bucket;
  const capability = (
    table?.features as Record<string, { support: string } | undefined> | undefined
  )?.[feature];
  return capability !== undefined && capability.support !== "unsupported";
}
